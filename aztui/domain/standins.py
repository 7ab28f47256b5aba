"""Records read from Amazon's e-mails that stand in for the real ones until they arrive.

Amazon's e-mails often carry no claim id and no return id: such a claim is kept as
``email:<order id>:<type>`` (a return as ``email:<order id>``), and merges with the real one
— the same order and type — whichever comes first, never doubling it. Every instant an e-mail
gives is its ``Date``: an upper bound of when the event happened (Amazon writes after the
fact), so where the store already holds an earlier instant for the same event, that one
stays. Pure: the store calls ``fold`` inside its write transaction.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, TypeVar

from aztui.domain.model import BuyerMessage, Claim, ClaimType, Order, Record, ReturnRequest

EMAIL_PREFIX = "email:"

R = TypeVar("R", bound=Record)


def email_claim_id(order_id: str, claim_type: ClaimType) -> str:
    return f"{EMAIL_PREFIX}{order_id}:{claim_type.value}"


def email_return_id(order_id: str) -> str:
    return f"{EMAIL_PREFIX}{order_id}"


def is_standin(record: Record) -> bool:
    """A claim or return known only from an e-mail, under its stand-in id."""
    ident = record.key[0]
    return isinstance(record, Claim | ReturnRequest) and str(ident).startswith(EMAIL_PREFIX)


def earliest(held: R, said: R) -> R:
    """``said`` merged over ``held``, but every instant both give keeps the earlier one."""
    merged = held.merged_with(said)
    changes = {
        f.name: getattr(held, f.name)
        for f in dataclasses.fields(held)
        if isinstance(getattr(held, f.name), datetime)
        and isinstance(getattr(said, f.name), datetime)
        and getattr(held, f.name) < getattr(said, f.name)
    }
    return dataclasses.replace(merged, **changes) if changes else merged


def _matches(real: Claim, standin: Claim) -> bool:
    return real.order_id == standin.order_id and (
        real.type == standin.type or standin.type is ClaimType.OTHER
    )


def _partner(standin: Record, candidates: Iterable[Record]) -> Record | None:
    """The real claim or return (not a stand-in) ``standin`` is, the latest filed if several."""
    found: list[Record] = []
    for c in candidates:
        if is_standin(c) or type(c) is not type(standin):
            continue
        if (isinstance(standin, Claim) and isinstance(c, Claim) and _matches(c, standin)) or (
            isinstance(standin, ReturnRequest)
            and isinstance(c, ReturnRequest)
            and c.order_id == standin.order_id
        ):
            found.append(c)
    if not found:
        return None
    return max(found, key=lambda c: (_when(c), c.key))


def _when(record: Record) -> datetime:
    if isinstance(record, Claim):
        return record.filed_at
    assert isinstance(record, ReturnRequest)
    return record.requested_at


def fold(incoming: Sequence[Record], held: Sequence[Record]) -> tuple[list[Record], list[Record]]:
    """(records to write, stand-ins to remove) for ``incoming`` given the claims, returns,
    orders and messages the store ``held`` for the same orders and ids.

    - a stand-in whose real record is held or incoming is written under the real id;
    - a real record arriving where a stand-in is held takes the stand-in's fields (its own
      win) and the stand-in is removed;
    - a stand-in merging with a held record keeps the earlier instants;
    - two stand-ins of one order's claim, one of them not saying its type, are one claim.
    """
    real_by_order = _by_order(r for r in [*held, *incoming] if not is_standin(r))
    held_standins = _by_order(r for r in held if is_standin(r))
    held_by_key = {(r.record_type, r.key): r for r in held}
    out: list[Record] = []
    written_standins: dict[str, list[int]] = {}  # where each order's stand-in claims are in out
    remove: list[Record] = []
    for record in incoming:
        if is_standin(record):
            partner = _partner(record, real_by_order.get(_order_of(record), ()))
            if partner is not None:
                ident: dict[str, Any] = {record.key_fields[0]: partner.key[0]}
                if isinstance(record, Claim) and isinstance(partner, Claim):
                    ident["type"] = partner.type  # an e-mail that did not say takes it
                moved = dataclasses.replace(record, **ident)
                base = held_by_key.get((moved.record_type, moved.key), partner)
                out.append(earliest(base, moved))
                continue
            if isinstance(record, Claim) and _join_sibling(
                record, out, written_standins, held_standins.get(record.order_id, ()), remove
            ):
                continue
            stored = held_by_key.get((record.record_type, record.key))
            if isinstance(record, Claim):
                written_standins.setdefault(record.order_id, []).append(len(out))
            out.append(earliest(stored, record) if stored is not None else record)
            continue
        if isinstance(record, Claim | ReturnRequest):
            standins = [
                h for h in held_standins.get(record.order_id, ()) if _partner(h, [record]) is record
            ]
            for standin in standins:
                changes: dict[str, Any] = {record.key_fields[0]: record.key[0]}
                moved = dataclasses.replace(standin, **changes)
                record = moved.merged_with(record)
                remove.append(standin)
        out.append(record)
    return out, remove


def _order_of(record: Record) -> str:
    return record.order_id if isinstance(record, Claim | ReturnRequest) else ""


def _by_order(records: Iterable[Record]) -> dict[str, list[Record]]:
    """The claims and returns among ``records`` by order id, in their order: each record is
    compared with its own order's only (a sync writes thousands)."""
    found: dict[str, list[Record]] = {}
    for record in records:
        if isinstance(record, Claim | ReturnRequest):
            found.setdefault(record.order_id, []).append(record)
    return found


def _siblings(a: Record, b: Claim) -> bool:
    """Two e-mail stand-ins of one claim: the same order, one of them not saying the type."""
    return (
        isinstance(a, Claim)
        and is_standin(a)
        and a.order_id == b.order_id
        and a.key != b.key
        and ClaimType.OTHER in (a.type, b.type)
    )


def _join(a: Claim, b: Claim) -> Claim:
    """One stand-in of ``a`` and ``b``, under the type one of them says."""
    typed = a.type if a.type is not ClaimType.OTHER else b.type
    ident = email_claim_id(a.order_id, typed)
    return earliest(
        dataclasses.replace(a, claim_id=ident, type=typed),
        dataclasses.replace(b, claim_id=ident, type=typed),
    )


def _join_sibling(
    record: Claim,
    out: list[Record],
    written: dict[str, list[int]],
    held: Sequence[Record],
    remove: list[Record],
) -> bool:
    """Merge ``record`` into a stand-in of the same claim already written in this batch (at
    the places ``written`` gives for its order) or held (``held``: its order's stand-ins,
    a held one whose id changes removed); ``False`` when there is none."""
    for index in written.get(record.order_id, ()):
        found = out[index]
        if isinstance(found, Claim) and _siblings(found, record):
            out[index] = _join(found, record)
            return True
    for kept in held:
        if isinstance(kept, Claim) and _siblings(kept, record):
            joined = _join(kept, record)
            if joined.key != kept.key:
                remove.append(kept)
            written.setdefault(record.order_id, []).append(len(out))
            out.append(joined)
            return True
    return False


def fold_said(incoming: Sequence[Record], held: Sequence[Record]) -> list[Record]:
    """Orders and messages an e-mail said, each keeping the earlier instants the store
    holds for it (a purchase or a receipt the e-mail's ``Date`` can only follow)."""
    held_by_key = {(r.record_type, r.key): r for r in held}
    out: list[Record] = []
    for record in incoming:
        stored = held_by_key.get((record.record_type, record.key))
        if isinstance(record, Order | BuyerMessage) and stored is not None:
            out.append(earliest(stored, record))
        else:
            out.append(record)
    return out
