"""UPS activity times on UPS's real answers: the GMT fields when UPS gives them, else the local
time placed in the zone of the activity's place (``aztui_carrier_ups.zones``), marked derived.

The zone rule is checked against UPS's own offsets: every scan of the two real captures that
carry both a place and ``gmtOffset`` is read again without its GMT fields. The zone tables
themselves are aztui's carrier API's (tests/carriers/test_zones.py).
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from pathlib import Path

import pytest
from aztui_carrier_ups.instants import activity_instant
from aztui_carrier_ups.zones import UPS_HOME, zone_of

REAL = Path(__file__).parent / "fixtures" / "real"
GMT_FIELDS = ("gmtDate", "gmtTime", "gmtOffset")


def real(name: str) -> dict:
    return json.loads((REAL / name).read_text(encoding="utf-8"))


def utc(year: int, month: int, day: int, hour: int, minute: int, second: int) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


def legacy_gmt() -> dict[str, str]:
    """UPS's legacy XML answer for issue 38's scan: its GMT date, time and offset."""
    activity = ET.fromstring((REAL / "issue38_legacy_xml_activity.xml").read_text("utf-8"))
    return {tag: activity.findtext(tag, "") for tag in ("GMTDate", "GMTTime", "GMTOffset")}


def captured_scans() -> list[dict]:
    """Every activity of the two real captures that has a country and UPS's GMT fields."""
    customs = real("omniship_be_au_customs_hold.json")["trackResponse"]
    moving = real("hsmaster_us_ca_out_for_delivery_proxied.json")["payload"]
    return [
        activity
        for answer in (customs, moving)
        for activity in answer["shipment"][0]["package"][0]["activity"]
        if activity.get("location", {}).get("address", {}).get("countryCode")
    ]


def test_the_gmt_fields_win_in_either_date_form() -> None:
    activity = real("issue38_activity_local_only.json")
    gmt = legacy_gmt()
    # The legacy XML writes 2023-11-30; the REST answers 20231130 (issue 99): both read.
    for date in (gmt["GMTDate"], gmt["GMTDate"].replace("-", "")):
        instant = activity_instant({**activity, "gmtDate": date, "gmtTime": gmt["GMTTime"]})
        assert instant is not None
        assert (instant.at, instant.derived_in) == (utc(2023, 11, 30, 21, 43, 40), None)


def test_a_local_time_with_its_offset_is_exact() -> None:
    activity = {**real("issue38_activity_local_only.json"), "gmtOffset": legacy_gmt()["GMTOffset"]}

    instant = activity_instant(activity)

    assert instant is not None
    assert (instant.at, instant.derived_in) == (utc(2023, 11, 30, 21, 43, 40), None)


def test_a_local_time_alone_is_placed_in_its_state_and_marked() -> None:
    instant = activity_instant(real("issue38_activity_local_only.json"))

    # Dunlap, Tennessee: Central time (most Tennesseans; Dunlap too). UPS's legacy answer
    # said -05:00 for this scan: an hour apart, hence the mark.
    assert instant is not None
    assert (instant.at, instant.derived_in) == (utc(2023, 11, 30, 22, 43, 40), "America/Chicago")


def test_no_date_or_no_time_gives_no_instant() -> None:
    [activity] = real("issue236_package_in_transit_with_deliveryinformation.json")["activity"]
    local = real("issue38_activity_local_only.json")

    assert activity_instant(activity) is None
    assert activity_instant({**local, "time": ""}) is None
    assert activity_instant({**local, "date": "string"}) is None


def test_the_zone_rule_agrees_with_ups_own_offsets_on_captured_scans() -> None:
    scans = captured_scans()
    disagree = []
    for scan in scans:
        exact = activity_instant(scan)
        derived = activity_instant({k: v for k, v in scan.items() if k not in GMT_FIELDS})
        assert exact is not None and derived is not None and derived.derived_in
        if derived.at != exact.at:
            disagree.append((scan["location"]["address"]["city"], scan["gmtOffset"]))
    assert len(scans) == 29
    # UPS itself gives one Winnipeg scan -05:00 between two at -06:00 (Central, in January).
    assert disagree == [("Winnipeg", "-05:00")]


@pytest.mark.parametrize(
    ("country", "state", "zone"),
    [
        ("US", "TN", "America/Chicago"),  # a split state: where most people live
        ("US", "NJ", "America/New_York"),
        ("US", "AZ", "America/Phoenix"),
        ("US", "", UPS_HOME),
        ("CA", "AB", "America/Edmonton"),
        ("CA", "", "America/Toronto"),
        ("AU", "QLD", "Australia/Brisbane"),
        ("FR", "", "Europe/Paris"),  # one zone in the tz database
        ("BE", "", "Europe/Brussels"),
        ("SG", "", "Asia/Singapore"),
        ("ES", "", "Europe/Madrid"),  # several: the capital's, not the Canaries'
        ("DE", "", "Europe/Berlin"),
        ("de", " ", "Europe/Berlin"),
        ("", "", UPS_HOME),  # no place: UPS's home
        ("ZZ", "", UPS_HOME),
    ],
)
def test_zone_of(country: str, state: str, zone: str) -> None:
    assert zone_of(country, state) == zone
