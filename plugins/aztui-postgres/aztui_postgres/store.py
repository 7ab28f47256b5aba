"""The PostgreSQL store: the shared SQL of ``aztui.store.sql`` over a psycopg connection pool.

- Reads borrow a pooled connection per statement, so the app's panes read side by side.
- Writes are serialised across the whole team by an advisory lock held for the transaction,
  as SQLite's ``BEGIN IMMEDIATE`` does on one machine: of two teammates expecting the same
  claim, the second sees the first's write and is told (``RecordChanged``).
- Each write notifies the others (``live.py``) and bumps a version row (``data_version``).
- A write that loses its connection is tried again with backoff, for ``WRITE_PATIENCE``
  seconds from the loss. Each attempt records its write id in the same transaction, so an
  attempt whose COMMIT was sent but not answered is looked up rather than applied twice.
- A lost server is a ``StoreError`` saying what was and was not written and what to do, never
  a driver's exception.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any, TypeVar

import psycopg
from psycopg.conninfo import conninfo_to_dict
from psycopg_pool import AsyncConnectionPool, PoolTimeout

from aztui.domain.bulk_rules import RecordColumns
from aztui.domain.engine import Engine
from aztui.domain.heap import paused_gc
from aztui.store.protocol import StoreError, WriteResult
from aztui.store.sql import SQLStore
from aztui_postgres import bulk
from aztui_postgres.connection import (
    PgConnection,
    PooledStatements,
    translate,
)
from aztui_postgres.ddl import POSTGRES_MIGRATIONS
from aztui_postgres.live import CHANNEL, Backoff, ConnectOptions, Listener, reason, stop
from aztui_postgres.schema import migrate

T = TypeVar("T")
POOL_SIZE = 4
CONNECT: ConnectOptions = {
    "connect_timeout": 5,
    "keepalives": 1,
    "keepalives_idle": 10,
    "keepalives_interval": 5,
    "keepalives_count": 3,
    "application_name": "aztui",
}
"""A dead server or network is noticed in seconds, not at the kernel's two hours; and the
database's administrator sees who connects (``pg_stat_activity``)."""
WAIT_FOR_CONNECTION = 5.0
WRITE_PATIENCE = 30.0
WRITE_LOCK = 0x617A7475690001  # every aztui's writes, one at a time
JOB_LOCKS = 0x617A7475  # "aztu": with a job's name, the one aztui doing it
LOST = (psycopg.OperationalError, PoolTimeout)
"""What a lost or unreachable server raises (a refused statement raises something else)."""
_UNSET: Any = object()
AGAIN = "once the store is back"

log = logging.getLogger(__name__)

# aztui says once what a lost server means for the work at hand (the app's header, the
# command's message); psycopg's warnings as it drops a broken connection, and the pool's at
# each failed reconnection, would only repeat it, in the driver's words.
logging.getLogger("psycopg").setLevel(logging.ERROR)


def display(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        parts = conninfo_to_dict(url)
    except psycopg.Error:
        return "postgresql://…"
    user = f"{parts['user']}@" if parts.get("user") else ""
    port = f":{parts['port']}" if parts.get("port") else ""
    return f"postgresql://{user}{parts.get('host', '')}{port}/{parts.get('dbname', '')}"


class PostgresStore(SQLStore):
    """The ``postgres`` store plugin."""

    def __init__(self, url: str, engine: Engine) -> None:
        self.dsn = url
        self.url = display(url)
        self.engine = engine
        self.offline: str | None = None
        self.origin = uuid.uuid4().hex
        """This aztui's id in notifications (its own are not news to it)."""
        self.write_patience = WRITE_PATIENCE
        self._pool: AsyncConnectionPool | None = None
        self._listener: asyncio.Task | None = None
        self._watchers: list[Callable[[], None]] = []
        self._version = 0
        self._writing = asyncio.Lock()

    # -- connection ---------------------------------------------------------------------------

    async def open(self) -> None:
        try:
            async with await psycopg.AsyncConnection.connect(
                self.dsn, autocommit=True, **CONNECT
            ) as conn:
                await migrate(conn, POSTGRES_MIGRATIONS)
        except (psycopg.Error, RuntimeError) as exc:
            raise StoreError(f"cannot open the store {self.url}: {reason(exc)}") from exc
        self._pool = AsyncConnectionPool(
            self.dsn,
            min_size=1,
            max_size=POOL_SIZE,
            open=False,
            name="aztui",
            kwargs={"autocommit": True, **CONNECT},
            check=AsyncConnectionPool.check_connection,
            timeout=WAIT_FOR_CONNECTION,
        )
        try:
            await self._pool.open(wait=True, timeout=WAIT_FOR_CONNECTION * 2)
        except PoolTimeout as exc:
            await self._pool.close()
            raise StoreError(
                f"cannot open the store {self.url}: no connection within "
                f"{WAIT_FOR_CONNECTION * 2:g} s"
            ) from exc
        listener = Listener(self.dsn, self.origin, self._changed, self._status, CONNECT)
        self._listener = asyncio.create_task(listener.run(), name="aztui-postgres-listen")
        with contextlib.suppress(TimeoutError):  # else it is offline, and says so
            await asyncio.wait_for(listener.listening.wait(), WAIT_FOR_CONNECTION * 2)

    async def close(self) -> None:
        await stop(self._listener)
        self._listener = None
        if self._pool is not None:
            await self._pool.close()
            self._pool = None

    @property
    def pool(self) -> AsyncConnectionPool:
        if self._pool is None:
            raise StoreError("the store is not open")
        return self._pool

    @property
    def db(self) -> PooledStatements:
        return PooledStatements(self.pool, self._lost)

    @contextlib.asynccontextmanager
    async def reading(self) -> AsyncIterator[PgConnection]:
        try:
            async with self.pool.connection() as conn:
                yield PgConnection(conn)
        except LOST as exc:
            raise self._lost(exc) from exc

    # -- live -----------------------------------------------------------------------------------

    def watch(self, changed: Callable[[], None]) -> None:
        self._watchers.append(changed)

    def _changed(self) -> None:
        for changed in self._watchers:
            changed()

    def _status(self, offline: str | None) -> None:
        self.offline = offline

    def _lost(self, exc: BaseException) -> StoreError:
        self.offline = reason(exc)
        return StoreError(f"the store {self.url} cannot be reached ({self.offline})")

    async def data_version(self) -> int:
        """The version row, or the last one read while the store is offline."""
        if self.offline is None:
            with contextlib.suppress(StoreError):
                row = await (
                    await self.db.execute("SELECT value FROM meta WHERE key = 'data_version'")
                ).fetchone()
                self._version = int(row[0]) if row else 0
        return self._version

    # -- writing --------------------------------------------------------------------------------

    @contextlib.asynccontextmanager
    async def transaction(self, write_id: str | None = None) -> AsyncIterator[PgConnection]:
        """One write, holding the team's write lock; it notifies the others as it commits."""
        async with self._writing, self.pool.connection() as conn:
            db = PgConnection(conn)
            await db.execute("BEGIN")
            try:
                await db.execute("SELECT pg_advisory_xact_lock(?)", (WRITE_LOCK,))
                yield db
                await db.execute(
                    "INSERT INTO meta VALUES ('data_version', '1') ON CONFLICT (key) DO UPDATE "
                    "SET value = CAST(CAST(meta.value AS BIGINT) + 1 AS TEXT)"
                )
                await db.execute("SELECT pg_notify(?, ?)", (CHANNEL, self.origin))
                if write_id is not None:
                    await db.execute(
                        "INSERT INTO aztui_writes VALUES (?, ?)", (write_id, int(time.time()))
                    )
            except BaseException:
                with contextlib.suppress(psycopg.Error):
                    await asyncio.shield(db.execute("ROLLBACK"))
                raise
            await db.execute("COMMIT")

    async def writing(self, work: Callable[[Any], Awaitable[T]]) -> T:
        """``work`` in one transaction, exactly once however the connection behaves: on a
        lost connection, an attempt that may have committed is looked up by its id, else
        the work runs again after a wait; ``write_patience`` seconds after the connection
        was lost it gives up (counted from the loss: a write that first waited long for the
        team's lock still waits that long for the server)."""
        write_id = uuid.uuid4().hex
        backoff = Backoff()
        give_up: float | None = None
        while True:
            result = _UNSET
            try:
                with paused_gc():
                    async with self.transaction(write_id) as db:
                        result = await work(db)
                self.offline = None
                return result
            except LOST as exc:
                error = self._lost(exc)
                if give_up is None:
                    give_up = time.monotonic() + self.write_patience
                    log.warning("%s: the write waits up to %g s for it", error, self.write_patience)
                if result is not _UNSET and await self._committed(write_id, give_up):
                    return result
                if time.monotonic() + backoff.next > give_up:
                    raise StoreError(
                        f"{error} for {self.write_patience:g} s; nothing was written: "
                        f"do it again {AGAIN}"
                    ) from exc
                await asyncio.sleep(backoff.take())

    async def _committed(self, write_id: str, give_up: float) -> bool:
        """Whether an attempt whose COMMIT went unanswered landed; asks until the store
        answers or time is up."""
        backoff = Backoff()
        while True:
            try:
                row = await (
                    await self.db.execute("SELECT 1 FROM aztui_writes WHERE id = ?", (write_id,))
                ).fetchone()
                return row is not None
            except StoreError as exc:
                if time.monotonic() + backoff.next > give_up:
                    raise StoreError(
                        f"{exc}; the connection was lost as a write committed, "
                        "and whether it landed is unknown: look before doing "
                        "it again"
                    ) from exc
                await asyncio.sleep(backoff.take())

    @contextlib.asynccontextmanager
    async def exclusive(self, job: str) -> AsyncIterator[bool]:
        """A session advisory lock named after the job: the server releases it when the
        process's connection ends, however it ends."""
        key = (JOB_LOCKS, job)
        try:
            async with self.pool.connection() as conn:
                row = await (
                    await conn.execute("SELECT pg_try_advisory_lock(%s, hashtext(%s))", key)
                ).fetchone()
                got = row is not None and bool(row[0])  # the SELECT answers one row
                try:
                    yield got
                finally:
                    if got:  # a lost connection took the lock with it
                        with contextlib.suppress(psycopg.Error):
                            await conn.execute("SELECT pg_advisory_unlock(%s, hashtext(%s))", key)
        except LOST as exc:
            raise self._lost(exc) from exc

    # -- moving a store ---------------------------------------------------------------------------

    @contextlib.asynccontextmanager
    async def snapshot(self) -> AsyncIterator[PgConnection]:
        async with self.reading() as db:
            await db.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            try:
                yield db
            finally:
                await db.execute("COMMIT")

    async def table_rows(
        self, db: PgConnection, sql: str
    ) -> AsyncIterator[tuple[list[str], list[tuple]]]:
        """Through a server-side cursor: a million rows never sit in memory at once."""
        cursor = db.conn.cursor(name="aztui_move")
        await cursor.execute(translate(sql))
        columns = [d.name for d in cursor.description or ()]
        while rows := await cursor.fetchmany(5000):
            yield columns, rows
        await cursor.close()

    async def load_rows(
        self, db: PgConnection, table: str, batches: AsyncIterator[tuple[list[str], list[tuple]]]
    ) -> int:
        """``COPY … FROM STDIN``: the rows streamed in, not one statement each."""
        first = await anext(batches, None)
        if first is None:
            return 0
        columns, rows = first
        count = 0
        async with db.conn.cursor().copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            while True:
                for row in rows:
                    await copy.write_row(row)
                count += len(rows)
                if (batch := await anext(batches, None)) is None:
                    break
                rows = batch[1]
        return count

    async def after_load(self, db: PgConnection) -> None:
        """Identity columns go on after the highest id copied."""
        for table, column in await db.execute_fetchall(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND is_identity = 'YES'"
        ):
            await db.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', '{column}'), "
                f"coalesce(max({column}), 0) + 1, false) FROM {table}"
            )

    def _lost_import(self, exc: BaseException) -> StoreError:
        self._lost(exc)
        return StoreError(
            f"the connection to the store {self.url} was lost during the import "
            f"({self.offline}); nothing of it was written: run the import again {AGAIN}"
        )

    async def bulk_load(self, columns: RecordColumns) -> WriteResult | None:
        if not self.takes_bulk(columns):
            return None
        try:
            async with self.transaction() as db:
                return await bulk.load(db, columns)
        except bulk.NotBulk:
            return None
        except LOST as exc:
            raise self._lost_import(exc) from exc
