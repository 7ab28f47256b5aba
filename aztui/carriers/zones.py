"""The zone of a carrier's place, and a local time without an offset read in it as UTC.

Some carriers write an event's time as the clock read where it happened, with no offset.
A plugin finds the zone from the event's country (an ISO 3166-1 code; country *names* are the
carrier's own vocabulary and stay in the plugin) and converts with ``utc_from_local``.

``zone_of(country, subdivision)`` reads the tz database's ``zone.tab`` (from the ``tzdata``
package, else the system's zoneinfo):

* A country with one zone there: that zone.
* "UK" is read as GB (the ISO code the standard reserves for it).
* The United States, Canada and Australia, given a state or province (``TX``, ``AB``,
  ``QLD``): its zone, from ``SUBDIVISION_ZONES`` (the tz database does not map
  subdivisions). Where a state itself spans zones (Florida, Indiana, Kentucky, Michigan,
  Tennessee, Texas, the Dakotas, Nebraska, Kansas, Idaho, Oregon, Alaska; Ontario, Nunavut;
  New South Wales), the zone most of its people live in: an approximation.
* A country with several zones where nearly all its people live in one, the others holding
  islands, exclaves or a small region (Spain's Canaries, Portugal's Azores, Germany's
  Büsingen, China's Xinjiang, Chile's Easter Island…): that main zone.
* A country spread over several zones (``SPREAD``: the United States, Canada, Australia,
  Russia, Brazil, Mexico, Indonesia…) has no one zone: None, unless the caller passes
  ``approximate=True`` and takes the zone of its capital or largest city (New York, Toronto,
  Sydney, Moscow, São Paulo…), an approximation the caller should say it made.
* An unknown or empty code: None. The caller falls back to the carrier's home.

A country's main zone is the first ``zone.tab`` lists for it (the tz database lists the most
populous first where geography allows), except where ``MAIN_ZONES`` names another.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Mapping
from datetime import UTC, datetime, tzinfo
from functools import cache

__all__ = [
    "MAIN_ZONES",
    "SPREAD",
    "SUBDIVISION_ZONES",
    "country_zones",
    "utc_from_local",
    "zone_of",
]

_US = {
    "America/New_York": "CT DC DE FL GA KY MA MD ME NC NH NJ NY OH PA RI SC VA VT WV",
    "America/Detroit": "MI",
    "America/Indiana/Indianapolis": "IN",
    "America/Chicago": "AL AR IA IL KS LA MN MO MS ND NE OK SD TN TX WI",
    "America/Denver": "CO MT NM UT WY",
    "America/Boise": "ID",
    "America/Phoenix": "AZ",
    "America/Los_Angeles": "CA NV OR WA",
    "America/Anchorage": "AK",
    "Pacific/Honolulu": "HI",
    "America/Puerto_Rico": "PR VI",
    "Pacific/Guam": "GU MP",
}
_CA = {
    "America/St_Johns": "NL",
    "America/Halifax": "NS PE",
    "America/Moncton": "NB",
    "America/Toronto": "ON QC",
    "America/Iqaluit": "NU",
    "America/Winnipeg": "MB",
    "America/Regina": "SK",
    "America/Edmonton": "AB",
    "America/Yellowknife": "NT",
    "America/Vancouver": "BC",
    "America/Whitehorse": "YT",
}
_AU = {
    "Australia/Sydney": "ACT NSW",
    "Australia/Melbourne": "VIC",
    "Australia/Brisbane": "QLD",
    "Australia/Adelaide": "SA",
    "Australia/Darwin": "NT",
    "Australia/Perth": "WA",
    "Australia/Hobart": "TAS",
}


def _by_state(zones: Mapping[str, str]) -> dict[str, str]:
    return {state: zone for zone, states in zones.items() for state in states.split()}


SUBDIVISION_ZONES: Mapping[str, Mapping[str, str]] = {
    "US": _by_state(_US),
    "CA": _by_state(_CA),
    "AU": _by_state(_AU),
}
"""Country → state or province (its postal code: ``TX``, ``AB``, ``QLD``) → zone."""

SPREAD = frozenset({"AQ", "AU", "BR", "CA", "CD", "FM", "ID", "KI", "MX", "PF", "RU", "UM", "US"})
"""Countries whose people live across several zones: no one zone without a subdivision."""

MAIN_ZONES: Mapping[str, str] = {
    "AU": "Australia/Sydney",
    "BR": "America/Sao_Paulo",
    "CA": "America/Toronto",
    "PS": "Asia/Hebron",
    "RU": "Europe/Moscow",
    "UA": "Europe/Kyiv",
    "UZ": "Asia/Tashkent",
}
"""Where a country's main zone is not the first ``zone.tab`` lists: its capital's or largest
city's."""

_ALIASES = {"UK": "GB"}


def _zone_table() -> str:
    """The text of the tz database's ``zone.tab``: ``tzdata``'s, else the system's (imported
    here: ``importlib.resources`` costs every command that lists carriers a few ms)."""
    from importlib import resources
    from pathlib import Path

    try:
        return resources.files("tzdata").joinpath("zoneinfo", "zone.tab").read_text("utf-8")
    except (ModuleNotFoundError, OSError):
        pass
    for folder in zoneinfo.TZPATH:
        path = Path(folder, "zone.tab")
        if path.is_file():
            return path.read_text("utf-8")
    raise FileNotFoundError("the tz database's zone.tab: install tzdata")


@cache
def _table() -> Mapping[str, tuple[str, ...]]:
    zones: dict[str, list[str]] = {}
    for line in _zone_table().splitlines():
        fields = line.split("\t")
        if len(fields) >= 3 and not line.startswith("#"):
            zones.setdefault(fields[0], []).append(fields[2])
    return {country: tuple(names) for country, names in zones.items()}


def _code(country: str) -> str:
    code = country.strip().upper()
    return _ALIASES.get(code, code)


def country_zones(country: str) -> tuple[str, ...]:
    """Every zone of a country (ISO 3166-1 alpha-2) in the tz database, in ``zone.tab``'s
    order; empty when it knows none."""
    return _table().get(_code(country), ())


def zone_of(country: str, subdivision: str = "", *, approximate: bool = False) -> str | None:
    """The zone of a place in ``country``, by the module's rules; None when there is none
    (an unknown country, or one spread over several zones unless ``approximate``)."""
    code = _code(country)
    by_state = SUBDIVISION_ZONES.get(code, {}).get(subdivision.strip().upper())
    if by_state:
        return by_state
    zones = country_zones(code)
    if not zones or (code in SPREAD and not approximate):
        return None
    return MAIN_ZONES.get(code, zones[0])


def utc_from_local(wall: datetime, zone: str | tzinfo) -> datetime:
    """A wall-clock time read in ``zone`` (a tz database name or a ``tzinfo``), as aware UTC.

    A time that already carries an offset keeps it: the carrier stated it. On the days the
    clocks change, a naive time is read with the offset in force before the change:

    * The autumn hour that happens twice (02:30 in Paris on the last Sunday of October) is its
      first occurrence, still summer time (00:30 UTC).
    * The spring hour that never happens (02:30 in Paris on the last Sunday of March) is read
      as if the clock had not been moved yet, winter time (01:30 UTC, the instant the clocks
      showed 03:30).

    That is ``fold=0`` in Python's terms: what a carrier's system writes when it stamps the
    time before its clock changes, and the earlier of the two readings of a repeated hour.
    """
    if wall.tzinfo is None:
        place = zoneinfo.ZoneInfo(zone) if isinstance(zone, str) else zone
        wall = wall.replace(tzinfo=place, fold=0)
    return wall.astimezone(UTC)
