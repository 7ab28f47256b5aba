"""Tracking in the background of the app: the carriers are asked every
``[tracking] interval_minutes`` (and on ``R``), in a worker; what they say shows in the panes
like any other write, and a carrier that fails is marked in the header and told once.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from textual.app import App
from textual.binding import Binding

from aztui.i18n import t

if TYPE_CHECKING:
    from aztui.config import Config
    from aztui.service import Service
    from aztui.tracking.run import CarrierRun

FIRST_RUN_SECONDS = 60.0
"""The first background run waits this long: opening the app stays quick."""


class Tracking(App[None]):
    BINDINGS = [Binding("R", "track", "Track parcels", id="track", show=False)]

    config: Config
    service: Service
    clock: Callable[[], datetime]
    degraded: dict[str, str]
    """Carriers that failed in the last run, with why."""

    def start_tracking(self) -> None:
        """Schedule the background runs (none when ``interval_minutes`` is 0)."""
        self.degraded = {}
        minutes = self.config.tracking.interval_minutes
        if minutes > 0:
            self.set_timer(min(FIRST_RUN_SECONDS, minutes * 60), self.action_track)
            self.set_interval(minutes * 60, self.action_track)

    def action_track(self) -> None:
        """Ask the carriers now (one run at a time)."""
        self.run_worker(self._track(), group="track", exclusive=True, exit_on_error=False)

    async def _track(self) -> None:
        runs, _ = await self.service.track(self.clock())
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
                self.notify(f"{name}: {why}", title=t("carrier_degraded", lang),
                            severity="warning", timeout=10)
        mark = f" · ⚠ {', '.join(sorted(self.degraded))}" if self.degraded else ""
        self.sub_title = f"{self.config.database}{mark}"
