"""Moving a store (``aztui migrate``): every table copied from one SQL store into another,
SQLite or PostgreSQL either way, in one transaction of the target that checks the counts
before it commits, so a failed move leaves the target as it was.

Everything is copied as stored: records, what they derive, Amazon's figures, carrier events
and checks, the outbox and snoozes, the import history and the service's bookkeeping in
``meta`` (a backend's own version counter excepted), so the target behaves as the source did.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aztui.store.protocol import StoreError
from aztui.store.schema import TABLES
from aztui.store.sql import SQLStore

BOOKKEEPING = "meta"
"""Held by every opened store: not a sign of data, and replaced by the source's."""
OWN_KEYS = ("data_version",)
"""``meta`` keys a backend keeps for itself; never copied."""


def _select(table: str) -> str:
    if table == BOOKKEEPING:
        return "SELECT * FROM meta WHERE key NOT IN ('" + "', '".join(OWN_KEYS) + "')"
    return f"SELECT * FROM {table}"


async def _count(db: Any, table: str) -> int:
    sql = _select(table).replace("SELECT *", "SELECT count(*)", 1)
    return (await (await db.execute(sql)).fetchone())[0]


async def held(store: SQLStore) -> dict[str, int]:
    """Rows per table, bookkeeping aside: what makes a store non-empty."""
    async with store.reading() as db:
        return {table: await _count(db, table) for table in TABLES if table != BOOKKEEPING}


async def move(
    source: SQLStore,
    target: SQLStore,
    *,
    replace: bool = False,
    progress: Callable[[str, int], None] = lambda table, rows: None,
) -> dict[str, int]:
    """Copy every table of ``source`` into ``target``; the rows copied per table.

    Refuses a target holding anything unless ``replace``, which empties it first (in the same
    transaction). Raises ``StoreError`` when the counts do not match (nothing is kept)."""

    async def work(db: Any) -> dict[str, int]:
        existing = {t: await _count(db, t) for t in TABLES if t != BOOKKEEPING}
        if any(existing.values()) and not replace:
            rows = sum(existing.values())
            raise StoreError(
                f"{target.url} is not empty ({rows:,} rows); nothing was copied. "
                "Use --replace to empty it and copy into it"
            )
        for table in TABLES:
            await db.execute(_select(table).replace("SELECT *", "DELETE", 1))
        copied: dict[str, int] = {}
        async with source.snapshot() as src:
            for table in TABLES:
                copied[table] = await target.load_rows(
                    db, table, source.table_rows(src, _select(table))
                )
                progress(table, copied[table])
            expected = {table: await _count(src, table) for table in TABLES}
        found = {table: await _count(db, table) for table in TABLES}
        wrong = [
            f"{t}: {expected[t]:,} in the source, {found[t]:,} copied"
            for t in TABLES
            if found[t] != expected[t] or copied[t] != expected[t]
        ]
        if wrong:
            raise StoreError("the counts differ, nothing was kept: " + "; ".join(wrong))
        await target.after_load(db)
        return copied

    return await target.writing(work)
