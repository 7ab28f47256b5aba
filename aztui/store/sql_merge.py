"""The set-based write path of a file read on columns, whatever the store holds.

Each batch of ``RecordColumns`` is staged in a temporary table; one statement drops from it
the rows the store already holds with the same values (a row is the same when each of its
cells is empty or equal to the stored one: merging it field by field changes nothing); the
rest are merged in with one ``INSERT … SELECT … ON CONFLICT`` (field by field, as
``sql_write`` merges a record) and the bundles they touch are noted. A file that changes
nothing touches nothing. Then exactly the touched bundles are derived again
(``sql_derive``: on columns those that can be, by the engine the others). It runs inside the
caller's transaction, with the same SQL on SQLite and PostgreSQL.

What the row path would treat differently raises ``NotMerged`` (a key repeated across
batches, a claim or return stand-in involved, a claim that breaks the lifecycle): the caller
rolls back and takes the row path, which does it or names the problem.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from typing import Any

import polars as pl

from aztui.domain.bulk_rules import NotColumnar, RecordColumns
from aztui.domain.engine import Engine
from aztui.domain.lifecycle import claim_problems
from aztui.domain.model import Claim
from aztui.domain.standins import EMAIL_PREFIX
from aztui.store.bundles import MESSAGE_PREFIX
from aztui.store.codec import CODECS, Codec
from aztui.store.protocol import WriteResult
from aztui.store.sql_derive import TOUCHED, derive_touched
from aztui.store.sql_write import merge_updates

MOVABLE = frozenset({"return", "claim", "message"})
"""Record types whose order id is not part of their key: a write may move one to another
bundle, and both are derived again."""


class NotMerged(Exception):
    """The file takes the row path after all (the caller rolls back)."""


def _bundle_of(codec: Codec, alias: str) -> str:
    """The SQL of the bundle key of a stored row (``bundles.bundle_key``)."""
    if codec.cls.record_type == "message":
        return f"coalesce({alias}.order_id, '{MESSAGE_PREFIX}' || {alias}.message_id)"
    return f"{alias}.order_id"


def _joined(codec: Codec, left: str, right: str) -> str:
    return " AND ".join(f"{left}.{k} = {right}.{k}" for k in codec.key)


class Merge:
    """One file's batches merged into the store over ``db``, in the caller's transaction."""

    def __init__(self, db: Any, engine: Engine, codec: Codec) -> None:
        self.db = db
        self.engine = engine
        self.codec = codec
        self.stage = f"stage_{codec.table}"
        self.seen = f"seen_{codec.table}"
        self.copies = hasattr(db, "copy_csv")
        """Whether the connection stages with ``COPY`` (PostgreSQL's)."""

    async def _prepare(self) -> None:
        c = self.codec
        for name, columns in ((self.stage, c.select), (self.seen, ", ".join(c.key))):
            await self.db.execute(
                f"CREATE TEMP TABLE IF NOT EXISTS {name} AS "
                f"SELECT {columns} FROM {c.table} WHERE false"
            )
            await self.db.execute(f"DELETE FROM {name}")
        await self.db.execute(
            f"CREATE UNIQUE INDEX IF NOT EXISTS {self.seen}_key ON {self.seen} ({', '.join(c.key)})"
        )
        await self.db.execute(
            f"CREATE TEMP TABLE IF NOT EXISTS {TOUCHED} (key TEXT PRIMARY KEY, done INTEGER)"
        )
        await self.db.execute(f"DELETE FROM {TOUCHED}")

    def _staging(self, batches: Iterator[pl.DataFrame]) -> tuple[int, Any] | None:
        """The next batch as the staging statement takes it, and its number of rows: CSV for
        PostgreSQL's ``COPY``, row tuples for SQLite (run in a worker thread)."""
        batch = next(batches, None)
        if batch is None:
            return None
        frame = batch.select(self.codec.columns)
        if self.copies:
            return frame.height, frame.write_csv(include_header=False)
        return frame.height, frame.rows()

    async def _stage(self, rows: Any) -> None:
        c = self.codec
        await self.db.execute(f"DELETE FROM {self.stage}")
        if self.copies:
            await self.db.copy_csv(self.stage, c.columns, rows)
        else:
            marks = ", ".join("?" * len(c.columns))
            await self.db.executemany(
                f"INSERT INTO {self.stage} ({c.select}) VALUES ({marks})", rows
            )

    async def _check_staged(self) -> None:
        """A key of an earlier batch again, or a stand-in to fold: the row path's work."""
        c = self.codec
        repeated = await self.db.execute_fetchall(
            f"SELECT 1 FROM {self.stage} s JOIN {self.seen} k ON {_joined(c, 's', 'k')} LIMIT 1"
        )
        if repeated:
            raise NotMerged("a key repeated across batches")
        keys = ", ".join(c.key)
        await self.db.execute(
            f"INSERT INTO {self.seen} ({keys}) SELECT {keys} FROM {self.stage} WHERE true"
        )
        if c.cls.record_type in ("claim", "return"):
            ident = c.key[0]
            prefix = f"substr({{0}}.{ident}, 1, {len(EMAIL_PREFIX)}) = '{EMAIL_PREFIX}'"
            standin = await self.db.execute_fetchall(
                f"SELECT 1 FROM {self.stage} s WHERE {prefix.format('s')} UNION ALL "
                f"SELECT 1 FROM {self.stage} s JOIN {c.table} o ON o.order_id = s.order_id "
                f"WHERE {prefix.format('o')} LIMIT 1"
            )
            if standin:
                raise NotMerged("a stand-in claim or return")

    async def _merge_staged(self) -> None:
        """Drop the staged rows that change nothing, merge the rest in, note their bundles."""
        c = self.codec
        same = " AND ".join(
            f"({self.stage}.{col} IS NULL OR {self.stage}.{col} = o.{col})"
            for col in c.columns
            if col not in c.key
        )
        await self.db.execute(
            f"DELETE FROM {self.stage} WHERE EXISTS (SELECT 1 FROM {c.table} o "
            f"WHERE {_joined(c, self.stage, 'o')} AND {same})"
        )
        touched = (
            f"INSERT INTO {TOUCHED} (key, done) SELECT DISTINCT {_bundle_of(c, 'o')}, 0 "
            f"FROM {self.stage} s JOIN {c.table} o ON {_joined(c, 's', 'o')} WHERE true "
            "ON CONFLICT (key) DO NOTHING"
        )
        if c.cls.record_type in MOVABLE:
            await self.db.execute(touched)  # the bundles they leave
        await self.db.execute(
            f"INSERT INTO {c.table} ({c.select}) SELECT {c.select} FROM {self.stage} WHERE true "
            f"ON CONFLICT ({', '.join(c.key)}) DO UPDATE SET {merge_updates(c)}"
        )
        await self.db.execute(touched)
        if c.cls.record_type == "claim":
            rows = await self.db.execute_fetchall(
                f"SELECT {', '.join('o.' + col for col in c.columns)} FROM {self.stage} s "
                f"JOIN claims o ON o.claim_id = s.claim_id"
            )
            claims = [c.decode(row) for row in rows]
            if any(claim_problems(claim) for claim in claims if isinstance(claim, Claim)):
                raise NotMerged("a claim that breaks the lifecycle")

    async def run(self, columns: RecordColumns) -> WriteResult:
        if iter(columns.batches) is columns.batches:
            raise NotMerged("batches that can be read once")  # a write tried again needs more
        await self._prepare()
        rows = 0
        batches = iter(columns.batches)
        pending = asyncio.ensure_future(asyncio.to_thread(self._staging, batches))
        try:  # the next batch read and converted while this one is merged
            while (staged := await pending) is not None:
                pending = asyncio.ensure_future(asyncio.to_thread(self._staging, batches))
                await self._stage(staged[1])
                await self._check_staged()
                await self._merge_staged()
                rows += staged[0]
        except NotColumnar as exc:
            raise NotMerged(str(exc)) from exc
        finally:
            await asyncio.gather(pending, return_exceptions=True)
        bundles = await derive_touched(self.db, self.engine)
        for name in (self.stage, self.seen):
            await self.db.execute(f"DELETE FROM {name}")
        await self.db.execute(
            "INSERT INTO imports (at, source, kind, records) VALUES (?, ?, ?, ?)",
            (int(time.time()), columns.source, columns.record_type, rows),
        )
        return WriteResult({columns.record_type: rows}, bundles)


async def merge(db: Any, engine: Engine, columns: RecordColumns) -> WriteResult:
    """Merge ``columns`` into the store over ``db`` and derive what they touch; raises
    ``NotMerged`` when the row path must write the file instead."""
    return await Merge(db, engine, CODECS[columns.record_type]).run(columns)
