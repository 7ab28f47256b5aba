"""Amazon's own figures (the account-health report), kept beside aztui's (docs/rules.md §5).

Amazon reports each metric for its current window only; aztui keeps every report as dated
snapshots (by the end of the window), shows the latest beside its own figure, and flags the
two when they disagree by more than one order: a sign of data aztui is missing, or of a defect
Amazon has not counted yet. What the report gives that aztui does not compute (the account
health rating, its warnings, the policy violations …) is kept the same way under ids of its
own (``AMAZON_ONLY``) and shown apart, never as one of aztui's metrics.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from aztui.domain.marketplaces import MARKETPLACE_IDS as MARKETPLACE_IDS  # re-exported
from aztui.domain.metrics import MetricResult

DISAGREEMENT = 1
"""Counts may differ by this much (an order on a window's edge) before aztui flags them."""

AMAZON_ONLY: tuple[str, ...] = (
    "account_status",
    "account_health_rating",
    "warning_states",
    "late_shipment_rate",
    "order_defect_rate_afn",
    "unit_on_time_delivery_rate",
    "invoice_defect_rate",
    "policy_violation_warnings",
    "listing_policy_violations",
    "product_authenticity_customer_complaints",
    "product_condition_customer_complaints",
    "product_safety_customer_complaints",
    "food_and_product_safety_issues",
    "received_intellectual_property_complaints",
    "suspected_intellectual_property_violations",
    "restricted_product_policy_violations",
    "other_policy_violations",
    "document_requests",
)
"""Figures Amazon gives that no metric of aztui's computes, in the order they are shown.
``late_shipment_rate`` is a late shipment rate whose window is not 10 or 30 days, or not
stated: aztui cannot tell which of its two it would stand beside."""


@dataclass(frozen=True, slots=True)
class Part:
    """A count a figure is made of, or a warning: ``claims`` of the order defect rate,
    ``missingInvoice`` of the invoice defect rate, a ``warningType`` (Amazon's words)."""

    name: str
    count: int | None = None
    status: str | None = None


@dataclass(frozen=True, slots=True)
class AmazonFigure:
    """One metric as Amazon reported it, for one marketplace and window."""

    marketplace: str
    metric: str
    """aztui's metric id (``order_defect_rate`` …)."""
    window_end: datetime
    """The snapshot's date: the end of Amazon's window (or the import, when it gives none)."""
    window_start: datetime | None = None
    rate: float | None = None
    numerator: int | None = None
    denominator: int | None = None
    target: float | None = None
    target_condition: str | None = None
    """Amazon's words: ``LESS_THAN``, ``GREATER_THAN`` …"""
    status: str | None = None
    """Amazon's words, lower-cased: ``good``, ``bad``, ``none`` (``great``, ``warned`` for the
    rating; ``normal``, ``at_risk`` … for the account)."""
    numerator_derived: bool = False
    """The numerator is ``rate × denominator`` rounded: Amazon gave the rate and the count
    but not the defects (or good outcomes) themselves."""
    score: int | None = None
    """The account health rating's score (``ahrScore``)."""
    parts: tuple[Part, ...] = ()

    @property
    def key(self) -> tuple[str, str, datetime]:
        return self.marketplace, self.metric, self.window_end


def derived_numerator(rate: float | None, denominator: int | None) -> int | None:
    """``rate × denominator`` to the nearest whole, when both are known and the rate is a
    fraction; else none (never a guess from one of them)."""
    if rate is None or denominator is None or not 0 <= rate <= 1:
        return None
    return int(Decimal(repr(rate)) * denominator + Decimal("0.5"))


def rounding_slack(figure: AmazonFigure) -> int:
    """How far a derived numerator may be from Amazon's own count: half a unit of the rate's
    last decimal, times the count (``0.009`` of 539,000 orders is 4,851 ± 269). A rate of 0
    or 1 is taken as exact: none, or all."""
    if not figure.numerator_derived or figure.rate is None or figure.denominator is None:
        return 0
    if figure.rate in (0, 1):
        return 0
    exponent = Decimal(repr(figure.rate)).as_tuple().exponent
    if not isinstance(exponent, int):
        return 0
    return int(figure.denominator * Decimal(5).scaleb(exponent - 1))


def disagrees(ours: MetricResult, amazon: AmazonFigure) -> bool:
    """Whether aztui's count of defects (or good outcomes) and Amazon's differ by more than
    one order, and by more than rounding explains for a derived count; unknown when Amazon
    gives no count."""
    if amazon.numerator is None:
        return False
    return abs(ours.numerator - amazon.numerator) > DISAGREEMENT + rounding_slack(amazon)


def amazon_only(figures: dict[str, AmazonFigure], computed: set[str]) -> list[AmazonFigure]:
    """The figures no metric of aztui's (``computed``) stands beside: those of ``AMAZON_ONLY``
    in its order, then any other id a report or a source gave."""
    rank = {metric: i for i, metric in enumerate(AMAZON_ONLY)}
    return sorted(
        (f for m, f in figures.items() if m not in computed),
        key=lambda f: (rank.get(f.metric, len(rank)), f.metric),
    )
