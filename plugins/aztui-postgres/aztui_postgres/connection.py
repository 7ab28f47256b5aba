"""A psycopg connection speaking the part of aiosqlite's interface the shared SQL uses
(``aztui.store.sql``), translating SQLite's few spellings (placeholders, ``INSERT OR IGNORE``
and ``OR REPLACE``, ``json_each``, the temp schema) into PostgreSQL's."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

import psycopg
from psycopg.adapt import Loader
from psycopg_pool import PoolTimeout

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



class Rows:
    """A statement's rows, read in full before its connection went back to the pool."""

    def __init__(self, rows: list[tuple], description: Any) -> None:
        self.rows = rows
        self.description = description
        self.position = 0

    async def fetchone(self) -> tuple | None:
        if self.position >= len(self.rows):
            return None
        self.position += 1
        return self.rows[self.position - 1]

    async def fetchmany(self, size: int) -> list[tuple]:
        chunk = self.rows[self.position:self.position + size]
        self.position += len(chunk)
        return chunk

    async def fetchall(self) -> list[tuple]:
        return await self.fetchmany(len(self.rows))

    async def close(self) -> None:
        self.rows = []


class PooledStatements:
    """``execute`` and ``execute_fetchall`` of one statement each on a connection borrowed
    from the pool: concurrent reads (the app's panes, a background check) run side by side."""

    def __init__(self, pool: Any, lost: Callable[[BaseException], Exception]) -> None:
        self.pool = pool
        self.lost = lost
        """What to raise when the server cannot be reached."""

    async def execute(self, sql: str, params: Sequence[Any] | dict | None = None) -> Rows:
        try:
            async with self.pool.connection() as conn:
                cursor = await PgConnection(conn).execute(sql, params)
                rows = await cursor.fetchall() if cursor.description else []
                return Rows(rows, cursor.description)
        except (psycopg.OperationalError, PoolTimeout) as exc:
            raise self.lost(exc) from exc

    async def execute_fetchall(self, sql: str, params: Any = None) -> list[tuple]:
        return await (await self.execute(sql, params)).fetchall()
