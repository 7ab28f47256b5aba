"""The account-health report (``GET_V2_SELLER_PERFORMANCE_REPORT``, JSON) as Amazon figures.

Two shapes are read, both seen in real reports (``tests/ingest/fixtures/amazon/real``):

- Amazon's documented one (schema 2020-11-18 and its example): ``lateShipmentRate``, one
  object of about 30 days; ``warningState``, ``documentRequest``, ``prefulfillmentCancelRate``
  spelled as the example spells them, beside the schema's own spellings.
- The current one: ``lateShipmentRateList``, a 10-day and a 30-day entry, or a single entry
  with no window; ``warningStates``; ``accountHealthRating`` with an ``ahrScore``;
  ``policyViolationWarnings``; rates given with a count but no defect count.

``accountStatuses`` gives each marketplace's account status; each ``performanceMetrics``
entry, one marketplace's figures (``aztui.ingest.amazon.health_blocks`` reads its blocks).
A late shipment rate goes beside aztui's 10- or 30-day one by the length of its window; one
whose window is not stated (or of another length) stays Amazon's own ``late_shipment_rate``.
A figure with no window, and the account's status and warnings, are dated by the report: the
latest window's end in it (the import's time when it has none). A field of a shape aztui does
not know is told as skipped, never dropped silently; a value it cannot take is a problem. Two
figures of the same metric, marketplace and date are refused, neither kept. Nothing in this
report names a buyer. Its size and nesting are bounded (``aztui.ingest.bounds``), and so are
its numbers: finite rates, counts from 0 to ``MAX_COUNT``.
"""

from __future__ import annotations

import contextlib
import json
from datetime import datetime
from typing import Any

from aztui.domain.health import MARKETPLACE_IDS, AmazonFigure
from aztui.ingest import values
from aztui.ingest.amazon.health_blocks import BLOCKS, ORDER_DEFECTS, WINDOW, Reading, word
from aztui.ingest.bounds import MAX_DOCUMENT, depth_message, too_deep
from aztui.ingest.decode import TextSource
from aztui.ingest.errors import ImportFailed, fail, problem
from aztui.ingest.result import ReadResult
from aztui.ingest.values import BadValue

KIND = "amazon-account-health"
REPORT = problem("health_report")
LATE_SHIPMENT_LIST = "lateShipmentRateList"
WARNINGS = ("warningStates", "warningState")
TOP_LEVEL = ("accountStatuses", "performanceMetrics")


def is_health_report(first_line: str) -> bool:
    """Whether a file starting with this line is the account-health JSON (not JSON Lines)."""
    line = first_line.strip()
    return line in ("{", "[") or "performanceMetrics" in line or "accountStatuses" in line


def read_health(
    source: TextSource, *, marketplace_zone: str, imported_at: datetime, skip_invalid: bool = False
) -> ReadResult:
    """Amazon's figures in ``source``; ``ImportFailed`` naming the place of a problem."""
    document = _document(source)
    entries = document.get("performanceMetrics")
    if not isinstance(entries, list):
        raise fail(
            source.name,
            problem("health_no_metrics", report=REPORT),
            column="performanceMetrics",
        )
    parse_time = values.timestamp(marketplace_zone)
    reading = Reading(source.name, parse_time, _latest_end(document, parse_time) or imported_at)
    for key in document:
        if key not in TOP_LEVEL:
            reading.skip(key, problem("health_unknown_field"))
    _statuses(reading, document.get("accountStatuses"))
    for index, entry in enumerate(entries):
        _entry(reading, entry, f"performanceMetrics[{index}]")
    figures = _unique(reading)
    if reading.problems and not skip_invalid:
        raise ImportFailed(reading.problems)
    return ReadResult(
        KIND,
        [],
        reading.problems,
        len(entries),
        source.name,
        figures=figures,
        skipped=reading.skipped,
    )


def _document(source: TextSource) -> dict[str, Any]:
    with source.open() as text:
        content = text.read(MAX_DOCUMENT + 1)
    if len(content) > MAX_DOCUMENT:
        raise fail(source.name, problem("health_too_long", limit=MAX_DOCUMENT))
    deep = too_deep(content)
    if deep is not None:
        raise fail(source.name, depth_message(), line=deep.line_in(content), column=deep.key)
    try:
        document = json.loads(content)
    except json.JSONDecodeError as exc:
        said = problem("health_not_json", why=exc.msg)
        raise fail(source.name, said, line=exc.lineno) from None
    except ValueError:  # an integer of more digits than Python converts (sys.int_info)
        raise fail(source.name, problem("health_number_too_long")) from None
    if not isinstance(document, dict):
        code = "health_json_list" if isinstance(document, list) else "health_json_value"
        raise fail(source.name, problem(code, report=REPORT))
    return document


def _latest_end(value: Any, parse_time: Any) -> datetime | None:
    """The latest ``reportingDateTo`` anywhere in the report that reads as an instant (one
    that does not is told where its block is read)."""
    found: list[datetime] = []

    def walk(node: Any) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            window = node.get(WINDOW)
            if isinstance(window, dict) and isinstance(window.get("reportingDateTo"), str):
                with contextlib.suppress(BadValue):
                    found.append(parse_time(window["reportingDateTo"]))
            for item in node.values():
                walk(item)

    walk(value)
    return max(found, default=None)


def _marketplace(reading: Reading, value: Any, where: str) -> str | None:
    try:
        marketplace_id = word(value, "marketplaceId")
    except BadValue as exc:
        reading.problem(where, exc.reason)
        return None
    if marketplace_id is None:
        reading.problem(where, problem("health_no_marketplace"))
        return None
    return MARKETPLACE_IDS.get(marketplace_id, marketplace_id)


def _statuses(reading: Reading, value: Any) -> None:
    """``accountStatuses``: each marketplace's account status (``NORMAL``, ``AT_RISK`` …)."""
    if value is None:
        return
    if not isinstance(value, list):
        reading.skip("accountStatuses", problem("health_not_list_skipped"))
        return
    for index, item in enumerate(value):
        where = f"accountStatuses[{index}]"
        if not isinstance(item, dict):
            reading.problem(where, problem("health_status_not_object"))
            continue
        reading.unknown_keys(item, where, ("marketplaceId", "status"))
        marketplace = _marketplace(reading, item.get("marketplaceId"), where)
        if marketplace is None:
            continue
        try:
            status = word(item.get("status"), "status")
        except BadValue as exc:
            reading.problem(where, exc.reason)
            continue
        if status is None:
            reading.problem(where, problem("health_no_status"))
            continue
        figure = AmazonFigure(marketplace, "account_status", reading.as_of, status=status.lower())
        reading.figures.append((where, figure))


def _entry(reading: Reading, entry: Any, where: str) -> None:
    """One marketplace's figures: every key read, or told as skipped."""
    if not isinstance(entry, dict):
        reading.problem(where, problem("health_entry_not_object"))
        return
    marketplace = _marketplace(reading, entry.get("marketplaceId"), where)
    if marketplace is None:
        return
    for key, value in entry.items():
        at = f"{where}.{key}"
        if key == "marketplaceId":
            continue
        if key in BLOCKS:
            reading.rate(value, at, marketplace, BLOCKS[key])
        elif key == LATE_SHIPMENT_LIST:
            if not isinstance(value, list):
                reading.skip(at, problem("health_not_list_skipped"))
                continue
            for i, item in enumerate(value):
                reading.rate(item, f"{at}[{i}]", marketplace, BLOCKS["lateShipmentRate"])
        elif key == "orderDefectRate":
            block = reading.an_object(value, at)
            if block is None:
                continue
            reading.unknown_keys(block, at, tuple(ORDER_DEFECTS))
            for channel, shape in ORDER_DEFECTS.items():
                if channel in block:
                    reading.rate(block[channel], f"{at}.{channel}", marketplace, shape)
        elif key == "accountHealthRating":
            reading.rating(value, at, marketplace)
        elif key in WARNINGS:
            reading.warnings(value, at, marketplace)
        else:
            reading.skip(at, problem("health_unknown_field"))


def _unique(reading: Reading) -> list[AmazonFigure]:
    """The figures read, but none of two that fall on the same metric, marketplace and date
    (a problem each): aztui cannot tell which of them Amazon meant."""
    first: dict[tuple[str, str, datetime], str] = {}
    twice: set[tuple[str, str, datetime]] = set()
    for where, figure in reading.figures:
        if figure.key in first:
            twice.add(figure.key)
            why = problem(
                "health_twice_late"
                if figure.metric.startswith("late_shipment_rate")
                else "health_twice_given"
            )
            said = problem("health_twice", metric=figure.metric, first=first[figure.key], why=why)
            reading.problem(where, said)
        else:
            first[figure.key] = where
    return [figure for _, figure in reading.figures if figure.key not in twice]
