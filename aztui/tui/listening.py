"""The mailbox listened to while the app runs: each configured source that can wait for news
(the IMAP source) is synced as soon as it has some, by the listener ``aztui watch`` uses
(``aztui.sources.listen``), so a claim e-mail shows in the panes within seconds of arriving.

A source that fails (its mailbox is down, a login refused) is marked in the header and told
once per new reason; the listener tries again after a wait that grows, and the app goes on.
E-mails refused or unrecognised by a sync are told in a toast (``aztui plugins`` lists their
templates), and so is what the sources warn of on stderr (a rotated refresh token aztui
cannot keep, ``aztui.sources.credentials``), since the app's stderr is not seen.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Protocol

from aztui.i18n import t
from aztui.redact import redact
from aztui.tui.host import Host

if TYPE_CHECKING:
    from aztui.sources.sync import SyncOutcome

LOG = logging.getLogger("aztui.sources")


class ListeningHost(Host, Protocol):
    """What ``Listening`` uses of the app besides the ``Host``."""

    def refresh_snapshot(self, *, only_if_changed: bool = False) -> None: ...


class Listening:
    """The listeners of one app, and which sources fail."""

    def __init__(self, app: ListeningHost, show_status: Callable[[], None]) -> None:
        self.app = app
        self.show_status = show_status
        self.failing: dict[str, str] = {}
        """Sources whose last round failed, with why."""
        self.names: list[str] = []
        self.stop = asyncio.Event()
        self._warnings = _Toasts(self._tell)

    def start(self) -> list[str]:
        """One worker per source that can wait for news; the names of those sources."""
        config, service = self.app.config, self.app.service
        if not config.sources:
            return []
        from aztui.sources.listen import listening_sources

        self.names = listening_sources(config, service.host)
        if self.names:
            self._warnings.loop = asyncio.get_running_loop()
            LOG.addHandler(self._warnings)
        for name in self.names:
            self.app.run_worker(self._listen(name), group=f"listen-{name}", exit_on_error=False)
        return self.names

    async def _listen(self, name: str) -> None:
        from aztui.sources.listen import listen

        service = self.app.service
        try:
            await listen(
                name,
                config=self.app.config,
                host=service.host,
                store=service.store,
                policy=service.policy,
                sync=self._sync,
                log=lambda line: LOG.info(redact(line)),
                stop=self.stop,
                state=lambda why: self.show(name, why),
            )
        finally:
            LOG.removeHandler(self._warnings)  # the app closes

    def _tell(self, warning: str) -> None:
        lang = self.app.config.language
        self.app.notify(warning, title=t("source_warning", lang), severity="warning", timeout=30)

    async def _sync(self, names: Sequence[str]) -> list[SyncOutcome]:
        outcomes = await self.app.service.sync(names)
        self.app.refresh_snapshot(only_if_changed=True)
        lang = self.app.config.language
        for outcome in outcomes:
            mail = outcome.mail
            if mail is not None and (mail.refused or mail.unrecognised):
                self.app.notify(
                    t(
                        "mail_set_aside_body",
                        lang,
                        name=outcome.name,
                        refused=mail.refused,
                        unrecognised=sum(mail.unrecognised.values()),
                    ),
                    title=t("mail_set_aside", lang),
                    severity="warning",
                    timeout=12,
                )
        return outcomes

    def show(self, name: str, why: str | None) -> None:
        """A round of source ``name`` ended: failing (``why``) or well (None)."""
        before = self.failing.get(name)
        lang = self.app.config.language
        if why is None:
            self.failing.pop(name, None)
            if before is not None:
                self.app.notify(t("mailbox_back", lang, name=name), timeout=5)
        else:
            self.failing[name] = why
            if before != why:
                self.app.notify(
                    t("mailbox_failing_body", lang, name=name, reason=why),
                    title=t("mailbox_failing", lang),
                    severity="warning",
                    timeout=10,
                )
        if (before is None) != (why is None):
            self.show_status()


class _Toasts(logging.Handler):
    """The warnings logged on ``aztui.sources`` while the app listens, each told by ``tell``
    on the app's loop (a source may warn from any thread), its secrets masked."""

    def __init__(self, tell: Callable[[str], None]) -> None:
        super().__init__(logging.WARNING)
        self.tell = tell
        self.loop: asyncio.AbstractEventLoop | None = None

    def emit(self, record: logging.LogRecord) -> None:
        if self.loop is not None and not self.loop.is_closed():
            self.loop.call_soon_threadsafe(self.tell, redact(record.getMessage()))
