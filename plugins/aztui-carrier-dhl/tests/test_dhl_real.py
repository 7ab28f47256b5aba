"""The DHL carrier on DHL's real answers (``fixtures/real``; each file's origin and correct
reading are in its ``SOURCES.md``), served by a local HTTP server, and on the answer shapes
it must refuse by name."""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from aztui_carrier_dhl.carrier import DhlCarrier
from aztui_carrier_dhl.services import DhlOptions, infer
from aztui_carrier_dhl.zones import country_of, instant
from pydantic import ValidationError
from pytest_httpserver import HTTPServer

from aztui.carriers import CarrierContext, TrackingResult
from aztui.domain.model import TrackingStatus as S

REAL = Path(__file__).parent / "fixtures" / "real"
PATH = "/track/shipments"
KEY = "test-key"
PAKET = "470800204932"
SPEC_EXAMPLE = "7777777770"
ECOMMERCE = "11111111111111111XXXXXXX"


def real(name: str) -> str:
    return (REAL / name).read_text(encoding="utf-8")


def real_json(name: str) -> Any:
    return json.loads(real(name))


def utc(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


def expect(server: HTTPServer, number: str, **extra: str):
    return server.expect_ordered_request(
        PATH,
        method="GET",
        headers={"DHL-API-Key": KEY},
        query_string={"trackingNumber": number, **extra, "language": "en"},
    )


async def track(
    server: HTTPServer, number: str, options: Mapping[str, object] = {}
) -> TrackingResult:
    client = httpx.AsyncClient(base_url=server.url_for("/"), timeout=5.0)
    try:
        dhl = DhlCarrier(CarrierContext("dhl", client, {"api_key": KEY}, dict(options)))
        [result] = await dhl.track([number])
    finally:
        await client.aclose()
    server.check_assertions()
    return result


# -- parcel-de: German local time without offset ----------------------------------------------


async def test_parcel_de_delivered_in_german_local_time(httpserver: HTTPServer) -> None:
    expect(httpserver, PAKET).respond_with_data(
        real("parcel_de_delivered_de_no_offset.json"), content_type="application/json"
    )

    result = await track(httpserver, PAKET)

    assert result.error is None
    assert (result.status, result.raw_status) == (S.DELIVERED, "delivered")
    assert result.delivered_at == utc(2023, 3, 13, 8, 50)  # 09:50 in Berlin, CET
    assert result.first_scan_at == utc(2023, 3, 1, 15, 14)  # posted at the retail outlet
    assert len(result.events) == 10
    assert (
        result.events[0].status is S.IN_TRANSIT and "eingeliefert" in result.events[0].description
    )
    assert result.events[1].status is S.INFO_RECEIVED and result.events[1].at == utc(
        2023, 3, 1, 15, 18
    )
    held = [e for e in result.events if "zurückgestellt" in e.description]
    assert [(e.status, e.at) for e in held] == [(S.IN_TRANSIT, utc(2023, 3, 11, 21, 20))]
    assert result.signed is False  # proofOfDeliverySignedAvailable: false
    assert result.proof_of_delivery is None
    assert {e.place for e in result.events} == {"Deutschland", ""}


# -- DHL's spec example: numeric id, "Z" vs no offset, status words, POD without delivery ------


async def test_spec_example_signed_pod_without_delivery_is_reported(
    httpserver: HTTPServer,
) -> None:
    expect(httpserver, SPEC_EXAMPLE).respond_with_data(
        real("unified_spec_example_express_pod_signed.json"), content_type="application/json"
    )

    result = await track(httpserver, SPEC_EXAMPLE)

    assert result.error is not None and "contradicts itself" in result.error
    assert "no delivered event" in result.error and "pre-transit" in result.error
    assert not result.call_failed  # DHL answered; the carrier is not at fault
    assert (result.status, result.raw_status) == (S.INFO_RECEIVED, "pre-transit")
    assert result.delivered_at is None and result.signed is None
    assert result.proof_of_delivery is None
    [only] = result.events
    assert only.at == utc(2018, 3, 2, 7, 53, 47)  # status.timestamp's explicit "Z" wins
    assert only.place == "AMSTERDAM NL"
    for private in ("Oderweg", "1043 AG", "John", "Doe"):
        assert private not in repr(result)


async def test_spec_example_without_proof_reads_local_dutch_time(httpserver: HTTPServer) -> None:
    body = real_json("unified_spec_example_express_pod_signed.json")
    shipment = body["shipments"][0]
    del shipment["details"]["proofOfDelivery"]
    shipment["status"]["timestamp"] = "2018-03-02T07:53:47"  # no "Z" anywhere now
    expect(httpserver, SPEC_EXAMPLE).respond_with_json(body)

    result = await track(httpserver, SPEC_EXAMPLE)

    assert result.error is None
    assert result.status is S.INFO_RECEIVED  # "DELIVERED" in status is not the statusCode
    assert [e.at for e in result.events] == [utc(2018, 3, 2, 6, 53, 47)]  # Amsterdam, CET
    assert result.first_scan_at is None and result.signed is None


# -- eCommerce: offsets as written, "unknown" events, "UK", postcodes in places -----------------


async def test_ecommerce_offsets_unknown_events_and_places(httpserver: HTTPServer) -> None:
    expect(httpserver, ECOMMERCE).respond_with_data(
        real("prozsolt_ecommerce_mixed_offsets.json"), content_type="application/json"
    )

    result = await track(httpserver, ECOMMERCE)

    assert result.error is None
    assert (result.status, result.raw_status) == (S.IN_TRANSIT, "transit")
    assert result.first_scan_at == utc(2020, 4, 14, 14, 56)
    assert len(result.events) == 11
    assert result.events[-1].at == utc(2020, 4, 20, 6, 12)  # "+06:00" taken as written
    # no place and no national home: Europe/Berlin (CEST), the documented last resort
    assert [e.at for e in result.events[:2]] == [
        utc(2020, 4, 13, 9, 58, 56),
        utc(2020, 4, 13, 10, 1, 18),
    ]
    assert [e.status for e in result.events if e.code == "unknown"] == [S.UNKNOWN, S.UNKNOWN]
    assert {e.place for e in result.events} == {
        "",
        "Melrose Park, IL, US",
        "HEATHROW, GB",
        "GB",
    }
    for private in ("SW1A", "60160", "AL10", "55426"):
        assert private not in repr(result)
    assert result.delivered_at is None and result.signed is None


def test_nanosecond_timestamps_are_read() -> None:
    # karrio issue 439: a DHL eCommerce event time that broke another parser
    at = instant("2023-11-21T15:27:20.331986369+01:00", "", "ecommerce")

    assert at == datetime(2023, 11, 21, 14, 27, 20, 331986, tzinfo=UTC)


@pytest.mark.parametrize(
    ("location", "country"),
    [
        ({"address": {"addressLocality": "Deutschland"}}, "DE"),
        ({"address": {"addressLocality": "LEIPZIG - GERMANY"}}, "DE"),
        ({"address": {"addressLocality": "HEATHROW, GB", "countryCode": "UK"}}, "GB"),
        ({"address": {"addressLocality": "Bonn"}}, ""),
        (None, ""),
    ],
)
def test_the_country_of_a_place(location: Any, country: str) -> None:
    assert country_of(location) == country


def test_local_time_rule() -> None:
    assert instant("2023-07-01T12:00:00", "PT", "parcel-de") == utc(2023, 7, 1, 11)  # Lisbon
    assert instant("2023-07-01T12:00:00", "", "parcel-nl") == utc(2023, 7, 1, 10)  # Amsterdam
    assert instant("2023-07-01T12:00:00", "US", "parcel-uk") == utc(2023, 7, 1, 11)  # London
    assert instant("2023-07-01T12:00:00", "", "express") == utc(2023, 7, 1, 10)  # Berlin
    assert instant("2023-07-01T12:00:00+02:00", "GB", "parcel-uk") == utc(2023, 7, 1, 10)
    # the autumn hour that happens twice: its first occurrence (CEST)
    assert instant("2023-10-29T02:30:00", "DE", "parcel-de") == utc(2023, 10, 29, 0, 30)


# -- several shipments for one number (GUESSED envelope: two real shipments in one answer) -----


def two_shipments(paket_id: Any = PAKET, ecommerce_id: Any = ECOMMERCE) -> dict[str, Any]:
    paket = real_json("parcel_de_delivered_de_no_offset.json")["shipments"][0]
    ecommerce = real_json("prozsolt_ecommerce_mixed_offsets.json")["shipments"][0]
    paket, ecommerce = copy.deepcopy(paket), copy.deepcopy(ecommerce)
    paket["id"], ecommerce["id"] = paket_id, ecommerce_id
    return {"shipments": [ecommerce, paket]}


@pytest.mark.parametrize(
    ("body", "why"),
    [
        (two_shipments(), "the id is the number"),
        (two_shipments(paket_id=int(PAKET)), "the id, a JSON number, is the number"),
        (two_shipments(paket_id="999", ecommerce_id="998"), "12 digits: a parcel-de number"),
        (two_shipments(paket_id=PAKET, ecommerce_id=PAKET), "same id: the inferred service"),
    ],
)
async def test_the_shipment_asked_is_chosen(
    httpserver: HTTPServer, body: dict[str, Any], why: str
) -> None:
    assert infer(PAKET) == "parcel-de"
    expect(httpserver, PAKET).respond_with_json(body)

    result = await track(httpserver, PAKET)

    assert result.error is None, why
    assert (result.status, result.delivered_at) == (S.DELIVERED, utc(2023, 3, 13, 8, 50)), why


async def test_several_shipments_none_asked_is_failed(httpserver: HTTPServer) -> None:
    number = "JJD0099999999"  # serves several services: none inferred
    expect(httpserver, number).respond_with_json(two_shipments("1", "2"))

    result = await track(httpserver, number)

    assert result.call_failed and result.status is S.UNKNOWN and not result.events
    assert result.error == (
        "DHL answered 2 shipments for this number (services: ecommerce, parcel-de) and none "
        "is the one asked: set [carriers.dhl] options.service"
    )


async def test_the_configured_service_is_sent_and_chooses(httpserver: HTTPServer) -> None:
    number = "JJD0099999999"
    expect(
        httpserver, number, service="ecommerce", requesterCountryCode="DE", originCountryCode="US"
    ).respond_with_json(two_shipments("1", "2"))

    result = await track(
        httpserver,
        number,
        {"service": "ecommerce", "requester_country_code": "de", "origin_country_code": "US"},
    )

    assert result.error is None
    assert (result.status, result.first_scan_at) == (S.IN_TRANSIT, utc(2020, 4, 14, 14, 56))


@pytest.mark.parametrize(
    ("options", "says"),
    [
        ({"service": "parcel-fr"}, "expected one of DHL's services (dgf, dsc, ecommerce,"),
        ({"requester_country_code": "DEU"}, "expected a two-letter country code"),
        ({"origin_country_code": 49}, "Input should be a valid string"),
        ({"language": "english"}, "expected a two-letter language code"),
        ({"requester_country": "DE"}, "Extra inputs are not permitted"),
    ],
)
def test_bad_options_are_refused_by_name(options: dict[str, object], says: str) -> None:
    with pytest.raises(ValidationError) as refused:
        DhlOptions.model_validate(options)
    [problem] = refused.value.errors()
    assert problem["loc"] == tuple(options) and says in problem["msg"]


def test_options_are_read_as_dhl_wants_them_and_empty_is_unset() -> None:
    options = DhlOptions.model_validate(
        {"service": " Parcel-DE ", "requester_country_code": "de", "origin_country_code": ""}
    )
    assert options.query() == {"service": "parcel-de", "requesterCountryCode": "DE"}
    assert options.language == "en" and DhlOptions().query() == {}


# -- shapes refused by name, and DHL's real problems -------------------------------------------


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("parcel_de_xml_piece_detail_delivered.xml", "older XML tracking (piece-shipment-list)"),
        ("parcel_de_xml_no_data.xml", "(it says: No data found)"),
    ],
)
async def test_the_old_paket_xml_is_refused_by_name(
    httpserver: HTTPServer, name: str, says: str
) -> None:
    expect(httpserver, PAKET).respond_with_data(real(name), content_type="text/xml")

    result = await track(httpserver, PAKET)

    assert result.call_failed and result.status is S.UNKNOWN and not result.events
    assert result.error is not None and says in result.error
    assert "base_url" in result.error and "Mustermann" not in result.error


@pytest.mark.parametrize(
    ("mutate", "says"),
    [
        (
            lambda b: {"data": b["shipments"], "url": "x"},
            "JSON without shipments (its keys: data, url)",
        ),
        (lambda b: b["shipments"], "a JSON list instead of an object"),
        (lambda b: {"shipments": {"id": PAKET}}, "shipments is not a list of objects"),
        (lambda b: _set(b, "statusCode", ""), "DHL's status has statusCode '', not one of"),
        (lambda b: _set(b, "statusCode", None), "DHL's status has statusCode None"),
        (lambda b: _set(b, "timestamp", "13.03.2023 09:50"), "'13.03.2023 09:50', not ISO 8601"),
        (lambda b: _drop_status(b), "DHL's shipment has no status object"),
    ],
)
async def test_unknown_shapes_fail_by_name(httpserver: HTTPServer, mutate: Any, says: str) -> None:
    body = mutate(real_json("parcel_de_delivered_de_no_offset.json"))
    expect(httpserver, PAKET).respond_with_json(body)

    result = await track(httpserver, PAKET)

    assert result.call_failed and result.status is S.UNKNOWN and not result.events
    assert result.error is not None and says in result.error


async def test_a_status_code_outside_the_list_is_unknown_and_kept(httpserver: HTTPServer) -> None:
    body = _set(real_json("parcel_de_delivered_de_no_offset.json"), "statusCode", "Returned")
    expect(httpserver, PAKET).respond_with_json(body)

    result = await track(httpserver, PAKET)

    assert result.error is None
    assert (result.status, result.raw_status) == (S.UNKNOWN, "returned")
    assert result.delivered_at is None  # the delivered event is the shipment's, not its status
    assert result.signed is None


def _set(body: dict[str, Any], key: str, value: Any) -> dict[str, Any]:
    body["shipments"][0]["status"][key] = value
    return body


def _drop_status(body: dict[str, Any]) -> dict[str, Any]:
    del body["shipments"][0]["status"]
    return body


async def test_real_not_found_problem(httpserver: HTTPServer) -> None:
    expect(httpserver, PAKET).respond_with_data(
        real("netresearch23_not_found_404.json"),
        status=404,
        content_type="application/problem+json",
    )

    result = await track(httpserver, PAKET)

    assert not result.call_failed and result.status is S.UNKNOWN
    assert result.error == (
        "unknown to DHL: No result found No shipment with given tracking number found."
    )


async def test_real_rate_limit_problem(httpserver: HTTPServer) -> None:
    expect(httpserver, PAKET).respond_with_data(
        real("itsvic68_too_many_requests_429.json"),
        status=429,
        content_type="application/problem+json",
    )

    result = await track(httpserver, PAKET)

    assert result.call_failed and not result.events
    assert result.error == (
        "DHL's rate limit is reached (HTTP 429 Too Many Requests): Too Many Requests Too many "
        "requests within defined time period, please try again later."
    )
