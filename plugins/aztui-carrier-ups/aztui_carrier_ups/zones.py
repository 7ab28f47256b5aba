"""The time zone of a UPS activity's place, for answers that give only its local time.

UPS's Tracking API dropped the GMT fields for a while (UPS-API/api-documentation issue 38):
an activity may carry only ``date``/``time`` in the local time of where it happened. aztui
then places it in the zone of the activity's country — and, where a country spans zones,
of its state or province (``stateProvince``) — else in UPS's home zone. The result is a
derived instant, and marked so: UPS's own legacy answer for issue 38's scan in Dunlap,
Tennessee (Central time) says -05:00, one hour from what the place gives.

The zone is aztui's carrier API's (``aztui.carriers.zones.zone_of``, read with
``approximate=True``): a country's zone from the tz database; for the United States, Canada
and Australia the state's or province's (the zone most of its people live in where a state
spans two); for another country with several zones its main one (Spain is Madrid, not the
Canaries); for a country spread over zones with no state given, its capital's or largest
city's. No country, or one the tz database does not know: ``UPS_HOME``.
"""

from __future__ import annotations

from aztui.carriers import zone_of as place_zone

UPS_HOME = "America/New_York"
"""UPS's head office is in Atlanta, Georgia (US Eastern time)."""


def zone_of(country: str, state: str = "") -> str:
    """The zone aztui places a local UPS time in (see the module's rules)."""
    return place_zone(country, state, approximate=True) or UPS_HOME
