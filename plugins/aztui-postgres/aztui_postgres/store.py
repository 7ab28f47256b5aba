"""The PostgreSQL store: the SQLite store's queries and write path, run over psycopg through a
connection that speaks the part of aiosqlite's interface they use and translates the few
SQLite-only spellings (placeholders, ``INSERT OR IGNORE``, ``json_each``, the temp schema).

It keeps the whole store contract (``tests/store`` runs on both backends), and ``aztui check``
gives the same report on both. Every write bumps a version row, which the other aztui
processes read each second, so a teammate's write shows within a second. Still to come
(issue 7): the shared SQL in a base both stores derive from, a connection pool, LISTEN/NOTIFY,
conflicts on a claim, ``aztui migrate``.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
from collections.abc import AsyncIterator
from decimal import Decimal
from typing import Any

import psycopg
from psycopg.adapt import Loader

from aztui.domain.engine import Engine
from aztui.store.protocol import StoreError
from aztui.store.sqlite import SQLiteStore
from aztui_postgres.ddl import POSTGRES_MIGRATIONS
from aztui_postgres.schema import migrate

REPLACE_KEYS = {"amazon_figures": ("marketplace", "metric", "window_end")}


class WholeNumbers(Loader):
    """``numeric`` (what SUM gives) as an int when it has no fraction, as SQLite returns it."""

    def load(self, data: Any) -> Any:
        text = bytes(data).decode()
        return Decimal(text) if "." in text else int(text)


def translate(sql: str) -> str:
    sql = re.sub(r"json_each\(([^)]*)\)", r"json_array_elements_text(CAST(\1 AS json))", sql)
    sql = sql.replace("%", "%%").replace("?", "%s")
    sql = re.sub(r"(?<![:\w]):([a-z_]+)\b", r"%(\1)s", sql)
    sql = sql.replace("temp.bundle_keys", "bundle_keys")
    if sql.lstrip().upper().startswith("INSERT OR IGNORE"):
        sql = re.sub(r"INSERT OR IGNORE", "INSERT", sql, count=1) + " ON CONFLICT DO NOTHING"
    match = re.match(r"\s*INSERT OR REPLACE INTO (\w+)", sql)
    if match:
        table = match.group(1)
        keys = REPLACE_KEYS[table]
        sql = sql.replace("INSERT OR REPLACE", "INSERT", 1)
        sql += f" ON CONFLICT ({', '.join(keys)}) DO " + _replace_all(keys)
    return sql


FIGURE_COLUMNS = ("marketplace", "metric", "window_end", "window_start", "rate", "numerator",
                  "denominator", "target", "target_condition", "status", "imported_at")


def _replace_all(keys: tuple[str, ...]) -> str:
    """``INSERT OR REPLACE``: the new row's values over the old one's."""
    others = [c for c in FIGURE_COLUMNS if c not in keys]
    return "UPDATE SET " + ", ".join(f"{c} = excluded.{c}" for c in others)


class PgConnection:
    """The part of aiosqlite's connection the store's SQL code uses, over psycopg."""

    def __init__(self, conn: psycopg.AsyncConnection) -> None:
        self.conn = conn
        self.total_changes = 0

    async def execute(self, sql: str, params: Any = None) -> psycopg.AsyncCursor:
        cursor = self.conn.cursor()
        await cursor.execute(translate(sql), params or None)
        self.total_changes += max(cursor.rowcount, 0)
        return cursor

    async def executemany(self, sql: str, rows: Any) -> None:
        rows = list(rows)
        if rows:
            cursor = self.conn.cursor()
            await cursor.executemany(translate(sql), rows)
            self.total_changes += max(cursor.rowcount, 0)

    async def execute_fetchall(self, sql: str, params: Any = None) -> list[tuple]:
        cursor = await self.execute(sql, params)
        return await cursor.fetchall() if cursor.description else []

    async def close(self) -> None:
        await self.conn.close()


class PostgresStore(SQLiteStore):
    def __init__(self, url: str, engine: Engine) -> None:  # noqa: D107
        self.url = url
        self.path = url  # type: ignore[assignment]
        self.engine = engine
        self._db = None
        self._writes = 0
        self._writing = asyncio.Lock()

    async def open(self) -> None:
        try:
            conn = await psycopg.AsyncConnection.connect(self.url, autocommit=True)
        except psycopg.Error as exc:
            raise StoreError(f"cannot open the store {self.url}: {exc}") from exc
        conn.adapters.register_loader("numeric", WholeNumbers)
        await migrate(conn, POSTGRES_MIGRATIONS)
        await conn.execute("CREATE TEMP TABLE IF NOT EXISTS bundle_keys (key TEXT PRIMARY KEY)")
        self._db = PgConnection(conn)  # type: ignore[assignment]

    @contextlib.asynccontextmanager
    async def transaction(self) -> AsyncIterator[Any]:
        async with self._writing:
            db = self.db
            await db.execute("BEGIN")
            try:
                yield db
            except BaseException:
                await asyncio.shield(db.execute("ROLLBACK"))
                raise
            await db.execute(
                "INSERT INTO meta VALUES ('data_version', '1') ON CONFLICT (key) DO UPDATE "
                "SET value = CAST(CAST(meta.value AS BIGINT) + 1 AS TEXT)")
            await db.execute("COMMIT")
            self._writes += 1

    async def bulk_types(self) -> frozenset[str]:
        return frozenset()

    async def data_version(self) -> int:
        row = await (await self.db.execute(
            "SELECT value FROM meta WHERE key = 'data_version'")).fetchone()
        return int(row[0]) if row else 0
