"""The example channel against a real HTTP server on 127.0.0.1 (aztui.testing's
``LocalServer``): what it sends, each failure a ``Delivery`` worded for the seller; then through
aztui itself, as docs/channels.md shows it: unavailable without its token, its alerts sent once
the token is set, a mistyped option named where it was written."""

from __future__ import annotations

import re
from pathlib import Path

from aztui_example_channel.channel import ExempleChannel
from aztui_example_channel.options import ExempleOptions
from aztui_example_channel.plugin import SPEC

from aztui.channels import Severity
from aztui.hookspecs import resolved
from aztui.testing import (
    LocalServer,
    Request,
    Response,
    channel_context,
    refused_port,
    sample_alert,
)

TOKEN = "ex-token-7f3a9c"
ORDERS = """order_id,purchase_date,status,latest_ship_date,latest_delivery_date,order_total
402-0000001-0000001,2026-11-24T10:00:00Z,Unshipped,2026-11-27T22:59:59Z,2026-11-30T22:59:59Z,49.90
"""
LATE = "2026-11-29T09:00:00Z"
"""The order's ship-by date has passed: an overdue alert is due."""


def channel(url: str, room: str = "boutique") -> ExempleChannel:
    options = ExempleOptions(room=room, base_url=url, timeout_seconds=5)
    return ExempleChannel(channel_context("phone", options, secrets={"token": TOKEN}))


def test_the_spec_registers_a_lazy_channel_needing_a_token() -> None:
    assert (SPEC.type, SPEC.secrets, SPEC.options) == ("exemple", ("token",), ExempleOptions)
    assert resolved(SPEC.factory) is ExempleChannel


async def test_an_alert_is_posted_to_the_room(local_server: LocalServer) -> None:
    local_server.handler = lambda request: Response(201)
    alert = sample_alert()

    delivery = await channel(local_server.url, room="boutique paris").send(alert)

    assert delivery.delivered
    [request] = local_server.requests
    assert (request.method, request.path) == ("POST", "/v1/rooms/boutique%20paris/messages")
    assert request.headers["authorization"] == f"Bearer {TOKEN}"
    assert request.json() == {
        "title": alert.title,
        "text": alert.body,  # accents, « », € and ✓ as they are
        "priority": "high",
        "link": alert.link,
        "dedup_key": "deadline:claim_response:AZ-1:6h",
    }


async def test_an_info_alert_is_low_priority(local_server: LocalServer) -> None:
    local_server.handler = lambda request: Response(201)
    await channel(local_server.url).send(sample_alert(severity=Severity.INFO, link=None))
    assert local_server.requests[0].json()["priority"] == "low"


async def test_a_wrong_token_is_said_and_not_tried_again(local_server: LocalServer) -> None:
    local_server.handler = lambda request: Response(401, "bad token " + TOKEN)
    delivery = await channel(local_server.url).send(sample_alert())
    assert not delivery.delivered and not delivery.retry
    assert delivery.reason == (
        "Exemple Push answered HTTP 401: is AZTUI_CHANNEL_PHONE_TOKEN the room's token?"
    )


async def test_a_busy_service_is_tried_again(local_server: LocalServer) -> None:
    local_server.handler = lambda request: Response(503, "later")
    delivery = await channel(local_server.url).send(sample_alert())
    assert not delivery.delivered and delivery.retry
    assert delivery.reason == "Exemple Push answered HTTP 503"


async def test_a_service_out_of_reach_is_a_failed_delivery() -> None:
    with refused_port() as port:
        delivery = await channel(f"http://127.0.0.1:{port}").send(sample_alert())
    assert not delivery.delivered and delivery.retry
    assert delivery.reason.startswith("could not reach Exemple Push (ConnectError")


def configure(tmp_path: Path, options: str) -> None:
    (tmp_path / "aztui.toml").write_text(
        'language = "en"\n[tracking]\ninterval_minutes = 0\n'
        f'[channels.phone]\ntype = "exemple"\noptions = {{ {options} }}\n'
    )
    (tmp_path / "orders.csv").write_text(ORDERS)


def test_through_aztui_the_alerts_wait_for_the_token(
    aztui_cli, tmp_path: Path, monkeypatch, local_server: LocalServer
) -> None:
    received: list[Request] = []

    def receive(request: Request) -> Response:
        received.append(request)
        return Response(201)

    local_server.handler = receive
    configure(tmp_path, f'room = "boutique", base_url = "{local_server.url}"')
    monkeypatch.delenv("AZTUI_CHANNEL_PHONE_TOKEN", raising=False)
    assert aztui_cli("import", "orders.csv")[0] == 0

    code, _, err = aztui_cli("check", "--notify", "--now", LATE)
    assert code == 3 and not received
    assert err.splitlines()[-1] == (
        "aztui: channel phone could not send: no token: set AZTUI_CHANNEL_PHONE_TOKEN or token "
        "in the channel's secrets_file; its alerts wait in the outbox"
    )

    monkeypatch.setenv("AZTUI_CHANNEL_PHONE_TOKEN", TOKEN)
    code, _, err = aztui_cli("check", "--notify", "--now", "2026-11-29T10:00:00Z")
    assert code == 1, err  # the order is overdue; the channel could send
    assert "sent deadline:ship_confirmation:402-0000001-0000001:overdue to phone" in err
    assert any(
        r.json()["dedup_key"] == "deadline:ship_confirmation:402-0000001-0000001:overdue"
        for r in received
    )
    assert TOKEN not in err


def test_through_aztui_a_mistyped_option_is_named(aztui_cli, tmp_path: Path, monkeypatch) -> None:
    configure(tmp_path, 'rooom = "boutique"')
    monkeypatch.setenv("AZTUI_CHANNEL_PHONE_TOKEN", TOKEN)
    code, out, _ = aztui_cli("plugins")
    assert code == 0
    [row] = [
        " ".join(line.replace("│", " ").split()) for line in out.splitlines() if "phone" in line
    ]
    assert row.startswith("phone exemple unavailable: channels.phone.options")
    assert "rooom" in row and "room" in row


def test_the_guide_quotes_the_example_verbatim() -> None:
    folder = Path(__file__).resolve().parents[1]
    guide = (folder.parents[1] / "docs" / "channels.md").read_text(encoding="utf-8")
    quoted = re.findall(
        r"```(?:python|toml)\n# ((?:plugins/)?aztui[\w./-]+)\n(.*?)```", guide, re.S
    )
    assert len(quoted) >= 4
    for path, code in quoted:
        source = folder / path.removeprefix("plugins/aztui-example-channel/")
        assert code in source.read_text(encoding="utf-8"), f"docs/channels.md quotes {path}"
