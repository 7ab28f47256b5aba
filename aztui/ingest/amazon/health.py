"""The account-health report (``GET_V2_SELLER_PERFORMANCE_REPORT``, JSON) as Amazon figures.

``performanceMetrics[]`` holds one entry per marketplace. Amazon's own schema spells some keys
two ways (``preFulfillmentCancellationRate`` / ``prefulfillmentCancelRate``), and gives times
with or without seconds; both are read. Only the five metrics aztui computes are kept; the
late shipment rate goes to the 10- or 30-day metric by the length of its window. Nothing in
this report names a buyer.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from aztui.domain.health import MARKETPLACE_IDS, AmazonFigure
from aztui.ingest import values
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


def is_health_report(first_line: str) -> bool:
    """Whether a file starting with this line is the account-health JSON (not JSON Lines)."""
    line = first_line.strip()
    return line in ("{", "[") or "performanceMetrics" in line or "accountStatuses" in line


def read_health(
    source: TextSource, *, marketplace_zone: str, imported_at: datetime, skip_invalid: bool = False
) -> ReadResult:
    """Amazon's figures in ``source``; ``ImportFailed`` naming the place of a problem."""
    with source.open() as text:
        content = text.read()
    try:
        document = json.loads(content)
    except json.JSONDecodeError as exc:
        raise fail(source.name, f"is not valid JSON ({exc.msg})", line=exc.lineno) from None
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
        marketplace_id: str = entry["marketplaceId"]
        marketplace = MARKETPLACE_IDS.get(marketplace_id, marketplace_id)
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
    start = _time(window.get("reportingDateFrom"), parse_time, "reportingDateFrom")
    end = _time(window.get("reportingDateTo"), parse_time, "reportingDateTo")
    if metric == "late_shipment_rate":
        days = (end - start).days if start and end else 30
        metric += "_10d" if days <= 15 else "_30d"
    status = block.get("status")
    return AmazonFigure(
        marketplace,
        metric,
        end or imported_at,
        start,
        _number(block.get("rate"), "rate"),
        _count(block.get(numerator), numerator),
        _count(block.get(denominator), denominator),
        _number(block.get("targetValue"), "targetValue"),
        _word(block.get("targetCondition")),
        status.lower() if isinstance(status, str) else None,
    )


def _time(value: Any, parse_time: Any, name: str) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise BadValue(f"{name} {value!r} is not a date")
    try:
        return parse_time(value)
    except BadValue as exc:
        raise BadValue(f"{name} {value!r} {exc}") from None


def _number(value: Any, name: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise BadValue(f"{name} {value!r} is not a number")
    return float(value)


def _count(value: Any, name: str) -> int | None:
    if isinstance(value, dict):  # ``orderWithDefects: {count, status}``
        value = value.get("count")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise BadValue(f"{name} {value!r} is not a whole number")
    return value


def _word(value: Any) -> str | None:
    return value if isinstance(value, str) else None
