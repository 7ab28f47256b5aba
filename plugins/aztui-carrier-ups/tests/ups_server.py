"""What the UPS tests share: UPS's paths, the fake numbers and secrets, its answers (the
fixtures in ``fixtures/``, shaped as UPS's Tracking API and OAuth endpoint answer, every name,
address and number fake) served on pytest-httpserver, and the carrier made on a client."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import httpx
from aztui_carrier_ups.carrier import UpsCarrier
from pytest_httpserver import HTTPServer
from werkzeug import Request

from aztui.carriers import CarrierContext, TrackingResult

FIXTURES = Path(__file__).parent / "fixtures"
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


def make_carrier(client: httpx.AsyncClient, **options: object) -> UpsCarrier:
    return UpsCarrier(CarrierContext("ups", client, SECRETS, options))
