"""``aztui track`` with the installed La Poste plugin, pointed by aztui.toml at a local server
that answers as Suivi v2 does; then ``aztui plugins`` says how the carrier did."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from aztui.cli.main import main
from aztui.config import load_config
from aztui.domain.model import Order, OrderStatus, Shipment, TrackingStatus
from aztui.service import Service

LAPOSTE = Path(__file__).resolve().parents[2] / "plugins" / "aztui-carrier-laposte"
FIXTURES = LAPOSTE / "tests" / "fixtures"  # La Poste's answers, kept with its plugin


def configure(tmp_path: Path, monkeypatch, url: str) -> Path:
    monkeypatch.setenv("AZTUI_USER_CONFIG", str(tmp_path / "none.toml"))
    monkeypatch.setenv("AZTUI_LAPOSTE_API_KEY", "okapi-test")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "aztui.toml").write_text(
        f'db = "store.db"\n[carriers.laposte]\nbase_url = "{url}"\ntimeout_seconds = 2\n'
    )
    return tmp_path / "aztui.toml"


async def seed(config_path: Path) -> None:
    now = datetime.now(UTC)
    config = load_config(config_path=config_path)
    async with Service(config) as service:
        await service.write(
            [
                Order(
                    "402-1111111-1111111",
                    now - timedelta(days=8),
                    status=OrderStatus.SHIPPED,
                    latest_ship_date=now - timedelta(days=7),
                ),
                Shipment(
                    "402-1111111-1111111",
                    "6A12345678901",
                    carrier="Colissimo",
                    confirmed_at=now - timedelta(days=7),
                ),
            ]
        )


def test_track_asks_la_poste_and_keeps_the_delivery(tmp_path, monkeypatch, httpserver, capsys):
    httpserver.expect_request(
        "/suivi/v2/idships/6A12345678901", headers={"X-Okapi-Key": "okapi-test"}
    ).respond_with_data(
        (FIXTURES / "colissimo_delivered.json").read_bytes(), content_type="application/json"
    )
    config_path = configure(tmp_path, monkeypatch, httpserver.url_for("/"))
    import asyncio

    asyncio.run(seed(config_path))
    assert main(["track"]) == 0
    out = capsys.readouterr().out
    assert "laposte : ok : 1 colis, 1 appel(s), 1 mis à jour" in out

    async def stored():
        async with Service(load_config(config_path=config_path)) as service:
            bundle = await service.store.bundle("402-1111111-1111111")
            return bundle.shipments[0], await service.store.tracking_events(bundle.order_id)

    shipment, events = asyncio.run(stored())
    assert shipment.status is TrackingStatus.DELIVERED and shipment.delivered_at is not None
    assert events and events[-1].event.status is TrackingStatus.DELIVERED
    assert main(["plugins"]) == 0
    assert any(
        line.split()[:1] == ["laposte"] and line.rstrip().endswith("ok")
        for line in capsys.readouterr().out.splitlines()
    )


def test_a_carrier_that_fails_is_reported_with_exit_2(tmp_path, monkeypatch, httpserver, capsys):
    httpserver.expect_request("/suivi/v2/idships/6A12345678901").respond_with_data(
        "<html><body>Bad gateway</body></html>", status=502, content_type="text/html"
    )
    config_path = configure(tmp_path, monkeypatch, httpserver.url_for("/"))
    import asyncio

    asyncio.run(seed(config_path))
    assert main(["track"]) == 2
    err = capsys.readouterr().err
    assert "laposte : dégradé : 1 colis" in err and "1 erreur(s)" in err
    assert main(["plugins"]) == 0
    assert "dégradé" in capsys.readouterr().out  # its last run, in the language
