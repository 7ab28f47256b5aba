"""A psycopg connection speaking the part of aiosqlite's interface the shared SQL uses
(``aztui.store.sql``), translating the two spellings that differ: placeholders and
``json_each``. The shared SQL is otherwise written to run unchanged on both."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

import psycopg
from psycopg_pool import PoolTimeout


def translate(sql: str) -> str:
    """Placeholders (``?`` and ``:name``) as psycopg's, and ``json_each`` as PostgreSQL's."""
    sql = re.sub(r"json_each\(([^)]*)\)", r"json_array_elements_text(CAST(\1 AS json))", sql)
    sql = sql.replace("%", "%%").replace("?", "%s")
    return re.sub(r"(?<![:\w]):([a-z_]+)\b", r"%(\1)s", sql)


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

    async def copy_csv(self, table: str, columns: Sequence[str], data: bytes | str) -> None:
        """Rows written as CSV (an empty cell is null) into ``table`` with ``COPY``: what the
        shared SQL stages a batch of columns with, where SQLite inserts the rows."""
        sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN (FORMAT csv)"
        async with self.conn.cursor().copy(sql) as copy:
            await copy.write(data)

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
        chunk = self.rows[self.position : self.position + size]
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
