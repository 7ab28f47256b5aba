"""The time zone of a UPS activity's place, for answers that give only its local time.

UPS's Tracking API dropped the GMT fields for a while (UPS-API/api-documentation issue 38):
an activity may carry only ``date``/``time`` in the local time of where it happened. aztui
then places it in the zone of the activity's country — and, where a country spans zones,
of its state or province — else in UPS's home zone. The result is a derived instant, and
marked so: UPS's own legacy answer for issue 38's scan in Dunlap, Tennessee (Central time)
says -05:00, one hour from what the place gives.

* A country with one zone (the IANA tz database's ``zone.tab``, shipped with ``tzdata``):
  that zone.
* The United States, Canada and Australia: the zone of the state or province
  (``stateProvince``), from ``STATE_ZONES``. Where a state itself spans zones (Florida,
  Indiana, Kentucky, Michigan, Tennessee, Texas, the Dakotas, Nebraska, Kansas, Idaho,
  Oregon, Alaska; Ontario, Nunavut; New South Wales), the zone most of its people live in:
  an approximation, documented here.
* Any other country with several zones: ``MAIN_ZONES``, the zone of its capital or largest
  city (Spain is Madrid, not the Canaries); one the table lacks: its first zone in
  ``zone.tab``.
* No country, or one the tz database does not know: ``UPS_HOME``.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from importlib import resources

UPS_HOME = "America/New_York"
"""UPS's head office is in Atlanta, Georgia (US Eastern time)."""

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


STATE_ZONES: Mapping[str, Mapping[str, str]] = {
    "US": _by_state(_US),
    "CA": _by_state(_CA),
    "AU": _by_state(_AU),
}
"""Country → state or province code (as UPS writes ``stateProvince``) → zone."""

MAIN_ZONES: Mapping[str, str] = {
    "AR": "America/Argentina/Buenos_Aires",
    "AU": "Australia/Sydney",
    "BR": "America/Sao_Paulo",
    "CA": "America/Toronto",
    "CD": "Africa/Kinshasa",
    "CL": "America/Santiago",
    "CN": "Asia/Shanghai",
    "CY": "Asia/Nicosia",
    "DE": "Europe/Berlin",
    "EC": "America/Guayaquil",
    "ES": "Europe/Madrid",
    "GL": "America/Nuuk",
    "ID": "Asia/Jakarta",
    "KZ": "Asia/Almaty",
    "MN": "Asia/Ulaanbaatar",
    "MX": "America/Mexico_City",
    "MY": "Asia/Kuala_Lumpur",
    "NZ": "Pacific/Auckland",
    "PS": "Asia/Hebron",
    "PT": "Europe/Lisbon",
    "RU": "Europe/Moscow",
    "UA": "Europe/Kyiv",
    "US": UPS_HOME,
    "UZ": "Asia/Tashkent",
}
"""Countries with several zones: the zone of their capital or largest city."""


@cache
def country_zones() -> Mapping[str, tuple[str, ...]]:
    """Country code → its zones, from the tz database's ``zone.tab`` (``tzdata``)."""
    try:
        table = resources.files("tzdata").joinpath("zoneinfo", "zone.tab").read_text("utf-8")
    except (ModuleNotFoundError, FileNotFoundError, OSError):
        return {}
    zones: dict[str, list[str]] = {}
    for line in table.splitlines():
        fields = line.split("\t")
        if len(fields) >= 3 and not line.startswith("#"):
            zones.setdefault(fields[0], []).append(fields[2])
    return {country: tuple(names) for country, names in zones.items()}


def zone_of(country: str, state: str = "") -> str:
    """The zone aztui places a local UPS time in (see the module's rules)."""
    country, state = country.strip().upper(), state.strip().upper()
    by_state = STATE_ZONES.get(country, {}).get(state)
    if by_state:
        return by_state
    if country in MAIN_ZONES:
        return MAIN_ZONES[country]
    known = country_zones().get(country)
    return known[0] if known else UPS_HOME
