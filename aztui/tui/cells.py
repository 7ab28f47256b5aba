"""Cells every pane shows the same way: a countdown, a metric value, in theme colours only,
and a local time that sorts as the instant it stands for."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import datetime
from decimal import Decimal
from functools import lru_cache
from zoneinfo import ZoneInfo

from rich.style import Style
from rich.text import Text

from aztui.domain.metrics import MetricStatus
from aztui.i18n import duration, local_time, percent, t
from aztui.money import money
from aztui.tui.themes import rich_colour

SOON_SECONDS = 6 * 3600
"""Under this, a countdown takes the ``deadline-soon`` colour."""


def colour(variables: Mapping[str, str], name: str) -> str:
    return rich_colour(variables.get(name, "default"))


def countdown(
    due: datetime, now: datetime, overdue: bool, language: str, variables: Mapping[str, str]
) -> Text:
    """``dans 5 h 00`` or, once due, ``retard 2 h 00`` in the alarm colour; flush right, so
    that the hours and minutes of a column line up."""
    seconds = int((due - now).total_seconds())
    if overdue or due <= now:
        return Text(
            t("late_by", language, d=duration(-seconds, language)),
            style=f"bold {colour(variables, 'deadline-overdue')}",
            justify="right",
        )
    name = "deadline-soon" if seconds < SOON_SECONDS else "deadline-open"
    return Text(
        t("in", language, d=duration(seconds, language)),
        style=colour(variables, name),
        justify="right",
    )


def metric_value(
    value: float | None, status: MetricStatus, language: str, variables: Mapping[str, str]
) -> Text:
    style = colour(variables, f"metric-{status.value.replace('_', '-')}")
    if status is MetricStatus.BREACH:
        style = f"bold {style}"
    return Text(percent(value, language), style=style)


DELIVERY_DOUBTS = frozenset(
    {
        "no_tracking",
        "late_delivery",
        "tracking_stalled",
        "not_handed_over",
        "delivery_failed",
        "exception",
        "return_to_sender",
    }
)
"""Signals that a delivery is late, unknown or failing (an item-not-received claim possible
is not one: it holds for every delivered parcel still in the claim window)."""


def signals_shown(signals: Collection[str]) -> set[str]:
    """The risk signals a row shows. No Buy Shipping protection is on nearly every parcel: it
    is shown only beside a delivery in doubt, where it decides who pays for a claim."""
    shown = set(signals)
    if not shown & DELIVERY_DOUBTS:
        shown.discard("unprotected_shipping")
    return shown


def snoozed_mark(
    until: datetime, now: datetime, zone: str, language: str, variables: Mapping[str, str]
) -> Text:
    """`` · en silence jusqu'à 13:00`` (a later day: ``jusqu'au 27/11 01:00``) after a
    snoozed row's name: in the ``row-snoozed`` colour, not dimmed with the rest of its row."""
    tz = ZoneInfo(zone)
    if until.astimezone(tz).date() == now.astimezone(tz).date():
        words = t("snoozed_until_time", language, time=f"{until.astimezone(tz):%H:%M}")
    else:
        words = t("snoozed_until_day", language, until=local_time(until, zone, language))
    return Text(
        f" · {words}", style=Style(color=colour(variables, "row-snoozed"), dim=False, italic=True)
    )


_local_time = lru_cache(maxsize=8192)(local_time)
_money = lru_cache(maxsize=8192)(money)
"""Each text made once: a pane of 5,000 orders shows a few hundred amounts and due times,
and Babel takes a fraction of a millisecond for each."""


class When(str):
    """A local time as shown (``26/11 10:00``), carrying its instant for sorting."""

    __slots__ = ("at",)
    at: datetime

    def __new__(cls, at: datetime, zone: str, language: str) -> When:
        shown = super().__new__(cls, _local_time(at, zone, language))
        shown.at = at
        return shown


def when(at: datetime | None, zone: str, language: str) -> When | str:
    return "" if at is None else When(at, zone, language)


class Money(str):
    """An amount as the language writes it (``25,99 €``), carrying its value for sorting."""

    __slots__ = ("value",)
    value: Decimal

    def __new__(cls, value: Decimal, currency: str | None, language: str) -> Money:
        shown = super().__new__(cls, _money(value, currency, language))
        shown.value = value
        return shown


def amount(value: Decimal | None, currency: str | None, language: str) -> Money | str:
    return "" if value is None else Money(value, currency, language)


def wall_clock(now: datetime, zone: str, language: str, *, with_zone: bool = True) -> str:
    """``lun. 7 déc. 09:41 Europe/Paris``: the marketplace's time, and where that is."""
    local = now.astimezone(ZoneInfo(zone))
    day = t("weekdays", language).split()[local.weekday()]
    month = t("months", language).split()[local.month - 1]
    text = f"{day} {local.day} {month} {local:%H:%M}"
    return f"{text} {zone}" if with_zone else text
