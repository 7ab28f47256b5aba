"""The UPS carrier plugin against a real HTTP server on 127.0.0.1 (pytest-httpserver): one
number end to end, and answers that are not tracking. ``ZZFAKE`` in the fixtures marks the
personal data that must never reach a ``TrackingResult``."""

from __future__ import annotations

import json
import threading
from datetime import UTC

import httpx
import pytest
from aztui_carrier_ups.carrier import UpsCarrier
from pytest_httpserver import HTTPServer
from ups_server import (
    ACCESS_POINT,
    DELIVERED,
    FIXTURES,
    IN_TRANSIT,
    MULTI,
    RETURNED,
    UNKNOWN,
    all_text,
    fixture,
    make_carrier,
    serve_token,
    serve_track,
    track_path,
    utc,
)
from werkzeug import Request, Response

from aztui.domain.model import TrackingStatus as S
from aztui.testing import PATIENCE, refused_port, wait_until_async

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
