"""What the app does in the background, in workers: asking the carriers every ``[tracking]
interval_minutes`` (and on ``R``), a failing carrier marked in the header and told once; and
the alerts, told in one toast per look (with the terminal bell for a critical one), each once
per session.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from textual.app import App
from textual.binding import Binding

from aztui.domain.alerts import Severity
from aztui.i18n import t

if TYPE_CHECKING:
    from aztui.carriers.run import CarrierRun
    from aztui.config import Config
    from aztui.service import Service

FIRST_RUN_SECONDS = 60.0
"""The first background run waits this long: opening the app stays quick."""
FIRST_ALERTS_SECONDS = 5.0
TOASTS = 2
"""Alerts named in the one toast of a look (at 80×24 a toast must stay small); the rest are
counted."""


class Background(App[None]):
    BINDINGS = [Binding("R", "track", "Track parcels", id="track", show=False)]

    config: Config
    service: Service
    clock: Callable[[], datetime]
    degraded: dict[str, str]
    """Carriers that failed in the last run, with why."""
    told: set[str]
    """Alerts already shown as toasts in this session."""
    offline: str | None = None
    """Why the shared store cannot be reached, as last told."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.degraded, self.told = {}, set()

    def start_background(self) -> None:
        """Schedule the tracking runs (none when ``interval_minutes`` is 0) and the looks
        for alerts (every ``[alerts] check_seconds``, at least 15 s)."""
        self.set_timer(FIRST_ALERTS_SECONDS, self.look_for_alerts)
        self.set_interval(max(15.0, self.config.alerts.check_seconds), self.look_for_alerts)
        minutes = self.config.tracking.interval_minutes
        if minutes > 0:
            self.set_timer(min(FIRST_RUN_SECONDS, minutes * 60), self.action_track)
            self.set_interval(minutes * 60, self.action_track)

    def action_track(self) -> None:
        """Ask the carriers now (one run at a time)."""
        self.run_worker(self._track(), group="track", exclusive=True, exit_on_error=False)

    async def _track(self) -> None:
        from aztui.service import Busy

        try:
            runs, _ = await self.service.track(self.clock())
        except Busy:
            return  # a teammate's aztui tracks; its results show as they are stored
        self.show_carriers(runs)

    def show_carriers(self, runs: list[CarrierRun]) -> None:
        lang = self.config.language
        before = dict(self.degraded)
        for run in runs:
            if run.status == "degraded":
                self.degraded[run.name] = run.detail
            elif run.asked:
                self.degraded.pop(run.name, None)
        for name, why in self.degraded.items():
            if before.get(name) != why:
                self.notify(
                    f"{name}: {why}",
                    title=t("carrier_degraded", lang),
                    severity="warning",
                    timeout=10,
                )
        self.show_status()

    def watch_offline(self) -> None:
        """Each tick: say once when the store goes offline (it retries by itself) and when
        it is back."""
        offline = self.service.store.offline
        if (offline is None) == (self.offline is None):
            return
        lang = self.config.language
        if offline is not None:
            self.notify(
                t("store_offline_body", lang, reason=offline),
                title=t("store_offline", lang),
                severity="error",
                timeout=10,
            )
        else:
            self.notify(t("store_online", lang), timeout=5)
        self.offline = offline
        self.show_status()

    def show_status(self) -> None:
        """The header's second line: where the store is, then what is wrong (offline, carriers
        failing)."""
        database = self.config.database
        where = self.service.store.url if "://" in database else database  # no password shown
        marks = [f"⚠ {t('offline_mark', self.config.language)}"] if self.offline else []
        if self.degraded:
            marks.append(f"⚠ {', '.join(sorted(self.degraded))}")
        self.sub_title = " · ".join([where, *marks])

    def look_for_alerts(self) -> None:
        self.run_worker(self._alerts(), group="alerts", exclusive=True, exit_on_error=False)

    async def _alerts(self) -> None:
        from aztui.channels.dispatch import due_alerts

        fresh = [
            a
            for a in await due_alerts(self.service, self.clock(), remember=False)
            if a.severity is not Severity.INFO and a.id not in self.told
        ]
        self.told.update(a.id for a in fresh)
        if not fresh:
            return
        lang = self.config.language
        fresh.sort(key=lambda a: a.severity.rank, reverse=True)  # the most severe first
        lines = [a.title for a in fresh[:TOASTS]]
        if len(fresh) > TOASTS:
            lines.append(t("more_alerts", lang, n=len(fresh) - TOASTS))
        critical = fresh[0].severity is Severity.CRITICAL
        self.notify(
            "\n".join(lines),
            title=t("alert", lang),
            timeout=12,
            severity="error" if critical else "warning",
        )
        if critical:
            self.bell()
