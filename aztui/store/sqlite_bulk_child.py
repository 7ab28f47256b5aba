"""The child process of the SQLite bulk path (``sqlite_bulk``): tables in, one transaction.

Run as ``python -m aztui.store.sqlite_bulk_child PATH PLAN``, where PLAN is JSON:
``busy_timeout_ms``, ``cache_kib``, ``probe`` (a query that returns a row when the store is
not empty), ``before`` and ``after`` (statements run around the load) and ``finish`` (one
statement, with ``{rows}`` for the number of rows loaded into ``count_table``).

Standard input: ``<table> <bytes>`` then an Arrow IPC stream of that many bytes, for each
table of each batch, then ``commit`` or ``abort``. Standard output: ``ready`` or
``not_empty`` once the write lock is held, then ``written <rows>``, ``repeated_key`` or
``aborted``. Anything else, and the end of standard input before ``commit``, rolls back.

It imports no more than the driver and an Arrow reader, so it starts in a few hundredths of a
second; it never holds the Python objects of a row.
"""

from __future__ import annotations

import io
import json
import sys
from typing import IO, Any


class Abort(Exception):
    """The parent asked to stop, or stopped talking: nothing is kept."""


def _run(connection: Any, sql: str) -> None:
    import adbc_driver_manager as adbc

    statement = adbc.AdbcStatement(connection)
    try:
        statement.set_sql_query(sql)
        statement.execute_update()
    finally:
        statement.close()


def _returns_a_row(connection: Any, sql: str) -> bool:
    import adbc_driver_manager as adbc
    import nanoarrow as na  # type: ignore[import-untyped]  # nanoarrow ships no type hints

    statement = adbc.AdbcStatement(connection)
    try:
        statement.set_sql_query(sql)
        handle, _ = statement.execute_query()
        return any(len(batch) for batch in na.ArrayStream(handle).iter_chunks())
    finally:
        statement.close()


def _ingest(connection: Any, table: str, data: bytes) -> int:
    import adbc_driver_manager as adbc
    import nanoarrow as na

    statement = adbc.AdbcStatement(connection)
    try:
        statement.set_options(
            **{"adbc.ingest.target_table": table, "adbc.ingest.mode": "adbc.ingest.mode.append"}
        )
        statement.bind_stream(na.ArrayStream.from_readable(io.BytesIO(data)))
        return int(statement.execute_update())
    finally:
        statement.close()


def load(path: str, plan: dict[str, Any], stdin: IO[bytes], stdout: IO[str]) -> None:
    import adbc_driver_manager as adbc
    import adbc_driver_sqlite

    def say(*words: object) -> None:
        print(*words, file=stdout, flush=True)

    database = adbc_driver_sqlite.connect(path)
    connection = adbc.AdbcConnection(database)
    try:
        _run(connection, f"PRAGMA busy_timeout = {int(plan['busy_timeout_ms'])}")
        _run(connection, f"PRAGMA cache_size = -{int(plan['cache_kib'])}")
        _run(connection, "PRAGMA synchronous = NORMAL")  # as every connection of the store
        _run(connection, "PRAGMA threads = 2")  # index builds sort on two cores
        _run(connection, "BEGIN IMMEDIATE")
        try:
            if _returns_a_row(connection, plan["probe"]):
                raise Abort("not_empty")
            say("ready")
            for sql in plan["before"]:
                _run(connection, sql)
            rows = 0
            while True:
                header = stdin.readline().split()
                if not header or header[0] == b"abort":
                    raise Abort("aborted")
                if header[0] == b"commit":
                    break
                table, size = header[0].decode(), int(header[1])
                loaded = _ingest(connection, table, stdin.read(size))
                rows += loaded if table == plan["count_table"] else 0
            for sql in plan["after"]:
                _run(connection, sql)
            _run(connection, plan["finish"].format(rows=rows))
            _run(connection, "COMMIT")
            say("written", rows)
        except BaseException as exc:
            _run(connection, "ROLLBACK")
            if isinstance(exc, Abort):
                say(exc.args[0])
            elif isinstance(exc, adbc.Error) and "UNIQUE constraint failed" in str(exc):
                say("repeated_key")  # a key seen in two batches (SQLite's message, no code)
            else:
                raise
    finally:
        connection.close()
        database.close()


def main(argv: list[str]) -> int:
    path, plan = argv
    load(path, json.loads(plan), sys.stdin.buffer, sys.stdout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
