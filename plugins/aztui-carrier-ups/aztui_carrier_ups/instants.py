"""When a UPS activity happened, in UTC.

In order of trust:

1. ``gmtDate`` + ``gmtTime``: UTC as UPS states it. ``gmtDate`` comes as ``20240326`` in real
   answers (UPS-API/api-documentation issue 99), ``2023-11-30`` in the legacy XML API;
   ``gmtTime`` as ``15:44:34``, or ``74700`` with the leading zero dropped.
2. Local ``date`` + ``time`` less ``gmtOffset`` (``-05:00``): exact too.
3. Local ``date`` + ``time`` alone (issue 38): placed in the zone of the activity's place
   (``zones.zone_of``) and converted by aztui's carrier API (``utc_from_local``: a repeated
   autumn hour is its first occurrence, a skipped spring hour is read with the offset before
   the change) — a derived instant, returned with the zone it was derived in so the event can
   say so.
4. No date or no time: no instant. aztui never invents one.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from typing import Any

from aztui.carriers import utc_from_local

from .values import as_dict, digits, text
from .zones import zone_of


@dataclass(frozen=True, slots=True)
class Instant:
    at: datetime
    """Aware, UTC."""
    derived_in: str | None = None
    """The zone aztui assumed when UPS gave only a local time; None when UPS gave UTC."""


def activity_instant(activity: Mapping[str, Any]) -> Instant | None:
    """The activity's instant in UTC (see the module's order), or None."""
    gmt = local_instant(digits(activity.get("gmtDate")), digits(activity.get("gmtTime")), UTC)
    if gmt is not None:
        return Instant(gmt)
    date, time_ = digits(activity.get("date")), digits(activity.get("time"))
    offset = parse_offset(activity.get("gmtOffset"))
    if offset is not None:
        local = local_instant(date, time_, offset)
        return Instant(local) if local else None
    zone = place_zone(activity)
    local = local_instant(date, time_, zone)
    return Instant(local, zone) if local else None


def place_zone(activity: Mapping[str, Any]) -> str:
    """The zone of the activity's country and state, as ``zones.zone_of`` reads them."""
    address = as_dict(as_dict(activity.get("location")).get("address"))
    country = text(address.get("countryCode")) or text(address.get("country"))
    return zone_of(country if len(country) == 2 else "", text(address.get("stateProvince")))


def local_instant(date: str, time_: str, zone: str | tzinfo) -> datetime | None:
    """A UPS date and time read in ``zone`` (a fixed offset, UTC or a place's zone), as UTC:
    ``utc_from_local``, so a repeated or skipped hour follows aztui's one rule."""
    wall = combine(date, time_)
    return utc_from_local(wall, zone) if wall else None


def combine(date: str, time_: str) -> datetime | None:
    """``YYYYMMDD`` and ``HHMMSS`` (UPS also writes ``HMMSS``, ``HH:MM:SS`` and ``HHMM``), as
    a naive wall-clock time."""
    if len(date) != 8 or not time_ or len(time_) > 6:
        return None
    time_ = time_ + "00" if len(time_) == 4 else time_.zfill(6)
    try:
        return datetime(
            int(date[:4]),
            int(date[4:6]),
            int(date[6:]),
            int(time_[:2]),
            int(time_[2:4]),
            int(time_[4:]),
        )
    except ValueError:
        return None


def parse_offset(value: object) -> timezone | None:
    """``-05:00``, ``+0100`` … as a fixed offset; None for anything else."""
    match = re.fullmatch(r"([+-])(\d{1,2}):?(\d{2})", text(value))
    if not match:
        return None
    sign, hours, minutes = match.groups()
    delta = timedelta(hours=int(hours), minutes=int(minutes))
    if delta >= timedelta(hours=24):
        return None
    return timezone(-delta if sign == "-" else delta)
