"""When a Mondial Relay event happened: its local date and time, in the zone of its country.

The tracing answer gives ``Date`` (``dd/mm/yy``; ``dd.mm.yyyy`` is read too) and ``Heure``
(``HH:MM``) with no offset. aztui reads them as wall-clock time where the event happened: the
country of the Point Relais (``Relais_Pays``, an ISO code, when it is one of the countries of
Mondial Relay's network, ``NETWORK``), else a country Mondial Relay names in ``Emplacement``
(``COUNTRY_NAMES``: in French, as in the real "ESPAGNE CORREOS EXPRESS", or in the country's
own language), else Mondial Relay's home, France (Europe/Paris). That the times are local is
aztui's reading (the answer says nothing about zones): for the countries Mondial Relay serves
it only matters for Portugal (one hour behind Paris) and when a country is wrongly named.

The zone and the conversion are aztui's carrier API's (``aztui.carriers.zone_of``, from the
tz database, and ``utc_from_local``): an hour that happens twice in autumn is its first
occurrence, one the clocks skip in spring is read with the offset before the change.
"""

from __future__ import annotations

import re
from datetime import datetime

from aztui.carriers import utc_from_local, zone_of

from .labels import normalise

HOME = "FR"
HOME_ZONE = "Europe/Paris"
"""France's one zone: where a time is read when nothing names a country."""
NETWORK = frozenset({"FR", "MC", "BE", "LU", "NL", "ES", "PT", "DE", "AT", "IT", "PL"})
"""The countries of Mondial Relay's network (and its partners'): a ``Relais_Pays`` outside it
is not taken as the event's country."""
COUNTRY_NAMES: dict[str, str] = {
    "FRANCE": "FR",
    "MONACO": "MC",
    "BELGIQUE": "BE",
    "BELGIE": "BE",
    "LUXEMBOURG": "LU",
    "PAYS BAS": "NL",
    "PAYS-BAS": "NL",
    "NEDERLAND": "NL",
    "ESPAGNE": "ES",
    "ESPANA": "ES",
    "PORTUGAL": "PT",
    "ALLEMAGNE": "DE",
    "DEUTSCHLAND": "DE",
    "AUTRICHE": "AT",
    "OSTERREICH": "AT",
    "ITALIE": "IT",
    "ITALIA": "IT",
    "POLOGNE": "PL",
    "POLSKA": "PL",
}
_NAMED = re.compile(r"\b(" + "|".join(re.escape(n) for n in COUNTRY_NAMES) + r")\b")
_DATE = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})")
_TIME = re.compile(r"(\d{1,2})[:hH](\d{2})(?::(\d{2}))?")


def country_of(relais_pays: str, emplacement: str) -> str:
    """The event's country: ``Relais_Pays`` if it is in ``NETWORK``, else one named in
    ``Emplacement``, else France."""
    code = relais_pays.strip().upper()
    if code in NETWORK:
        return code
    named = _NAMED.search(normalise(emplacement))
    return COUNTRY_NAMES[named[1]] if named else HOME


def local_to_utc(date: str, heure: str, country: str = HOME) -> datetime | None:
    """``dd/mm/yy`` (or ``dd.mm.yyyy``) and ``HH:MM`` in ``country``'s zone, as aware UTC;
    None when they are not a date and time. A missing time is midnight."""
    found = _DATE.fullmatch(date.strip())
    if found is None:
        return None
    day, month, year = (int(part) for part in found.groups())
    if year < 100:
        year += 2000
    hour = minute = second = 0
    if heure.strip():
        clock = _TIME.fullmatch(heure.strip())
        if clock is None:
            return None
        hour, minute, second = int(clock[1]), int(clock[2]), int(clock[3] or 0)
    try:
        wall = datetime(year, month, day, hour, minute, second)
    except ValueError:
        return None
    return utc_from_local(wall, zone_of(country) or HOME_ZONE)
