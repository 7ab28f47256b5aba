"""Risk signals (docs/rules.md §6): prevention before a claim exists, from what the seller's
data and the carriers' tracking say.

Each signal is derived on write with the interval in which it matters (``active_from`` to
``active_until``), so "what is at risk now" is one indexed query however long the history.
A signal stops mattering when the buyer can no longer file an item-not-received claim.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from urllib.parse import urlencode

from aztui.domain.model import OrderBundle, OrderStatus, ReturnStatus, Shipment, TrackingStatus
from aztui.domain.policy import Policy
from aztui.domain.timeutil import utc
from aztui.domain.tracking import STALLED_DAYS, stalled_key

FOREVER = datetime.max.replace(year=9999)


@dataclass(frozen=True, slots=True)
class Risk:
    signal: str
    order_id: str
    subject: str
    detail: str
    """A code and its values (``detail``), worded by the interface."""
    active_from: datetime
    active_until: datetime | None = None
    """None: until the situation changes (the object is written again)."""

    def active(self, now: datetime) -> bool:
        return self.active_from <= now and (self.active_until is None or now < self.active_until)


SIGNALS = (
    "no_tracking",
    "signature_missing",
    "unprotected_shipping",
    "inr_exposure",
    "cancel_out_of_stock",
    "refund_pending",
    "verge_of_late_shipment",
    "verge_of_cancellation",
    "not_handed_over",
    "tracking_stalled",
    "delivery_failed",
    "exception",
    "return_to_sender",
    "late_delivery",
)
"""The signals' ids; the interface words each from the catalogs (``signal_<id>``)."""


def detail(code: str, **values: object) -> str:
    """A risk's detail as kept: a code and its values (``no_scan?hours=24``), which the
    interface words from the catalogs (``risk_detail_<code>``)."""
    return f"{code}?{urlencode(values)}" if values else code


def _exposure_end(bundle: OrderBundle, shipment: Shipment, policy: Policy) -> datetime:
    """When the buyer can no longer file an item-not-received claim for this shipment."""
    order = bundle.order
    anchor = (
        (order.latest_delivery_date if order and order.latest_delivery_date else None)
        or shipment.confirmed_at
        or (order.purchase_date if order else None)
    )
    assert anchor is not None
    return utc(anchor) + timedelta(days=policy.get("inr_claim_closes_days", anchor))


def shipment_risks(bundle: OrderBundle, policy: Policy) -> Iterator[Risk]:
    order = bundle.order
    for shipment in bundle.shipments:
        confirmed = shipment.confirmed_at
        if confirmed is None:
            continue
        until = _exposure_end(bundle, shipment, policy)
        subject = shipment.tracking_number or bundle.order_id
        if not shipment.tracking_number:
            yield Risk(
                "no_tracking",
                bundle.order_id,
                subject,
                detail("no_tracking_number"),
                confirmed,
                until,
            )
        elif shipment.first_scan_at is None and shipment.delivered_at is None:
            grace = timedelta(hours=policy.get("no_scan_grace_hours", confirmed))
            yield Risk(
                "no_tracking",
                bundle.order_id,
                subject,
                detail("no_scan", hours=int(grace.total_seconds() // 3600)),
                utc(confirmed) + grace,
                until,
            )
        threshold = Decimal(policy.get("signature_threshold", confirmed))
        if (
            order is not None
            and order.order_total is not None
            and order.order_total >= threshold
            and not shipment.signature
            and (order.currency or policy.marketplace.currency) == policy.marketplace.currency
        ):
            yield Risk(
                "signature_missing",
                bundle.order_id,
                subject,
                detail(
                    "no_signature",
                    total=f"{order.order_total:.2f}",
                    threshold=f"{threshold:.2f}",
                    currency=policy.marketplace.currency,
                ),
                confirmed,
                until,
            )
        if not shipment.is_protected:
            yield Risk(
                "unprotected_shipping",
                bundle.order_id,
                subject,
                detail("not_buy_shipping"),
                confirmed,
                until,
            )


CARRIER_TROUBLE = {
    TrackingStatus.DELIVERY_FAILED: ("delivery_failed", detail("delivery_failed")),
    TrackingStatus.EXCEPTION: ("exception", detail("exception")),
    TrackingStatus.RETURN_TO_SENDER: ("return_to_sender", detail("return_to_sender")),
}
"""Carrier statuses that are a risk as long as they are the parcel's latest."""
MOVING = (TrackingStatus.IN_TRANSIT, TrackingStatus.OUT_FOR_DELIVERY)


def tracking_risks(bundle: OrderBundle, policy: Policy) -> Iterator[Risk]:
    """What the carrier's own facts say (docs/rules.md §6): a label never handed over, a parcel
    that stopped moving, a failed delivery, a delivery later than promised."""
    order = bundle.order
    for shipment in bundle.shipments:
        if shipment.confirmed_at is None or not shipment.tracking_number:
            continue
        until = _exposure_end(bundle, shipment, policy)
        number, status = shipment.tracking_number, shipment.status
        ship_by = order.latest_ship_date if order is not None else None
        if (
            status in (TrackingStatus.INFO_RECEIVED, TrackingStatus.PENDING)
            and shipment.first_scan_at is None
            and ship_by is not None
        ):
            yield Risk(
                "not_handed_over",
                bundle.order_id,
                number,
                detail("not_handed_over"),
                utc(ship_by),
                until,
            )
        if status in MOVING and shipment.last_event_at is not None:
            own = stalled_key(shipment.carrier or "")
            days = policy.get(own if own in policy.keys else STALLED_DAYS, shipment.last_event_at)
            yield Risk(
                "tracking_stalled",
                bundle.order_id,
                number,
                detail("stalled", days=days),
                utc(shipment.last_event_at) + timedelta(days=days),
                until,
            )
        if status in CARRIER_TROUBLE:
            signal, said = CARRIER_TROUBLE[status]
            yield Risk(
                signal,
                bundle.order_id,
                number,
                said,
                shipment.last_event_at or shipment.confirmed_at,
                until,
            )
        promised = order.latest_delivery_date if order is not None else None
        if (
            promised is not None
            and status is not None
            and status not in (TrackingStatus.RETURNED, TrackingStatus.RETURN_TO_SENDER)
        ):
            delivered = shipment.delivered_at
            if delivered is None or delivered > promised:
                yield Risk(
                    "late_delivery",
                    bundle.order_id,
                    number,
                    detail("late_delivery"),
                    utc(promised),
                    delivered if delivered is not None else until,
                )


def inr_exposure(bundle: OrderBundle, policy: Policy) -> Iterator[Risk]:
    """The window in which an unprotected order may get an item-not-received claim."""
    order = bundle.order
    if (
        order is None
        or order.latest_delivery_date is None
        or not order.is_mfn
        or order.is_cancelled
        or not bundle.shipments
    ):
        return
    if any(s.is_protected for s in bundle.shipments):
        return
    ldd = utc(order.latest_delivery_date)
    delivered = [s.delivered_at for s in bundle.shipments if s.delivered_at is not None]
    # A claim may be filed from the earlier of delivery and ``inr_claim_opens_days`` after the
    # promised delivery (a parcel delivered late left the buyer free to file meanwhile).
    opens = ldd + timedelta(days=policy.get("inr_claim_opens_days", ldd))
    if delivered:
        opens = min(opens, min(delivered))
    closes = ldd + timedelta(days=policy.get("inr_claim_closes_days", ldd))
    if opens < closes:
        yield Risk(
            "inr_exposure",
            bundle.order_id,
            bundle.order_id,
            detail("inr_exposure"),
            opens,
            closes,
        )


OUT_OF_STOCK_DETAIL = detail("cancel_out_of_stock")
AMAZON_WARNINGS = {
    "verge_of_late_shipment": detail("verge_of_late_shipment"),
    "verge_of_cancellation": detail("verge_of_cancellation"),
}
"""The warnings of Amazon's unshipped-orders report, by the ``Order`` field that holds them."""


def order_risks(bundle: OrderBundle, policy: Policy) -> Iterator[Risk]:
    order = bundle.order
    if order is not None and order.out_of_stock and not order.is_cancelled:
        yield Risk(
            "cancel_out_of_stock",
            bundle.order_id,
            bundle.order_id,
            OUT_OF_STOCK_DETAIL,
            order.purchase_date,
        )
    if order is not None and not order.is_cancelled and order.status is not OrderStatus.SHIPPED:
        for signal, said in AMAZON_WARNINGS.items():
            if getattr(order, signal):
                yield Risk(signal, bundle.order_id, bundle.order_id, said, order.purchase_date)
    for ret in bundle.returns:
        if ret.status is ReturnStatus.AUTHORISED:
            yield Risk(
                "refund_pending",
                bundle.order_id,
                ret.return_id,
                detail("refund_pending"),
                ret.requested_at,
            )


def derive_risks(bundle: OrderBundle, policy: Policy) -> list[Risk]:
    return [
        *shipment_risks(bundle, policy),
        *tracking_risks(bundle, policy),
        *inr_exposure(bundle, policy),
        *order_risks(bundle, policy),
    ]
