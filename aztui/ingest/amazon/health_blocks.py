"""The blocks of one ``performanceMetrics`` entry of the account-health report, each read into
an Amazon figure (``aztui.ingest.amazon.health`` reads the document around them).

A block is read when its shape is one aztui knows: a rate (``rate`` with the counts it is made
of), a count of defects (``defectsCount``), the rating, the warnings. Every key of a block is
either read, or known and left on purpose (``fulfillmentType``, which the ``mfn``/``afn`` key
already says, and ``dateOffset``, which the window's dates already say), or told as skipped:
nothing is dropped silently. A numerator Amazon does not give is derived from the rate and
the count when it gives both, and marked so.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from aztui.domain.health import AmazonFigure, Part, derived_numerator
from aztui.ingest import values
from aztui.ingest.errors import ImportProblem, problem
from aztui.ingest.values import BadValue

MAX_COUNT = 10**12
"""More orders than any seller has: a count above it is not a count."""
_WORD = values.text(limit=values.MAX_ID)
WINDOW = "reportingDateRange"
_WINDOW_KEYS = ("reportingDateFrom", "reportingDateTo", "dateOffset")
_COMMON = (WINDOW, "rate", "status", "targetValue", "targetCondition")
LATE_SHIPMENT_DAYS = {10: range(8, 13), 30: range(27, 34)}
"""A late shipment window of about 10 days (or 30) stands beside aztui's 10-day (or 30-day)
rate; Amazon's run from a day's 00:00 to another's 23:59."""


@dataclass(frozen=True, slots=True)
class Rate:
    """A block of rate shape: aztui's id for it, the keys of its numerator and denominator
    (either may be missing), and of the counts it is made of."""

    metric: str
    numerator: str
    denominator: str | None = None
    parts: tuple[str, ...] = ()
    left: tuple[str, ...] = ()
    """Keys known and not kept."""


def _count_block(metric: str) -> Rate:
    return Rate(metric, "defectsCount")


ODR_PARTS = ("claims", "chargebacks", "negativeFeedback")
ORDER_DEFECTS = {
    "mfn": Rate(
        "order_defect_rate", "orderWithDefects", "orderCount", ODR_PARTS, ("fulfillmentType",)
    ),
    "afn": Rate(
        "order_defect_rate_afn", "orderWithDefects", "orderCount", ODR_PARTS, ("fulfillmentType",)
    ),
}
"""``orderDefectRate``'s two blocks: aztui computes the merchant-fulfilled one."""
_CANCEL = Rate("pre_fulfillment_cancel_rate", "cancellationCount", "orderCount")
_DOCUMENTS = _count_block("document_requests")
BLOCKS: dict[str, Rate] = {
    "lateShipmentRate": Rate("late_shipment_rate", "lateShipmentCount", "orderCount"),
    "preFulfillmentCancellationRate": _CANCEL,
    "prefulfillmentCancelRate": _CANCEL,
    "preFulfillmentCancelRate": _CANCEL,
    "validTrackingRate": Rate("valid_tracking_rate", "validTrackingCount", "shipmentCount"),
    "onTimeDeliveryRate": Rate(
        "on_time_delivery_rate", "onTimeDeliveryCount", "shipmentCountWithValidTracking"
    ),
    "unitOnTimeDeliveryRate": Rate(
        "unit_on_time_delivery_rate", "unitOnTimeDeliveryCount", "totalUnitCount"
    ),
    "invoiceDefectRate": Rate(
        "invoice_defect_rate", "invoiceDefect", "orderCount", ("missingInvoice", "lateInvoice")
    ),
    "policyViolationWarnings": Rate("policy_violation_warnings", "warningsCount"),
    "listingPolicyViolations": _count_block("listing_policy_violations"),
    "productAuthenticityCustomerComplaints": _count_block(
        "product_authenticity_customer_complaints"
    ),
    "productConditionCustomerComplaints": _count_block("product_condition_customer_complaints"),
    "productSafetyCustomerComplaints": _count_block("product_safety_customer_complaints"),
    "receivedIntellectualPropertyComplaints": _count_block(
        "received_intellectual_property_complaints"
    ),
    "suspectedIntellectualPropertyViolations": _count_block(
        "suspected_intellectual_property_violations"
    ),
    "restrictedProductPolicyViolations": _count_block("restricted_product_policy_violations"),
    "foodAndProductSafetyIssues": _count_block("food_and_product_safety_issues"),
    "otherPolicyViolations": _count_block("other_policy_violations"),
    "documentRequests": _DOCUMENTS,
    "documentRequest": _DOCUMENTS,  # the spelling of Amazon's own example
}
"""Every block of rate or count shape, by each of Amazon's spellings (its schema and its
example disagree)."""


@dataclass
class Reading:
    """What reading one report gathers: its figures (with where each was read), the problems
    (a value aztui cannot take) and what it skipped (a shape it does not know)."""

    file: str
    parse_time: Callable[[str], datetime | None]
    as_of: datetime
    """The report's date, for a figure that states no window: the latest window's end."""
    figures: list[tuple[str, AmazonFigure]] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    skipped: list[ImportProblem] = field(default_factory=list)

    def problem(self, where: str, message: str) -> None:
        self.problems.append(ImportProblem(self.file, None, where, None, message))

    def skip(self, where: str, message: str) -> None:
        self.skipped.append(ImportProblem(self.file, None, where, None, message))

    def unknown_keys(self, block: dict[str, Any], where: str, known: tuple[str, ...]) -> None:
        for key in block:
            if key not in known:
                self.skip(f"{where}.{key}", problem("health_unknown_field"))

    def an_object(self, value: Any, where: str) -> dict[str, Any] | None:
        """``value`` if it is an object; else skipped, saying so."""
        if isinstance(value, dict):
            return value
        self.skip(where, problem("health_kind_not_object", kind=_kind(value)))
        return None

    def rate(self, value: Any, where: str, marketplace: str, shape: Rate) -> None:
        """A block of rate or count shape as one figure."""
        block = self.an_object(value, where)
        if block is None:
            return
        known = (*_COMMON, shape.numerator, *filter(None, [shape.denominator]))
        self.unknown_keys(block, where, known + shape.parts + shape.left)
        try:
            start, end = self.window(block, where)
            rate = _number(block.get("rate"), "rate")
            denominator = (
                _count(block.get(shape.denominator), shape.denominator)
                if shape.denominator
                else None
            )
            numerator = _count(block.get(shape.numerator), shape.numerator)
            derived = derived_numerator(rate, denominator) if numerator is None else None
            parts = tuple(self.part(block.get(p), p, f"{where}.{p}") for p in shape.parts)
            metric = shape.metric
            if metric == "late_shipment_rate":
                metric = late_shipment_metric(start, end)
            figure = AmazonFigure(
                marketplace,
                metric,
                end or self.as_of,
                start,
                rate,
                numerator if derived is None else derived,
                denominator,
                _number(block.get("targetValue"), "targetValue"),
                word(block.get("targetCondition"), "targetCondition"),
                _status(block.get("status")),
                numerator_derived=derived is not None,
                parts=tuple(p for p in parts if p is not None),
            )
        except BadValue as exc:
            self.problem(where, exc.reason)
            return
        self.figures.append((where, figure))

    def part(self, value: Any, name: str, where: str) -> Part | None:
        """One count a rate is made of (``{count, status}``), if the block gives it."""
        if value is None:
            return None
        if isinstance(value, dict):
            self.unknown_keys(value, where, ("count", "status"))
        return Part(name, _count(value, name), _status(value, None))

    def window(self, block: dict[str, Any], where: str) -> tuple[datetime | None, datetime | None]:
        window = block.get(WINDOW)
        if window is None:
            return None, None
        if not isinstance(window, dict):
            raise BadValue(problem("health_window_not_object", name=WINDOW, kind=_kind(window)))
        self.unknown_keys(window, f"{where}.{WINDOW}", _WINDOW_KEYS)
        return (
            _time(window.get("reportingDateFrom"), self.parse_time, "reportingDateFrom"),
            _time(window.get("reportingDateTo"), self.parse_time, "reportingDateTo"),
        )

    def rating(self, value: Any, where: str, marketplace: str) -> None:
        """``accountHealthRating``: its score (``ahrScore``, 0 to 1,000 in Seller Central) and
        status (``ahrStatus``, or ``accountHealthRatingStatus`` as the schema names it)."""
        block = self.an_object(value, where)
        if block is None:
            return
        statuses = ("ahrStatus", "accountHealthRatingStatus")
        self.unknown_keys(block, where, (WINDOW, "ahrScore", *statuses))
        try:
            start, end = self.window(block, where)
            status = next((block[k] for k in statuses if block.get(k) is not None), None)
            figure = AmazonFigure(
                marketplace,
                "account_health_rating",
                end or self.as_of,
                start,
                status=_status(status),
                score=_count(block.get("ahrScore"), "ahrScore"),
            )
        except BadValue as exc:
            self.problem(where, exc.reason)
            return
        self.figures.append((where, figure))

    def warnings(self, value: Any, where: str, marketplace: str) -> None:
        """``warningStates`` (``warningState`` in Amazon's example): each ``{warningType,
        status}``; an empty list says there is none."""
        if not isinstance(value, list):
            self.skip(where, problem("health_kind_not_list", kind=_kind(value)))
            return
        parts = []
        for i, item in enumerate(value):
            at = f"{where}[{i}]"
            if not isinstance(item, dict):
                self.problem(at, problem("health_kind_not_warning", kind=_kind(item)))
                continue
            self.unknown_keys(item, at, ("warningType", "status"))
            try:
                kind = word(item.get("warningType"), "warningType")
                if kind is None:
                    raise BadValue(problem("health_no_warning_type"))
                parts.append(Part(kind, None, _status(item.get("status"))))
            except BadValue as exc:
                self.problem(at, exc.reason)
        figure = AmazonFigure(
            marketplace, "warning_states", self.as_of, numerator=len(parts), parts=tuple(parts)
        )
        self.figures.append((where, figure))


def late_shipment_metric(start: datetime | None, end: datetime | None) -> str:
    """aztui's 10- or 30-day late shipment rate by the window's length, or Amazon's own
    ``late_shipment_rate`` when the window is not stated or of another length."""
    if start is None or end is None:
        return "late_shipment_rate"
    days = round((end - start).total_seconds() / 86400)
    for length, around in LATE_SHIPMENT_DAYS.items():
        if days in around:
            return f"late_shipment_rate_{length}d"
    return "late_shipment_rate"


def _kind(value: Any) -> str:
    if isinstance(value, list):
        return problem("health_kind_list")
    if isinstance(value, dict):
        return problem("health_kind_object")
    return problem("health_kind_empty") if value is None else f"{_shown(value)}"


def _time(value: Any, parse_time: Callable[[str], datetime | None], name: str) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise BadValue(problem("health_not_date", name=name, value=_shown(value)))
    try:
        return parse_time(value)
    except BadValue as exc:
        reason = values.explain(value, exc)
        raise BadValue(
            problem("health_value", name=name, value=_shown(value), reason=reason)
        ) from None


def _number(value: Any, name: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise BadValue(problem("health_not_number", name=name, value=_shown(value)))
    if isinstance(value, int) and abs(value) > MAX_COUNT:
        raise BadValue(problem("health_not_rate", name=name, value=_shown(value)))
    if not math.isfinite(value):
        raise BadValue(problem("health_not_finite", name=name, value=_shown(value)))
    return float(value)


def _count(value: Any, name: str = "") -> int | None:
    if isinstance(value, dict):  # ``orderWithDefects: {count, status}``
        value = value.get("count")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_COUNT:
        raise BadValue(problem("health_not_count", name=name, value=_shown(value)))
    return value


def _status(value: Any, name: str | None = "status") -> str | None:
    """Amazon's status word, lower-cased; in ``{count, status}`` the status of the object."""
    if name is None:
        value = value.get("status") if isinstance(value, dict) else None
    read = word(value, name or "status")
    return read.lower() if read is not None else None


def word(value: Any, name: str) -> str | None:
    """A word Amazon writes (a status, a condition, a marketplace id): text of an id's length
    with no control character; none when absent, a ``BadValue`` when not text."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise BadValue(problem("health_not_word", name=name, value=_shown(value)))
    try:
        text: str | None = _WORD(value)
    except BadValue as exc:
        raise BadValue(
            problem("health_value", name=name, value=_shown(value), reason=exc.reason)
        ) from None
    return text


def _shown(value: Any) -> str:
    """A value in a message, cut short: a JSON number may have thousands of digits."""
    text = repr(value)
    return text if len(text) <= 40 else text[:40] + "…"
