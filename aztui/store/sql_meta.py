"""The store's ``meta`` table: small values the service and the plugins keep by key."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


async def read(db: Any, key: str) -> str | None:
    row = await (await db.execute("SELECT value FROM meta WHERE key = ?", (key,))).fetchone()
    return None if row is None else row[0]


async def write(db: Any, key: str, value: str) -> None:
    await db.execute(
        "INSERT INTO meta VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, value),
    )


async def update(db: Any, key: str, change: Callable[[str | None], str]) -> str:
    """``change`` of the value held, written back in the caller's write transaction: writes
    are serialised (SQLite's write lock, PostgreSQL's advisory lock), so two processes adding
    to one value never lose either's addition."""
    value = change(await read(db, key))
    await write(db, key, value)
    return value
