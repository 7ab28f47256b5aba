"""When a DHL timestamp happened.

DHL's ``timestamp`` is ISO 8601, sometimes with an offset or ``Z`` and sometimes without:
DHL Paket (``parcel-de``) writes German local time with no offset ("2023-03-13T09:50:00"),
and the spec's own Express example writes one event both ways ("…07:53:47Z" in ``status``,
"…07:53:47" in ``events``). The rule:

1. An explicit offset or ``Z`` always wins.
2. Without one, the time is local to the event's country: ``location.address.countryCode``
   (``UK`` read as ``GB``), else a country name in ``addressLocality`` ("Deutschland",
   "Germany", or the last part of "LEIPZIG - GERMANY") looked up in ``NAMES``, DHL's words
   for countries. The country's zone is aztui's carrier API's (``aztui.carriers.zone_of``,
   from the tz database): a country with one zone, or one zone for nearly all of it (Spain
   and Portugal are read as their mainland, Germany as Berlin).
3. Else (no place, a country spread over several zones, a name not in ``NAMES``) the service's
   home in ``HOMES``: ``parcel-de`` and ``post-de`` Europe/Berlin, ``parcel-nl``
   Europe/Amsterdam, ``parcel-pl`` Europe/Warsaw, ``parcel-uk`` Europe/London. Every other
   service (``express``, ``ecommerce``, ``freight``, ``dgf``…) and an unknown one take
   ``GROUP_HOME``, Europe/Berlin, where DHL Group and its tracking API are run from (Bonn);
   those services write offsets in every answer seen, so this is the last resort.

The conversion is ``aztui.carriers.utc_from_local``: a wall-clock time that happens twice
(the autumn change) is read as its first occurrence, one that never happens (the spring
change) with the offset in force before the change.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from aztui.carriers import utc_from_local
from aztui.carriers import zone_of as country_zone

HOMES = {
    "parcel-de": "Europe/Berlin",
    "post-de": "Europe/Berlin",
    "parcel-nl": "Europe/Amsterdam",
    "parcel-pl": "Europe/Warsaw",
    "parcel-uk": "Europe/London",
}
GROUP_HOME = "Europe/Berlin"

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


def zone_of(country: str, service: str) -> str:
    """The zone a time without an offset is read in (the module docstring's rule)."""
    return country_zone(country) or HOMES.get(service) or GROUP_HOME


def parse(value: Any) -> datetime:
    """An ISO 8601 timestamp as written (aware or naive); ValueError when it is not one."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"no timestamp ({value!r})")
    return datetime.fromisoformat(value.strip())


def instant(value: Any, country: str, service: str) -> datetime:
    """``value`` as aware UTC: its own offset, else local time where the rule says."""
    return utc_from_local(parse(value), zone_of(country, service))
