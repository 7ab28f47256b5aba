"""Many e-mails read off the event loop, while the next ones are fetched.

Reading an e-mail is CPU work (MIME parsing, DKIM's hashing and RSA), about a millisecond
each: a first sync of a mailbox with years of Amazon's notifications is tens of thousands of
them. A ``BatchReader`` takes batches as they arrive and reads them in worker processes when
there are enough to repay starting them (one per CPU, ``spawn``ed: the app runs threads, and
a forked child of a threaded process may hang), else in one thread. Either way the caller
goes on fetching while earlier batches are read, and gets the readings back in order.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import pickle
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from functools import partial
from types import TracebackType

from aztui.mail import DnsFunc, MailReading, MailSettings, read_mail

POOL_FROM = 2_000
"""E-mails to read in one go from which worker processes are started: below it, starting
them (importing the readers in each) costs more than it saves."""

_dns_of_sync: dict[str, DnsFunc] = {}
"""In a worker process: the DNS answers of the current sync, asked once each."""


ReadMail = Callable[..., MailReading]
"""``aztui.mail.read_mail``, or a stand-in with its signature (tests)."""


def read_batch(
    raws: Sequence[bytes],
    *,
    read: ReadMail,
    settings: MailSettings,
    zone: str,
    dns: DnsFunc | None,
    folder_role: str,
    sync: str,
) -> list[MailReading]:
    """``read`` of each of ``raws``; DNS answers shared by every batch of ``sync``."""
    cached = _dns_of_sync.get(sync)
    if cached is None:
        from aztui.mail.dns import per_sync_dns

        _dns_of_sync.clear()  # one sync at a time: an older one's answers may be stale
        cached = _dns_of_sync[sync] = per_sync_dns(dns)
    return [
        read(raw, settings=settings, zone=zone, dns=cached, folder_role=folder_role) for raw in raws
    ]


class BatchReader:
    """``async with BatchReader(...) as reader``: ``submit`` batches, ``ready`` the readings
    of those done, ``drain`` the rest. At most ``2 × workers`` batches wait at a time, so
    memory stays bounded however large the mailbox."""

    def __init__(
        self,
        *,
        settings: MailSettings,
        zone: str,
        dns: DnsFunc | None,
        expected: int,
        read: ReadMail = read_mail,
        workers: int | None = None,
    ) -> None:
        self.settings, self.zone, self.dns, self.read = settings, zone, dns, read
        self.workers = workers or os.cpu_count() or 1
        self.pooled = expected >= POOL_FROM and self.workers > 1 and _picklable(read, dns, settings)
        self.sync = os.urandom(8).hex()
        self._executor: Executor | None = None
        self._pending: deque[asyncio.Future[list[MailReading]]] = deque()

    async def __aenter__(self) -> BatchReader:
        if self.pooled:
            context = multiprocessing.get_context("spawn")
            self._executor = ProcessPoolExecutor(self.workers, mp_context=context)
        else:
            self._executor = ThreadPoolExecutor(1, thread_name_prefix="aztui-mail")
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        for future in self._pending:
            future.cancel()
        if self._executor is not None:
            await asyncio.to_thread(self._executor.shutdown, True, cancel_futures=True)

    async def submit(self, raws: Sequence[bytes], folder_role: str) -> list[MailReading]:
        """Queue ``raws``; returns the readings of the batches that had to finish first to
        keep the queue short (in the order they were submitted)."""
        assert self._executor is not None, "BatchReader used outside `async with`"
        job = partial(
            read_batch,
            list(raws),
            read=self.read,
            settings=self.settings,
            zone=self.zone,
            dns=self.dns,
            folder_role=folder_role,
            sync=self.sync,
        )
        self._pending.append(asyncio.get_running_loop().run_in_executor(self._executor, job))
        done: list[MailReading] = []
        while len(self._pending) > 2 * self.workers:
            done.extend(await self._pending.popleft())
        return done

    async def drain(self) -> list[MailReading]:
        """The readings of every batch still queued, in order."""
        done: list[MailReading] = []
        while self._pending:
            done.extend(await self._pending.popleft())
        return done


def _picklable(*values: object) -> bool:
    """Whether ``values`` can go to a worker process (a DNS stand-in defined in a function
    cannot: those e-mails are read in the thread)."""
    try:
        pickle.dumps(values)
    except (pickle.PicklingError, TypeError, AttributeError):
        return False
    return True
