"""What the app does in the background, in workers: asking the carriers every ``[tracking]
interval_minutes`` (and on ``R``), a failing carrier marked in the header and told once; the
alerts, told in one toast per look (with the terminal bell for a critical one), each once
per session; and the mailbox listened to (``aztui.tui.listening``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from aztui.domain.alerts import Severity
from aztui.i18n import t
from aztui.tui.listening import Listening, ListeningHost

if TYPE_CHECKING:
    from aztui.carriers.run import CarrierRun

FIRST_RUN_SECONDS = 60.0
"""The first background run waits this long: opening the app stays quick."""
FIRST_ALERTS_SECONDS = 5.0
TOASTS = 2
"""Alerts named in the one toast of a look (at 80×24 a toast must stay small); the rest are
counted."""


class BackgroundHost(ListeningHost, Protocol):
    """What ``Background`` uses of the app besides the ``Host``: timers, the bell, and the
    header's second line."""

    sub_title: str

    def set_timer(self, delay: float, callback: Callable[[], object]) -> object: ...

    def set_interval(self, interval: float, callback: Callable[[], object]) -> object: ...

    def bell(self) -> None: ...


class Background:
    """The tracking runs and the alerts of one app, and what the header says of them."""

    def __init__(self, app: BackgroundHost) -> None:
        self.app = app
        self.degraded: dict[str, str] = {}
        """Carriers that failed in the last run, with why."""
        self.told: set[str] = set()
        """Alerts already shown as toasts in this session."""
        self.offline: str | None = None
        """Why the shared store cannot be reached, as last told."""
        self.sources = Listening(app, self.show_status)
        """The mailbox listened to (``aztui.tui.listening``)."""

    def start(self) -> None:
        """Schedule the tracking runs (none when ``interval_minutes`` is 0) and the looks
        for alerts (every ``[alerts] check_seconds``, at least 15 s)."""
        self.app.set_timer(FIRST_ALERTS_SECONDS, self.look_for_alerts)
        self.app.set_interval(max(15.0, self.app.config.alerts.check_seconds), self.look_for_alerts)
        minutes = self.app.config.tracking.interval_minutes
        if minutes > 0:
            self.app.set_timer(min(FIRST_RUN_SECONDS, minutes * 60), self.track)
            self.app.set_interval(minutes * 60, self.track)
        self.sources.start()

    def track(self, tell: bool = False) -> None:
        """Ask the carriers now (one run at a time); ``tell``: the seller pressed ``R``, so
        say that it started and what it found."""
        self.app.run_worker(self._track(tell), group="track", exclusive=True, exit_on_error=False)

    async def _track(self, tell: bool = False) -> None:
        from aztui.service import Busy

        lang = self.app.config.language
        if tell:
            self.app.notify(t("tracking_started", lang), timeout=3)
        try:
            runs, unmatched = await self.app.service.track(self.app.clock())
        except Busy:
            if tell:  # a teammate's aztui tracks; its results show as they are stored
                self.app.notify(t("tracking_busy", lang), severity="warning")
            return
        self.show_carriers(runs)
        if tell:
            self.app.notify(tracking_told(runs, unmatched, lang))

    def show_carriers(self, runs: list[CarrierRun]) -> None:
        lang = self.app.config.language
        before = dict(self.degraded)
        for run in runs:
            if run.status == "degraded":
                self.degraded[run.name] = run.detail
            elif run.asked:
                self.degraded.pop(run.name, None)
        for name, why in self.degraded.items():
            if before.get(name) != why:
                self.app.notify(
                    f"{name}: {why}",
                    title=t("carrier_degraded", lang),
                    severity="warning",
                    timeout=10,
                )
        self.show_status()

    def watch_offline(self) -> None:
        """Each tick: say once when the store goes offline (it retries by itself) and when
        it is back."""
        offline = self.app.service.store.offline
        if (offline is None) == (self.offline is None):
            return
        lang = self.app.config.language
        if offline is not None:
            self.app.notify(
                t("store_offline_body", lang, reason=offline),
                title=t("store_offline", lang),
                severity="error",
                timeout=10,
            )
        else:
            self.app.notify(t("store_online", lang), timeout=5)
        self.offline = offline
        self.show_status()

    def show_status(self) -> None:
        """The header's second line: where the store is, then what is wrong (offline, carriers
        failing)."""
        database = self.app.config.database
        where = self.app.service.store.url if "://" in database else database  # no password shown
        marks = [f"⚠ {t('offline_mark', self.app.config.language)}"] if self.offline else []
        failing = {**self.degraded, **self.sources.failing}
        if failing:
            marks.append(f"⚠ {', '.join(sorted(failing))}")
        self.app.sub_title = " · ".join([where, *marks])

    def look_for_alerts(self) -> None:
        self.app.run_worker(self._alerts(), group="alerts", exclusive=True, exit_on_error=False)

    async def _alerts(self) -> None:
        from aztui.channels.dispatch import due_alerts

        fresh = [
            a
            for a in await due_alerts(self.app.service, self.app.clock(), remember=False)
            if a.severity is not Severity.INFO and a.id not in self.told
        ]
        self.told.update(a.id for a in fresh)
        if not fresh:
            return
        lang = self.app.config.language
        fresh.sort(key=lambda a: a.severity.rank, reverse=True)  # the most severe first
        lines = [a.title for a in fresh[:TOASTS]]
        if len(fresh) > TOASTS:
            lines.append(t("more_alerts", lang, n=len(fresh) - TOASTS))
        critical = fresh[0].severity is Severity.CRITICAL
        self.app.notify(
            "\n".join(lines),
            title=t("alert", lang),
            timeout=12,
            severity="error" if critical else "warning",
        )
        if critical:
            self.app.bell()


def tracking_told(runs: list[CarrierRun], unmatched: int, language: str) -> str:
    """What ``R`` found: parcels asked about and updated, carriers left out and why, parcels
    of a carrier no plugin knows."""
    asked = sum(r.asked for r in runs if r.status in ("ok", "degraded"))
    told = (
        t("tracking_done", language, asked=asked, updated=sum(r.updated for r in runs))
        if asked
        else t("tracking_nothing_due", language)
    )
    left_out = [r.name for r in runs if r.status == "unavailable"]
    if left_out:
        told += " " + t("tracking_unavailable", language, names=", ".join(left_out))
    if unmatched:
        told += " " + t("tracking_unmatched", language, n=unmatched)
    return told
