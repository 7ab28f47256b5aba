"""``u``: the last one-key write taken back, for a few seconds after it.

A one-key write (a claim step, a return acted on, a message answered, a snooze) keeps how to
put things back: the record as it was before, written back in place of the one the key wrote,
provided nobody changed that one meanwhile (a teammate's later step is never undone).
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from aztui.domain.actions import Change
from aztui.domain.model import OrderBundle, Record

if TYPE_CHECKING:
    from aztui.tui.panes.base import TablePane

UNDO_SECONDS = 10.0
"""How long after a one-key write ``u`` takes it back."""


@dataclass(frozen=True)
class Undoable:
    """The last one-key write: what the toast said of it, and how to take it back."""

    subject: str
    """What was written (a claim, a return, a message, an order)."""
    undo: Callable[[], Awaitable[object]]
    until: float
    """``time.monotonic()`` after which it is too late."""
    row: Row | None = None
    """Where the cursor was when the key wrote: it comes back there when undone."""

    @property
    def expired(self) -> bool:
        return time.monotonic() > self.until


@dataclass(frozen=True)
class Undone:
    """What a one-key write returns: how to take it back."""

    undo: Callable[[], Awaitable[object]]
    row: Row | None = None


@dataclass(frozen=True)
class Row:
    """A pane's row, by its key: where the cursor goes back to once the pane shows it
    again (a write may have moved it out: a claim answered leaves "Action requise")."""

    pane: TablePane
    key: str
    until: float
    """``time.monotonic()`` after which the cursor stays where it is."""

    def shown_at(self, pane: object) -> int | None:
        """The row's index in ``pane``'s table, if ``pane`` is its pane and shows it."""
        if pane is not self.pane or time.monotonic() > self.until:
            return None
        return self.pane.table.index_of(self.key)


def later() -> float:
    return time.monotonic() + UNDO_SECONDS


def held(bundle: OrderBundle | None, record_type: str, key: str) -> Record | None:
    """The claim, return or message ``key`` of ``bundle`` as the store holds it."""
    if bundle is None:
        return None
    records: tuple[Record, ...] = {
        "claim": bundle.claims,
        "return": bundle.returns,
        "message": bundle.messages,
    }.get(record_type, ())
    return next((r for r in records if r.key == (key,)), None)


def restore(before: Record | None, after: Record | None) -> Change:
    """Put ``before`` back in place of ``after`` (the record a key wrote), refused if
    ``after`` changed since; a record the key created goes away."""
    if after is None:
        return Change(())
    if before is None:
        return Change((), remove=(after,), expect=(after,))
    return Change((before,), remove=(after,), expect=(after,))
