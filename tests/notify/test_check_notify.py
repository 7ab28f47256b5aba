"""``aztui check --notify``: one pass for cron, through the installed webhook channel to a
local receiver that checks the signature; a second pass sends nothing again."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from standardwebhooks import Webhook
from werkzeug import Request, Response

from aztui.cli.main import main
from aztui.config import load_config
from aztui.domain.model import Order, OrderStatus
from aztui.service import Service

SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"


def test_check_notify_sends_each_alert_once(tmp_path, monkeypatch, httpserver, capsys):
    received = []

    def receive(request: Request) -> Response:
        Webhook(SECRET).verify(request.get_data(), dict(request.headers))
        received.append(request.headers["webhook-id"])
        return Response(status=204)

    httpserver.expect_request("/hook", method="POST").respond_with_handler(receive)
    monkeypatch.setenv("AZTUI_USER_CONFIG", str(tmp_path / "none.toml"))
    monkeypatch.setenv("AZTUI_CHANNEL_OPS_SIGNING_SECRET", SECRET)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "aztui.toml").write_text(
        'db = "store.db"\n[tracking]\ninterval_minutes = 0\n[channels.ops]\ntype = "webhook"\n'
        f'options = {{ url = "{httpserver.url_for("/hook")}" }}\n'
    )
    now = datetime.now(UTC)

    async def seed():
        async with Service(load_config(config_path=tmp_path / "aztui.toml")) as service:
            await service.write(
                [
                    Order(
                        "402-1111111-1111111",
                        now - timedelta(days=2),
                        status=OrderStatus.UNSHIPPED,
                        latest_ship_date=now - timedelta(hours=2),
                    )
                ]
            )

    asyncio.run(seed())
    assert main(["check", "--notify"]) == 1  # something is overdue
    err = capsys.readouterr().err
    assert "sent deadline:ship_confirmation:402-1111111-1111111:overdue to ops" in err
    assert "deadline:ship_confirmation:402-1111111-1111111:overdue" in received
    told = len(received)
    assert main(["check", "--notify"]) == 1
    assert len(received) == told  # the outbox remembers: nothing twice


def test_plugins_lists_the_configured_channels(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("AZTUI_USER_CONFIG", str(tmp_path / "none.toml"))
    monkeypatch.setenv("AZTUI_CHANNEL_OPS_SIGNING_SECRET", SECRET)
    monkeypatch.delenv("AZTUI_CHANNEL_NOKEY_SIGNING_SECRET", raising=False)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "aztui.toml").write_text(
        'db = "store.db"\n[channels.ops]\ntype = "webhook"\n'
        'options = { url = "http://127.0.0.1:9/hook" }\n'
        '[channels.nokey]\ntype = "webhook"\n'
        'options = { url = "http://127.0.0.1:9/hook" }\n'
        '[channels.oops]\ntype = "webhok"\n[channels.off]\ntype = "email"\nenabled = false\n'
    )
    assert main(["plugins"]) == 0
    rows = {
        line.split()[0]: " ".join(c for c in line.split()[1:] if c != "│")
        for line in capsys.readouterr().out.splitlines()
        if line.strip()
    }
    assert rows["ops"] == "webhook ok"  # in French (amazon.fr's), the channel's reason as it is
    assert rows["nokey"].startswith(
        "webhook indisponible : no signing_secret: set AZTUI_CHANNEL_NOKEY_SIGNING_SECRET"
    )
    assert rows["oops"].startswith("webhok indisponible : no channel plugin of type 'webhok'")
    assert rows["off"] == "email désactivé"
    assert "channel_email" in rows and "channel_apprise" in rows  # the installed plugins
