"""The account-health report (``GET_V2_SELLER_PERFORMANCE_REPORT``, JSON) as Amazon figures.

``performanceMetrics[]`` holds one entry per marketplace. Amazon's own schema spells some keys
two ways (``preFulfillmentCancellationRate`` / ``prefulfillmentCancelRate``), and gives times
with or without seconds; both are read. Only the five metrics aztui computes are kept; the
late shipment rate (``lateShipmentRate``, or each entry of the current
``lateShipmentRateList``) goes to the 10- or 30-day metric by the length of its window, the
30-day one when it has none. Nothing in this report names a buyer. Its size and nesting are
bounded (``aztui.ingest.bounds``), and so are its numbers: finite rates, counts from 0 to
``MAX_COUNT``.
"""

from __future__ import annotations

import json
import math
from datetime import datetime
from typing import Any

from aztui.domain.health import MARKETPLACE_IDS, AmazonFigure
from aztui.ingest import values
from aztui.ingest.bounds import MAX_DOCUMENT, depth_message, too_deep
from aztui.ingest.decode import TextSource
from aztui.ingest.errors import ImportFailed, ImportProblem, fail
from aztui.ingest.result import ReadResult
from aztui.ingest.values import BadValue

KIND = "amazon-account-health"
METRICS: tuple[tuple[tuple[str, ...], str | None, str, str, str], ...] = (
    (("orderDefectRate",), "mfn", "order_defect_rate", "orderWithDefects", "orderCount"),
    (("lateShipmentRate",), None, "late_shipment_rate", "lateShipmentCount", "orderCount"),
    (
        ("preFulfillmentCancellationRate", "prefulfillmentCancelRate", "preFulfillmentCancelRate"),
        None,
        "pre_fulfillment_cancel_rate",
        "cancellationCount",
        "orderCount",
    ),
    (("validTrackingRate",), None, "valid_tracking_rate", "validTrackingCount", "shipmentCount"),
    (
        ("onTimeDeliveryRate",),
        None,
        "on_time_delivery_rate",
        "onTimeDeliveryCount",
        "shipmentCountWithValidTracking",
    ),
)
"""(Amazon's keys, the fulfilment sub-key, aztui's metric, numerator key, denominator key)."""
MAX_COUNT = 10**12
"""More orders than any seller has: a count above it is not a count."""
_WORD = values.text(limit=values.MAX_ID)


def is_health_report(first_line: str) -> bool:
    """Whether a file starting with this line is the account-health JSON (not JSON Lines)."""
    line = first_line.strip()
    return line in ("{", "[") or "performanceMetrics" in line or "accountStatuses" in line


def read_health(
    source: TextSource, *, marketplace_zone: str, imported_at: datetime, skip_invalid: bool = False
) -> ReadResult:
    """Amazon's figures in ``source``; ``ImportFailed`` naming the place of a problem."""
    with source.open() as text:
        content = text.read(MAX_DOCUMENT + 1)
    if len(content) > MAX_DOCUMENT:
        raise fail(source.name, f"is longer than {MAX_DOCUMENT} characters: no report is")
    deep = too_deep(content)
    if deep is not None:
        raise fail(source.name, depth_message(), line=deep.line_in(content), column=deep.key)
    try:
        document = json.loads(content)
    except json.JSONDecodeError as exc:
        raise fail(source.name, f"is not valid JSON ({exc.msg})", line=exc.lineno) from None
    except ValueError:  # an integer of more digits than Python converts (sys.int_info)
        raise fail(source.name, "is not valid JSON (a number too long to read)") from None
    entries = document.get("performanceMetrics") if isinstance(document, dict) else None
    if not isinstance(entries, list):
        raise fail(
            source.name,
            "has no performanceMetrics list: is it the account-health "
            "report (GET_V2_SELLER_PERFORMANCE_REPORT)?",
        )
    problems: list[ImportProblem] = []
    figures: list[AmazonFigure] = []
    parse_time = values.timestamp(marketplace_zone)
    for index, entry in enumerate(entries):
        where = f"performanceMetrics[{index}]"
        if not isinstance(entry, dict) or not isinstance(entry.get("marketplaceId"), str):
            problems.append(ImportProblem(source.name, None, where, None, "has no marketplaceId"))
            continue
        try:
            marketplace_id = _word(entry["marketplaceId"], "marketplaceId")
        except BadValue as exc:
            problems.append(ImportProblem(source.name, None, where, None, str(exc)))
            continue
        if marketplace_id is None:
            problems.append(ImportProblem(source.name, None, where, None, "has no marketplaceId"))
            continue
        marketplace = MARKETPLACE_IDS.get(marketplace_id, marketplace_id)
        late = _late_shipment_list(entry.get("lateShipmentRateList"), f"{where}.")
        for at, listed in late:
            try:
                figures.append(
                    _figure(
                        listed,
                        marketplace,
                        "late_shipment_rate",
                        "lateShipmentCount",
                        "orderCount",
                        parse_time,
                        imported_at,
                    )
                )
            except BadValue as exc:
                problems.append(ImportProblem(source.name, None, at, None, str(exc)))
        if len(late) > 1 and any(not listed.get("reportingDateRange") for _, listed in late):
            problems.append(
                ImportProblem(
                    source.name,
                    None,
                    f"{where}.lateShipmentRateList",
                    None,
                    "has several entries and one without reportingDateRange: aztui cannot "
                    "tell the 10-day rate from the 30-day one",
                )
            )
        for keys, sub, metric, numerator, denominator in METRICS:
            block = next((entry[k] for k in keys if isinstance(entry.get(k), dict)), None)
            if block is not None and sub is not None:
                block = block.get(sub)
            if not isinstance(block, dict):
                continue
            try:
                figures.append(
                    _figure(
                        block, marketplace, metric, numerator, denominator, parse_time, imported_at
                    )
                )
            except BadValue as exc:
                problems.append(
                    ImportProblem(source.name, None, f"{where}.{keys[0]}", None, str(exc))
                )
    if problems and not skip_invalid:
        raise ImportFailed(problems)
    return ReadResult(KIND, [], problems, len(entries), source.name, figures=figures)


def _late_shipment_list(value: Any, where: str) -> list[tuple[str, dict[str, Any]]]:
    """The current report's ``lateShipmentRateList`` (a 10-day and a 30-day entry, each placed
    by its window, as ``lateShipmentRate`` is): its entries that are objects, with their place."""
    if not isinstance(value, list):
        return []
    return [
        (f"{where}lateShipmentRateList[{i}]", block)
        for i, block in enumerate(value)
        if isinstance(block, dict)
    ]


def _figure(
    block: dict[str, Any],
    marketplace: str,
    metric: str,
    numerator: str,
    denominator: str,
    parse_time: Any,
    imported_at: datetime,
) -> AmazonFigure:
    window = block.get("reportingDateRange") or {}
    if not isinstance(window, dict):
        raise BadValue("reportingDateRange is not an object")
    start = _time(window.get("reportingDateFrom"), parse_time, "reportingDateFrom")
    end = _time(window.get("reportingDateTo"), parse_time, "reportingDateTo")
    if metric == "late_shipment_rate":
        days = (end - start).days if start and end else 30
        metric += "_10d" if days <= 15 else "_30d"
    status = _word(block.get("status"), "status")
    return AmazonFigure(
        marketplace,
        metric,
        end or imported_at,
        start,
        _number(block.get("rate"), "rate"),
        _count(block.get(numerator), numerator),
        _count(block.get(denominator), denominator),
        _number(block.get("targetValue"), "targetValue"),
        _word(block.get("targetCondition"), "targetCondition"),
        status.lower() if status is not None else None,
    )


def _time(value: Any, parse_time: Any, name: str) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise BadValue(f"{name} {_shown(value)} is not a date")
    try:
        return parse_time(value)
    except BadValue as exc:
        raise BadValue(f"{name} {_shown(value)} {values.explain(value, exc)}") from None


def _number(value: Any, name: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise BadValue(f"{name} {_shown(value)} is not a number")
    if isinstance(value, int) and abs(value) > MAX_COUNT:
        raise BadValue(f"{name} {_shown(value)} is not a rate or a target")
    if not math.isfinite(value):
        raise BadValue(f"{name} {_shown(value)} is not a finite number")
    return float(value)


def _count(value: Any, name: str) -> int | None:
    if isinstance(value, dict):  # ``orderWithDefects: {count, status}``
        value = value.get("count")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_COUNT:
        raise BadValue(f"{name} {_shown(value)} is not a count (a whole number from 0)")
    return value


def _word(value: Any, name: str) -> str | None:
    """A word Amazon writes (a status, a condition, a marketplace id); not a string is none."""
    if not isinstance(value, str):
        return None
    try:
        word: str | None = _WORD(value)
    except BadValue as exc:
        raise BadValue(f"{name} {_shown(value)} {exc}") from None
    return word


def _shown(value: Any) -> str:
    """A value in a message, cut short: a JSON number may have thousands of digits."""
    text = repr(value)
    return text if len(text) <= 40 else text[:40] + "…"
