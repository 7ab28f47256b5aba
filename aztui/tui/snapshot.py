"""What the panes show, read through the service facade in one go, off the UI's path.

A snapshot is read by a worker when the store changed (its ``data_version``), never on a
timer tick: countdowns are recomputed from the due instants it holds, with no store read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from aztui.domain.deadlines import Deadline
from aztui.domain.facts import OdrImpact, claim_odr_impact
from aztui.domain.health import AmazonFigure
from aztui.domain.lifecycle import ClaimStage, stage
from aztui.domain.model import Claim, OrderBundle
from aztui.domain.risks import Risk
from aztui.i18n import rule_name
from aztui.report import MetricView
from aztui.service import Service

HORIZON = timedelta(hours=48)
"""The Today pane shows what is overdue and what falls due within this."""
CLAIM_DAYS = 120
"""The Claims pane's "Toutes" tab: claims filed in these last days (the ODR's window, its
lag and the appeal window), with every claim still open whatever its age."""


CLAIM_ACTIONS = ("claim_response", "appeal_info_response")
"""Deadlines that put a claim in Seller Central's "Action requise" tab."""
UNDER_REVIEW = (
    ClaimStage.FILED,
    ClaimStage.RESPONSE_REQUESTED,
    ClaimStage.UNDER_REVIEW,
    ClaimStage.APPEALED,
    ClaimStage.APPEAL_INFO_REQUESTED,
)


@dataclass(frozen=True, slots=True)
class ClaimRow:
    claim: Claim
    stage: ClaimStage
    odr: OdrImpact
    deadline: Deadline | None
    """The claim's deadline still open or overdue, if any (response, appeal, information)."""

    @property
    def tabs(self) -> frozenset[str]:
        """Seller Central's tabs this claim appears in."""
        tabs = {"all"}
        rule = self.deadline.rule if self.deadline else None
        if rule in CLAIM_ACTIONS:
            tabs.add("action")
        elif self.stage in UNDER_REVIEW:
            tabs.add("review")
        if rule == "appeal":
            tabs.add("appeal")
        return frozenset(tabs)


@dataclass(frozen=True, slots=True)
class Snapshot:
    version: int
    taken_at: datetime
    rule_names: dict[str, str]
    claims: tuple[ClaimRow, ...] = ()
    """Every claim, the most recently filed first."""
    active: tuple[Deadline, ...] = ()
    """Every deadline still open or overdue, by due time."""
    risks: tuple[Risk, ...] = ()
    """The risk signals active at ``taken_at``."""
    bundles: dict[str, OrderBundle] = field(default_factory=dict)
    """What is known of each order an active deadline or risk is about."""
    views: tuple[MetricView, ...] = ()
    """Every metric with its forecasts and Amazon's figure."""
    trends: dict[str, list[float | None]] = field(default_factory=dict)
    """Each metric's value over the last 30 days, oldest first."""
    outlooks: dict[str, list[float | None]] = field(default_factory=dict)
    """Each metric's value on each of the next 7 days if nothing new happens."""
    at_risk_ratio: Decimal | None = None
    """Where a metric turns ``at_risk``, as a share of its limit (the policy's)."""
    amazon_only: tuple[AmazonFigure, ...] = ()
    """Amazon's figures that no metric of aztui's stands beside (the rating, warnings …)."""
    snoozed: dict[str, datetime] = field(default_factory=dict)
    """The subjects (orders, claims …) whose alerts are held at ``taken_at``, until when."""

    @property
    def deadlines(self) -> list[Deadline]:
        """Overdue, then due within ``HORIZON`` of ``taken_at``, by due time (Today)."""
        return [d for d in self.active if d.due < self.taken_at + HORIZON]

    @property
    def stale_at(self) -> datetime | None:
        """When this snapshot stops being true with no write to the store: a snooze ends."""
        return min(self.snoozed.values(), default=None)

    def risks_of(self, order_id: str | None) -> list[Risk]:
        return [r for r in self.risks if r.order_id == order_id]


async def read_claims(
    service: Service, active: list[Deadline], now: datetime
) -> tuple[ClaimRow, ...]:
    by_subject = {d.subject: d for d in active if d.rule in (*CLAIM_ACTIONS, "appeal")}
    claims = await service.store.claims(
        filed_since=now - timedelta(days=CLAIM_DAYS), ids=sorted(by_subject)
    )
    bundles = await service.store.bundles([c.order_id for c in claims])
    rows = []
    for claim in claims:
        assert isinstance(claim, Claim)
        bundle = bundles.get(claim.order_id) or OrderBundle(claim.order_id, None, claims=(claim,))
        rows.append(
            ClaimRow(
                claim, stage(claim), claim_odr_impact(claim, bundle), by_subject.get(claim.claim_id)
            )
        )
    return tuple(sorted(rows, key=lambda r: r.claim.filed_at, reverse=True))


def rule_names(service: Service, language: str) -> dict[str, str]:
    return {r.item.id: rule_name(r.item, language) for r in service.engine.rules}


async def read_today(service: Service, now: datetime, language: str) -> Snapshot:
    """The deadlines alone: Today's rows, shown on opening before the rest is read (at 50,000
    orders, reading every order's details takes seconds)."""
    version = await service.store.data_version()
    active = await service.deadlines(now)
    return Snapshot(version, now, rule_names(service, language), active=tuple(active))


async def read_snapshot(service: Service, now: datetime, language: str) -> Snapshot:
    version = await service.store.data_version()
    active = await service.deadlines(now)
    names = rule_names(service, language)
    risks = await service.store.risks(now)
    orders = {d.order_id for d in active if d.order_id} | {r.order_id for r in risks}
    bundles = await service.store.bundles(sorted(orders))
    views = await service.metric_views(now, active)
    metrics = service.engine.metric_definitions
    trends = {d.id: await service.metric_trend(d, now) for d in metrics}
    outlooks = {d.id: await service.metric_outlook(d, now) for d in metrics}
    return Snapshot(
        version,
        now,
        names,
        await read_claims(service, active, now),
        tuple(active),
        tuple(risks),
        bundles,
        tuple(views),
        trends,
        outlooks,
        Decimal(service.policy.get("at_risk_ratio", now)),
        tuple(await service.amazon_only()),
        await service.store.snoozed(now),
    )
