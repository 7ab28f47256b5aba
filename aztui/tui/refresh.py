"""How the app keeps its panes fresh: a snapshot read by one exclusive worker, never on the
UI's path, the pane in view painted first.

A refresh asked for while one runs (a save, a teammate's write, the one-second look) is not
started beside it: the running one looks again when it ends.
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Protocol

from aztui.domain.deadlines import Deadline
from aztui.tui.host import Host
from aztui.tui.panes.base import TablePane
from aztui.tui.snapshot import Snapshot, read_snapshot, read_today
from aztui.tui.table import RowTable


class ShownPane(Protocol):
    """A pane the snapshot fills."""

    @property
    def table(self) -> RowTable: ...

    def show(self, snapshot: Snapshot, now: datetime) -> None: ...


class RefreshHost(Host, Protocol):
    """What ``Refresher`` uses of the app besides the ``Host``."""

    @property
    def panes(self) -> Sequence[ShownPane]: ...

    def current_pane(self) -> TablePane | None: ...

    def show_position(self, table: RowTable) -> None: ...

    def show_header(self, now: datetime, active: tuple[Deadline, ...]) -> None: ...

    def call_after_refresh(self, callback: Callable[[], object]) -> bool: ...


class Refresher:
    """The store's data version the panes show, and the refresh under way."""

    def __init__(self, app: RefreshHost) -> None:
        self.app = app
        self.version: int | None = None
        self.stale_at: datetime | None = None
        """When the panes go stale without a write (a snooze ends): read the store again."""
        self.snapshot: Snapshot | None = None
        self.filled: set[int] = set()
        """The panes (``id``) showing ``snapshot`` already."""
        self.refreshing = False
        self.again = False
        """A refresh was asked for while one ran: look again when it ends."""

    def refresh(self, *, only_if_changed: bool = False) -> None:
        """Start a refresh, or look again once the running one ends."""
        if self.refreshing:
            self.again = True
            return
        self.refreshing = True
        self.app.run_worker(self._refresh(only_if_changed), group="refresh", exit_on_error=False)

    async def _refresh(self, only_if_changed: bool) -> None:
        app = self.app
        try:
            if (
                only_if_changed
                and self.version is not None
                and (self.stale_at is None or app.clock() < self.stale_at)
                and await app.service.store.data_version() == self.version
            ):
                return
            lang = app.config.language
            if self.version is None:  # opening: Today's rows before the orders are read
                await self.show_first(await read_today(app.service, app.clock(), lang))
            snapshot = await read_snapshot(app.service, app.clock(), lang)
            self.version, self.stale_at = snapshot.version, snapshot.stale_at
            self.snapshot, self.filled = snapshot, set()
            await self.show_first(snapshot)
            for pane in app.panes:
                self.catch_up(pane)
                await asyncio.sleep(0)  # keys typed meanwhile are read between panes
            # The snapshot's rows live until the next one: the collector need not walk them
            # again (at 50,000 rows a full walk stopped the app for a second, again and
            # again). Objects no longer used are still freed by their reference count; the
            # young generations are collected first, so little cyclic garbage is frozen.
            gc.collect(1)
            gc.freeze()
        finally:
            self.refreshing = False
            if self.again:
                self.again = False
                self.refresh(only_if_changed=True)

    async def show_first(self, snapshot: Snapshot) -> ShownPane | None:
        """The pane in view and the header first, painted before the panes out of view are
        filled (at 5,000 orders each takes longer than the frame the seller waits for)."""
        app = self.app
        now, shown = app.clock(), app.current_pane()
        first = next((pane for pane in app.panes if pane is shown), None)
        if first is not None:
            first.show(snapshot, now)
            if snapshot is self.snapshot:
                self.filled.add(id(first))
            app.show_position(first.table)
        app.show_header(now, snapshot.active)
        painted = asyncio.Event()
        app.call_after_refresh(painted.set)
        await painted.wait()
        return first

    def catch_up(self, pane: ShownPane) -> None:
        """Fill ``pane`` with the last snapshot if it does not show it yet: a pane brought
        into view before its turn (``4`` pressed as the app opens) has its rows at once."""
        if self.snapshot is not None and id(pane) not in self.filled:
            self.filled.add(id(pane))
            pane.show(self.snapshot, self.app.clock())
