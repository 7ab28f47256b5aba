"""The PostgreSQL bulk path: a large file of orders into a store that holds nothing yet.

Each batch of columns and the rows the engine derives from it (``aztui.store.bulk``) go in
with ``COPY … FROM STDIN`` as CSV written by polars, the next batch read and derived in a
thread meanwhile; the secondary indexes are dropped first and built once at the end. It is one
transaction holding the team's write lock: a failed load leaves the store as it was. Not
retried after a lost connection (the file's batches are read once): the import says so.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING

import polars as pl
import psycopg

from aztui.domain.bulk_rules import NotColumnar, RecordColumns
from aztui.store.bulk import derived_tables
from aztui.store.protocol import WriteResult
from aztui.store.schema import SECONDARY_INDEXES, index_name
from aztui.store.sql_write import is_empty

if TYPE_CHECKING:
    from aztui_postgres.connection import PgConnection


class NotBulk(Exception):
    """The load cannot be taken in bulk after all (rolled back; the row path follows)."""


def _next_tables(batches: Iterator[pl.DataFrame]) -> dict[str, pl.DataFrame] | None:
    batch = next(batches, None)
    return None if batch is None else derived_tables(batch)


async def load(db: PgConnection, columns: RecordColumns) -> WriteResult:
    """Write the orders of ``columns`` and what they derive in the caller's transaction.
    Raises ``NotBulk`` when the store holds records, or the records turn out not to be
    columnar (``NotColumnar``, or a key repeated across batches)."""
    # is_empty is annotated with aiosqlite's connection, though it runs on PgConnection too
    if not await is_empty(db):  # type: ignore[arg-type]
        raise NotBulk
    for statement in SECONDARY_INDEXES:
        await db.execute(f"DROP INDEX IF EXISTS {index_name(statement)}")
    batches = iter(columns.batches)
    rows = 0
    try:
        pending = asyncio.ensure_future(asyncio.to_thread(_next_tables, batches))
        while (tables := await pending) is not None:
            pending = asyncio.ensure_future(asyncio.to_thread(_next_tables, batches))
            for table, frame in tables.items():
                names = ", ".join(frame.columns)
                async with db.conn.cursor().copy(
                    f"COPY {table} ({names}) FROM STDIN (FORMAT csv)"
                ) as copy:
                    await copy.write(frame.write_csv(include_header=False))
            rows += tables["orders"].height
    except (NotColumnar, psycopg.errors.UniqueViolation) as exc:
        raise NotBulk from exc
    for statement in SECONDARY_INDEXES:
        await db.execute(statement)
    await db.execute(
        "INSERT INTO imports (at, source, kind, records) VALUES (?, ?, ?, ?)",
        (int(time.time()), columns.source, columns.record_type, rows),
    )
    return WriteResult({columns.record_type: rows}, rows)
