"""The UPS carrier's requests and its OAuth token (one for many numbers, shared, renewed before
it expires, fetched again once on a 401), against a local server."""

from __future__ import annotations

import asyncio
import base64
import json

import httpx
from aztui_carrier_ups.carrier import UpsCarrier
from aztui_carrier_ups.oauth import TokenSource
from pytest_httpserver import HTTPServer
from ups_server import (
    ACCESS_POINT,
    DELIVERED,
    IN_TRANSIT,
    TOKEN_PATH,
    UNKNOWN,
    fixture,
    make_carrier,
    requests_to,
    serve_token,
    serve_track,
    token_answer,
    track_path,
)
from werkzeug import Request, Response

from aztui.carriers import CarrierContext
from aztui.domain.model import TrackingStatus as S

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
