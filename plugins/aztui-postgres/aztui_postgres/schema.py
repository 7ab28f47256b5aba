"""Opening a PostgreSQL store: migrations applied once, under an advisory lock, so that two
aztui processes starting together cannot both migrate."""

from __future__ import annotations

import time
from collections.abc import Sequence

from psycopg import AsyncConnection

LOCK = 0x617A747569  # "aztui": the advisory lock every aztui process takes to migrate

META = """
CREATE TABLE IF NOT EXISTS aztui_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)
"""
WRITES = """
CREATE TABLE IF NOT EXISTS aztui_writes (id TEXT PRIMARY KEY, at BIGINT NOT NULL)
"""
"""The ids of the writes committed lately: a write retried after a lost connection is
looked up here rather than applied twice (``store.py``); a week of them is kept."""
WRITES_KEPT_SECONDS = 7 * 86400


async def schema_version(conn: AsyncConnection) -> int:
    await conn.execute(META)
    row = await (
        await conn.execute("SELECT value FROM aztui_meta WHERE key = 'schema_version'")
    ).fetchone()
    return int(row[0]) if row else 0


async def migrate(conn: AsyncConnection, migrations: Sequence[Sequence[str]]) -> int:
    """Bring the schema up to date in one transaction holding the lock; the version reached.

    A second process waits on the lock, then finds nothing left to do."""
    async with conn.transaction():
        await conn.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK,))
        version = await schema_version(conn)
        if version > len(migrations):
            raise RuntimeError(f"this database was written by a newer aztui (schema {version})")
        await conn.execute(WRITES)
        await conn.execute(
            "DELETE FROM aztui_writes WHERE at < %s", (int(time.time()) - WRITES_KEPT_SECONDS,)
        )
        for statements in migrations[version:]:
            for statement in statements:
                await conn.execute(statement)
        await conn.execute(
            "INSERT INTO aztui_meta VALUES ('schema_version', %s) ON CONFLICT (key) "
            "DO UPDATE SET value = excluded.value",
            (str(len(migrations)),),
        )
        return len(migrations)
