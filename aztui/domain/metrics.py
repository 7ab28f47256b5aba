"""The metric engine (docs/rules.md §5): definitions, windows, values, statuses and headroom.

A metric is a count over facts derived on write (``facts.py``): the store returns numerator
and denominator for a window, and this module turns them into a value against a target.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from types import MappingProxyType

from aztui.domain.model import OrderBundle
from aztui.domain.policy import Policy, PolicyValue
from aztui.domain.timeutil import utc


class Bound(StrEnum):
    UPPER = "upper"
    """The value must stay below the target (``<``): defects are counted."""
    LOWER = "lower"
    """The value must stay at or above the target (``≥``): good outcomes are counted."""


class MetricStatus(StrEnum):
    OK = "ok"
    AT_RISK = "at_risk"
    BREACH = "breach"


@dataclass(frozen=True, slots=True)
class Window:
    """Half-open ``[start, end)``."""

    start: datetime
    end: datetime

    def __contains__(self, instant: datetime) -> bool:
        return self.start <= instant < self.end


@dataclass(frozen=True, slots=True)
class ColumnFacts:
    """Facts kept as derived columns of a stored table (the built-in metrics).

    The population is the rows with ``population`` true whose ``basis`` is in the window (and,
    when ``eligible`` is set, whose eligible instant has come); the numerator is ``counted``.
    """

    table: str
    basis: str
    population: str | None
    counted: str
    eligible: str | None = None


@dataclass(frozen=True, slots=True)
class MetricFact:
    """One counted subject of a plugin metric, kept in the store's generic fact table."""

    subject: str
    basis_at: datetime
    counted: bool
    eligible_at: datetime | None = None


FactFunction = Callable[[OrderBundle, Policy], Iterable[MetricFact]]


@dataclass(frozen=True)
class MetricDefinition:
    """A metric; register one through ``aztui_register_metrics``.

    Policy keys read: ``{id}.window_days``, ``{id}.target`` and, when ``lagged``,
    ``{id}.lag_days``; ``policy_defaults`` provides them for a plugin's own metric.
    ``facts`` is either a ``ColumnFacts`` (built-ins) or a function deriving ``MetricFact``s
    from an order's bundle (plugins).
    """

    id: str
    names: Mapping[str, str]
    """What a person reads, by language (``{"fr": …, "en": …}``, or a plugin catalog's
    ``names(key)``); aztui's own metrics word theirs from its catalogs (``metric_<id>``)."""
    bound: Bound
    facts: ColumnFacts | FactFunction
    lagged: bool = False
    advisory: bool = False
    policy_defaults: dict[str, PolicyValue] = field(default_factory=dict)
    short: str = ""
    """The acronym sellers know (``ODR``), where space is short; the name when empty."""

    def window(self, now: datetime, policy: Policy) -> Window:
        end = utc(now)  # elapsed days: a zone-aware ``now`` must not be shifted by DST
        if self.lagged:
            end = end - timedelta(days=policy.get(f"{self.id}.lag_days", now))
        return Window(end - timedelta(days=self.window_days(policy, now)), end)

    def window_days(self, policy: Policy, now: datetime | None = None) -> int:
        return int(policy.get(f"{self.id}.window_days", now))

    def lag_days(self, policy: Policy, now: datetime | None = None) -> int:
        return int(policy.get(f"{self.id}.lag_days", now)) if self.lagged else 0

    def target(self, policy: Policy, now: datetime | None = None) -> Decimal:
        return Decimal(policy.get(f"{self.id}.target", now))

    def leaves_window_at(
        self, basis_at: datetime, policy: Policy, now: datetime | None = None
    ) -> datetime:
        """When a subject dated ``basis_at`` stops counting (docs/rules.md §5, Forecasts)."""
        return basis_at + timedelta(days=self.window_days(policy, now) + self.lag_days(policy, now))


@dataclass(frozen=True, slots=True)
class Headroom:
    """How far the metric is from a breach, in subjects of its current population."""

    defects: int
    """Defects now: counted subjects for an upper bound, uncounted ones for a lower bound."""
    more_defects_before_breach: int | None
    """How many more defects keep it out of breach (None with an empty population)."""
    good_needed_to_recover: int
    """When in breach, how many more defect-free subjects bring it back under the target."""


@dataclass(frozen=True, slots=True)
class MetricResult:
    id: str
    value: float | None
    numerator: int
    denominator: int
    window: Window
    target: Decimal
    status: MetricStatus
    bound: Bound
    advisory: bool
    headroom: Headroom


def _defect_share(bound: Bound, numerator: int, denominator: int) -> tuple[int, Fraction]:
    defects = numerator if bound is Bound.UPPER else denominator - numerator
    return defects, Fraction(defects, denominator)


def _limit(bound: Bound, target: Decimal) -> Fraction:
    return Fraction(target) if bound is Bound.UPPER else 1 - Fraction(target)


def metric_status(
    bound: Bound, numerator: int, denominator: int, target: Decimal, at_risk_ratio: Decimal
) -> MetricStatus:
    """``breach`` at or past the target, ``at_risk`` from ``at_risk_ratio`` of it (exact)."""
    if denominator == 0:
        return MetricStatus.OK
    _, share = _defect_share(bound, numerator, denominator)
    limit = _limit(bound, target)
    if share >= limit:
        return MetricStatus.BREACH
    if share >= Fraction(at_risk_ratio) * limit:
        return MetricStatus.AT_RISK
    return MetricStatus.OK


def status_edges(
    bound: Bound, target: Decimal, at_risk_ratio: Decimal
) -> tuple[Fraction, Fraction]:
    """The values where ``at_risk`` and ``breach`` begin (``metric_status``'s edges as values):
    a value at or past the first is at risk, at or past the second is a breach."""
    limit = _limit(bound, target)
    at_risk = Fraction(at_risk_ratio) * limit
    if bound is Bound.UPPER:
        return at_risk, limit
    return 1 - at_risk, 1 - limit


def headroom(bound: Bound, numerator: int, denominator: int, target: Decimal) -> Headroom:
    limit = _limit(bound, target)
    defects = numerator if bound is Bound.UPPER else denominator - numerator
    if denominator == 0:
        return Headroom(defects, None, 0)
    breach_at = math.ceil(limit * denominator)  # the defect count that is a breach
    more = max(breach_at - defects - 1, 0) if defects < breach_at else 0
    recover = 0
    if defects >= breach_at and limit > 0:
        recover = math.floor(Fraction(defects) / limit - denominator) + 1
    return Headroom(defects, more, max(recover, 0))


def evaluate(
    definition: MetricDefinition, numerator: int, denominator: int, now: datetime, policy: Policy
) -> MetricResult:
    """A metric's value and status from the counts the store returned for its window."""
    target = definition.target(policy, now)
    return MetricResult(
        id=definition.id,
        value=None if denominator == 0 else numerator / denominator,
        numerator=numerator,
        denominator=denominator,
        window=definition.window(now, policy),
        target=target,
        status=metric_status(
            definition.bound,
            numerator,
            denominator,
            target,
            Decimal(policy.get("at_risk_ratio", now)),
        ),
        bound=definition.bound,
        advisory=definition.advisory,
        headroom=headroom(definition.bound, numerator, denominator, target),
    )


OWN_WORDS: Mapping[str, str] = MappingProxyType({})
"""The ``names`` of aztui's own rules and metrics: their words are aztui's catalogs'."""


BUILTIN_METRICS: tuple[MetricDefinition, ...] = (
    MetricDefinition(
        "order_defect_rate",
        OWN_WORDS,
        Bound.UPPER,
        ColumnFacts("orders", "purchase_date", "mfn", "odr_defect"),
        lagged=True,
        short="ODR",
    ),
    MetricDefinition(
        "late_shipment_rate_10d",
        OWN_WORDS,
        Bound.UPPER,
        ColumnFacts("orders", "latest_ship_date", "late_population", "late"),
        short="LSR-10",
    ),
    MetricDefinition(
        "late_shipment_rate_30d",
        OWN_WORDS,
        Bound.UPPER,
        ColumnFacts("orders", "latest_ship_date", "late_population", "late"),
        short="LSR-30",
    ),
    MetricDefinition(
        "pre_fulfillment_cancel_rate",
        OWN_WORDS,
        Bound.UPPER,
        ColumnFacts("orders", "purchase_date", "mfn", "seller_cancel"),
        short="CR",
    ),
    MetricDefinition(
        "valid_tracking_rate",
        OWN_WORDS,
        Bound.LOWER,
        ColumnFacts("shipments", "basis_at", "tracking_population", "tracking_valid"),
        short="VTR",
    ),
    MetricDefinition(
        "on_time_delivery_rate",
        OWN_WORDS,
        Bound.LOWER,
        ColumnFacts("shipments", "basis_at", "delivery_population", "on_time"),
        advisory=True,
        short="OTDR",
    ),
    MetricDefinition(
        "late_response_rate",
        OWN_WORDS,
        Bound.UPPER,
        ColumnFacts("messages", "received_at", "late_population", "late", "late_eligible_at"),
        advisory=True,
        short="LRR",
    ),
    MetricDefinition(
        "return_dissatisfaction_rate",
        OWN_WORDS,
        Bound.UPPER,
        ColumnFacts("returns", "requested_at", None, "dissatisfied", "dissatisfaction_eligible_at"),
        short="RDR",
    ),
)
