"""The built-in store: one SQLite file through aiosqlite.

WAL so readers never block the writer; a busy timeout on every connection and ``BEGIN
IMMEDIATE`` for writes so two aztui processes writing at once both succeed (one waits); every
write is one transaction, so a killed import leaves the store exactly as it was.

The file is the seller's business: aztui creates it ``0600`` (SQLite gives its ``-wal`` and
``-shm`` files the same mode) and refuses a symbolic link in its place (``aztui.files``).
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import aiosqlite

from aztui.domain.engine import Engine
from aztui.files import open_private, prepare_private
from aztui.store.protocol import StoreError, WriteResult
from aztui.store.schema import MIGRATIONS
from aztui.store.sql import SQLStore

if TYPE_CHECKING:
    from aztui.domain.bulk_rules import RecordColumns

BUSY_TIMEOUT_MS = 120_000
COMPANIONS = ("-wal", "-shm", "-journal")
"""The files SQLite keeps beside the store."""


def sqlite_path(url: str) -> Path:
    """``sqlite:///abs/path``, ``sqlite://rel/path`` or a plain path."""
    if url.startswith("sqlite:///"):
        return Path("/" + url.removeprefix("sqlite:///").lstrip("/"))
    if url.startswith("sqlite://"):
        return Path(url.removeprefix("sqlite://"))
    return Path(url).expanduser()


class SQLiteStore(SQLStore):
    """The ``sqlite`` store plugin."""

    def __init__(self, url: str | Path, engine: Engine) -> None:
        self.path = sqlite_path(str(url))
        self.url = f"sqlite:///{self.path.resolve()}"
        self.engine = engine
        self._db: aiosqlite.Connection | None = None
        self._writes = 0
        self._writing = asyncio.Lock()
        """One transaction at a time on the connection (the app writes while it tracks)."""

    # -- connection -------------------------------------------------------------------------

    async def open(self) -> None:
        try:
            await asyncio.to_thread(prepare_private, self.path, COMPANIONS)
            self._db = await aiosqlite.connect(self.path, isolation_level=None)
            await self._db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            await self._retry_locked(lambda: self.db.execute("PRAGMA journal_mode = WAL"))
            await self._db.execute("PRAGMA synchronous = NORMAL")
            await self._db.execute("PRAGMA temp_store = FILE")
            await self._db.execute("PRAGMA cache_size = -65536")
            await self._migrate()
        except (sqlite3.DatabaseError, OSError) as exc:
            await self.close()
            raise StoreError(f"cannot open the store {self.path}: {exc}") from exc

    @staticmethod
    async def _retry_locked(call, attempts: int = 200) -> Any:
        """Retry a statement that needs a brief exclusive lock (switching a new file to WAL)
        while another process holds it; the busy timeout does not cover that case."""
        for attempt in range(attempts):
            try:
                return await call()
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or attempt == attempts - 1:
                    raise
                await asyncio.sleep(min(0.01 * (attempt + 1), 0.2))
        return None

    async def close(self) -> None:
        if self._db is not None:
            await self._db.close()
            self._db = None

    @property
    def db(self) -> aiosqlite.Connection:
        if self._db is None:
            raise StoreError("the store is not open")
        return self._db

    @contextlib.asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """``BEGIN IMMEDIATE`` … ``COMMIT``, rolled back on any error or cancellation; the
        other writers of this process wait their turn."""
        async with self._writing:
            db = self.db
            for attempt in range(5):
                try:
                    await db.execute("BEGIN IMMEDIATE")
                    break
                except sqlite3.OperationalError as exc:
                    if "locked" not in str(exc) or attempt == 4:
                        raise StoreError(f"the store {self.path} stays locked: {exc}") from exc
                    await asyncio.sleep(0.2 * (attempt + 1))
            try:
                yield db
            except BaseException:
                await asyncio.shield(db.execute("ROLLBACK"))
                raise
            await db.execute("COMMIT")
            self._writes += 1

    async def _migrate(self) -> None:
        async with self.transaction() as db:
            row = await (await db.execute("PRAGMA user_version")).fetchone()
            assert row is not None  # a PRAGMA that reads a value always returns its row
            version = row[0]
            if version > len(MIGRATIONS):
                raise StoreError(f"{self.path} was written by a newer aztui (schema {version})")
            for number in range(version, len(MIGRATIONS)):
                for statement in MIGRATIONS[number]:
                    await db.execute(statement)
                await db.execute(f"PRAGMA user_version = {number + 1}")

    @contextlib.asynccontextmanager
    async def exclusive(self, job: str) -> AsyncIterator[bool]:
        """A lock on a file beside the store (``store.db.sending``), which the system
        releases with the process."""
        lock = await asyncio.to_thread(open_private, f"{self.path}.{job}", "a+b")
        with lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                yield False
                return
            try:
                yield True
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    # -- bulk path ----------------------------------------------------------------------------

    async def bulk_load(self, columns: RecordColumns) -> WriteResult | None:
        from aztui.store.sqlite_bulk import bulk_load

        if not self.takes_bulk(columns):
            return None
        result = await bulk_load(self.path, BUSY_TIMEOUT_MS, columns)
        if result is not None:
            self._writes += 1
        return result

    async def data_version(self) -> int:
        row = await (await self.db.execute("PRAGMA data_version")).fetchone()
        assert row is not None  # a PRAGMA that reads a value always returns its row
        return row[0] * 1_000_000 + self._writes
