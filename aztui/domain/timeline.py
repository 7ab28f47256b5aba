"""One order's story in time: everything the store knows, oldest first (the order detail and,
later, the evidence for a claim response or an appeal)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from aztui.domain.model import OrderBundle
from aztui.domain.tracking import ParcelEvent


@dataclass(frozen=True, slots=True)
class Note:
    """Words the interface gives (``feedback_removed``)."""

    key: str


@dataclass(frozen=True, slots=True)
class Amount:
    value: Decimal
    currency: str | None


@dataclass(frozen=True, slots=True)
class Event:
    at: datetime
    kind: str
    """A stable id for the words (``purchased``, ``ship_by``, ``claim_filed`` …)."""
    subject: str
    """The object it is about: the order, a tracking number, a claim or message id."""
    values: tuple[object, ...] = ()
    """What the interface words: codes (enums), an ``Amount``, a carrier's or a service's
    name, a rating; never a buyer's data."""
    detail: str = ""
    """A carrier's own words for a scan, shown as they came."""


FEEDBACK_REMOVED = Note("feedback_removed")


def timeline(bundle: OrderBundle, scans: Sequence[ParcelEvent] = ()) -> list[Event]:
    """``scans``: the carrier events of the order's parcels, each shown as it came."""
    events: list[Event] = []

    def add(at: datetime | None, kind: str, subject: str, *values: object) -> None:
        if at is not None:
            events.append(Event(at, kind, subject, tuple(v for v in values if v is not None)))

    if (order := bundle.order) is not None:
        total = order.order_total
        add(
            order.purchase_date,
            "purchased",
            order.order_id,
            None if total is None else Amount(total, order.currency),
        )
        add(order.latest_ship_date, "ship_by", order.order_id)
        add(order.latest_delivery_date, "deliver_by", order.order_id)
        add(order.cancelled_at, "cancelled", order.order_id, order.cancelled_by)
    for s in bundle.shipments:
        subject = s.tracking_number or s.order_id
        add(s.confirmed_at, "confirmed", subject, s.carrier, s.service)
        add(s.first_scan_at, "first_scan", subject)
        add(s.delivered_at, "delivered", subject)
    for scan in scans:
        e = scan.event
        said = " · ".join(filter(None, (e.description or e.code, e.place)))
        events.append(Event(e.at, "carrier_scan", scan.tracking_number, detail=said))
    for m in bundle.messages:
        add(m.received_at, "message_received", m.message_id)
        add(m.answered_at, "message_answered", m.message_id)
    for r in bundle.returns:
        add(r.requested_at, "return_requested", r.return_id)
        add(r.acted_at, "return_acted", r.return_id, r.status)
    for c in bundle.claims:
        amount = None if c.amount is None else Amount(c.amount, c.currency)
        add(c.filed_at, "claim_filed", c.claim_id, c.type, amount)
        add(c.response_requested_at, "response_requested", c.claim_id)
        add(c.responded_at, "responded", c.claim_id)
        add(c.decided_at, "decided", c.claim_id, c.decision, c.funded_by)
        add(c.appeal_filed_at, "appeal_filed", c.claim_id)
        add(c.appeal_info_requested_at, "appeal_info_requested", c.claim_id)
        add(c.appeal_info_responded_at, "appeal_info_responded", c.claim_id)
        add(c.appeal_decided_at, "appeal_decided", c.claim_id, c.appeal_outcome)
    for f in bundle.feedback:
        add(f.date, "feedback", f.order_id, f"{f.rating}★", FEEDBACK_REMOVED if f.removed else None)
    for cb in bundle.chargebacks:
        add(cb.date, "chargeback", cb.order_id, cb.kind)
    return sorted(events, key=lambda e: (e.at, e.kind))
