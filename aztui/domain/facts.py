"""Per-object facts the metrics count (docs/rules.md §5), derived when objects are written.

Each function is pure and returns the derived columns of one stored object, so a metric is an
indexed aggregate over them (deadlines are data, not loops: CONTRIBUTING.md; the same for metrics).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from aztui.domain.model import (
    AppealOutcome,
    BuyerMessage,
    Claim,
    ClaimType,
    CountsInOdr,
    Decision,
    FundedBy,
    OrderBundle,
    OrderStatus,
    ReturnRequest,
    ReturnStatus,
    Shipment,
)
from aztui.domain.policy import Policy
from aztui.domain.timeutil import utc


class OdrImpact(StrEnum):
    """How a claim weighs on the order defect rate."""

    COUNTED = "counted"
    PENDING = "pending"
    """Undecided: counted, so the figure is the worst case."""
    NOT_COUNTED = "not_counted"


def is_buy_shipping_protected(claim: Claim, bundle: OrderBundle) -> bool:
    """An item-not-received claim on an order shipped on time with Buy Shipping protection."""
    order = bundle.order
    if claim.type is not ClaimType.NOT_RECEIVED or order is None or order.latest_ship_date is None:
        return False
    for shipment in bundle.shipments:
        handed_over = shipment.first_scan_at or shipment.confirmed_at
        if (
            shipment.is_protected
            and handed_over is not None
            and handed_over <= order.latest_ship_date
        ):
            return True
    return False


def claim_odr_impact(claim: Claim, bundle: OrderBundle) -> OdrImpact:
    """Which claims count in ODR (docs/rules.md §5)."""
    if claim.counts_in_odr is CountsInOdr.YES:
        return OdrImpact.COUNTED
    if claim.counts_in_odr is CountsInOdr.NO:
        return OdrImpact.NOT_COUNTED
    if claim.appeal_outcome is AppealOutcome.GRANTED:
        return OdrImpact.NOT_COUNTED
    if claim.decision in (Decision.WITHDRAWN, Decision.DENIED):
        return OdrImpact.NOT_COUNTED
    if claim.funded_by is FundedBy.AMAZON or is_buy_shipping_protected(claim, bundle):
        return OdrImpact.NOT_COUNTED
    if claim.decision is None:
        return OdrImpact.PENDING
    return OdrImpact.COUNTED


def order_defects(bundle: OrderBundle) -> list[tuple[str, str, datetime]]:
    """Every defect of the order as (kind, id, when): negative feedback, service chargeback,
    a claim that counts."""
    defects: list[tuple[str, str, datetime]] = []
    for fb in bundle.feedback:
        if fb.rating <= 2 and not fb.removed:
            defects.append(("negative_feedback", f"{fb.rating}★", fb.date))
    for cb in bundle.chargebacks:
        if cb.is_service:
            defects.append(("chargeback", cb.order_id, cb.date))
    recorded = any(not c.is_reported_only for c in bundle.claims)
    for claim in bundle.claims:
        if claim.is_reported_only and recorded:
            continue  # the seller recorded the real claim: the stand-in gives way
        if claim_odr_impact(claim, bundle) is not OdrImpact.NOT_COUNTED:
            defects.append(("claim", claim.claim_id, claim.filed_at))
    return defects


@dataclass(frozen=True, slots=True)
class OrderFacts:
    mfn: bool
    odr_defect: bool
    late_population: bool
    late: bool
    seller_cancel: bool


def order_facts(bundle: OrderBundle) -> OrderFacts | None:
    order = bundle.order
    if order is None:
        return None
    confirmations = [s.confirmed_at for s in bundle.shipments if s.confirmed_at is not None]
    late_population = order.is_mfn and not order.is_cancelled and order.latest_ship_date is not None
    if confirmations:
        late = (
            late_population
            and order.latest_ship_date is not None
            and min(confirmations) > order.latest_ship_date
        )
    else:
        # Shipped per Amazon with no confirmation on record: the time is unknown, not late.
        late = late_population and order.status is not OrderStatus.SHIPPED
    seller_cancel = (
        order.is_cancelled
        and order.cancelled_by is not None
        and order.cancelled_by.value == "seller"
        and not order.buyer_requested_cancel
    )
    return OrderFacts(
        mfn=order.is_mfn,
        odr_defect=order.is_mfn and bool(order_defects(bundle)),
        late_population=late_population,
        late=bool(late),
        seller_cancel=order.is_mfn and seller_cancel,
    )


@dataclass(frozen=True, slots=True)
class ShipmentFacts:
    basis_at: datetime | None
    """The order's latest_delivery_date: the date the tracking metrics are windowed on."""
    tracking_population: bool
    tracking_valid: bool
    delivery_population: bool
    on_time: bool


def shipment_facts(shipment: Shipment, bundle: OrderBundle) -> ShipmentFacts:
    order = bundle.order
    basis = order.latest_delivery_date if order is not None else None
    mfn = order is not None and order.is_mfn and basis is not None
    has_number = bool(shipment.tracking_number)
    valid = (
        has_number
        and shipment.first_scan_at is not None
        and (
            shipment.delivered_at is None
            or shipment.confirmed_at is None
            or shipment.confirmed_at <= shipment.delivered_at
        )
    )
    on_time = (
        basis is not None and shipment.delivered_at is not None and shipment.delivered_at <= basis
    )
    return ShipmentFacts(
        basis_at=basis,
        tracking_population=mfn and shipment.confirmed_at is not None,
        tracking_valid=valid,
        delivery_population=mfn and has_number,
        on_time=on_time,
    )


@dataclass(frozen=True, slots=True)
class ReturnFacts:
    eligible_at: datetime
    """requested_at + 48 h: from then on the return counts in the dissatisfaction rate."""
    dissatisfied: bool


def return_facts(ret: ReturnRequest, policy: Policy) -> ReturnFacts:
    eligible = utc(ret.requested_at) + timedelta(
        hours=policy.get("return_dissatisfaction_rate.response_hours", ret.requested_at)
    )
    late = ret.acted_at > eligible if ret.acted_at is not None else not ret.is_acted_on
    invalid_rejection = ret.status is ReturnStatus.REJECTED and ret.rejection_valid is False
    return ReturnFacts(eligible_at=eligible, dissatisfied=late or invalid_rejection)


@dataclass(frozen=True, slots=True)
class MessageFacts:
    population: bool
    eligible_at: datetime
    late: bool


def message_facts(message: BuyerMessage, policy: Policy) -> MessageFacts:
    due = utc(message.received_at) + timedelta(
        hours=policy.get("buyer_message_response.hours", message.received_at)
    )
    late = message.answered_at is None or message.answered_at > due
    return MessageFacts(population=not message.no_response_needed, eligible_at=due, late=late)
