"""The UPS carrier plugin against a real HTTP server on 127.0.0.1 (pytest-httpserver).

The fixtures in ``fixtures/ups/`` have the shape UPS's Tracking API and OAuth endpoint answer
with; every name, address and number in them is fake. ``ZZFAKE`` marks the personal data that
must never reach a ``TrackingResult``.
"""

from __future__ import annotations

import asyncio
import base64
import importlib.metadata
import json
import threading
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from aztui_carrier_ups.carrier import UpsCarrier
from aztui_carrier_ups.oauth import TokenSource
from aztui_carrier_ups.package import read_package
from aztui_carrier_ups.plugin import SPEC
from aztui_carrier_ups.status import STATUS_CODE_STATUS, TYPE_STATUS, map_status
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from aztui.carriers import CarrierContext, CarrierSpec, TrackingResult
from aztui.domain.model import TrackingStatus as S
from aztui.hookspecs import resolved
from aztui.pluginmanager import PluginHost
from tests.ports import refused_port
from tests.waiting import PATIENCE, wait_until_async

FIXTURES = Path(__file__).parent / "fixtures" / "ups"
TOKEN_PATH = "/security/v1/oauth/token"
DELIVERED = "1Z999AA10123456784"
IN_TRANSIT = "1Z999AA10123456785"
ACCESS_POINT = "1Z999AA10123456786"
RETURNED = "1Z999AA10123456787"
MULTI = "1Z999AA10123456788"
UNKNOWN = "1Z999AA10123456799"
SECRETS = {"client_id": "id", "client_secret": "secret"}


def fixture(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def track_path(number: str) -> str:
    return f"/api/track/v1/details/{number}"


def utc(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


def token_answer(token: str = "FAKE-ACCESS-TOKEN-1", expires_in: str = "14399") -> dict:
    return {**fixture("token.json"), "access_token": token, "expires_in": expires_in}


def serve_token(server: HTTPServer, **kwargs: str) -> None:
    server.expect_request(TOKEN_PATH, method="POST").respond_with_json(token_answer(**kwargs))


def serve_track(server: HTTPServer, number: str, name: str, status: int = 200) -> None:
    server.expect_request(track_path(number), method="GET").respond_with_json(
        fixture(name), status=status
    )


def requests_to(server: HTTPServer, path: str) -> list[Request]:
    return [request for request, _ in server.log if request.path == path]


def all_text(result: TrackingResult) -> str:
    return repr(result)


@pytest.fixture
async def client(httpserver: HTTPServer):
    async with httpx.AsyncClient(base_url=httpserver.url_for("/"), timeout=5.0) as client:
        yield client


def make_carrier(client: httpx.AsyncClient, **options: object) -> UpsCarrier:
    return UpsCarrier(CarrierContext("ups", client, SECRETS, options))


@pytest.fixture
def carrier(client: httpx.AsyncClient) -> UpsCarrier:
    return make_carrier(client)


# -- one number, end to end ---------------------------------------------------------------


async def test_a_signed_delivery(httpserver: HTTPServer, carrier: UpsCarrier) -> None:
    serve_token(httpserver)
    serve_track(httpserver, DELIVERED, "delivered_signed.json")

    [result] = await carrier.track([DELIVERED])

    httpserver.check_assertions()
    assert result.error is None
    assert result.number == DELIVERED
    assert result.status is S.DELIVERED
    assert result.raw_status == "D/KB/011"  # the newest activity's, not currentStatus's
    assert result.delivered_at == utc(2026, 11, 25, 13, 30, 12)
    assert result.first_scan_at == utc(2026, 11, 24, 16, 12)  # the pickup, not the label
    assert result.signed is True
    assert result.proof_of_delivery == f"UPS POD {DELIVERED}"
    assert [e.status for e in result.events] == [
        S.INFO_RECEIVED,
        S.IN_TRANSIT,
        S.IN_TRANSIT,
        S.IN_TRANSIT,
        S.IN_TRANSIT,
        S.OUT_FOR_DELIVERY,
        S.DELIVERED,
    ]
    label, pickup, *_, out, delivered = result.events
    assert label.code == "M/MP/003" and label.place == "FR"
    assert label.at == utc(2026, 11, 23, 20, 4, 5)
    assert pickup.code == "P/PU/038" and pickup.place == "Lyon FR"
    assert pickup.description == "Scan de ramassage"
    assert out.code == "I/OT/021"
    assert delivered.code == "D/KB/011"
    assert delivered.description == "LIVRÉ"
    assert delivered.place == "PARIS FR"
    assert all(e.at.tzinfo is UTC for e in result.events)


async def test_nothing_personal_is_kept(httpserver: HTTPServer, carrier: UpsCarrier) -> None:
    serve_token(httpserver)
    serve_track(httpserver, DELIVERED, "delivered_signed.json")

    [result] = await carrier.track([DELIVERED])

    text = all_text(result)
    assert result.signed is True
    for personal in (
        "ZZFAKE",
        "RECEIVER",
        "AVENUE FICTIVE",
        "RUE DE L'EXEMPLE",
        "75099",
        "69099",
        "402-0000001-0000001",
        "Réception",
    ):
        assert personal not in text


async def test_in_transit_with_every_kind_of_timestamp(
    httpserver: HTTPServer, carrier: UpsCarrier
) -> None:
    serve_token(httpserver)
    serve_track(httpserver, IN_TRANSIT, "in_transit.json")

    [result] = await carrier.track([IN_TRANSIT])

    assert result.status is S.IN_TRANSIT
    assert result.raw_status == "I/DP/005"
    assert [e.at for e in result.events] == [
        utc(2026, 11, 23, 9),  # gmtDate/gmtTime "09:00:00"
        utc(2026, 11, 23, 17, 5),  # "17:05:00"
        utc(2026, 11, 24, 7, 47),  # "74700": UPS drops the leading zero
        utc(2026, 11, 24, 19, 15),  # no gmt fields: local 20:15 at +01:00
    ]
    assert result.events[-1].place == "Koeln DE"
    assert result.first_scan_at == utc(2026, 11, 23, 17, 5)
    assert result.delivered_at is None
    assert result.signed is None
    assert result.proof_of_delivery is None


async def test_delivered_to_an_access_point_is_waiting_for_pickup(
    httpserver: HTTPServer, carrier: UpsCarrier
) -> None:
    serve_token(httpserver)
    serve_track(httpserver, ACCESS_POINT, "access_point.json")

    [result] = await carrier.track([ACCESS_POINT])

    assert result.status is S.AVAILABLE_FOR_PICKUP
    assert result.raw_status == "D/ZP/040"
    assert result.events[-1].code == "D/ZP/040"
    assert result.delivered_at is None and result.signed is None


async def test_returned_to_shipper(httpserver: HTTPServer, carrier: UpsCarrier) -> None:
    serve_token(httpserver)
    serve_track(httpserver, RETURNED, "returned.json")

    [result] = await carrier.track([RETURNED])

    assert result.status is S.RETURNED
    assert [e.status for e in result.events] == [
        S.IN_TRANSIT,
        S.EXCEPTION,
        S.RETURN_TO_SENDER,
        S.RETURNED,
    ]
    assert result.delivered_at is None and result.signed is None
    assert "ZZFAKE" not in all_text(result)


async def test_the_package_asked_for_is_picked_from_a_shipment(
    httpserver: HTTPServer, carrier: UpsCarrier
) -> None:
    serve_token(httpserver)
    serve_track(httpserver, MULTI, "multi_package.json")

    [result] = await carrier.track([MULTI])

    assert result.status is S.DELIVERED
    assert result.delivered_at == utc(2026, 11, 25, 11, 4, 35)
    assert result.signed is None  # left at the door, photographed: UPS says nothing of a signature
    assert result.proof_of_delivery == f"UPS POD {MULTI}"


async def test_a_number_is_sent_without_spaces_and_in_upper_case(
    httpserver: HTTPServer, carrier: UpsCarrier
) -> None:
    serve_token(httpserver)
    serve_track(httpserver, DELIVERED, "delivered_signed.json")

    [result] = await carrier.track(["1z 999 aa1 01 2345 6784"])

    assert result.number == "1z 999 aa1 01 2345 6784"  # the caller's number, as given
    assert result.status is S.DELIVERED


# -- the requests ---------------------------------------------------------------------------


async def test_the_token_request(httpserver: HTTPServer, carrier: UpsCarrier) -> None:
    serve_token(httpserver)
    serve_track(httpserver, DELIVERED, "delivered_signed.json")

    await carrier.track([DELIVERED])

    [request] = requests_to(httpserver, TOKEN_PATH)
    assert request.method == "POST"
    expected = base64.b64encode(b"id:secret").decode()
    assert request.headers["Authorization"] == f"Basic {expected}"
    assert request.mimetype == "application/x-www-form-urlencoded"
    assert request.form.to_dict() == {"grant_type": "client_credentials"}
    assert "x-merchant-id" not in request.headers


async def test_the_merchant_id_is_sent_when_configured(
    httpserver: HTTPServer, client: httpx.AsyncClient
) -> None:
    serve_token(httpserver)
    serve_track(httpserver, DELIVERED, "delivered_signed.json")

    await make_carrier(client, merchant_id="A1B2C3").track([DELIVERED])

    [request] = requests_to(httpserver, TOKEN_PATH)
    assert request.headers["x-merchant-id"] == "A1B2C3"


async def test_the_tracking_request(httpserver: HTTPServer, carrier: UpsCarrier) -> None:
    serve_token(httpserver)
    serve_track(httpserver, DELIVERED, "delivered_signed.json")
    serve_track(httpserver, IN_TRANSIT, "in_transit.json")

    await carrier.track([DELIVERED, IN_TRANSIT])

    first, second = (requests_to(httpserver, track_path(n))[0] for n in (DELIVERED, IN_TRANSIT))
    for request in (first, second):
        assert request.method == "GET"
        assert request.headers["Authorization"] == "Bearer FAKE-ACCESS-TOKEN-1"
        assert request.headers["transactionSrc"] == "aztui"
        assert len(request.headers["transId"]) == 32
        assert request.args["locale"] == "fr_FR"
        assert request.args["returnSignature"] == "false"
        assert request.args["returnMilestones"] == "false"
    assert first.headers["transId"] != second.headers["transId"]


# -- the token ----------------------------------------------------------------------------


async def test_one_token_for_several_numbers(httpserver: HTTPServer, carrier: UpsCarrier) -> None:
    serve_token(httpserver)
    serve_track(httpserver, DELIVERED, "delivered_signed.json")
    serve_track(httpserver, IN_TRANSIT, "in_transit.json")
    serve_track(httpserver, UNKNOWN, "not_found.json")

    results = await carrier.track([IN_TRANSIT, UNKNOWN, DELIVERED])

    assert [r.number for r in results] == [IN_TRANSIT, UNKNOWN, DELIVERED]
    assert [r.status for r in results] == [S.IN_TRANSIT, S.UNKNOWN, S.DELIVERED]
    assert results[1].error is not None and not results[1].call_failed
    assert len(requests_to(httpserver, TOKEN_PATH)) == 1
    await carrier.track([DELIVERED])
    assert len(requests_to(httpserver, TOKEN_PATH)) == 1  # still fresh on the next call


async def test_concurrent_calls_share_one_token(
    httpserver: HTTPServer, carrier: UpsCarrier
) -> None:
    serve_token(httpserver)
    for number, name in (
        (DELIVERED, "delivered_signed.json"),
        (IN_TRANSIT, "in_transit.json"),
        (ACCESS_POINT, "access_point.json"),
    ):
        serve_track(httpserver, number, name)

    batches = await asyncio.gather(
        *(carrier.track([n]) for n in (DELIVERED, IN_TRANSIT, ACCESS_POINT))
    )

    assert [b[0].status for b in batches] == [S.DELIVERED, S.IN_TRANSIT, S.AVAILABLE_FOR_PICKUP]
    assert len(requests_to(httpserver, TOKEN_PATH)) == 1


async def test_an_expired_token_is_replaced(httpserver: HTTPServer, carrier: UpsCarrier) -> None:
    serve_token(httpserver, expires_in="0")
    serve_track(httpserver, DELIVERED, "delivered_signed.json")

    await carrier.track([DELIVERED, DELIVERED])

    assert len(requests_to(httpserver, TOKEN_PATH)) == 2


async def test_a_token_is_kept_until_shortly_before_it_expires(
    client: httpx.AsyncClient, httpserver: HTTPServer
) -> None:
    serve_token(httpserver, expires_in="3600")
    now = [1000.0]
    tokens = TokenSource(client, "id", "secret", clock=lambda: now[0])

    await tokens.get()
    now[0] += 3500
    await tokens.get()
    assert len(requests_to(httpserver, TOKEN_PATH)) == 1
    now[0] += 60  # 3560 s: inside the last minute of its life
    await tokens.get()
    assert len(requests_to(httpserver, TOKEN_PATH)) == 2


def token_sequence(server: HTTPServer, *tokens: str) -> None:
    remaining = list(tokens)

    def handler(request: Request) -> Response:
        return Response(
            json.dumps(token_answer(remaining.pop(0))), 200, content_type="application/json"
        )

    server.expect_request(TOKEN_PATH, method="POST").respond_with_handler(handler)


def tracking_refusing(server: HTTPServer, number: str, refused: set[str]) -> None:
    def handler(request: Request) -> Response:
        if request.headers.get("Authorization") in {f"Bearer {t}" for t in refused}:
            body = fixture("token_rejected_on_tracking.json")
            return Response(json.dumps(body), 401, content_type="application/json")
        return Response(
            json.dumps(fixture("delivered_signed.json")), 200, content_type="application/json"
        )

    server.expect_request(track_path(number), method="GET").respond_with_handler(handler)


async def test_a_401_fetches_a_new_token_once(httpserver: HTTPServer, carrier: UpsCarrier) -> None:
    token_sequence(httpserver, "OLD", "NEW")
    tracking_refusing(httpserver, DELIVERED, {"OLD"})

    [result] = await carrier.track([DELIVERED])

    assert result.status is S.DELIVERED and result.error is None
    assert len(requests_to(httpserver, TOKEN_PATH)) == 2
    calls = requests_to(httpserver, track_path(DELIVERED))
    assert [c.headers["Authorization"] for c in calls] == ["Bearer OLD", "Bearer NEW"]


async def test_a_second_401_is_an_error_not_a_loop(
    httpserver: HTTPServer, carrier: UpsCarrier
) -> None:
    token_sequence(httpserver, "ONE", "TWO")
    tracking_refusing(httpserver, DELIVERED, {"ONE", "TWO"})

    [result] = await carrier.track([DELIVERED])

    assert result.status is S.UNKNOWN
    assert result.error is not None
    assert "401" in result.error and "250002" in result.error
    assert result.call_failed
    assert len(requests_to(httpserver, TOKEN_PATH)) == 2
    assert len(requests_to(httpserver, track_path(DELIVERED))) == 2


async def test_refused_credentials_fail_every_number(
    httpserver: HTTPServer, carrier: UpsCarrier
) -> None:
    httpserver.expect_request(TOKEN_PATH, method="POST").respond_with_json(
        fixture("token_refused.json"), status=401
    )

    results = await carrier.track([DELIVERED, IN_TRANSIT])

    assert [r.number for r in results] == [DELIVERED, IN_TRANSIT]
    for result in results:
        assert result.status is S.UNKNOWN
        assert result.error is not None
        assert "UPS refused the credentials" in result.error
        assert "10401 ClientId is Invalid" in result.error
        assert result.call_failed
        assert "secret" not in result.error.replace("client_secret", "")  # never the value
    assert not requests_to(httpserver, track_path(DELIVERED))
    await carrier.track([DELIVERED])
    assert len(requests_to(httpserver, TOKEN_PATH)) == 1  # a refusal is not asked again


async def test_a_token_endpoint_failure_is_reported_and_retried_later(
    httpserver: HTTPServer, carrier: UpsCarrier
) -> None:
    httpserver.expect_oneshot_request(TOKEN_PATH, method="POST").respond_with_json(
        fixture("server_error.json"), status=500
    )
    serve_token(httpserver)
    serve_track(httpserver, DELIVERED, "delivered_signed.json")

    first = await carrier.track([DELIVERED, IN_TRANSIT])
    assert all(r.error is not None and "HTTP 500 to the token request" in r.error for r in first)
    assert len(requests_to(httpserver, TOKEN_PATH)) == 1  # once for the whole batch

    [second] = await carrier.track([DELIVERED])
    assert second.status is S.DELIVERED


async def test_missing_secrets(client: httpx.AsyncClient, httpserver: HTTPServer) -> None:
    carrier = UpsCarrier(CarrierContext("ups", client, {"client_id": "id"}))

    [result] = await carrier.track([DELIVERED])

    assert result.error is not None
    assert "client_secret" in result.error
    assert not httpserver.log


# -- answers that are not tracking --------------------------------------------------------


async def test_an_unknown_number(httpserver: HTTPServer, carrier: UpsCarrier) -> None:
    serve_token(httpserver)
    serve_track(httpserver, UNKNOWN, "not_found.json")

    [result] = await carrier.track([UNKNOWN])

    assert result.number == UNKNOWN
    assert result.status is S.UNKNOWN and not result.events
    assert result.call_failed is False  # a verdict on the number, not a failed call
    assert result.error == (
        "UPS has no tracking information for this number (TW0001 Tracking Information Not Found)"
    )


@pytest.mark.parametrize(
    ("status", "name", "expected", "call_failed"),
    [
        (
            400,
            "invalid_inquiry_number.json",
            "refused this inquiry number (HTTP 400: TV1002 Invalid inquiry number)",
            False,
        ),
        (400, "forbidden.json", "refused the request (HTTP 400: 10403 Blocked Merchant)", True),
        (403, "forbidden.json", "HTTP 403: 10403 Blocked Merchant", True),
        (
            404,
            "not_found_404.json",
            "no tracking information for this number (HTTP 404: TW0001",
            False,
        ),
        (
            429,
            "too_many_requests.json",
            "rate limit reached (HTTP 429: 10429 Too Many Requests)",
            True,
        ),
        (500, "server_error.json", "HTTP 500: 10500 Internal server error", True),
        (503, "service_unavailable.json", "HTTP 503: 10503 Resource is not available", True),
    ],
)
async def test_http_errors(
    httpserver: HTTPServer,
    carrier: UpsCarrier,
    status: int,
    name: str,
    expected: str,
    call_failed: bool,
) -> None:
    serve_token(httpserver)
    serve_track(httpserver, DELIVERED, name, status=status)

    [result] = await carrier.track([DELIVERED])

    assert result.number == DELIVERED
    assert result.status is S.UNKNOWN
    assert result.error is not None
    assert expected in result.error
    assert result.call_failed is call_failed


async def test_a_slow_answer_times_out(httpserver: HTTPServer) -> None:
    serve_token(httpserver)
    answer = threading.Event()  # the server answers once the client has given up

    def slow(request: Request) -> Response:
        answer.wait(PATIENCE)
        return Response(
            json.dumps(fixture("delivered_signed.json")), 200, content_type="application/json"
        )

    httpserver.expect_request(track_path(DELIVERED)).respond_with_handler(slow)

    try:
        async with httpx.AsyncClient(base_url=httpserver.url_for("/"), timeout=0.5) as client:
            [result] = await make_carrier(client).track([DELIVERED])
    finally:
        answer.set()
    await wait_until_async(  # the server done with it before the next test
        lambda: any(r.path == track_path(DELIVERED) for r, _ in httpserver.log), "the answer"
    )

    assert result.error == "UPS did not answer in time" and result.call_failed


async def test_malformed_json(httpserver: HTTPServer, carrier: UpsCarrier) -> None:
    serve_token(httpserver)
    httpserver.expect_request(track_path(DELIVERED)).respond_with_data(
        '{"trackResponse": {"shipment": [', content_type="application/json"
    )

    [result] = await carrier.track([DELIVERED])

    assert result.error == "UPS answered something that is not JSON" and result.call_failed


async def test_json_of_another_shape(httpserver: HTTPServer, carrier: UpsCarrier) -> None:
    serve_token(httpserver)
    httpserver.expect_request(track_path(DELIVERED)).respond_with_json(
        {"trackResponse": {"shipment": "nope"}}
    )

    [result] = await carrier.track([DELIVERED])

    assert result.error == "UPS answered no shipment for this number" and result.call_failed


@pytest.mark.parametrize("status", [200, 502])
async def test_an_html_error_page(httpserver: HTTPServer, carrier: UpsCarrier, status: int) -> None:
    serve_token(httpserver)
    httpserver.expect_request(track_path(DELIVERED)).respond_with_data(
        (FIXTURES / "error_page.html").read_text(encoding="utf-8"),
        status=status,
        content_type="text/html",
    )

    [result] = await carrier.track([DELIVERED])

    assert result.error == f"UPS answered an HTML page instead of JSON (HTTP {status})"
    assert result.call_failed


async def test_a_404_with_no_body(httpserver: HTTPServer, carrier: UpsCarrier) -> None:
    serve_token(httpserver)
    httpserver.expect_request(track_path(DELIVERED)).respond_with_data("", status=404)

    [result] = await carrier.track([DELIVERED])

    assert result.error == "UPS answered HTTP 404 with no body (is the base URL right?)"
    assert result.call_failed


async def test_nobody_listening() -> None:
    with refused_port() as port:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}/", timeout=0.5) as client:
            results = await make_carrier(client).track([DELIVERED, IN_TRANSIT])

    assert [r.number for r in results] == [DELIVERED, IN_TRANSIT]
    assert all(r.error and "could not reach UPS for a token" in r.error for r in results)
    assert all(r.call_failed for r in results)


async def test_a_number_too_short_is_not_sent(httpserver: HTTPServer, carrier: UpsCarrier) -> None:
    [result] = await carrier.track(["1Z12"])

    assert result.error and "not a UPS inquiry number" in result.error
    assert not result.call_failed
    assert not httpserver.log


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


# -- the plugin -----------------------------------------------------------------------------


def test_the_plugin_registers_through_its_entry_point() -> None:
    [entry_point] = [
        ep for ep in importlib.metadata.entry_points(group="aztui") if ep.name == "carrier_ups"
    ]
    host = PluginHost(entry_points=[entry_point]).load()

    carriers = host.carriers()

    registered = carriers["ups"]
    assert registered.owner == "carrier_ups"
    spec = registered.item
    assert isinstance(spec, CarrierSpec)
    assert spec is SPEC
    assert resolved(spec.factory) is UpsCarrier
    assert spec.base_url == "https://onlinetools.ups.com"
    assert spec.aliases == ("UPS", "United Parcel Service")
    assert spec.batch_size == 1
    assert spec.per_second == 5 and spec.per_day is None
    assert spec.secrets == ("client_id", "client_secret")
    assert host.plugins["carrier_ups"].status == "ok"
    assert "carrier" in host.plugins["carrier_ups"].kinds


@pytest.mark.parametrize(
    ("number", "recognised"),
    [
        ("1Z999AA10123456784", True),
        ("1ZA8R5230399482364", True),
        ("T1234567890", True),
        ("1Z999AA1012345678", False),  # one character short
        ("1Z999AA101234567845", False),  # one too many
        ("1z999aa10123456784", False),  # UPS writes them in upper case
        ("6A12345678901", False),  # Colissimo
        ("1234567890", False),  # bare digits belong to no one in particular
    ],
)
def test_recognises(number: str, recognised: bool) -> None:
    assert SPEC.recognises(number) is recognised
