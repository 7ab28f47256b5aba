"""Waiting in tests: for a condition, never for a fixed time.

The patience is a safety net, not the thing tested: it is generous (a loaded CI machine may be
many times slower than a laptop), and when it runs out the test fails saying what it waited for.
How fast something happens belongs in ``bench/``, not here.
"""

from __future__ import annotations

import asyncio
import inspect
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

PATIENCE = 60.0
"""Seconds before a wait gives up: far beyond what any condition needs, even under load."""


def wait_until(
    condition: Callable[[], Any],
    what: str | Callable[[], str],
    patience: float = PATIENCE,
    interval: float = 0.05,
) -> Any:
    """``condition()``'s first true value, polled every ``interval`` seconds; fails after
    ``patience`` seconds, saying it was waiting for ``what`` (a text, or a function that
    describes the state things were left in)."""
    deadline = time.monotonic() + patience
    while True:
        if value := condition():
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"still waiting after {patience:g} s for {described(what)}")
        time.sleep(interval)


async def wait_until_async(
    condition: Callable[[], Any],
    what: str | Callable[[], str],
    patience: float = PATIENCE,
    interval: float = 0.02,
    pause: Callable[[float], Any] | None = None,
) -> Any:
    """As ``wait_until``, without blocking the event loop; ``condition`` may be a coroutine
    function. ``pause`` (a Textual pilot's ``pilot.pause``) lets an app under test process
    its messages between two looks."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + patience
    while True:
        value = condition()
        if inspect.isawaitable(value):
            value = await value
        if value:
            return value
        if loop.time() > deadline:
            raise AssertionError(f"still waiting after {patience:g} s for {described(what)}")
        await (pause or asyncio.sleep)(interval)


def described(what: str | Callable[[], str]) -> str:
    return what if isinstance(what, str) else what()


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
