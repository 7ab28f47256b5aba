"""Sources that can wait for news, synced as soon as they have some (``aztui watch``).

A source may offer ``async wait_for_news(cursor, patience) -> bool``: it returns True once
there is something its cursor has not seen (the IMAP source listens with IDLE), False when
``patience`` ran out. For each such source ``aztui watch`` keeps one listener: wait, sync that
source, wait again; so a claim e-mail is read within seconds of arriving. A wait that fails
(the mailbox is down) or a sync that fails (its cursor did not move, so the news is still
there) is told and tried again after a wait that doubles each time, up to ten minutes; the
other sources and the daemon's passes go on.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Sequence

from aztui.config import Config
from aztui.domain.policy import Policy
from aztui.hookspecs import resolved
from aztui.pluginmanager import PluginHost
from aztui.sources.sync import SyncOutcome, cursor_key, source_context, source_type
from aztui.store.protocol import Store

PATIENCE_SECONDS = 600.0
"""How long one wait lasts before it is asked again (servers end an IDLE after 30 minutes)."""
FIRST_RETRY_SECONDS = 5.0
LAST_RETRY_SECONDS = 600.0

Sync = Callable[[Sequence[str]], Awaitable[list[SyncOutcome]]]
Log = Callable[[str], None]
State = Callable[[str | None], None]


def listening_sources(config: Config, host: PluginHost) -> list[str]:
    """The configured, enabled sources whose plugin's source can wait for news."""
    factories = host.sources()
    return [
        name
        for name, settings in config.sources.items()
        if settings.enabled
        and source_type(config, name) in factories
        and callable(
            getattr(resolved(factories[source_type(config, name)].factory), "wait_for_news", None)
        )
    ]


async def listen(
    name: str,
    *,
    config: Config,
    host: PluginHost,
    store: Store,
    policy: Policy,
    sync: Sync,
    log: Log,
    stop: asyncio.Event,
    state: State | None = None,
) -> None:
    """Until ``stop``: wait for news from source ``name``, then sync it. ``state`` hears why
    each failed round failed, and None after one that went well (the app's header mark)."""
    retry = FIRST_RETRY_SECONDS
    while not stop.is_set():
        failed: str | None = None
        try:
            factory = host.sources()[source_type(config, name)].factory
            source = factory(source_context(config, policy, name))
            cursor = await store.get_meta(cursor_key(name))
            news = await _until(source.wait_for_news(cursor, PATIENCE_SECONDS), stop)
            if news:
                for outcome in await sync([name]):
                    log(f"source {outcome.name}: {outcome.status}: {outcome.detail}")
                    if outcome.status == "failed":
                        failed = outcome.detail
        except Exception as exc:  # noqa: BLE001 - plugin code: told, then tried again
            failed = f"{type(exc).__name__}: {exc}"
            log(f"source {name}: waiting for news failed: {failed}")
        if state is not None and not stop.is_set():
            state(failed)
        if failed:  # its cursor did not move: the news is still there, wait before again
            await _until(stop.wait(), stop, retry)
            retry = min(retry * 2, LAST_RETRY_SECONDS)
        else:
            retry = FIRST_RETRY_SECONDS


async def _until(work: Awaitable[object], stop: asyncio.Event, limit: float | None = None):
    """``work``'s result, or None once ``stop`` is set (or ``limit`` seconds passed)."""
    task = asyncio.ensure_future(work)
    stopping = asyncio.ensure_future(stop.wait())
    try:
        await asyncio.wait({task, stopping}, timeout=limit, return_when=asyncio.FIRST_COMPLETED)
        if task.done():
            return task.result()
        return None
    finally:
        for pending in (task, stopping):
            if not pending.done():
                pending.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await pending
