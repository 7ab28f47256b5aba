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
        tables = await (
            await conn.execute(
                "SELECT count(*) FROM information_schema.tables WHERE table_name IN ('one', 'two')"
            )
        ).fetchone()
    assert tables == (2,)


async def test_a_newer_schema_is_refused(postgres_url):
    async with await psycopg.AsyncConnection.connect(postgres_url) as conn:
        await migrate(conn, MIGRATIONS)
        with pytest.raises(RuntimeError, match="newer aztui"):
            await migrate(conn, MIGRATIONS[:1])


async def test_the_stores_migrations_give_postgres_the_same_tables_as_sqlite(
    postgres_url, tmp_path
):
    import sqlite3

    from aztui_postgres.ddl import POSTGRES_MIGRATIONS

    from aztui.store.schema import MIGRATIONS

    async with await psycopg.AsyncConnection.connect(postgres_url) as conn:
        assert await migrate(conn, POSTGRES_MIGRATIONS) == len(MIGRATIONS)
        rows = await (
            await conn.execute(
                "SELECT table_name, column_name FROM information_schema.columns "
                "WHERE table_schema = 'public' AND table_name NOT LIKE 'aztui%'"
            )
        ).fetchall()
        indexes = {
            r[0]
            for r in await (
                await conn.execute(
                    "SELECT indexname FROM pg_indexes WHERE schemaname = 'public' "
                    "AND indexname NOT LIKE '%_pkey'"
                )
            ).fetchall()
        }
    postgres = {(t, c) for t, c in rows}
    db = sqlite3.connect(tmp_path / "s.db")
    for statements in MIGRATIONS:
        for statement in statements:
            db.execute(statement)
    tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    sqlite = {(t, r[1]) for t in tables for r in db.execute(f"PRAGMA table_info({t})")}
    assert postgres == sqlite
    assert indexes == {
        r[0]
        for r in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        )
    }


async def test_text_sorts_by_code_point_whatever_the_servers_locale(postgres_url):
    """Ids sort as SQLite sorts them (``find_orders``, ``records``, exports)."""
    from aztui_postgres.ddl import POSTGRES_MIGRATIONS

    async with await psycopg.AsyncConnection.connect(postgres_url) as conn:
        await migrate(conn, POSTGRES_MIGRATIONS)
        collations = {
            r[0]
            for r in await (
                await conn.execute(
                    "SELECT collation_name FROM information_schema.columns WHERE table_schema = "
                    "'public' AND data_type = 'text' AND table_name NOT LIKE 'aztui%'"
                )
            ).fetchall()
        }
    assert collations == {"C"}
