"""The records of a file too large to hold, read again a batch at a time for a write in one
transaction: the file was checked whole first (``result.Collector`` with ``keep``), so this
reading only hands its records over.

The reader runs in a worker thread and hands each batch over a small queue: it waits while the
writer is behind, so no more than a few batches are ever held.
"""

from __future__ import annotations

import asyncio
import queue
import threading
from collections.abc import AsyncGenerator, Callable
from typing import Any

from aztui.domain.model import Record
from aztui.ingest.result import Handover

BATCH = 20_000
"""Records written at a time."""
QUEUED = 2
"""Batches read ahead of the writer."""
_END = object()


class RecordBatches:
    """Batches of a file's records, each reading from the start (a store that lost its
    connection writes them again); ``line_of`` locates a record of the batch last given."""

    def __init__(self, read: Callable[[Handover], Any], skip: frozenset[int] = frozenset()):
        self._read, self._skip = read, skip
        self._lines: dict[tuple[str, tuple[Any, ...]], int] = {}

    async def __call__(self) -> AsyncGenerator[list[Record], None]:
        handed: queue.Queue[Any] = queue.Queue(QUEUED)
        stop = threading.Event()

        def sink(records: list[Record], lines: list[int]) -> None:
            if stop.is_set():
                raise _Stopped
            handed.put((records, lines))

        def work() -> None:
            try:
                self._read(Handover(sink, self._skip, BATCH))
            except _Stopped:
                return
            except BaseException as exc:  # noqa: BLE001 - handed to the writer, raised there
                handed.put(exc)
                return
            handed.put(_END)

        worker = threading.Thread(target=work, name="aztui-read-batches", daemon=True)
        worker.start()
        try:
            while (item := await asyncio.to_thread(handed.get)) is not _END:
                if isinstance(item, BaseException):
                    raise item
                records, lines = item
                self._lines = {
                    (r.record_type, r.key): n for r, n in zip(records, lines, strict=True)
                }
                yield records
        finally:
            stop.set()
            while worker.is_alive():  # let a reader blocked on a full queue see the stop
                try:
                    handed.get_nowait()
                except queue.Empty:
                    worker.join(0.05)

    def line_of(self, record_type: str, key: tuple[Any, ...]) -> int | None:
        """The line the record of that type and key was read on, in the batch last given."""
        return self._lines.get((record_type, tuple(key)))


class _Stopped(Exception):
    """The writer stopped taking batches: the reading ends."""
