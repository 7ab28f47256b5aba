"""What a seller records by hand (the app's forms), checked against what the store knows.

Each function returns the records to write, or raises ``ActionRefused`` saying why the action
is impossible; none touches a store. Claim steps are ``lifecycle.apply_event``.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from datetime import datetime

from aztui.domain.lifecycle import claim_problems
from aztui.domain.model import (
    CancelledBy,
    Claim,
    Order,
    OrderBundle,
    OrderStatus,
    Record,
    Shipment,
)
from aztui.domain.refusals import Refusal
from aztui.domain.standins import is_standin

TRACKING_NUMBER = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{3,39}")
"""What carriers print: letters, digits and dashes, 4 to 40 of them."""
CLAIM_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{2,39}")
"""A claim id as Amazon's notice gives it (with a digit among them, checked apart): ``xx`` or
a pasted sentence is a typing slip, not an id."""


class ActionRefused(Refusal):
    """An action the domain will not record; its code says why (``aztui.domain.refusals``)."""


@dataclass(frozen=True, slots=True)
class Change:
    """Records to write, records whose keys go away in the same transaction (a corrected
    tracking number replaces the wrong one), and records as the seller saw them when deciding
    (the write is refused if a teammate changed one meanwhile), or records the seller is the
    first to record (refused if a teammate recorded one meanwhile)."""

    write: tuple[Record, ...]
    remove: tuple[Record, ...] = ()
    expect: tuple[Record, ...] = ()
    new: tuple[Record, ...] = ()


def _refuse_if(condition: bool, code: str, **values: object) -> None:
    if condition:
        raise ActionRefused(code, **values)


def _check_when(at: datetime, now: datetime, order: Order | None, what: str) -> None:
    _refuse_if(at > now, "dated_in_future", what=what)
    if order is not None:
        _refuse_if(
            at < order.purchase_date, "before_purchase", what=what, placed=order.purchase_date
        )


def _known_order(bundle: OrderBundle | None, order_id: str) -> Order:
    _refuse_if(
        bundle is None or bundle.order is None,
        "order_not_in_store",
        order=order_id,
    )
    assert bundle is not None and bundle.order is not None
    return bundle.order


def record_claim(bundle: OrderBundle | None, claim: Claim, now: datetime) -> Change:
    """A new A-to-z claim on an order, as Amazon's notice gives it."""
    _refuse_if(not claim.claim_id.strip(), "claim_id_missing")
    _refuse_if(claim.is_reported_only, "claim_id_reserved_report")
    _refuse_if(is_standin(claim), "claim_id_reserved_email")
    _refuse_if(
        not CLAIM_ID.fullmatch(claim.claim_id) or not any(c.isdigit() for c in claim.claim_id),
        "claim_id_malformed",
        claim=claim.claim_id,
    )
    existing = bundle.claims if bundle is not None else ()
    _refuse_if(
        any(c.claim_id == claim.claim_id for c in existing),
        "claim_already_recorded",
        claim=claim.claim_id,
    )
    _check_when(claim.filed_at, now, bundle.order if bundle else None, "claim")
    problems = claim_problems(claim)
    _refuse_if(bool(problems), "inconsistent_claim", problem=problems[0][1] if problems else "")
    return Change((claim,), new=(claim,))


def set_tracking(
    bundle: OrderBundle | None,
    order_id: str,
    tracking_number: str,
    carrier: str | None,
    confirmed_at: datetime,
    now: datetime,
    replacing: str | None = None,
) -> Change:
    """Confirm a parcel with its tracking number, or correct the number of one already
    confirmed (``replacing``: its current number, ``""`` for one confirmed without)."""
    order = _known_order(bundle, order_id)
    assert bundle is not None
    _refuse_if(not order.is_mfn, "fba_no_tracking", order=order_id)
    _refuse_if(order.is_cancelled, "order_cancelled", order=order_id)
    number = tracking_number.strip()
    _refuse_if(
        not TRACKING_NUMBER.fullmatch(number),
        "not_a_tracking_number",
        number=number,
    )
    _check_when(confirmed_at, now, order, "shipment")
    by_number = {s.tracking_number: s for s in bundle.shipments}
    if replacing is not None and replacing != number:
        old = by_number.get(replacing)
        _refuse_if(old is None and not replacing, "no_untracked_parcel", order=order_id)
        _refuse_if(old is None, "no_such_parcel", order=order_id, parcel=replacing)
        _refuse_if(number in by_number, "parcel_already_on_order", number=number, order=order_id)
        assert old is not None
        new = dataclasses.replace(
            old,
            tracking_number=number,
            carrier=carrier or old.carrier,
            confirmed_at=old.confirmed_at or confirmed_at,
            first_scan_at=None,
            delivered_at=None,
            status=None,
        )
        return Change((new,), (old,))
    if (same := by_number.get(number)) is not None:
        return Change((dataclasses.replace(same, carrier=carrier or same.carrier),))
    return Change((Shipment(order_id, number, confirmed_at=confirmed_at, carrier=carrier),))


def cancel_out_of_stock(
    bundle: OrderBundle | None, order_id: str, at: datetime, now: datetime
) -> Change:
    """The seller cancelled an order they cannot ship (at ``at``): it counts in the
    cancellation rate."""
    order = _known_order(bundle, order_id)
    assert bundle is not None
    _refuse_if(not order.is_mfn, "fba_order", order=order_id)
    _refuse_if(order.is_cancelled, "order_already_cancelled", order=order_id)
    _refuse_if(
        any(s.confirmed_at is not None for s in bundle.shipments)
        or order.status is OrderStatus.SHIPPED,
        "order_already_shipped",
        order=order_id,
    )
    _check_when(at, now, order, "cancellation")
    return Change(
        (
            dataclasses.replace(
                order,
                status=OrderStatus.CANCELED,
                cancelled_at=at,
                cancelled_by=CancelledBy.SELLER,
                out_of_stock=True,
            ),
        )
    )
