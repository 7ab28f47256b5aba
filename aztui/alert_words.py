"""An alert's words (``aztui.domain.alerts.Wording``) in the seller's language, from the
catalogs (``alert_<key>``); instants in the marketplace's zone, days as the language writes
them."""

from __future__ import annotations

from datetime import date, datetime

from aztui.i18n import local_time, named, t
from aztui.risk_words import risk_detail


class AlertWords:
    def __init__(self, language: str, zone: str) -> None:
        self.language, self.zone = language, zone

    def __call__(self, key: str, **values: object) -> str:
        return t(f"alert_{key}", self.language, **values)

    def instant(self, at: datetime) -> str:
        return local_time(at, self.zone, self.language)

    def day(self, day: date) -> str:
        return t("alert_day", self.language, day=day.day, month=day.month, year=day.year)

    def signal(self, signal: str) -> str:
        return named("signal", signal, self.language)

    def detail(self, detail: str) -> str:
        return risk_detail(detail, self.language)
