"""The Store protocol: what every storage backend provides (SQLite built in, PostgreSQL later).

All methods are async. A store is built by a factory registered through
``aztui_register_stores`` with the engine that derives deadlines, facts and risks on write.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Collection, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from aztui.domain.alerts import Alert, Outgoing
from aztui.domain.deadlines import Deadline
from aztui.domain.engine import Engine
from aztui.domain.faults import PluginFault
from aztui.domain.health import AmazonFigure
from aztui.domain.metrics import MetricDefinition, Window
from aztui.domain.model import Claim, OrderBundle, Record, Shipment
from aztui.domain.risks import Risk
from aztui.domain.tracking import ParcelEvent, TrackingCheck
from aztui.errors import AztuiError

if TYPE_CHECKING:
    from aztui.domain.bulk_rules import RecordColumns


class StoreError(AztuiError):
    """A store that cannot be opened or written; the message says what to do."""


class RecordConflict(StoreError):
    """Records that, merged with what the store holds, break a domain rule.

    ``problems`` holds (record type, key, field, reason); nothing was written.
    """

    def __init__(self, problems: list[tuple[str, tuple, str, str]]) -> None:
        self.problems = problems
        first = problems[0]
        super().__init__(f"{first[0]} {'/'.join(map(str, first[1]))}: {first[2]}: {first[3]}")


@dataclass(frozen=True, slots=True)
class FieldChange:
    field: str
    seen: object
    """The value the writer based its change on."""
    stored: object
    """The value in the store now (another writer's)."""


class RecordChanged(StoreError):
    """A record changed in the store since the writer read it (a teammate acted first).

    ``changes`` lists the fields that differ; nothing was written. ``stored`` is the record as
    the store holds it now (None when it is gone), for the writer to look at and decide again.
    """

    def __init__(
        self, record_type: str, key: tuple, changes: list[FieldChange], stored: object
    ) -> None:
        self.record_type = record_type
        self.key = key
        self.changes = changes
        self.stored = stored
        what = ", ".join(f"{c.field}: {c.seen!s} → {c.stored!s}" for c in changes)
        super().__init__(f"{record_type} {'/'.join(map(str, key))} changed meanwhile ({what})")


@dataclass(frozen=True, slots=True)
class WriteResult:
    written: dict[str, int] = field(default_factory=dict)
    """Records written per record type (new or changed)."""
    bundles: int = 0
    """Orders whose deadlines, facts and risks were derived again."""


@runtime_checkable
class Store(Protocol):
    url: str
    engine: Engine

    async def open(self) -> None:
        """Connect and bring the schema up to date."""

    async def close(self) -> None: ...

    async def write(
        self,
        records: Sequence[Record],
        *,
        source: str = "",
        remove: Sequence[Record] = (),
        expected: Sequence[Record] = (),
        absent: Sequence[Record] = (),
    ) -> WriteResult:
        """Upsert records, field by field where the new one has a value, and derive again the
        bundles they touch; all or nothing. Raises ``RecordConflict``.

        ``remove``: records whose keys are deleted first, in the same transaction (a corrected
        tracking number replaces the wrong one). ``expected``: records as the writer last saw
        them; if the store holds anything else for one of them (another writer came first),
        nothing is written and ``RecordChanged`` says what changed. ``absent``: records the
        writer believes new; if the store holds one already (a teammate recorded it), the
        same. Writers are serialised, so of two writers expecting the same record, one wins
        and the other is told. A plugin rule or metric that fails while the bundles are
        derived is kept in ``plugin_faults``, in the same transaction."""

    async def write_batches(
        self, batches: Callable[[], AsyncGenerator[Sequence[Record], None]], *, source: str = ""
    ) -> WriteResult:
        """``write`` for a file too large to hold: its records in batches, all in one
        transaction, all or nothing; each call of ``batches`` gives them from the first (a
        backend that lost its connection writes them again). Raises ``RecordConflict``."""

    async def bulk_types(self) -> frozenset[str]:
        """The record types ``bulk_load`` would take now (none: every write goes through
        ``write``). A store offers a bulk path only where it gives the same result."""

    async def bulk_load(self, columns: RecordColumns) -> WriteResult | None:
        """Write a large batch of new records given as columns, and what they derive, in one
        transaction; ``None`` when it cannot (the caller then uses ``write``)."""

    async def merge_types(self) -> frozenset[str]:
        """The record types ``merge_load`` takes (none: every write goes through ``write``)."""

    async def merge_load(self, columns: RecordColumns) -> WriteResult | None:
        """Merge records given as columns into whatever the store holds, as ``write`` would,
        and derive again exactly the bundles they change, in one transaction; ``None``, with
        nothing written, when the records must go through ``write`` after all."""

    async def deadlines(
        self,
        now: datetime,
        *,
        include_done: bool = False,
        due_before: datetime | None = None,
        order_id: str | None = None,
    ) -> list[Deadline]:
        """Open and overdue deadlines by due time (``include_done`` adds met and missed)."""

    async def metric_counts(
        self, metric: MetricDefinition, window: Window, now: datetime
    ) -> tuple[int, int]:
        """(numerator, denominator) of a metric over a window."""

    async def metric_defects(
        self, metric: MetricDefinition, window: Window, now: datetime
    ) -> list[tuple[str, datetime]]:
        """The defects of a window as (subject, basis instant)."""

    async def risks(
        self,
        now: datetime,
        *,
        order_id: str | None = None,
        since: datetime | None = None,
        signals: Collection[str] | None = None,
    ) -> list[Risk]:
        """Risk signals active at ``now``; only those that appeared after ``since``, and of
        ``signals``, when given (the alerts ask for the few that need an action)."""

    async def bundle(self, order_id: str) -> OrderBundle | None:
        """Everything known about one order, or None."""

    async def bundles(self, order_ids: Sequence[str]) -> dict[str, OrderBundle]:
        """Everything known about each of these orders (those the store knows), in one go."""

    async def claims(self, *, filed_since: datetime, ids: Sequence[str] = ()) -> list[Claim]:
        """The claims a seller is still working on: filed since ``filed_since``, undecided,
        with an appeal under way, or among ``ids``; however long the history."""

    async def write_tracking(
        self,
        shipments: Sequence[Shipment],
        events: Sequence[ParcelEvent],
        checks: Sequence[TrackingCheck],
    ) -> int:
        """Carrier facts in one transaction: ``shipments`` merged like any write (their risks
        and metrics derived again), each event kept once (a number, an instant and a code are
        its identity; a carrier that rewords one updates it), and when each parcel was asked.
        Returns how many events were new or changed."""

    async def tracking_due(
        self, *, confirmed_since: datetime, checked_before: datetime
    ) -> list[Shipment]:
        """Parcels to ask about: with a number, neither delivered nor returned, confirmed
        since ``confirmed_since``, and not asked since ``checked_before``."""

    async def tracking_events(self, order_id: str) -> list[ParcelEvent]:
        """The carrier events of an order's parcels, oldest first."""

    async def tracking_checks(self) -> list[TrackingCheck]:
        """The last answer about every parcel asked (``aztui track`` reports from them)."""

    async def enqueue_alerts(self, routed: Sequence[tuple[Alert, str, datetime]]) -> int:
        """Put each (alert, channel, not before) in the outbox, once: an alert already there
        for that channel is left as it is (sent, waiting or given up). Returns how many are
        new."""

    async def due_alerts(self, now: datetime, limit: int = 100) -> list[Outgoing]:
        """Alerts waiting for a channel whose time has come, oldest first."""

    def exclusive(self, job: str) -> contextlib.AbstractAsyncContextManager[bool]:
        """Held while this process does ``job`` (``sending`` the outbox, ``tracking`` the
        parcels): True when it may, False while another process does it on the same store,
        so two aztui on one store never send an alert twice nor ask a carrier twice.
        Released when the process ends, however it ends."""

    async def record_delivery(
        self,
        alert_id: str,
        channel: str,
        *,
        sent_at: datetime | None,
        error: str | None = None,
        retry_at: datetime | None = None,
        tried: bool = True,
    ) -> None:
        """What a send did: sent (``sent_at``), to try again at ``retry_at``, or given up.
        ``tried=False``: nothing was sent (the channel is unavailable), so the count of
        attempts, which spaces the retries, stays as it was."""

    async def outbox(self) -> list[Outgoing]:
        """Everything in the outbox (reports, tests)."""

    async def snooze(self, subject: str, until: datetime) -> None:
        """No alert about ``subject`` before ``until``."""

    async def snoozed(self, now: datetime) -> dict[str, datetime]:
        """Subjects snoozed at ``now``, with when the snooze ends."""

    async def missed(self, since: datetime, now: datetime) -> list[Deadline]:
        """Pending deadlines that became missed between ``since`` and ``now``."""

    async def find_orders(self, text: str, limit: int = 20) -> list[str]:
        """Order ids holding ``text``: those starting with it first, then the others, each
        group in id order; at most ``limit`` (the command palette's search)."""

    def records(self, record_type: str) -> AsyncIterator[Record]:
        """Every record of a type, in key order (for export)."""

    async def counts(self) -> dict[str, int]:
        """Records per type."""

    async def rederive(self) -> int:
        """Derive every bundle again (after a policy change); returns how many. In the same
        transaction, the plugin faults of the rules and metrics that ran cleanly (at the
        version that failed, or a newer one) are cleared, and those met are kept."""

    async def plugin_faults(self) -> list[PluginFault]:
        """Each plugin rule or metric whose results some stored bundles lack (kept by any
        aztui on this store), until a complete derivation runs it cleanly."""

    async def write_amazon_figures(
        self, figures: Sequence[AmazonFigure], imported_at: datetime
    ) -> int:
        """Keep Amazon's figures; a figure already held (same marketplace, metric and window
        end) is replaced. Returns how many were new."""

    async def amazon_figures(self, marketplace: str) -> dict[str, AmazonFigure]:
        """The latest figure Amazon gave for each metric of ``marketplace``."""

    async def get_meta(self, key: str) -> str | None:
        """A value the service keeps in the store (the fingerprint of the last derivation)."""

    async def set_meta(self, key: str, value: str) -> None: ...

    async def update_meta(self, key: str, change: Callable[[str | None], str]) -> str:
        """Write ``change(value held)`` (None when none) in one write transaction, so that
        concurrent updates of one key by several processes all count; returns the new value.
        ``change`` may be called again if the backend retries the transaction."""

    async def data_version(self) -> int:
        """A number that changes whenever any process writes the store."""

    offline: str | None
    """Why the store cannot be reached now (it is retrying), None when it can. A local file
    is never offline."""

    def watch(self, changed: Callable[[], None]) -> None:
        """Call ``changed`` soon after another process writes the store, or when it comes back
        online. A store that cannot tell never calls it (the app polls ``data_version``)."""
