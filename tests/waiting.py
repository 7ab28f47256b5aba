"""Waiting in tests: for a condition, never for a fixed time.

The patience is a safety net, not the thing tested: it is generous (a loaded CI machine may be
many times slower than a laptop), and when it runs out the test fails saying what it waited for.
How fast something happens belongs in ``bench/``, not here. The waits are aztui.testing's
(public, for plugins' tests); what only the core's tests need is here.
"""

from __future__ import annotations

from pathlib import Path

from aztui.testing.waiting import PATIENCE, wait_until, wait_until_async

__all__ = ["PATIENCE", "in_write_transaction", "wait_until", "wait_until_async"]


SQLITE_WAL_WRITE_LOCK = 120
"""The byte of a WAL database's ``-shm`` file that its one writer locks (SQLite's wal.c)."""


def in_write_transaction(pid: int, database: Path) -> bool:
    """Whether process ``pid`` is inside a write transaction of the SQLite ``database`` (WAL
    mode): it holds the database's write lock, as Linux's ``/proc/locks`` shows."""
    try:
        inode = (database.parent / f"{database.name}-shm").stat().st_ino
    except FileNotFoundError:
        return False
    for line in Path("/proc/locks").read_text().splitlines():
        # "1: POSIX  ADVISORY  WRITE 6727 fe:00:2146371 120 120" (device:inode, first, last)
        fields = line.split()
        if (
            fields[1:5] == ["POSIX", "ADVISORY", "WRITE", str(pid)]
            and fields[5].rsplit(":", 1)[-1] == str(inode)
            and fields[6] == str(SQLITE_WAL_WRITE_LOCK)
        ):
            return True
    return False
