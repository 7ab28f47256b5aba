"""UPS's status types and codes mapped to aztui's statuses, and a package read into a result."""

from __future__ import annotations

import pytest
from aztui_carrier_ups.package import read_package
from aztui_carrier_ups.status import STATUS_CODE_STATUS, TYPE_STATUS, map_status
from ups_server import (
    DELIVERED,
    IN_TRANSIT,
    all_text,
    fixture,
    utc,
)

from aztui.domain.model import TrackingStatus as S

# -- the mapping ----------------------------------------------------------------------------


TYPE_ROWS = [
    ("M", S.INFO_RECEIVED),
    ("MV", S.EXCEPTION),
    ("P", S.IN_TRANSIT),
    ("I", S.IN_TRANSIT),
    ("O", S.OUT_FOR_DELIVERY),
    ("D", S.DELIVERED),
    ("X", S.EXCEPTION),
    ("RS", S.RETURNED),
    ("DO", S.IN_TRANSIT),
    ("DD", S.IN_TRANSIT),
    ("W", S.IN_TRANSIT),
    ("NA", S.UNKNOWN),
]
STATUS_CODE_ROWS = [
    ("003", S.INFO_RECEIVED),
    ("005", S.IN_TRANSIT),
    ("007", S.EXCEPTION),
    ("011", S.DELIVERED),
    ("012", S.IN_TRANSIT),
    ("013", S.EXCEPTION),
    ("016", S.EXCEPTION),
    ("017", S.AVAILABLE_FOR_PICKUP),
    ("021", S.OUT_FOR_DELIVERY),
    ("029", S.EXCEPTION),
    ("035", S.RETURN_TO_SENDER),
    ("038", S.IN_TRANSIT),
    ("040", S.AVAILABLE_FOR_PICKUP),
    ("058", S.EXCEPTION),
    ("071", S.IN_TRANSIT),
    ("072", S.IN_TRANSIT),
]


def test_the_tables_are_the_ones_tested() -> None:
    assert dict(TYPE_ROWS) == dict(TYPE_STATUS)
    assert dict(STATUS_CODE_ROWS) == dict(STATUS_CODE_STATUS)


def package_with(status: dict) -> dict:
    return {
        "trackingNumber": DELIVERED,
        "currentStatus": status,
        "activity": [
            {
                "status": status,
                "gmtDate": "20261125",
                "gmtTime": "101010",
                "location": {"address": {"city": "Lyon", "countryCode": "FR"}},
            }
        ],
    }


@pytest.mark.parametrize(("type_", "expected"), TYPE_ROWS)
def test_each_status_type(type_: str, expected: S) -> None:
    result = read_package(DELIVERED, package_with({"type": type_, "description": "x"}))

    assert result.status is expected
    assert result.raw_status == type_
    assert result.events[0].status is expected


@pytest.mark.parametrize(("status_code", "expected"), STATUS_CODE_ROWS)
def test_each_status_code(status_code: str, expected: S) -> None:
    # The status code is finer than the type: it wins over a generic "I".
    result = read_package(
        DELIVERED, package_with({"type": "I", "code": "ZZ", "statusCode": status_code})
    )

    assert result.status is expected
    assert result.raw_status == f"I/ZZ/{status_code}"


@pytest.mark.parametrize(
    ("type_", "status_code", "expected"),
    [
        ("RS", "011", S.RETURNED),  # a return delivered to the shipper is a return
        ("MV", "003", S.EXCEPTION),  # a voided label is not "label created"
        ("D", "040", S.AVAILABLE_FOR_PICKUP),  # delivered to an access point, not to the buyer
        ("I", "021", S.OUT_FOR_DELIVERY),  # UPS sends out-for-delivery with type I
        ("X", "999", S.EXCEPTION),  # an unknown code falls back to the type
        ("X", "003", S.EXCEPTION),  # the portal example: a code never makes a label of an X
        ("X", "011", S.EXCEPTION),  # nor a delivery
        ("X", "005", S.EXCEPTION),
        ("X", "035", S.RETURN_TO_SENDER),  # a code may name the problem more precisely
        ("D", "005", S.DELIVERED),  # a delivery stays one, unless at an access point
        ("M", "005", S.INFO_RECEIVED),
        ("", "999", S.UNKNOWN),
        ("", "", S.UNKNOWN),
        ("d", " 011 ", S.DELIVERED),
    ],
)
def test_precedence(type_: str, status_code: str, expected: S) -> None:
    assert map_status(type_, status_code) is expected


def test_a_current_status_is_not_what_decides() -> None:
    # currentStatus "005" says "On the Way" in one real answer and "Out for Delivery" in
    # another: the newest activity decides.
    package = package_with({"type": "I", "code": "OT", "statusCode": "021"})
    package["currentStatus"] = {"description": "On the Way", "code": "005"}

    result = read_package(DELIVERED, package)

    assert result.status is S.OUT_FOR_DELIVERY
    assert result.raw_status == "I/OT/021"


def test_without_a_current_status_the_newest_scan_decides() -> None:
    package = fixture("in_transit.json")["trackResponse"]["shipment"][0]["package"][0]
    del package["currentStatus"]

    result = read_package(IN_TRANSIT, package)

    assert result.status is S.IN_TRANSIT
    assert result.raw_status == "I/DP/005"


@pytest.mark.parametrize(
    ("package", "why"),
    [
        ({"trackingNumber": DELIVERED}, "no activity"),
        ({"trackingNumber": DELIVERED, "currentStatus": {"code": "011"}}, "no activity"),
        ({"activity": []}, "no activity"),
        ({"activity": [{"date": "20261125", "time": "101010"}]}, "no activity status"),
        ({"activity": [{"status": {"type": "string"}}]}, "no activity status"),
    ],
)
def test_a_package_of_a_shape_aztui_does_not_know_is_a_failure(package: dict, why: str) -> None:
    result = read_package(DELIVERED, package)

    assert result.status is S.UNKNOWN and result.call_failed
    assert result.error == f"UPS answered a package with {why}: an answer aztui does not know"


def test_a_local_scan_with_no_place_is_put_in_ups_home_zone_and_says_so() -> None:
    package = package_with({"type": "I", "statusCode": "005"})
    package["activity"].append({"status": {"type": "X"}, "date": "20261124", "time": "101010"})

    result = read_package(DELIVERED, package)

    assert [e.code for e in result.events] == ["X", "I/005"]
    assert result.events[0].at == utc(2026, 11, 24, 15, 10, 10)  # 10:10:10 EST, Atlanta
    assert result.events[0].description == (
        "[UPS gave local time only: UTC derived for America/New_York]"
    )
    assert result.events[1].description == ""  # UPS's own UTC: nothing to say


def test_an_activity_with_no_time_gives_no_event_but_its_status_counts() -> None:
    package = package_with({"type": "I", "statusCode": "005"})
    package["activity"].insert(0, {"status": {"type": "D", "code": "FS", "statusCode": "011"}})

    result = read_package(DELIVERED, package)

    assert result.status is S.DELIVERED and result.raw_status == "D/FS/011"
    assert [e.code for e in result.events] == ["I/005"]
    assert result.delivered_at is None  # no time given, none invented


def test_a_delivery_without_a_dated_scan_uses_the_delivered_date() -> None:
    result = read_package(
        DELIVERED,
        {
            "trackingNumber": DELIVERED,
            "currentStatus": {"code": "011"},
            "deliveryDate": [{"type": "DEL", "date": "20261125"}],
            "deliveryTime": {"type": "DEL", "endTime": "143012"},
            "activity": [{"status": {"type": "D"}, "gmtOffset": "+01:00"}],
        },
    )

    assert result.delivered_at == utc(2026, 11, 25, 13, 30, 12)


@pytest.mark.parametrize(
    ("delivery", "services", "signed", "proof"),
    [
        ({"receivedBy": "ZZFAKE NAME"}, [], True, True),
        ({"signature": {"image": "iVBORw0KGgo="}}, [], True, True),  # a PNG's first bytes
        ({"signature": {"image": "R0lGODlhAQABAIAAAP"}}, [], True, True),  # a GIF's
        # A requested service is not proof that someone signed.
        ({}, ["ADULT_SIGNATURE_REQUIRED"], None, False),
        ({}, ["SIGNATURE_REQUIRED"], None, False),
        # A photo is proof of delivery, not of a signature.
        ({"deliveryPhoto": {"photoDispositionCode": "V"}}, [], None, True),
        ({"location": "Porte d'entrée"}, [], None, False),
        ({"location": "FRONT DOOR", "receivedBy": "FRONT DOOR"}, [], None, False),  # a place
        # Placeholders are refused as data (UPS's portal example).
        ({"receivedBy": "163000", "signature": {"image": "encoding Base64"}}, [], None, False),
        ({"receivedBy": "string", "signature": {"image": "string"}}, [], None, False),
        (
            {"receivedBy": "", "signature": {"image": "null"}, "pod": {"content": "null"}},
            [],
            None,
            False,
        ),
        ({"pod": {"content": "JVBERi0xLjQK"}}, [], None, True),
    ],
)
def test_signature_and_proof(
    delivery: dict, services: list, signed: bool | None, proof: bool
) -> None:
    package = {
        **package_with({"type": "D", "statusCode": "011"}),
        "deliveryInformation": delivery,
        "additionalServices": services,
    }

    result = read_package(DELIVERED, package)

    assert result.signed is signed
    assert result.proof_of_delivery == (f"UPS POD {DELIVERED}" if proof else None)
    assert "ZZFAKE" not in all_text(result) and "iVBOR" not in all_text(result)
