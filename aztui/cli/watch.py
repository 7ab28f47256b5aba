"""``aztui watch``: the headless daemon, and ``aztui check --notify``'s single pass.

Each pass imports the inbox (when one is configured), asks the carriers (every ``[tracking]
interval_minutes``), decides the due alerts and sends what the outbox holds, logging one line
per thing done. A source that can wait for news (the IMAP source) is synced whenever it has
some. SIGTERM or SIGINT stops it between two steps (a send under way finishes):
everything waiting is in the store's outbox, so a restart picks up where it stopped and sends
nothing twice.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from aztui.channels.dispatch import decide_and_queue
from aztui.channels.send import Channels, make_channels, send_due
from aztui.config import Config
from aztui.files import printable
from aztui.redact import redact
from aztui.service import Busy, Service
from aztui.store.protocol import StoreError

Log = Callable[[str], None]


def system_clock() -> datetime:
    return datetime.now(UTC)


class Watcher:
    def __init__(
        self,
        config: Config,
        service: Service,
        log: Log,
        clock: Callable[[], datetime] = system_clock,
    ) -> None:
        self.config, self.service, self.clock = config, service, clock
        self.log: Log = lambda line: log(redact(line))  # every line may quote a plugin's words
        self.channels: Channels = make_channels(
            config.channels,
            service.host,
            config.language,
            timedelta(seconds=config.alerts.retry_seconds),
            config.timezone,
        )
        self.next_tracking: datetime | None = None
        self.failed: dict[str, str] = {}
        """Each channel a send failed on in the last pass, with the first reason."""
        for name, why in self.channels.broken.items():
            log(f"channel {name}: unavailable: {why}")
        if not config.channels:
            log("no [channels.<id>] table: alerts are decided and kept, nothing is sent")

    def cannot_send(self) -> dict[str, str]:
        """Each configured channel that could not send: unavailable, or a send of the last
        pass failed (``aztui check --notify`` exits 3 and names them)."""
        return {**self.failed, **self.channels.broken}

    async def one_pass(self, stop: asyncio.Event | None = None) -> None:
        now = self.clock()
        self.failed = {}
        if self.config.inbox is not None:
            for outcome in await self.service.import_inbox():
                if outcome.status != "waiting":
                    name = printable(outcome.name)
                    self.log(f"inbox {name}: {outcome.status}: {outcome.detail}")
        await self._track(now)
        decided = await decide_and_queue(self.service, now, self.config.channels)
        if decided.queued:
            self.log(f"alerts: {len(decided.alerts)} due, {decided.queued} queued")
        waiting: Counter[str] = Counter()
        for sent in await send_due(self.service.store, self.channels, now, stop):
            if not sent.delivered and sent.channel in self.config.channels:
                self.failed.setdefault(sent.channel, sent.detail)
            if sent.delivered:
                self.log(f"sent {sent.alert_id} to {sent.channel}")
            elif sent.unavailable:
                waiting[sent.channel] += 1
            elif sent.retry_at is not None:
                self.log(
                    f"failed {sent.alert_id} to {sent.channel}: {sent.detail}; "
                    f"again at {sent.retry_at.isoformat()}"
                )
            else:
                self.log(f"gave up {sent.alert_id} to {sent.channel}: {sent.detail}")
        for name, count in waiting.items():  # one line a pass, however many wait
            self.log(f"channel {name}: unavailable: {count} alert(s) wait in the outbox")

    async def _track(self, now: datetime) -> None:
        minutes = self.config.tracking.interval_minutes
        if minutes <= 0 or (self.next_tracking is not None and now < self.next_tracking):
            return
        self.next_tracking = now + timedelta(minutes=minutes)
        try:
            runs, _ = await self.service.track(now)
        except Busy as exc:
            self.log(f"track: {exc}")
            return
        for run in runs:
            if run.asked or run.status != "ok":
                self.log(
                    f"track {run.name}: {run.status}: {run.updated}/{run.asked} updated, "
                    f"{run.new_events} new events" + (f" — {run.detail}" if run.detail else "")
                )

    async def run(self, stop: asyncio.Event) -> None:
        """Passes every ``[alerts] check_seconds`` until ``stop`` is set; meanwhile each source
        that can wait for news (``aztui.sources.listen``) is synced as soon as it has some."""
        listeners = self._listeners(stop)
        while not stop.is_set():
            try:
                await self.one_pass(stop)
            except StoreError as exc:  # a shared store out of reach: the next pass retries
                self.log(f"store: {exc}; next pass in {self.config.alerts.check_seconds:g} s")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), self.config.alerts.check_seconds)
        await asyncio.gather(*listeners, return_exceptions=True)
        self.log("stopped")

    def _listeners(self, stop: asyncio.Event) -> list[asyncio.Task[None]]:
        if not self.config.sources:
            return []
        from aztui.sources.listen import listen, listening_sources

        service = self.service
        tasks = []
        for name in listening_sources(self.config, service.host):
            self.log(f"source {name}: listening for news")
            work = listen(
                name,
                config=self.config,
                host=service.host,
                store=service.store,
                policy=service.policy,
                sync=service.sync,
                log=self.log,
                stop=stop,
            )
            tasks.append(asyncio.create_task(work))
        return tasks
