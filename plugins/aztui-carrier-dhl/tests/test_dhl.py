"""The DHL carrier (Shipment Tracking - Unified) against a local HTTP server.

Fixtures in ``fixtures`` are shaped as DHL's API answers (its OpenAPI schema and help
centre examples); every name in them is made up.
"""

from __future__ import annotations

import importlib.metadata
import json
import threading
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from aztui_carrier_dhl.carrier import DhlCarrier
from aztui_carrier_dhl.plugin import SPEC
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from aztui.carriers import CarrierContext, CarrierSpec, TrackingResult
from aztui.domain.model import TrackingStatus as S
from aztui.hookspecs import resolved
from aztui.pluginmanager import PluginHost
from aztui.testing import PATIENCE, refused_port, wait_until_async

FIXTURES = Path(__file__).parent / "fixtures"
PATH = "/track/shipments"
KEY = "test-key"


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def carrier(server: HTTPServer, timeout: float = 5.0) -> DhlCarrier:
    client = httpx.AsyncClient(base_url=server.url_for("/"), timeout=timeout)
    return DhlCarrier(CarrierContext("dhl", client, {"api_key": KEY}))


def expect(server: HTTPServer, number: str):
    return server.expect_ordered_request(
        PATH,
        method="GET",
        headers={"DHL-API-Key": KEY},
        query_string={"trackingNumber": number, "language": "en"},
    )


async def track(
    server: HTTPServer, *numbers: str, http_timeout: float = 5.0
) -> list[TrackingResult]:
    dhl = carrier(server, http_timeout)
    try:
        return list(await dhl.track(list(numbers)))
    finally:
        await dhl.client.aclose()


def utc(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


# -- answers ----------------------------------------------------------------------------------


async def test_one_number_delivered_and_signed(httpserver: HTTPServer) -> None:
    expect(httpserver, "1234567890").respond_with_data(
        fixture("express_delivered.json"), content_type="application/json"
    )

    [result] = await track(httpserver, "1234567890")

    httpserver.check_assertions()
    request = httpserver.log[0][0]
    assert request.headers["DHL-API-Key"] == KEY
    assert request.args["trackingNumber"] == "1234567890"
    assert result.error is None
    assert (result.number, result.status, result.raw_status) == (
        "1234567890",
        S.DELIVERED,
        "delivered",
    )
    assert [e.status for e in result.events] == [
        S.INFO_RECEIVED,
        S.IN_TRANSIT,
        S.IN_TRANSIT,
        S.OUT_FOR_DELIVERY,
        S.DELIVERED,
    ]
    assert [e.code for e in result.events] == [
        "pre-transit",
        "transit",
        "transit",
        "transit",
        "delivered",
    ]
    assert result.events[1].description == "Shipment picked up"
    assert all(e.at.tzinfo is UTC for e in result.events)
    assert result.first_scan_at == utc(2026, 3, 4, 14, 30)
    assert result.delivered_at == utc(2026, 3, 5, 10, 42)
    assert result.signed is True
    assert result.proof_of_delivery == "https://webpod.dhl.com/pod?token=fake-token-123&language=en"


async def test_places_are_towns_never_streets(httpserver: HTTPServer) -> None:
    expect(httpserver, "1234567890").respond_with_data(
        fixture("express_delivered.json"), content_type="application/json"
    )

    [result] = await track(httpserver, "1234567890")

    assert [e.place for e in result.events] == [
        "",
        "LEIPZIG DE",
        "LEIPZIG - GERMANY DE",
        "AMSTERDAM - NETHERLANDS NL",
        "AMSTERDAM - NETHERLANDS NL",
    ]
    text = repr(result)
    for private in ("Musterstrasse", "Oderweg", "04109", "1043 AG"):
        assert private not in text


async def test_proof_of_delivery_kept_without_the_signers_name(httpserver: HTTPServer) -> None:
    expect(httpserver, "1234567890").respond_with_data(
        fixture("express_delivered.json"), content_type="application/json"
    )

    [result] = await track(httpserver, "1234567890")

    assert result.signed is True
    assert result.proof_of_delivery is not None
    assert result.proof_of_delivery.startswith("https://webpod.dhl.com/pod?")
    text = repr(result)
    for name in ("Testy", "McTestface", "Fakey", "McFakeface", "Example Seller"):
        assert name not in text


async def test_parcel_in_transit_with_naive_timestamps_in_german_time(
    httpserver: HTTPServer,
) -> None:
    expect(httpserver, "00340434161234567890").respond_with_data(
        fixture("paket_transit.json"), content_type="application/json"
    )

    [result] = await track(httpserver, "00340434161234567890")

    assert result.status is S.OUT_FOR_DELIVERY
    assert result.raw_status == "transit"
    assert result.first_scan_at == utc(2026, 3, 9, 15, 2)  # 16:02 in Berlin (CET)
    assert result.delivered_at is None
    assert result.signed is None
    assert result.proof_of_delivery is None
    assert [e.place for e in result.events] == ["", "", "Köln DE", "Bonn"]


async def test_returned_to_the_sender(httpserver: HTTPServer) -> None:
    expect(httpserver, "JJD000390007766951034").respond_with_data(
        fixture("returned.json"), content_type="application/json"
    )

    [result] = await track(httpserver, "JJD000390007766951034")

    assert result.status is S.RETURNED
    assert result.delivered_at is None
    assert [e.status for e in result.events] == [
        S.IN_TRANSIT,
        S.DELIVERY_FAILED,
        S.RETURN_TO_SENDER,
        S.DELIVERED,
    ]
    assert result.first_scan_at == utc(2026, 2, 10, 17, 45)


async def test_several_numbers_one_call_each_in_order(httpserver: HTTPServer) -> None:
    expect(httpserver, "00340434161234567890").respond_with_data(
        fixture("paket_transit.json"), content_type="application/json"
    )
    expect(httpserver, "9999999999").respond_with_data(
        fixture("not_found.json"), status=404, content_type="application/problem+json"
    )
    expect(httpserver, "1234567890").respond_with_data(
        fixture("express_delivered.json"), content_type="application/json"
    )

    results = await track(httpserver, "00340434161234567890", "9999999999", "1234567890")

    httpserver.check_assertions()
    assert len(httpserver.log) == 3
    assert [r.number for r in results] == ["00340434161234567890", "9999999999", "1234567890"]
    assert [r.status for r in results] == [S.OUT_FOR_DELIVERY, S.UNKNOWN, S.DELIVERED]
    assert [r.error is None for r in results] == [True, False, True]


async def test_the_shipment_with_the_asked_id_is_chosen(httpserver: HTTPServer) -> None:
    express = json.loads(fixture("express_delivered.json"))["shipments"][0]
    other = {
        **express,
        "id": "5555555555",
        "status": {**express["status"], "statusCode": "failure"},
    }
    expect(httpserver, "1234567890").respond_with_json({"shipments": [other, express]})

    [result] = await track(httpserver, "1234567890")

    assert result.status is S.DELIVERED


async def test_unknown_number(httpserver: HTTPServer) -> None:
    expect(httpserver, "9999999999").respond_with_data(
        fixture("not_found.json"), status=404, content_type="application/problem+json"
    )

    [result] = await track(httpserver, "9999999999")

    assert result.status is S.UNKNOWN and not result.events
    assert result.error is not None
    assert result.error.startswith("unknown to DHL")
    assert "No shipment with given tracking number found" in result.error
    assert not result.call_failed  # DHL answered: the carrier is not at fault


# -- the status mapping -----------------------------------------------------------------------

ROWS = [
    ("delivered", "delivered", "Delivered", False, S.DELIVERED),
    ("delivered", "The shipment has been successfully delivered", "", False, S.DELIVERED),
    ("delivered", "delivered", "Delivered", True, S.RETURNED),
    ("delivered", "RETURNED", "The shipment has been returned to the sender", False, S.RETURNED),
    ("transit", "transit", "Processed at LEIPZIG - GERMANY", False, S.IN_TRANSIT),
    ("transit", "transit", "Shipment picked up", False, S.IN_TRANSIT),
    ("transit", "OUT FOR DELIVERY", "", False, S.OUT_FOR_DELIVERY),
    ("transit", "transit", "With delivery courier", False, S.OUT_FOR_DELIVERY),
    (
        "transit",
        "The shipment has been loaded onto the delivery vehicle",
        "",
        False,
        S.OUT_FOR_DELIVERY,
    ),
    ("transit", "PICKUP", "", False, S.AVAILABLE_FOR_PICKUP),
    (
        "transit",
        "transit",
        "The shipment is ready for pick-up at the PACKSTATION",
        False,
        S.AVAILABLE_FOR_PICKUP,
    ),
    ("transit", "transit", "Shipment is on its way", True, S.RETURN_TO_SENDER),
    (
        "transit",
        "transit",
        "The shipment is being returned to the sender",
        False,
        S.RETURN_TO_SENDER,
    ),
    ("pre-transit", "pre-transit", "Shipment information received", False, S.INFO_RECEIVED),
    ("failure", "failure", "Clearance delay", False, S.EXCEPTION),
    ("failure", "failure", "Delivery attempted; recipient not home", False, S.DELIVERY_FAILED),
    ("failure", "failure", "The shipment could not be delivered", False, S.DELIVERY_FAILED),
    ("failure", "failure", "Returned to shipper", False, S.RETURN_TO_SENDER),
    ("failure", "failure", "Consignee refused the shipment", True, S.RETURN_TO_SENDER),
    # statusCode decides, never the words: "unknown" stays unknown whatever they say
    ("unknown", "DELIVERED", "", False, S.UNKNOWN),
    ("unknown", "", "Out for delivery", False, S.UNKNOWN),
    ("unknown", "", "Ready for pickup", False, S.UNKNOWN),
    ("unknown", "", "Returned", False, S.UNKNOWN),
    ("unknown", "", "Shipment on hold", False, S.UNKNOWN),
    ("pre-transit", "DELIVERED", "JESSICA", False, S.INFO_RECEIVED),
    ("Transit", "transit", "Processed", False, S.IN_TRANSIT),
]


@pytest.mark.parametrize(
    ("code", "words", "description", "returning", "wanted"),
    ROWS,
    ids=[f"{r[0] or 'none'}-{r[1] or r[2] or 'empty'}-{r[3]}-{r[4]}" for r in ROWS],
)
async def test_status_mapping(
    httpserver: HTTPServer, code: str, words: str, description: str, returning: bool, wanted: S
) -> None:
    status = {
        "timestamp": "2026-03-01T10:00:00Z",
        "statusCode": code,
        "status": words,
        "description": description,
    }
    body = {
        "shipments": [
            {
                "id": "1234567890",
                "service": "express",
                "status": status,
                "returnFlag": returning,
                "events": [status],
            }
        ]
    }
    expect(httpserver, "1234567890").respond_with_json(body)

    [result] = await track(httpserver, "1234567890")

    assert result.error is None
    assert result.status is wanted
    assert result.raw_status == code.lower()
    assert len(result.events) == 1


# -- failures ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "name", "says"),
    [
        (400, "bad_request.json", "DHL refused the request (HTTP 400 Bad Request)"),
        (401, "unauthorized.json", "DHL refused the API key (HTTP 401 Unauthorized)"),
        (429, "too_many_requests.json", "DHL's rate limit is reached (HTTP 429 Too Many Requests)"),
        (500, "server_error.json", "DHL's server failed (HTTP 500 Internal Server Error)"),
    ],
)
async def test_http_errors_are_results(
    httpserver: HTTPServer, status: int, name: str, says: str
) -> None:
    problem = json.loads(fixture(name))
    expect(httpserver, "1234567890").respond_with_data(
        fixture(name), status=status, content_type="application/problem+json"
    )

    [result] = await track(httpserver, "1234567890")

    assert result.number == "1234567890"
    assert result.status is S.UNKNOWN and not result.events
    assert result.error is not None
    assert result.error.startswith(says)
    assert problem["detail"] in result.error
    assert KEY not in result.error


async def test_rate_limit_headers_on_429(httpserver: HTTPServer) -> None:
    expect(httpserver, "1234567890").respond_with_data(
        fixture("too_many_requests.json"),
        status=429,
        content_type="application/problem+json",
        headers={
            "RateLimit-Limit": "250",
            "RateLimit-Remaining": "0",
            "RateLimit-Reset": "3600",
            "Retry-After": "3600",
        },
    )

    [result] = await track(httpserver, "1234567890")

    assert result.error is not None
    assert "rate limit" in result.error
    for header in (
        "RateLimit-Limit: 250",
        "RateLimit-Remaining: 0",
        "RateLimit-Reset: 3600",
        "Retry-After: 3600",
    ):
        assert header in result.error


async def test_a_404_without_a_body_is_a_failed_call(httpserver: HTTPServer) -> None:
    expect(httpserver, "1234567890").respond_with_data("", status=404)

    [result] = await track(httpserver, "1234567890")

    assert result.error is not None
    assert not result.error.startswith("unknown to DHL") and result.call_failed
    assert "HTTP 404" in result.error and "empty body" in result.error


async def test_a_slow_answer_times_out(httpserver: HTTPServer) -> None:
    answer = threading.Event()  # the server answers once the client has given up

    def slow(request: Request) -> Response:
        answer.wait(PATIENCE)
        return Response(fixture("express_delivered.json"), content_type="application/json")

    expect(httpserver, "1234567890").respond_with_handler(slow)

    try:
        [result] = await track(httpserver, "1234567890", http_timeout=0.5)
    finally:
        answer.set()
    await wait_until_async(lambda: httpserver.log, "the server done with the request")

    assert result.status is S.UNKNOWN
    assert result.error is not None
    assert "did not answer in time" in result.error


async def test_malformed_json(httpserver: HTTPServer) -> None:
    expect(httpserver, "1234567890").respond_with_data(
        '{"shipments": [{"id": "1234567890", "status": ', content_type="application/json"
    )

    [result] = await track(httpserver, "1234567890")

    assert result.error == "DHL answered with malformed JSON instead of JSON (HTTP 200)"


async def test_an_html_error_page(httpserver: HTTPServer) -> None:
    expect(httpserver, "1234567890").respond_with_data(
        fixture("gateway_error.html"), status=502, content_type="text/html"
    )

    [result] = await track(httpserver, "1234567890")

    assert result.error is not None
    assert result.error.startswith("DHL's server failed (HTTP 502 Bad Gateway)")
    assert "HTML page" in result.error


async def test_an_html_page_with_status_200(httpserver: HTTPServer) -> None:
    expect(httpserver, "1234567890").respond_with_data(
        fixture("gateway_error.html"), content_type="text/html"
    )

    [result] = await track(httpserver, "1234567890")

    assert result.error is not None
    assert "HTML page" in result.error


async def test_json_without_shipments(httpserver: HTTPServer) -> None:
    expect(httpserver, "1234567890").respond_with_json({"shipments": []})

    [result] = await track(httpserver, "1234567890")

    assert result.error == "DHL answered an empty list of shipments"
    assert result.call_failed


async def test_no_server_listening() -> None:
    with refused_port() as port:
        client = httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=0.5)
        dhl = DhlCarrier(CarrierContext("dhl", client, {"api_key": KEY}))
        try:
            [result] = await dhl.track(["1234567890"])
        finally:
            await client.aclose()

    assert result.error is not None
    assert result.error.startswith("could not reach DHL (ConnectError")


async def test_a_call_refused_by_the_client_is_a_result(httpserver: HTTPServer) -> None:
    class Spent(httpx.TransportError):
        """Like aztui's daily quota: the client refuses to make the call."""

    class Refusing(httpx.AsyncBaseTransport):
        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            raise Spent("the daily quota of 250 calls is spent")

    client = httpx.AsyncClient(base_url=httpserver.url_for("/"), transport=Refusing())
    dhl = DhlCarrier(CarrierContext("dhl", client, {"api_key": KEY}))
    try:
        results = await dhl.track(["1234567890", "340434161234"])
    finally:
        await client.aclose()

    assert [r.number for r in results] == ["1234567890", "340434161234"]
    assert all(
        r.error == "could not reach DHL (Spent: the daily quota of 250 calls is spent)"
        for r in results
    )
    assert not httpserver.log


# -- registration -----------------------------------------------------------------------------


def test_registers_through_the_hook() -> None:
    [entry] = [
        ep for ep in importlib.metadata.entry_points(group="aztui") if ep.name == "carrier_dhl"
    ]
    host = PluginHost(entry_points=[entry])

    carriers = host.carriers()

    assert host.plugins["carrier_dhl"].status == "ok"
    spec = carriers["dhl"].item
    assert isinstance(spec, CarrierSpec) and spec is SPEC
    assert resolved(spec.factory) is DhlCarrier
    assert spec.base_url == "https://api-eu.dhl.com"
    assert (spec.batch_size, spec.per_second, spec.per_day) == (1, 0.2, 250)
    assert spec.secrets == ("api_key",)
    assert {"DHL", "DHL Express", "DHL Parcel", "DHL eCommerce"} <= set(spec.aliases)


@pytest.mark.parametrize(
    "number",
    [
        "1234567890",
        "340434161234",
        "00340434161234567890",
        "JJD000390007766951034",
        "JJD0099999999",
        "JVGL9999999999",
        "3SBCC000123456",
        "GM2951173225174494",
        "LX123456789US",
        "RR123456789DE",
    ],
)
def test_recognises_dhl_numbers(number: str) -> None:
    assert SPEC.recognises(number)


@pytest.mark.parametrize(
    "number",
    [
        "1Z999AA10123456784",
        "6A12345678901",
        "123456789",
        "12345678901",
        "ABC",
        "",
        "RR123456789FR",
    ],
)
def test_does_not_recognise_other_numbers(number: str) -> None:
    assert not SPEC.recognises(number)
