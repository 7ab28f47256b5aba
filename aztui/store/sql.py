"""What the SQL stores share: every query and the write path, over a connection with
aiosqlite's interface (``execute``, ``executemany``, ``execute_fetchall``).

A backend supplies the connection (``db`` for one statement, ``reading()`` for several that
belong together, ``transaction()`` for a write) and its own ``open``, ``data_version`` and bulk
path; the SQL here is written to run unchanged on SQLite and on PostgreSQL (the PostgreSQL
connection translates the placeholders and the few SQLite-only spellings).
"""

from __future__ import annotations

import contextlib
import json
from collections import Counter
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable, Collection, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from aztui.domain.alerts import Alert, Outgoing
from aztui.domain.deadlines import Deadline, DeadlineStatus
from aztui.domain.engine import Engine
from aztui.domain.health import AmazonFigure
from aztui.domain.heap import paused_gc
from aztui.domain.metrics import Bound, ColumnFacts, MetricDefinition, Window
from aztui.domain.model import Claim, OrderBundle, Record, Shipment
from aztui.domain.risks import Risk
from aztui.domain.timeutil import from_epoch, to_epoch
from aztui.domain.tracking import ParcelEvent, TrackingCheck
from aztui.store import sql_health, sql_meta, sql_outbox, sql_search, sql_tracking
from aztui.store.bundles import MAX_EPOCH
from aztui.store.codec import CODECS
from aztui.store.protocol import WriteResult
from aztui.store.sql_faults import FaultTable
from aztui.store.sql_write import BundleWriter, is_empty

if TYPE_CHECKING:
    from aztui.domain.bulk_rules import RecordColumns

SUBJECTS = {
    "orders": "order_id",
    "shipments": "coalesce(nullif(tracking_number, ''), order_id)",
    "returns": "return_id",
    "messages": "message_id",
}
T = TypeVar("T")
BULK_TYPES = frozenset({"order"})
"""What a bulk path takes: orders, whose derivation has a columnar form
(``aztui.domain.bulk_rules``, ``aztui.store.bulk``)."""
DEADLINE_COLUMNS = "rule, subject, order_id, due, starts_at, done, done_at, closed, after_due"


def _deadline(row: Sequence[Any]) -> Deadline:
    rule, subject, order_id, due, starts, done, done_at, closed, after_due = row
    return Deadline(
        rule,
        subject,
        order_id,
        from_epoch(due),
        from_epoch(starts),
        bool(done),
        from_epoch(done_at),
        bool(closed),
        DeadlineStatus(after_due),
    )


class SQLStore(FaultTable):
    """The queries and writes of a store; a subclass provides the connection."""

    engine: Engine
    url: str
    offline: str | None = None

    def watch(self, changed: Callable[[], None]) -> None:
        """A store this process alone writes (or polled by ``data_version``) never calls."""

    @property
    def db(self) -> Any:
        """Runs one statement (a subclass's connection, or one borrowed from its pool)."""
        raise NotImplementedError

    @contextlib.asynccontextmanager
    async def reading(self) -> AsyncIterator[Any]:
        """One connection for reads that belong together (a temp table, a long cursor)."""
        yield self.db

    def transaction(self) -> contextlib.AbstractAsyncContextManager[Any]:
        """A write transaction: all or nothing."""
        raise NotImplementedError

    # -- bulk path -----------------------------------------------------------------------------

    async def bulk_types(self) -> frozenset[str]:
        """Orders, into a store that holds nothing, when every rule and metric is built in
        (the columnar derivation is the built-in rules')."""
        if not self.engine.builtin_only or not await is_empty(self.db):
            return frozenset()
        return BULK_TYPES

    def takes_bulk(self, columns: RecordColumns) -> bool:
        return columns.record_type in BULK_TYPES and self.engine.builtin_only

    async def merge_types(self) -> frozenset[str]:
        return frozenset(CODECS)

    async def merge_load(self, columns: RecordColumns) -> WriteResult | None:
        """The set-based path (``aztui.store.sql_merge``), in one transaction."""
        from aztui.store.sql_merge import NotMerged, merge

        try:
            return await self.writing(lambda db: merge(db, self.engine, columns))
        except NotMerged:
            return None

    # -- moving a store (``aztui.store.move``) ---------------------------------------------------

    @contextlib.asynccontextmanager
    async def snapshot(self) -> AsyncIterator[Any]:
        """A read-only view of every table as of one instant."""
        async with self.reading() as db:
            await db.execute("BEGIN")
            try:
                yield db
            finally:
                await db.execute("COMMIT")

    async def table_rows(self, db: Any, sql: str) -> AsyncIterator[tuple[list[str], list[tuple]]]:
        """A query's column names and rows, a batch at a time."""
        cursor = await db.execute(sql)
        columns = [d[0] for d in cursor.description]
        while rows := await cursor.fetchmany(5000):
            yield columns, rows
        await cursor.close()

    async def load_rows(
        self, db: Any, table: str, batches: AsyncIterator[tuple[list[str], list[tuple]]]
    ) -> int:
        """Insert batches of rows as they are, in the caller's transaction; how many."""
        count = 0
        async for columns, rows in batches:
            marks = ", ".join("?" * len(columns))
            await db.executemany(
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows
            )
            count += len(rows)
        return count

    async def after_load(self, db: Any) -> None:
        """What a backend must do after rows were loaded as they are (nothing here)."""

    async def writing(self, work: Callable[[Any], Awaitable[T]]) -> T:
        """``work`` in one transaction. A backend that can lose its connection runs it again
        when the first attempt did not commit (``work`` only touches the transaction)."""
        with paused_gc():
            async with self.transaction() as db:
                return await work(db)

    # -- writing ----------------------------------------------------------------------------

    async def write(
        self,
        records: Sequence[Record],
        *,
        source: str = "",
        remove: Sequence[Record] = (),
        expected: Sequence[Record] = (),
        absent: Sequence[Record] = (),
    ) -> WriteResult:
        return await self.writing(
            lambda db: BundleWriter(db, self.engine).write(
                records, source=source, remove=remove, expected=expected, absent=absent
            )
        )

    async def write_batches(
        self, batches: Callable[[], AsyncGenerator[Sequence[Record], None]], *, source: str = ""
    ) -> WriteResult:
        async def work(db: Any) -> WriteResult:
            writer = BundleWriter(db, self.engine)
            written: Counter[str] = Counter()
            bundles = 0
            async with contextlib.aclosing(batches()) as taken:  # a refusal stops the reading
                async for batch in taken:
                    result = await writer.write(batch, source=source, logged=False)
                    written.update(result.written)
                    bundles += result.bundles
            await writer.log_import(source, dict(written))
            return WriteResult(dict(written), bundles)

        return await self.writing(work)

    async def rederive(self) -> int:
        return await self.writing(lambda db: BundleWriter(db, self.engine).rederive_all())

    async def write_amazon_figures(
        self, figures: Sequence[AmazonFigure], imported_at: datetime
    ) -> int:
        return await self.writing(lambda db: sql_health.write(db, figures, imported_at))

    async def amazon_figures(self, marketplace: str) -> dict[str, AmazonFigure]:
        return await sql_health.latest(self.db, marketplace)

    async def get_meta(self, key: str) -> str | None:
        return await sql_meta.read(self.db, key)

    async def set_meta(self, key: str, value: str) -> None:
        await self.writing(lambda db: sql_meta.write(db, key, value))

    async def update_meta(self, key: str, change: Callable[[str | None], str]) -> str:
        return await self.writing(lambda db: sql_meta.update(db, key, change))

    # -- reading ----------------------------------------------------------------------------

    async def deadlines(
        self,
        now: datetime,
        *,
        include_done: bool = False,
        due_before: datetime | None = None,
        order_id: str | None = None,
    ) -> list[Deadline]:
        params = {"now": to_epoch(now), "before": to_epoch(due_before), "order": order_id}
        where = []
        if due_before is not None:
            where.append("due < :before")
        if order_id is not None:
            where.append("bundle = :order")
        if include_done:
            parts = [self._deadline_select(where)]
        else:
            # Two index ranges: what is still ahead, and what stays overdue until done.
            # Missed deadlines of the past are never read, however long the history.
            pending = ["done = 0", "closed = 0"]
            parts = [
                self._deadline_select([*pending, "due > :now", *where]),
                self._deadline_select([*pending, "after_due = 'overdue'", "due <= :now", *where]),
            ]
        sql = " UNION ALL ".join(parts) + " ORDER BY due, rule, subject"
        rows = await self.db.execute_fetchall(sql, params)
        return [_deadline(row) for row in rows]

    @staticmethod
    def _deadline_select(where: list[str]) -> str:
        sql = f"SELECT {DEADLINE_COLUMNS} FROM deadlines"
        return sql + (" WHERE " + " AND ".join(where) if where else "")

    def _metric_sql(self, metric: MetricDefinition, select: str, extra: str = "") -> str:
        facts = metric.facts
        if isinstance(facts, ColumnFacts):
            where = [f"{facts.basis} >= :start", f"{facts.basis} < :end"]
            if facts.population:
                where.insert(0, f"{facts.population} = 1")
            if facts.eligible:
                where.append(f"{facts.eligible} <= :now")
            counted = facts.counted
            table = facts.table
            subject = SUBJECTS[table]
            basis = facts.basis
        else:
            where = [
                "metric = :metric",
                "basis_at >= :start",
                "basis_at < :end",
                "(eligible_at IS NULL OR eligible_at <= :now)",
            ]
            counted, table, subject, basis = "counted", "metric_facts", "subject", "basis_at"
        select = select.format(counted=counted, subject=subject, basis=basis)
        if extra:
            where.append(extra.format(counted=counted))
        return f"SELECT {select} FROM {table} WHERE {' AND '.join(where)}"

    @staticmethod
    def _window_params(metric: MetricDefinition, window: Window, now: datetime) -> dict:
        return {
            "start": to_epoch(window.start),
            "end": to_epoch(window.end),
            "now": to_epoch(now),
            "metric": metric.id,
        }

    async def metric_counts(
        self, metric: MetricDefinition, window: Window, now: datetime
    ) -> tuple[int, int]:
        sql = self._metric_sql(metric, "sum({counted}), count(*)")
        row = await (
            await self.db.execute(sql, self._window_params(metric, window, now))
        ).fetchone()
        return int(row[0] or 0), int(row[1] or 0)

    async def metric_defects(
        self, metric: MetricDefinition, window: Window, now: datetime
    ) -> list[tuple[str, datetime]]:
        defect = "{counted} = 1" if metric.bound is Bound.UPPER else "{counted} = 0"
        sql = self._metric_sql(metric, "{subject}, {basis}", defect) + " ORDER BY 2, 1"
        rows = await self.db.execute_fetchall(sql, self._window_params(metric, window, now))
        return [(subject, from_epoch(basis)) for subject, basis in rows]

    async def risks(
        self,
        now: datetime,
        *,
        order_id: str | None = None,
        since: datetime | None = None,
        signals: Collection[str] | None = None,
    ) -> list[Risk]:
        sql = (
            "SELECT signal, order_id, subject, detail, active_from, active_until FROM risks "
            "WHERE active_until > :now AND active_from <= :now"
        )
        if order_id is not None:
            sql += " AND bundle = :order"
        if since is not None:  # the index's second column: filtered before any row is read
            sql += " AND active_from > :since"
        if signals is not None:
            sql += " AND signal IN (SELECT value FROM json_each(:signals))"
        sql += " ORDER BY active_from, order_id, signal, subject"
        rows = await self.db.execute_fetchall(
            sql,
            {
                "now": to_epoch(now),
                "order": order_id,
                "since": to_epoch(since),
                "signals": json.dumps(sorted(signals or ())),
            },
        )
        return [
            Risk(
                signal,
                oid,
                subject,
                detail,
                from_epoch(start),
                None if end == MAX_EPOCH else from_epoch(end),
            )
            for signal, oid, subject, detail, start, end in rows
        ]

    async def bundle(self, order_id: str) -> OrderBundle | None:
        return (await self.bundles([order_id])).get(order_id)

    async def bundles(self, order_ids: Sequence[str]) -> dict[str, OrderBundle]:
        async with self.reading() as db:
            found = await BundleWriter(db, self.engine).load_bundles(sorted(set(order_ids)))
        return {
            key: b
            for key, b in found.items()
            if b.order is not None
            or any((b.shipments, b.returns, b.claims, b.messages, b.feedback, b.chargebacks))
        }

    async def claims(self, *, filed_since: datetime, ids: Sequence[str] = ()) -> list[Claim]:
        codec = CODECS["claim"]
        rows = await self.db.execute_fetchall(
            f"SELECT {codec.select} FROM claims WHERE filed_at >= ? OR decision IS NULL "
            "OR (appeal_filed_at IS NOT NULL AND appeal_outcome IS NULL) "
            "OR claim_id IN (SELECT value FROM json_each(?))",
            (to_epoch(filed_since), json.dumps(list(ids))),
        )
        return [codec.decode(row) for row in rows]  # type: ignore[misc]

    async def write_tracking(
        self,
        shipments: Sequence[Shipment],
        events: Sequence[ParcelEvent],
        checks: Sequence[TrackingCheck],
    ) -> int:
        async def work(db: Any) -> int:
            if shipments:
                await BundleWriter(db, self.engine).write(shipments, source="tracking")
            new = await sql_tracking.insert_events(db, events)
            await sql_tracking.upsert_checks(db, checks)
            return new

        return await self.writing(work)

    async def tracking_due(
        self, *, confirmed_since: datetime, checked_before: datetime
    ) -> list[Shipment]:
        return await sql_tracking.due(self.db, confirmed_since, checked_before)

    async def tracking_events(self, order_id: str) -> list[ParcelEvent]:
        return await sql_tracking.events_of(self.db, order_id)

    async def tracking_checks(self) -> list[TrackingCheck]:
        return await sql_tracking.checks(self.db)

    async def enqueue_alerts(self, routed: Sequence[tuple[Alert, str, datetime]]) -> int:
        if not routed:  # no transaction: a shared store's other apps are not woken for nothing
            return 0
        return await self.writing(lambda db: sql_outbox.enqueue(db, routed))

    async def due_alerts(self, now: datetime, limit: int = 100) -> list[Outgoing]:
        return await sql_outbox.due(self.db, now, limit)

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
        await self.writing(
            lambda db: sql_outbox.record(
                db, alert_id, channel, sent_at=sent_at, error=error, retry_at=retry_at, tried=tried
            )
        )

    async def outbox(self) -> list[Outgoing]:
        return await sql_outbox.entries(self.db)

    async def snooze(self, subject: str, until: datetime) -> None:
        await self.writing(lambda db: sql_outbox.snooze(db, subject, until))

    async def snoozed(self, now: datetime) -> dict[str, datetime]:
        return await sql_outbox.snoozed(self.db, now)

    async def missed(self, since: datetime, now: datetime) -> list[Deadline]:
        rows = await self.db.execute_fetchall(
            self._deadline_select(
                ["done = 0", "closed = 0", "after_due = 'missed'", "due > :since", "due <= :now"]
            )
            + " ORDER BY due",
            {"since": to_epoch(since), "now": to_epoch(now)},
        )
        return [_deadline(row) for row in rows]

    async def find_orders(self, text: str, limit: int = 20) -> list[str]:
        return await sql_search.find_orders(self.db, text, limit)

    async def records(self, record_type: str) -> AsyncIterator[Record]:
        codec = CODECS[record_type]
        async with self.reading() as db:
            cursor = await db.execute(
                f"SELECT {codec.select} FROM {codec.table} ORDER BY {', '.join(codec.key)}"
            )
            while rows := await cursor.fetchmany(5000):
                for row in rows:
                    yield codec.decode(row)
            await cursor.close()

    async def counts(self) -> dict[str, int]:
        out = {}
        for record_type, codec in CODECS.items():
            row = await (await self.db.execute(f"SELECT count(*) FROM {codec.table}")).fetchone()
            out[record_type] = row[0]
        return out
