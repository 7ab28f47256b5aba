"""One order's story in time: everything the store knows, oldest first (the order detail and,
later, the evidence for a claim response or an appeal)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from aztui.domain.model import OrderBundle
from aztui.domain.tracking import ParcelEvent


@dataclass(frozen=True, slots=True)
class Event:
    at: datetime
    kind: str
    """A stable id for the words (``purchased``, ``ship_by``, ``claim_filed`` …)."""
    subject: str
    """The object it is about: the order, a tracking number, a claim or message id."""
    detail: str = ""
    """Codes and values only (a carrier, a decision): never a buyer's data."""


def timeline(bundle: OrderBundle, scans: Sequence[ParcelEvent] = ()) -> list[Event]:
    """``scans``: the carrier events of the order's parcels, each shown as it came."""
    events: list[Event] = []

    def add(at: datetime | None, kind: str, subject: str, detail: str = "") -> None:
        if at is not None:
            events.append(Event(at, kind, subject, detail))

    if (order := bundle.order) is not None:
        add(
            order.purchase_date,
            "purchased",
            order.order_id,
            ""
            if order.order_total is None
            else f"{order.order_total:.2f} {order.currency or ''}".strip(),
        )
        add(order.latest_ship_date, "ship_by", order.order_id)
        add(order.latest_delivery_date, "deliver_by", order.order_id)
        add(
            order.cancelled_at,
            "cancelled",
            order.order_id,
            order.cancelled_by.value if order.cancelled_by else "",
        )
    for s in bundle.shipments:
        subject = s.tracking_number or s.order_id
        add(s.confirmed_at, "confirmed", subject, " ".join(filter(None, (s.carrier, s.service))))
        add(s.first_scan_at, "first_scan", subject)
        add(s.delivered_at, "delivered", subject)
    for scan in scans:
        e = scan.event
        add(
            e.at,
            "carrier_scan",
            scan.tracking_number,
            " · ".join(filter(None, (e.description or e.code, e.place))),
        )
    for m in bundle.messages:
        add(m.received_at, "message_received", m.message_id)
        add(m.answered_at, "message_answered", m.message_id)
    for r in bundle.returns:
        add(r.requested_at, "return_requested", r.return_id)
        add(r.acted_at, "return_acted", r.return_id, r.status.value if r.status else "")
    for c in bundle.claims:
        add(c.filed_at, "claim_filed", c.claim_id, c.type.value)
        add(c.response_requested_at, "response_requested", c.claim_id)
        add(c.responded_at, "responded", c.claim_id)
        add(
            c.decided_at,
            "decided",
            c.claim_id,
            " ".join(v.value for v in (c.decision, c.funded_by) if v is not None),
        )
        add(c.appeal_filed_at, "appeal_filed", c.claim_id)
        add(c.appeal_info_requested_at, "appeal_info_requested", c.claim_id)
        add(c.appeal_info_responded_at, "appeal_info_responded", c.claim_id)
        add(
            c.appeal_decided_at,
            "appeal_decided",
            c.claim_id,
            c.appeal_outcome.value if c.appeal_outcome else "",
        )
    for f in bundle.feedback:
        add(f.date, "feedback", f.order_id, f"{f.rating}★" + (" removed" if f.removed else ""))
    for cb in bundle.chargebacks:
        add(cb.date, "chargeback", cb.order_id, cb.kind.value if cb.kind else "")
    return sorted(events, key=lambda e: (e.at, e.kind))
