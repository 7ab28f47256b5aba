"""When a DHL timestamp happened.

DHL's ``timestamp`` is ISO 8601, sometimes with an offset or ``Z`` and sometimes without:
DHL Paket (``parcel-de``) writes German local time with no offset ("2023-03-13T09:50:00"),
and the spec's own Express example writes one event both ways ("…07:53:47Z" in ``status``,
"…07:53:47" in ``events``). The rule:

1. An explicit offset or ``Z`` always wins.
2. Without one, the time is local to the event's country: ``location.address.countryCode``
   (``UK`` read as ``GB``), else a country name in ``addressLocality`` ("Deutschland",
   "Germany", or the last part of "LEIPZIG - GERMANY"), looked up in ``ZONES`` / ``NAMES``.
   Only countries with one zone (or one zone for nearly all of the country: Spain and
   Portugal are read as their mainland) are in ``ZONES``.
3. Else (no place, a country with several zones, a name not in ``NAMES``) the service's
   home in ``HOMES``: ``parcel-de`` and ``post-de`` Europe/Berlin, ``parcel-nl``
   Europe/Amsterdam, ``parcel-pl`` Europe/Warsaw, ``parcel-uk`` Europe/London. Every other
   service (``express``, ``ecommerce``, ``freight``, ``dgf``…) and an unknown one take
   ``GROUP_HOME``, Europe/Berlin, where DHL Group and its tracking API are run from (Bonn);
   those services write offsets in every answer seen, so this is the last resort.

A wall-clock time that happens twice (the autumn change) is read as its first occurrence.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

HOMES = {
    "parcel-de": "Europe/Berlin",
    "post-de": "Europe/Berlin",
    "parcel-nl": "Europe/Amsterdam",
    "parcel-pl": "Europe/Warsaw",
    "parcel-uk": "Europe/London",
}
GROUP_HOME = "Europe/Berlin"

ZONES = {
    "AE": "Asia/Dubai",
    "AT": "Europe/Vienna",
    "BE": "Europe/Brussels",
    "BG": "Europe/Sofia",
    "CH": "Europe/Zurich",
    "CN": "Asia/Shanghai",
    "CY": "Asia/Nicosia",
    "CZ": "Europe/Prague",
    "DE": "Europe/Berlin",
    "DK": "Europe/Copenhagen",
    "EE": "Europe/Tallinn",
    "ES": "Europe/Madrid",
    "FI": "Europe/Helsinki",
    "FR": "Europe/Paris",
    "GB": "Europe/London",
    "GR": "Europe/Athens",
    "HK": "Asia/Hong_Kong",
    "HR": "Europe/Zagreb",
    "HU": "Europe/Budapest",
    "IE": "Europe/Dublin",
    "IN": "Asia/Kolkata",
    "IS": "Atlantic/Reykjavik",
    "IT": "Europe/Rome",
    "JP": "Asia/Tokyo",
    "KR": "Asia/Seoul",
    "LI": "Europe/Vaduz",
    "LT": "Europe/Vilnius",
    "LU": "Europe/Luxembourg",
    "LV": "Europe/Riga",
    "MT": "Europe/Malta",
    "NL": "Europe/Amsterdam",
    "NO": "Europe/Oslo",
    "PL": "Europe/Warsaw",
    "PT": "Europe/Lisbon",
    "RO": "Europe/Bucharest",
    "SE": "Europe/Stockholm",
    "SG": "Asia/Singapore",
    "SI": "Europe/Ljubljana",
    "SK": "Europe/Bratislava",
    "TR": "Europe/Istanbul",
}
"""ISO 3166-1 alpha-2 → the country's one IANA zone."""

NAMES = {
    "austria": "AT",
    "österreich": "AT",
    "belgium": "BE",
    "belgien": "BE",
    "czech republic": "CZ",
    "czechia": "CZ",
    "tschechien": "CZ",
    "denmark": "DK",
    "dänemark": "DK",
    "france": "FR",
    "frankreich": "FR",
    "germany": "DE",
    "deutschland": "DE",
    "italy": "IT",
    "italien": "IT",
    "luxembourg": "LU",
    "luxemburg": "LU",
    "netherlands": "NL",
    "niederlande": "NL",
    "poland": "PL",
    "polen": "PL",
    "spain": "ES",
    "spanien": "ES",
    "sweden": "SE",
    "schweden": "SE",
    "switzerland": "CH",
    "schweiz": "CH",
    "united kingdom": "GB",
    "großbritannien": "GB",
}
"""Country names DHL writes as a place (English and German, the languages parcel-de answers
in) → ISO code."""

ALIASES = {"UK": "GB"}


def _dict(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def country_of(location: Any) -> str:
    """The ISO code of a DHL ``location``'s country, or "" when it names none aztui knows."""
    address = _dict(_dict(location).get("address"))
    code = address.get("countryCode")
    if isinstance(code, str) and code.strip():
        code = code.strip().upper()
        return ALIASES.get(code, code)
    locality = address.get("addressLocality")
    if not isinstance(locality, str):
        return ""
    name = locality.rsplit(" - ", 1)[-1].strip().casefold()
    return NAMES.get(name, "")


def zone_of(country: str, service: str) -> ZoneInfo:
    """The zone a time without an offset is read in (the module docstring's rule)."""
    return ZoneInfo(ZONES.get(country) or HOMES.get(service) or GROUP_HOME)


def parse(value: Any) -> datetime:
    """An ISO 8601 timestamp as written (aware or naive); ValueError when it is not one."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"no timestamp ({value!r})")
    return datetime.fromisoformat(value.strip())


def instant(value: Any, country: str, service: str) -> datetime:
    """``value`` as aware UTC: its own offset, else local time where the rule says."""
    parsed = parse(value)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=zone_of(country, service))
    return parsed.astimezone(UTC)
