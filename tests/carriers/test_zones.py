"""The carrier API's zones: a country's zone from the tz database, a state's from its table,
and a local time without an offset read as UTC with one rule for the hours the clocks skip or
repeat (``aztui.carriers.zones``)."""

from __future__ import annotations

import importlib.resources
import re
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pytest

from aztui import carriers
from aztui.carriers import zones
from aztui.carriers.zones import (
    MAIN_ZONES,
    SPREAD,
    SUBDIVISION_ZONES,
    country_zones,
    utc_from_local,
    zone_of,
)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


# -- the zone of a country ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("country", "zone"),
    [
        ("FR", "Europe/Paris"),  # one zone in the tz database
        ("BE", "Europe/Brussels"),
        ("SG", "Asia/Singapore"),
        ("MA", "Africa/Casablanca"),
        (" fr ", "Europe/Paris"),  # as carriers write codes
        ("UK", "Europe/London"),  # the code ISO reserves for GB
        ("ES", "Europe/Madrid"),  # several zones, nearly everyone in one: not the Canaries
        ("PT", "Europe/Lisbon"),  # not the Azores
        ("DE", "Europe/Berlin"),  # not Büsingen
        ("CN", "Asia/Shanghai"),
        ("UA", "Europe/Kyiv"),  # MAIN_ZONES: zone.tab lists Crimea first
        ("", None),  # no country
        ("ZZ", None),  # not a country the tz database knows
        ("US", None),  # spread over zones: no one zone without a state
        ("RU", None),
    ],
)
def test_the_zone_of_a_country(country: str, zone: str | None) -> None:
    assert zone_of(country) == zone


@pytest.mark.parametrize(
    ("country", "zone"),
    [
        ("US", "America/New_York"),  # the first zone.tab lists: the most populous
        ("CA", "America/Toronto"),  # MAIN_ZONES: zone.tab starts in the east, St John's
        ("AU", "Australia/Sydney"),
        ("RU", "Europe/Moscow"),
        ("BR", "America/Sao_Paulo"),
        ("FR", "Europe/Paris"),  # a country with one zone is not an approximation
        ("ZZ", None),
    ],
)
def test_a_spread_country_approximated_by_its_main_zone(country: str, zone: str | None) -> None:
    assert zone_of(country, approximate=True) == zone


@pytest.mark.parametrize(
    ("country", "subdivision", "zone"),
    [
        ("US", "TX", "America/Chicago"),  # a split state: where most people live
        ("US", "AZ", "America/Phoenix"),  # no summer time
        ("us", " tx ", "America/Chicago"),
        ("CA", "AB", "America/Edmonton"),
        ("AU", "QLD", "Australia/Brisbane"),
        ("AU", "WA", "Australia/Perth"),
        ("US", "XX", None),  # a state aztui does not know: as if none were given
        ("FR", "75", "Europe/Paris"),  # no subdivisions for a country with one zone
        ("ZZ", "TX", None),
    ],
)
def test_the_zone_of_a_state_or_province(country: str, subdivision: str, zone: str | None) -> None:
    assert zone_of(country, subdivision) == zone


def test_every_country_of_the_tz_database_has_a_zone_of_its_own() -> None:
    for country in zones._table():
        zone = zone_of(country, approximate=True)
        assert zone in country_zones(country), country
        ZoneInfo(zone)
        assert (zone_of(country) is None) == (country in SPREAD), country


def test_country_zones_come_from_the_tz_database() -> None:
    assert country_zones("FR") == ("Europe/Paris",)
    assert country_zones("es") == ("Europe/Madrid", "Africa/Ceuta", "Atlantic/Canary")
    assert country_zones("UK") == country_zones("GB") == ("Europe/London",)
    assert country_zones("ZZ") == ()
    assert len(zones._table()) > 240


def test_every_zone_in_the_tables_exists_and_every_state_has_one() -> None:
    names = {*MAIN_ZONES.values(), *(z for s in SUBDIVISION_ZONES.values() for z in s.values())}
    for name in names:
        ZoneInfo(name)
    assert len(SUBDIVISION_ZONES["US"]) == 51 + 4  # 50 states, DC, PR, VI, GU, MP
    assert len(SUBDIVISION_ZONES["CA"]) == 13 and len(SUBDIVISION_ZONES["AU"]) == 8


def test_the_hand_tables_hold_only_what_the_tz_database_does_not_say() -> None:
    for country, zone in MAIN_ZONES.items():
        listed = country_zones(country)
        assert zone in listed[1:], f"{country}: the tz database already lists {zone} first"
    for country in SPREAD:
        assert len(country_zones(country)) > 1, country


def test_the_system_zone_table_when_tzdata_is_missing(tmp_path, monkeypatch) -> None:
    def missing(package: str) -> None:
        raise ModuleNotFoundError(package)

    (tmp_path / "zone.tab").write_text("# comment\nFR\t+4852+00220\tEurope/Paris\n", "utf-8")
    monkeypatch.setattr(importlib.resources, "files", missing)
    monkeypatch.setattr(zones.zoneinfo, "TZPATH", (str(tmp_path / "none"), str(tmp_path)))
    assert zones._zone_table().endswith("FR\t+4852+00220\tEurope/Paris\n")

    monkeypatch.setattr(zones.zoneinfo, "TZPATH", (str(tmp_path / "none"),))
    with pytest.raises(FileNotFoundError, match="install tzdata"):
        zones._zone_table()


# -- a local time as UTC --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("wall", "zone", "expected"),
    [
        (datetime(2024, 6, 14, 10, 15), "Europe/Paris", utc(2024, 6, 14, 8, 15)),  # summer
        (datetime(2024, 1, 5, 23, 30), "Europe/Paris", utc(2024, 1, 5, 22, 30)),  # winter
        (datetime(2024, 7, 1, 12), "Europe/Lisbon", utc(2024, 7, 1, 11)),
        (datetime(2024, 7, 1, 12), "America/Phoenix", utc(2024, 7, 1, 19)),
        (datetime(2024, 7, 1, 12), ZoneInfo("Asia/Kolkata"), utc(2024, 7, 1, 6, 30)),
        (datetime(2024, 7, 1, 12), timezone(timedelta(hours=-5)), utc(2024, 7, 1, 17)),
    ],
)
def test_a_wall_time_in_its_zone(wall: datetime, zone: str | ZoneInfo, expected: datetime) -> None:
    at = utc_from_local(wall, zone)
    assert at == expected and at.tzinfo is UTC


@pytest.mark.parametrize(
    ("wall", "zone", "expected"),
    [
        # Paris, 27 October 2024: 02:00-03:00 happens twice; the first, still summer time.
        (datetime(2024, 10, 27, 2, 30), "Europe/Paris", utc(2024, 10, 27, 0, 30)),
        (datetime(2024, 10, 27, 2, 30, fold=1), "Europe/Paris", utc(2024, 10, 27, 0, 30)),
        # New York, 3 November 2024: 01:00-02:00 twice; the first, still EDT.
        (datetime(2024, 11, 3, 1, 30), "America/New_York", utc(2024, 11, 3, 5, 30)),
        # Sydney, 7 April 2024: 02:00-03:00 twice; the first, still AEDT (+11).
        (datetime(2024, 4, 7, 2, 30), "Australia/Sydney", utc(2024, 4, 6, 15, 30)),
    ],
)
def test_an_autumn_hour_that_happens_twice_is_its_first(
    wall: datetime, zone: str, expected: datetime
) -> None:
    assert utc_from_local(wall, zone) == expected
    assert utc_from_local(wall.replace(hour=wall.hour - 1), zone) == expected - timedelta(hours=1)


@pytest.mark.parametrize(
    ("wall", "zone", "expected"),
    [
        # Paris, 31 March 2024: 02:00 became 03:00; 02:30 read as winter time (+01:00),
        # the instant the clocks showed 03:30.
        (datetime(2024, 3, 31, 2, 30), "Europe/Paris", utc(2024, 3, 31, 1, 30)),
        # New York, 10 March 2024: 02:30 read as EST (-05:00).
        (datetime(2024, 3, 10, 2, 30), "America/New_York", utc(2024, 3, 10, 7, 30)),
    ],
)
def test_a_spring_hour_the_clocks_skip_takes_the_offset_before_the_change(
    wall: datetime, zone: str, expected: datetime
) -> None:
    assert utc_from_local(wall, zone) == expected
    assert utc_from_local(wall.replace(hour=3), zone) == expected


def test_a_time_with_its_own_offset_keeps_it() -> None:
    stated = datetime(2024, 6, 14, 10, 15, tzinfo=timezone(timedelta(hours=-7)))
    assert utc_from_local(stated, "Europe/Paris") == utc(2024, 6, 14, 17, 15)


def test_an_unknown_zone_name_is_refused() -> None:
    with pytest.raises(ZoneInfoNotFoundError):
        utc_from_local(datetime(2024, 6, 14), "Europe/Nowhere")


def test_the_carrier_api_exports_them() -> None:
    assert carriers.zone_of is zone_of and carriers.utc_from_local is utc_from_local
    assert carriers.country_zones is country_zones
    assert {"zone_of", "utc_from_local", "country_zones"} <= set(carriers.__all__)


def test_the_guide_s_example_reads_as_it_says() -> None:
    guide = (Path(__file__).parents[2] / "docs" / "carriers.md").read_text(encoding="utf-8")
    section = guide.split("## Times without an offset", 1)[1].split("\n## ", 1)[0]
    [code] = re.findall(r"```python\n(.*?)```", section, re.S)
    namespace: dict[str, Any] = {}
    exec(code, namespace)  # the guide's own snippet, run as a plugin author would copy it
    instant = namespace["instant"]
    assert instant("2023-03-13T09:50:00", "DE") == utc(2023, 3, 13, 8, 50)
    assert instant("2024-06-05T10:00:00", "US", "TX") == utc(2024, 6, 5, 15)
    assert instant("2024-06-05T10:00:00", "US") == utc(2024, 6, 5, 8)  # spread: the home
    assert instant("2024-06-05T10:00:00-05:00", "FR") == utc(2024, 6, 5, 15)
