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
    active_from: datetime
    active_until: datetime | None = None
    """None: until the situation changes (the object is written again)."""

    def active(self, now: datetime) -> bool:
        return self.active_from <= now and (self.active_until is None or now < self.active_until)


SIGNALS: dict[str, dict[str, str]] = {
    "no_tracking": {"fr": "Pas de suivi", "en": "No tracking"},
    "signature_missing": {"fr": "Sans remise contre signature", "en": "No signature"},
    "unprotected_shipping": {
        "fr": "Sans Achat de l'affranchissement",
        "en": "No Buy Shipping protection",
    },
    "inr_exposure": {
        "fr": "Réclamation « non reçu » possible",
        "en": "Item-not-received claim possible",
    },
    "cancel_out_of_stock": {
        "fr": "Rupture de stock à annuler",
        "en": "Out of stock: cancel the order",
    },
    "refund_pending": {"fr": "Remboursement attendu", "en": "Refund pending"},
    "verge_of_late_shipment": {"fr": "Expédition bientôt en retard", "en": "About to ship late"},
    "verge_of_cancellation": {"fr": "Annulation imminente", "en": "About to be cancelled"},
    "not_handed_over": {"fr": "Colis non remis au transporteur", "en": "Not handed over"},
    "tracking_stalled": {"fr": "Suivi bloqué", "en": "Tracking stalled"},
    "delivery_failed": {"fr": "Échec de livraison", "en": "Delivery failed"},
    "exception": {"fr": "Incident transporteur", "en": "Carrier exception"},
    "return_to_sender": {"fr": "Retour à l'expéditeur", "en": "Returning to sender"},
    "late_delivery": {"fr": "Livraison en retard", "en": "Late delivery"},
}


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


def _money(value: Decimal, currency: str | None) -> str:
    return f"{value:.2f} {currency or ''}".strip()


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
                "shipment confirmed without a tracking number",
                confirmed,
                until,
            )
        elif shipment.first_scan_at is None and shipment.delivered_at is None:
            grace = timedelta(hours=policy.get("no_scan_grace_hours", confirmed))
            yield Risk(
                "no_tracking",
                bundle.order_id,
                subject,
                f"no carrier scan {int(grace.total_seconds() // 3600)} h after confirmation",
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
                f"order of {_money(order.order_total, order.currency)} "
                f"≥ {_money(threshold, policy.marketplace.currency)} shipped without "
                "signature",
                confirmed,
                until,
            )
        if not shipment.is_protected:
            yield Risk(
                "unprotected_shipping",
                bundle.order_id,
                subject,
                "not bought through Buy Shipping with claims protection",
                confirmed,
                until,
            )


CARRIER_TROUBLE = {
    TrackingStatus.DELIVERY_FAILED: ("delivery_failed", "the carrier could not deliver"),
    TrackingStatus.EXCEPTION: ("exception", "the carrier reports an incident"),
    TrackingStatus.RETURN_TO_SENDER: ("return_to_sender", "the parcel is coming back"),
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
                "label made, no carrier scan by the ship-by date",
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
                f"no carrier event for {days} days",
                utc(shipment.last_event_at) + timedelta(days=days),
                until,
            )
        if status in CARRIER_TROUBLE:
            signal, detail = CARRIER_TROUBLE[status]
            yield Risk(
                signal,
                bundle.order_id,
                number,
                detail,
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
                    "not delivered by the promised date",
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
            "the buyer may file an item-not-received claim",
            opens,
            closes,
        )


OUT_OF_STOCK_DETAIL = "marked out of stock: cancel the order and tell the buyer why"
AMAZON_WARNINGS = {
    "verge_of_late_shipment": "Amazon warns it is about to ship late: confirm the shipment",
    "verge_of_cancellation": "Amazon warns it is about to be cancelled: ship it or cancel it",
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
        for signal, detail in AMAZON_WARNINGS.items():
            if getattr(order, signal):
                yield Risk(signal, bundle.order_id, bundle.order_id, detail, order.purchase_date)
    for ret in bundle.returns:
        if ret.status is ReturnStatus.AUTHORISED:
            yield Risk(
                "refund_pending",
                bundle.order_id,
                ret.return_id,
                "return authorised and not refunded yet",
                ret.requested_at,
            )


def derive_risks(bundle: OrderBundle, policy: Policy) -> list[Risk]:
    return [
        *shipment_risks(bundle, policy),
        *tracking_risks(bundle, policy),
        *inr_exposure(bundle, policy),
        *order_risks(bundle, policy),
    ]
