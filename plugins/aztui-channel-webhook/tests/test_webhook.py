"""The signed webhook channel against a real local HTTP server.

The server checks every delivery with the official ``standardwebhooks`` library, so the
plugin's own signing (written from the spec) and the reference implementation check each
other.
"""

from __future__ import annotations

import base64
import importlib.metadata
import json
import threading
import time
from datetime import UTC, datetime

import httpx
import pytest
from aztui_channel_webhook import plugin
from aztui_channel_webhook.channel import WebhookChannel
from aztui_channel_webhook.options import WebhookOptions
from pydantic import ValidationError
from pytest_httpserver import HTTPServer
from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError
from werkzeug import Request, Response

from aztui.channels import (
    Alert,
    Channel,
    ChannelContext,
    ChannelSpec,
    Delivery,
    Severity,
)
from aztui.hookspecs import resolved
from aztui.pluginmanager import PluginHost
from aztui.testing import PATIENCE, refused_port, wait_until_async

KEY = b"aztui-test-key-0123456789abcdef!"
SECRET = "whsec_" + base64.b64encode(KEY).decode()
OTHER_SECRET = "whsec_" + base64.b64encode(b"not-the-receiver-key-0123456789").decode()
PATH = "/hook"

ALERT = Alert(
    id="deadline:claim_response:AZ-1:6h",
    kind="deadline_window",
    severity=Severity.WARNING,
    title="Réclamation A-to-z : réponse attendue",
    body="Répondez à la réclamation de la commande 402-1234567-1234567 avant 18 h — "
    "« délai garanti », 12,50 € ✓",
    created_at=datetime(2026, 1, 5, 9, 30, tzinfo=UTC),
    order_id="402-1234567-1234567",
    subject="claim-77",
    rule="claim_response",
    due=datetime(2026, 1, 5, 17, 0, tzinfo=UTC),
    link="https://sellercentral.amazon.fr/gp/guarantee-claims/home.html",
)


class Receiver:
    """A Standard Webhooks receiver: checks the signature with the official library, then
    answers ``status`` (401 when the signature does not hold)."""

    def __init__(
        self,
        secret: str | bytes = SECRET,
        status: int = 204,
        body: str = "",
        headers: dict[str, str] | None = None,
    ) -> None:
        self.webhook = Webhook(secret)
        self.status, self.body, self.headers = status, body, headers or {}
        self.accepted: list[tuple[dict[str, str], bytes, dict]] = []
        self.rejected: list[str] = []

    def __call__(self, request: Request) -> Response:
        body = request.get_data()
        headers = {k.lower(): v for k, v in request.headers.items()}
        try:
            event = self.webhook.verify(body, headers)
        except WebhookVerificationError as exc:
            self.rejected.append(str(exc))
            return Response("invalid signature", status=401)
        self.accepted.append((headers, body, event))
        return Response(self.body, status=self.status, headers=self.headers)


def serve(server: HTTPServer, receiver: Receiver | None = None) -> Receiver:
    receiver = receiver or Receiver()
    server.expect_request(PATH, method="POST").respond_with_handler(receiver)
    return receiver


def channel(url: str, secret: str | None = SECRET, **options) -> WebhookChannel:
    secrets = {} if secret is None else {"signing_secret": secret}
    return WebhookChannel(ChannelContext("ops", WebhookOptions(url=url, **options), secrets))


# -- a delivery -------------------------------------------------------------------------------


async def test_a_delivery_the_official_library_accepts(httpserver: HTTPServer) -> None:
    receiver = serve(httpserver)

    before = int(time.time())
    delivery = await channel(httpserver.url_for(PATH)).send(ALERT)
    after = time.time()

    assert delivery == Delivery.ok()
    assert not receiver.rejected
    [(headers, body, event)] = receiver.accepted
    assert headers["content-type"] == "application/json"
    assert headers["webhook-id"] == ALERT.id
    assert before <= int(headers["webhook-timestamp"]) <= after  # the time of sending
    assert headers["webhook-signature"].startswith("v1,")
    assert event == {
        "type": "aztui.alert",
        "timestamp": "2026-01-05T09:30:00Z",
        "data": ALERT.as_dict(),
    }
    assert event["data"]["title"] == "Réclamation A-to-z : réponse attendue"
    assert event["data"]["body"] == ALERT.body
    assert event["data"]["severity"] == "warning"
    assert event["data"]["due"] == "2026-01-05T17:00:00Z"
    # compact UTF-8: French text as it is, not \u escapes
    assert body == json.dumps(event, ensure_ascii=False, separators=(",", ":")).encode()
    assert "« délai garanti », 12,50 € ✓".encode() in body and b"\\u" not in body


async def test_a_plain_string_secret_is_the_key_itself(httpserver: HTTPServer) -> None:
    raw = "un secret partagé, pas en base64"
    receiver = serve(httpserver, Receiver(secret=raw.encode()))

    delivery = await channel(httpserver.url_for(PATH), secret=raw).send(ALERT)

    assert delivery.delivered and len(receiver.accepted) == 1


async def test_an_unpadded_whsec_secret(httpserver: HTTPServer) -> None:
    receiver = serve(httpserver)

    delivery = await channel(httpserver.url_for(PATH), secret=SECRET.rstrip("=")).send(ALERT)

    assert delivery.delivered and len(receiver.accepted) == 1


async def test_the_same_alert_twice_has_the_same_webhook_id(httpserver: HTTPServer) -> None:
    receiver = serve(httpserver)
    webhook = channel(httpserver.url_for(PATH))

    assert (await webhook.send(ALERT)).delivered
    assert (await webhook.send(ALERT)).delivered

    [(first, body1, _), (second, body2, _)] = receiver.accepted
    assert first["webhook-id"] == second["webhook-id"] == ALERT.id
    assert body1 == body2


async def test_an_id_that_is_not_visible_ascii_is_percent_encoded(httpserver: HTTPServer) -> None:
    receiver = serve(httpserver)
    alert = Alert(
        id="risk:Réclamation 1",
        kind="risk",
        severity=Severity.INFO,
        title="t",
        body="b",
        created_at=datetime(2026, 1, 5, tzinfo=UTC),
    )

    assert (await channel(httpserver.url_for(PATH)).send(alert)).delivered

    [(headers, _, event)] = receiver.accepted
    assert headers["webhook-id"] == "risk:R%C3%A9clamation%201"
    assert event["data"]["id"] == "risk:Réclamation 1"


async def test_extra_headers_are_sent(httpserver: HTTPServer) -> None:
    receiver = serve(httpserver)

    webhook = channel(httpserver.url_for(PATH), headers={"X-Team": "ops", "User-Agent": "me"})
    assert (await webhook.send(ALERT)).delivered

    [(headers, _, _)] = receiver.accepted
    assert headers["x-team"] == "ops" and headers["user-agent"] == "me"


# -- signatures that do not hold --------------------------------------------------------------


async def test_a_tampered_body_fails_verification(httpserver: HTTPServer) -> None:
    receiver = serve(httpserver)
    assert (await channel(httpserver.url_for(PATH)).send(ALERT)).delivered
    [(headers, body, _)] = receiver.accepted
    tampered = body.replace(b"12,50", b"1250,")

    with pytest.raises(WebhookVerificationError):
        Webhook(SECRET).verify(tampered, headers)
    # and the test server turns the tampered delivery away
    signed = {k: headers[k] for k in ("webhook-id", "webhook-timestamp", "webhook-signature")}
    async with httpx.AsyncClient() as client:
        answer = await client.post(
            httpserver.url_for(PATH),
            content=tampered,
            headers={**signed, "content-type": "application/json"},
        )
    assert answer.status_code == 401
    assert receiver.rejected == ["No matching signature found"]


async def test_a_wrong_secret_is_refused_and_not_retried(httpserver: HTTPServer) -> None:
    receiver = serve(httpserver)

    delivery = await channel(httpserver.url_for(PATH), secret=OTHER_SECRET).send(ALERT)

    assert receiver.rejected == ["No matching signature found"] and not receiver.accepted
    assert not delivery.delivered and delivery.retry is False
    assert "HTTP 401" in delivery.reason and "signing_secret" in delivery.reason
    assert OTHER_SECRET not in delivery.reason


async def test_a_missing_secret_fails_without_a_call(httpserver: HTTPServer) -> None:
    serve(httpserver)

    delivery = await channel(httpserver.url_for(PATH), secret=None).send(ALERT)

    assert not delivery.delivered and delivery.retry is False
    assert "AZTUI_CHANNEL_OPS_SIGNING_SECRET" in delivery.reason
    assert not httpserver.log


async def test_a_whsec_secret_that_is_not_base64(httpserver: HTTPServer) -> None:
    serve(httpserver)
    secret = "whsec_not*base64!secret"

    delivery = await channel(httpserver.url_for(PATH), secret=secret).send(ALERT)

    assert not delivery.delivered and delivery.retry is False
    assert "not base64" in delivery.reason
    assert "not*base64!secret" not in delivery.reason
    assert not httpserver.log


async def test_the_secret_never_appears_in_a_reason(httpserver: HTTPServer) -> None:
    serve(httpserver, Receiver(status=400, body=f"bad request, your secret is {SECRET}"))

    delivery = await channel(httpserver.url_for(PATH)).send(ALERT)

    assert not delivery.delivered and delivery.retry is False
    assert "HTTP 400" in delivery.reason and "bad request" in delivery.reason
    assert SECRET not in delivery.reason and SECRET.removeprefix("whsec_") not in delivery.reason


# -- answers ----------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [200, 201, 202, 204])
async def test_2xx_is_delivered(httpserver: HTTPServer, status: int) -> None:
    serve(httpserver, Receiver(status=status))

    assert await channel(httpserver.url_for(PATH)).send(ALERT) == Delivery.ok()


@pytest.mark.parametrize("status", [500, 502, 503, 504, 408, 409, 425, 429])
async def test_answers_worth_retrying(httpserver: HTTPServer, status: int) -> None:
    serve(httpserver, Receiver(status=status, body="try later"))

    delivery = await channel(httpserver.url_for(PATH)).send(ALERT)

    assert not delivery.delivered and delivery.retry is True
    assert f"HTTP {status}" in delivery.reason and "try later" in delivery.reason


@pytest.mark.parametrize("status", [400, 403, 404, 405, 410, 413, 422])
async def test_refusals_are_not_retried(httpserver: HTTPServer, status: int) -> None:
    serve(httpserver, Receiver(status=status))

    delivery = await channel(httpserver.url_for(PATH)).send(ALERT)

    assert not delivery.delivered and delivery.retry is False
    assert f"HTTP {status}" in delivery.reason


async def test_429_reports_retry_after(httpserver: HTTPServer) -> None:
    serve(httpserver, Receiver(status=429, headers={"Retry-After": "120"}))

    delivery = await channel(httpserver.url_for(PATH)).send(ALERT)

    assert delivery.retry is True and "Retry-After: 120" in delivery.reason


async def test_a_redirect_is_not_followed(httpserver: HTTPServer) -> None:
    serve(httpserver, Receiver(status=307, headers={"Location": "/elsewhere"}))

    delivery = await channel(httpserver.url_for(PATH)).send(ALERT)

    assert not delivery.delivered and delivery.retry is False
    assert "HTTP 307" in delivery.reason
    assert [request.path for request, _ in httpserver.log] == [PATH]


async def test_a_slow_server_times_out(httpserver: HTTPServer) -> None:
    answer = threading.Event()  # the server answers once the client has given up

    def slow(request: Request) -> Response:
        answer.wait(PATIENCE)
        return Response(status=204)

    httpserver.expect_request(PATH, method="POST").respond_with_handler(slow)

    try:
        delivery = await channel(httpserver.url_for(PATH), timeout_seconds=0.5).send(ALERT)
    finally:
        answer.set()
    await wait_until_async(lambda: httpserver.log, "the server done with the request")

    assert not delivery.delivered and delivery.retry is True
    assert "did not answer within 0.5 s" in delivery.reason


async def test_no_server_listening() -> None:
    with refused_port() as port:
        delivery = await channel(f"http://127.0.0.1:{port}{PATH}").send(ALERT)

    assert not delivery.delivered and delivery.retry is True
    assert delivery.reason.startswith("could not reach 127.0.0.1:")


async def test_send_never_raises(httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args, **kwargs):
        raise RuntimeError("something unexpected")

    monkeypatch.setattr(httpx.AsyncClient, "stream", broken)

    delivery = await channel(httpserver.url_for(PATH)).send(ALERT)

    assert not delivery.delivered and delivery.retry is True
    assert "RuntimeError: something unexpected" in delivery.reason


# -- options ----------------------------------------------------------------------------------


def test_options_defaults() -> None:
    options = WebhookOptions.model_validate({"url": "https://hooks.example.com/aztui"})

    assert options.timeout_seconds == 10 and options.headers == {}


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8080/hook",
        "http://localhost/hook",
        "http://[::1]:9000/",
        "https://hooks.example.com/aztui",
        "https://203.0.113.7:8443/x?team=ops",
    ],
)
def test_urls_accepted(url: str) -> None:
    assert WebhookOptions.model_validate({"url": url}).url == url


@pytest.mark.parametrize(
    "url",
    ["http://hooks.example.com/aztui", "http://192.168.1.10/hook", "http://127.0.0.1.example.com/"],
)
def test_plain_http_to_another_machine_is_refused(url: str) -> None:
    with pytest.raises(ValidationError, match="plain http is allowed only to this machine"):
        WebhookOptions.model_validate({"url": url})


@pytest.mark.parametrize(
    "url",
    [
        "not a url",
        "ftp://hooks.example.com/",
        "https://",
        "//hooks.example.com/x",
        "https://exa mple.com/",
        "",
    ],
)
def test_bad_urls_are_refused(url: str) -> None:
    with pytest.raises(ValidationError, match="url"):
        WebhookOptions.model_validate({"url": url})


def test_unknown_options_are_refused() -> None:
    with pytest.raises(ValidationError, match="secret"):
        WebhookOptions.model_validate({"url": "https://h.example.com/", "secret": "x"})


def test_url_is_required() -> None:
    with pytest.raises(ValidationError, match="url"):
        WebhookOptions.model_validate({})


@pytest.mark.parametrize(
    "name",
    [
        "webhook-id",
        "Webhook-Signature",
        "WEBHOOK-TIMESTAMP",
        "webhook-extra",
        "Content-Type",
        "Host",
    ],
)
def test_headers_the_channel_sets_are_refused(name: str) -> None:
    with pytest.raises(ValidationError, match=r"sets .* itself"):
        WebhookOptions.model_validate({"url": "https://h.example.com/", "headers": {name: "x"}})


@pytest.mark.parametrize(
    "headers",
    [{"X Team": "a"}, {"X-Team": "a\r\nX-Evil: b"}, {"X-Team": "a", "x-team": "b"}, {"X-Team": 3}],
)
def test_malformed_headers_are_refused(headers: dict) -> None:
    with pytest.raises(ValidationError):
        WebhookOptions.model_validate({"url": "https://h.example.com/", "headers": headers})


@pytest.mark.parametrize("timeout", [0, -1, 15, 60, "10"])
def test_timeouts_out_of_range_are_refused(timeout: object) -> None:
    with pytest.raises(ValidationError, match="timeout_seconds"):
        WebhookOptions.model_validate({"url": "https://h.example.com/", "timeout_seconds": timeout})


# -- registration -----------------------------------------------------------------------------


def test_registers_the_webhook_spec() -> None:
    specs: list[ChannelSpec] = []

    plugin.aztui_register_channels(register=specs.append)

    [spec] = specs
    assert isinstance(spec, ChannelSpec)
    assert spec.type == "webhook"
    assert resolved(spec.factory) is WebhookChannel
    assert spec.options is WebhookOptions
    assert spec.secrets == ("signing_secret",)
    assert spec.timeout_seconds == 15
    made = spec.factory(
        ChannelContext(
            "ops", WebhookOptions(url="https://h.example.com/"), {"signing_secret": SECRET}
        )
    )
    assert isinstance(made, Channel)
    assert SECRET not in repr(made)


def test_registers_through_the_entry_point() -> None:
    [entry] = [
        ep for ep in importlib.metadata.entry_points(group="aztui") if ep.name == "channel_webhook"
    ]
    host = PluginHost(entry_points=[entry])

    channels = host.channels()

    assert host.plugins["channel_webhook"].status == "ok"
    assert channels["webhook"].item is plugin.SPEC
