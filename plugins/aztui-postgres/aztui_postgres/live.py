"""Live across the team: each write transaction sends ``NOTIFY aztui_changes`` with the id of
the aztui that wrote; every aztui listens on a connection of its own and tells its app, which
reads the store again at once. The listening connection is also how an aztui knows it is
online: when it drops, the store is marked offline and it reconnects with backoff.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from typing import TypedDict

import psycopg

CHANNEL = "aztui_changes"
PING_SECONDS = 5.0
"""A quiet connection is asked ``SELECT 1`` this often, so a dead one is noticed."""
FIRST_RETRY = 0.25
MAX_RETRY = 15.0

log = logging.getLogger(__name__)


class ConnectOptions(TypedDict, total=False):
    """The libpq connection parameters aztui sets beside the URL's."""

    connect_timeout: int
    keepalives: int
    keepalives_idle: int
    keepalives_interval: int
    keepalives_count: int
    application_name: str


def reason(exc: BaseException) -> str:
    """The first line of a connection error, or its kind."""
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


class Backoff:
    """Waits that double from ``first`` up to ``most``; ``reset`` after a success."""

    def __init__(self, first: float = FIRST_RETRY, most: float = MAX_RETRY) -> None:
        self.first, self.most = first, most
        self.next = first

    def reset(self) -> None:
        self.next = self.first

    def take(self) -> float:
        wait, self.next = self.next, min(self.next * 2, self.most)
        return wait


class Listener:
    """LISTENs for other aztui's writes; reports being online or offline."""

    def __init__(
        self,
        url: str,
        origin: str,
        changed: Callable[[], None],
        status: Callable[[str | None], None],
        connect: ConnectOptions,
    ) -> None:
        self.url = url
        self.origin = origin
        self.changed = changed
        self.status = status
        self.connect = connect
        self.backoff = Backoff()
        self.listening = asyncio.Event()

    async def run(self) -> None:
        """Forever: connect, listen, report; after a drop, wait and connect again."""
        was_offline = False
        while True:
            try:
                conn = await psycopg.AsyncConnection.connect(
                    self.url, autocommit=True, **self.connect
                )
            except psycopg.Error as exc:
                was_offline = True
                self.status(reason(exc))
                await asyncio.sleep(self.backoff.take())
                continue
            try:
                async with conn:
                    await conn.execute(f"LISTEN {CHANNEL}")
                    self.backoff.reset()
                    self.status(None)
                    self.listening.set()
                    if was_offline:  # what teammates wrote meanwhile
                        self.tell()
                    await self._follow(conn)
            except Exception as exc:  # noqa: BLE001 - whatever broke the line: reconnect
                self.listening.clear()
                was_offline = True
                self.status(reason(exc) or "connection lost")
                log.info("store connection lost: %s", reason(exc))
            await asyncio.sleep(self.backoff.take())

    def tell(self) -> None:
        """Call back; a failing callback is logged, never the end of listening."""
        try:
            self.changed()
        except Exception:
            log.exception("a store watcher failed")

    async def _follow(self, conn: psycopg.AsyncConnection) -> None:
        while True:
            async for note in conn.notifies(timeout=PING_SECONDS):
                if note.payload != self.origin:
                    self.tell()
            await asyncio.wait_for(conn.execute("SELECT 1"), PING_SECONDS)


async def stop(task: asyncio.Task | None) -> None:
    if task is not None:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
