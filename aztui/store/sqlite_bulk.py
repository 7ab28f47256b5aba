"""The SQLite bulk path: a large file of orders into a store that holds nothing yet.

The records and what the engine derives from them come as batches of columns
(``aztui.domain.bulk_rules``). A child process writes them with the ADBC SQLite driver: Arrow
in, C inside, no Python object per row. The secondary indexes are dropped and built once at
the end. It is one ``BEGIN IMMEDIATE`` transaction of the store, with the same busy timeout
as every other write: a load killed at any point leaves the store as it was.

Why a child process: the driver carries its own copy of the SQLite library, and two copies
must never hold one file open in the same process (closing one drops the other's locks). In
a child, the app keeps its own connection open and live meanwhile; and the two processes
work in parallel, this one reading and deriving the next batch while the child writes.

The conversation with the child is described in ``sqlite_bulk_child``; the child imports
nothing of aztui, so it starts at once.
"""

from __future__ import annotations

import asyncio
import io
import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import polars as pl

from aztui.domain.bulk_rules import NotColumnar, RecordColumns
from aztui.store.bulk import derived_tables
from aztui.store.protocol import StoreError, WriteResult
from aztui.store.schema import SECONDARY_INDEXES, index_name
from aztui.store.sql_write import ANY_RECORD

BULK_CACHE_KIB = 262_144
"""Page cache of the load (256 MiB): index builds sort in memory instead of spilling."""


# -- the parent: the store's side ------------------------------------------------------------


async def bulk_load(path: Path, busy_timeout_ms: int, columns: RecordColumns) -> WriteResult | None:
    """Write the orders of ``columns`` and what they derive into the store at ``path``;
    ``None``, with nothing written, when the store holds records by the time the write lock is
    taken, or the records turn out not to be columnar (``NotColumnar``, or a key repeated
    across batches): the caller then takes the row path."""
    plan = {
        "busy_timeout_ms": busy_timeout_ms,
        "cache_kib": BULK_CACHE_KIB,
        "probe": ANY_RECORD,
        "before": [f"DROP INDEX IF EXISTS {index_name(s)}" for s in SECONDARY_INDEXES],
        "after": SECONDARY_INDEXES,
        "count_table": "orders",
        "finish": "INSERT INTO imports (at, source, kind, records) VALUES "
        f"({int(time.time())}, {_literal(columns.source)}, "
        f"{_literal(columns.record_type)}, {{rows}})",
    }
    child = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "aztui.store.sqlite_bulk_child",
        str(path),
        json.dumps(plan),
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    assert child.stdin is not None and child.stdout is not None and child.stderr is not None
    batches = iter(columns.batches)
    first = asyncio.ensure_future(asyncio.to_thread(_next_payload, batches))
    try:
        answer = (await child.stdout.readline()).decode().split()
        if answer == ["ready"]:
            await _feed(child.stdin, first, batches)
            answer = (await child.stdout.readline()).decode().split()
        else:
            child.stdin.close()
            await asyncio.gather(first, return_exceptions=True)  # read ahead for nothing
        errors = (await child.stderr.read()).decode()
        await child.wait()
    except BaseException:
        first.cancel()
        if child.returncode is None:
            child.kill()  # the child rolls back: its transaction never commits
            await child.wait()
        raise
    if child.returncode != 0 or not answer:
        last = errors.strip().splitlines()[-1:] or [f"exit status {child.returncode}"]
        raise StoreError(f"the bulk load into {path} failed: {last[0]}")
    if answer[0] == "written":
        rows = int(answer[1])
        return WriteResult({columns.record_type: rows}, rows)
    return None


async def _feed(
    stdin: asyncio.StreamWriter,
    first: asyncio.Future[bytes | None],
    batches: Iterator[pl.DataFrame],
) -> None:
    """Each batch's tables to the child, the next one read and derived meanwhile."""
    pending = first
    try:
        while (payload := await pending) is not None:
            pending = asyncio.ensure_future(asyncio.to_thread(_next_payload, batches))
            stdin.write(payload)
            await stdin.drain()
        stdin.write(b"commit\n")
    except NotColumnar:
        stdin.write(b"abort\n")
    except (BrokenPipeError, ConnectionResetError):
        await asyncio.gather(pending, return_exceptions=True)
        return  # the child has stopped; its answer and exit status say why
    try:
        await stdin.drain()
        stdin.close()
    except (BrokenPipeError, ConnectionResetError):
        pass


def _literal(text: str) -> str:
    """A SQL string literal (the plan travels as text to the child)."""
    return "'" + text.replace("'", "''").replace("{", "{{").replace("}", "}}") + "'"


def _next_payload(batches: Iterator[pl.DataFrame]) -> bytes | None:
    batch = next(batches, None)
    if batch is None:
        return None
    out = io.BytesIO()
    for name, frame in derived_tables(batch).items():
        data = io.BytesIO()
        frame.write_ipc_stream(data, compat_level=pl.CompatLevel.oldest())
        out.write(f"{name} {data.getbuffer().nbytes}\n".encode())
        out.write(data.getbuffer())
    return out.getvalue()
