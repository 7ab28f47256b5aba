"""The SQLite bulk path: a large file of orders into a store that holds nothing yet.

The records and what the engine derives from them come as columns (``aztui.domain.columnar``)
and are written by the ADBC SQLite driver: Arrow in, C inside, no Python object per row. The
orders go in sorted by key, so their primary key is built by appending; the secondary indexes
are dropped and built once at the end. It is one ``BEGIN IMMEDIATE`` transaction of the store,
with the same busy timeout as every other write: a killed import leaves the store as it was.

The driver carries its own copy of the SQLite library. Two copies of the library must never
hold the same file open in one process (closing one would drop the other's locks), so the
store closes its own connection for the load and opens it again afterwards.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TypeVar

import polars as pl

from aztui.domain.columnar import NotColumnar, RecordColumns, derive_orders
from aztui.store.bundles import MAX_EPOCH
from aztui.store.protocol import WriteResult
from aztui.store.schema import SECONDARY_INDEXES, index_name
from aztui.store.sqlite_write import ANY_RECORD

T = TypeVar("T")

BULK_CACHE_KIB = 262_144
"""Page cache of the load (256 MiB): index builds sort in memory instead of spilling."""


def derived_tables(orders: pl.DataFrame) -> dict[str, pl.DataFrame]:
    """The rows of every table a batch of orders fills."""
    derived = derive_orders(orders)
    return {
        "orders": pl.concat([orders, derived.facts], how="horizontal"),
        "deadlines": derived.deadlines,
        "risks": derived.risks.with_columns(pl.col("active_until").fill_null(MAX_EPOCH)),
    }


def load(path: Path, busy_timeout_ms: int, columns: RecordColumns) -> WriteResult | None:
    """Write the orders of ``columns`` and what they derive into the store at ``path``, in one
    transaction; ``None``, with nothing written, when the store holds records by the time the
    write lock is taken, or the records turn out not to be columnar after all (``NotColumnar``,
    or a key repeated across batches). Blocking: run it in a thread, with no other connection
    of this process open on ``path``. The batches are read and derived in a second thread
    while the previous one is written."""
    import adbc_driver_manager
    import adbc_driver_sqlite.dbapi as adbc

    rows = 0
    with adbc.connect(str(path), autocommit=True) as connection, \
            connection.cursor() as cursor:
        cursor.execute(f"PRAGMA busy_timeout = {busy_timeout_ms}")
        cursor.execute(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")
        cursor.execute("BEGIN IMMEDIATE")
        try:
            if not _is_empty(cursor):
                cursor.execute("ROLLBACK")
                return None
            for statement in SECONDARY_INDEXES:
                cursor.execute(f"DROP INDEX IF EXISTS {index_name(statement)}")
            for tables in _read_ahead(map(derived_tables, columns.batches)):
                for name, frame in tables.items():
                    if frame.height:
                        cursor.adbc_ingest(name, frame, mode="append")
                rows += tables["orders"].height
            for statement in SECONDARY_INDEXES:
                cursor.execute(statement)
            cursor.execute("INSERT INTO imports (at, source, kind, records) "
                           f"VALUES ({int(time.time())}, ?, ?, {rows})",
                           (columns.source, columns.record_type))
            cursor.execute("COMMIT")
        except (NotColumnar, adbc_driver_manager.IntegrityError):
            cursor.execute("ROLLBACK")
            return None
        except BaseException:
            cursor.execute("ROLLBACK")
            raise
    return WriteResult({columns.record_type: rows}, rows)


def _read_ahead(items: Iterator[T], depth: int = 2) -> Iterator[T]:
    """``items``, computed in a second thread up to ``depth`` ahead of the consumer; an
    exception there is raised here, in order."""
    ahead: queue.Queue[tuple[bool, Any]] = queue.Queue(depth)
    stop = threading.Event()

    def produce() -> None:
        try:
            for item in items:
                while not stop.is_set():
                    try:
                        ahead.put((True, item), timeout=0.1)
                        break
                    except queue.Full:
                        continue
                if stop.is_set():
                    return
            ahead.put((False, None))
        except BaseException as exc:  # handed to the consumer
            ahead.put((False, exc))

    worker = threading.Thread(target=produce, name="aztui-bulk-read", daemon=True)
    worker.start()
    try:
        while True:
            more, item = ahead.get()
            if not more:
                if item is not None:
                    raise item
                return
            yield item
    finally:
        stop.set()
        worker.join()


def _is_empty(cursor: Any) -> bool:
    cursor.execute(f"SELECT count(*) AS n FROM ({ANY_RECORD})")
    return pl.DataFrame(cursor.fetch_arrow())["n"].item() == 0
