"""Time arithmetic for deadlines: elapsed calendar days, end-of-day mode, UTC rendering.

Nothing here reads the wall clock: every function takes the instants it needs.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from enum import StrEnum
from functools import lru_cache
from typing import overload
from zoneinfo import ZoneInfo


class DayMode(StrEnum):
    """How "N calendar days" is counted (docs/rules.md §1)."""

    ELAPSED = "elapsed"
    """N × 24 hours of elapsed time from the trigger: DST never shifts it."""
    END_OF_DAY = "end_of_day"
    """The end of the Nth calendar day after the trigger, in the marketplace zone."""


@lru_cache(maxsize=64)
def zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def utc(instant: datetime) -> datetime:
    """The same instant in UTC; a naive value is refused rather than guessed."""
    if instant.tzinfo is None:
        raise ValueError(f"naive datetime {instant.isoformat()} has no time zone")
    return instant.astimezone(UTC)


def add_calendar_days(start: datetime, days: int, mode: DayMode, zone_name: str) -> datetime:
    """The due instant ``days`` calendar days after ``start``."""
    if mode is DayMode.ELAPSED:
        return utc(start) + timedelta(days=days)
    local = utc(start).astimezone(zone(zone_name))
    last_day = local.date() + timedelta(days=days)
    end = datetime.combine(last_day, time(23, 59, 59), tzinfo=zone(zone_name))
    return end.astimezone(UTC)


def iso_z(instant: datetime | None) -> str | None:
    """``2026-11-26T09:00:00Z``: the form every JSON output uses."""
    if instant is None:
        return None
    return utc(instant).replace(microsecond=0).isoformat().replace("+00:00", "Z")


@overload
def from_epoch(seconds: int) -> datetime: ...
@overload
def from_epoch(seconds: None) -> None: ...
@overload
def from_epoch(seconds: int | None) -> datetime | None: ...
def from_epoch(seconds: int | None) -> datetime | None:
    return None if seconds is None else datetime.fromtimestamp(seconds, UTC)


def to_epoch(instant: datetime | None) -> int | None:
    return None if instant is None else int(instant.timestamp())
