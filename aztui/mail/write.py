"""Writing what e-mails said: one call for ``aztui import``, the inbox and the IMAP source.

Each instant an e-mail gives is its ``Date``, an upper bound of the event (Amazon writes after
the fact). So within a batch and against the store, a record said by e-mail keeps the
earlier instant already known: an answer read before the buyer's message stands in with its
own time as the receipt time until the message itself is read; a cancellation request never
moves an order's purchase date later. Claims and returns without their Amazon id merge with
the real ones in the store's own write (``aztui.domain.standins``), whoever writes them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from aztui.domain.model import BuyerMessage, Order, Record
from aztui.domain.standins import earliest, fold_said
from aztui.mail import RECORDED, MailReading

if TYPE_CHECKING:
    from aztui.store.protocol import Store, WriteResult


def said(readings: Iterable[MailReading]) -> list[Record]:
    """The records of the recorded readings, one per key, earlier instants kept."""
    merged: dict[tuple[str, tuple[object, ...]], Record] = {}
    for reading in readings:
        if reading.outcome != RECORDED:
            continue
        for record in reading.records:
            ident = (record.record_type, record.key)
            previous = merged.get(ident)
            merged[ident] = record if previous is None else earliest(previous, record)
    return list(merged.values())


async def write_readings(
    store: Store, readings: Iterable[MailReading], *, source: str
) -> WriteResult:
    """Write the records of ``readings`` in one transaction (see the module's docstring)."""
    return await store.write(await fold_with_held(store, said(readings)), source=source)


async def fold_with_held(store: Store, records: list[Record]) -> list[Record]:
    """``records`` said by e-mail, each order and buyer message keeping the earlier instants
    the store holds for it (the IMAP source's sync writes through this too)."""
    ids = sorted(
        {
            r.order_id
            for r in records
            if isinstance(r, Order | BuyerMessage) and r.order_id is not None
        }
    )
    held: list[Record] = []
    if ids:
        for bundle in (await store.bundles(ids)).values():
            if bundle.order is not None:
                held.append(bundle.order)
            held.extend(bundle.messages)
    return fold_said(records, held)
