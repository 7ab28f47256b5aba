"""The PostgreSQL store's schema: migrations applied once, even when processes start together."""

from __future__ import annotations

import asyncio

import psycopg
import pytest
from aztui_postgres.schema import migrate, schema_version

MIGRATIONS = [["CREATE TABLE one (x INTEGER)"], ["CREATE TABLE two (y INTEGER)"]]


async def test_two_processes_starting_together_migrate_once(postgres_url):
    async def start() -> int:
        async with await psycopg.AsyncConnection.connect(postgres_url) as conn:
            return await migrate(conn, MIGRATIONS)

    assert await asyncio.gather(*(start() for _ in range(5))) == [2] * 5
    async with await psycopg.AsyncConnection.connect(postgres_url) as conn:
        assert await schema_version(conn) == 2
        tables = await (await conn.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name IN "
            "('one', 'two')")).fetchone()
    assert tables == (2,)


async def test_a_newer_schema_is_refused(postgres_url):
    async with await psycopg.AsyncConnection.connect(postgres_url) as conn:
        await migrate(conn, MIGRATIONS)
        with pytest.raises(RuntimeError, match="newer aztui"):
            await migrate(conn, MIGRATIONS[:1])
