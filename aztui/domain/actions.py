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
from aztui.domain.standins import is_standin
from aztui.errors import AztuiError

TRACKING_NUMBER = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{3,39}")
"""What carriers print: letters, digits and dashes, 4 to 40 of them."""


class ActionRefused(AztuiError, ValueError):
    """An action the domain will not record; the message says why."""


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


def _refuse_if(condition: bool, reason: str) -> None:
    if condition:
        raise ActionRefused(reason)


def _check_when(at: datetime, now: datetime, order: Order | None, what: str) -> None:
    _refuse_if(at > now, f"{what} is dated in the future")
    if order is not None:
        _refuse_if(
            at < order.purchase_date,
            f"{what} is before the order was placed ({order.purchase_date.isoformat()})",
        )


def _known_order(bundle: OrderBundle | None, order_id: str) -> Order:
    _refuse_if(
        bundle is None or bundle.order is None,
        f"order {order_id} is not in the store (import it first)",
    )
    assert bundle is not None and bundle.order is not None
    return bundle.order


def record_claim(bundle: OrderBundle | None, claim: Claim, now: datetime) -> Change:
    """A new A-to-z claim on an order, as Amazon's notice gives it."""
    _refuse_if(not claim.claim_id.strip(), "the claim needs its id (from Amazon's notice)")
    _refuse_if(claim.is_reported_only, "that id is reserved for claims seen in a returns report")
    _refuse_if(is_standin(claim), "that id is reserved for claims read from Amazon's e-mails")
    existing = bundle.claims if bundle is not None else ()
    _refuse_if(
        any(c.claim_id == claim.claim_id for c in existing),
        f"claim {claim.claim_id} is already recorded",
    )
    _check_when(claim.filed_at, now, bundle.order if bundle else None, "the claim")
    problems = claim_problems(claim)
    _refuse_if(bool(problems), problems[0][1] if problems else "")
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
    _refuse_if(not order.is_mfn, f"Amazon ships order {order_id} (FBA): no tracking to add")
    _refuse_if(order.is_cancelled, f"order {order_id} is cancelled")
    number = tracking_number.strip()
    _refuse_if(
        not TRACKING_NUMBER.fullmatch(number),
        f"{number!r} is not a tracking number (4 to 40 letters, digits or dashes)",
    )
    _check_when(confirmed_at, now, order, "the shipment")
    by_number = {s.tracking_number: s for s in bundle.shipments}
    if replacing is not None and replacing != number:
        old = by_number.get(replacing)
        _refuse_if(old is None, f"order {order_id} has no parcel {replacing or '(untracked)'}")
        _refuse_if(number in by_number, f"parcel {number} is already on order {order_id}")
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
    _refuse_if(not order.is_mfn, f"Amazon ships order {order_id} (FBA)")
    _refuse_if(order.is_cancelled, f"order {order_id} is already cancelled")
    _refuse_if(
        any(s.confirmed_at is not None for s in bundle.shipments)
        or order.status is OrderStatus.SHIPPED,
        f"order {order_id} is already shipped",
    )
    _check_when(at, now, order, "the cancellation")
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
