"""Tracking from the app: R (and the background runs) ask the carriers in a worker; what they
say reaches the panes; a carrier that fails is marked in the header and told once."""

from __future__ import annotations

from werkzeug import Response

from aztui.tui.app import AztuiApp
from aztui.tui.panes.work import ShipmentsPane
from tests.tracking.conftest import host_with, spec
from tests.tracking.test_run import NOW, Server, moving, parcels
from tests.tui.helpers import Clock, H, settle, table_rows, write


async def test_r_asks_the_carriers_and_the_panes_show_it(config, httpserver, monkeypatch):
    monkeypatch.setenv("AZTUI_TESTPOST_API_KEY", "k-123")
    Server(httpserver, {"TP000001": moving("TP000001")})
    await write(config, *parcels(1))
    app = AztuiApp(
        config, clock=Clock(NOW), tick_seconds=3600, host=host_with(spec(httpserver.url_for("/")))
    )
    async with app.run_test(size=(160, 30)) as pilot:
        await settle(app, pilot)
        told: list[str] = []
        app.notify = lambda message, **kw: told.append(str(message))
        await pilot.press("4")
        await settle(app, pilot)
        row = table_rows(app, ShipmentsPane)["402-0000001-0000000"]
        assert row["risks_column"].startswith("Pas de suivi")  # no scan 50 h after shipping
        await pilot.press("R")
        await settle(app, pilot)
        assert told == [  # R says it started, then what it found
            "Suivi des colis : les transporteurs sont interrogés…",
            "Suivi des colis : 1 colis demandé(s), 1 mis à jour.",
        ]
        app.tick()  # the next tick sees the store changed
        await settle(app, pilot)
        # In transit now: nothing left to do there, the order leaves the pane.
        assert "402-0000001-0000000" not in table_rows(app, ShipmentsPane)
        assert "⚠" not in app.sub_title


async def test_a_failing_carrier_is_marked_and_told_once(config, httpserver, monkeypatch):
    monkeypatch.setenv("AZTUI_TESTPOST_API_KEY", "k-123")
    Server(httpserver, {}, fail_first=[Response("down", status=500)] * 8)
    await write(config, *parcels(1))
    clock = Clock(NOW)
    app = AztuiApp(
        config, clock=clock, tick_seconds=3600, host=host_with(spec(httpserver.url_for("/")))
    )
    async with app.run_test(size=(160, 30)) as pilot:
        await settle(app, pilot)
        notices = []
        app.notify = lambda message, **kw: notices.append((message, kw))
        await pilot.press("R")
        await settle(app, pilot)
        assert app.sub_title.endswith("· ⚠ testpost")
        carrier = [(m, kw) for m, kw in notices if kw.get("title") == "Transporteur en échec"]
        assert len(carrier) == 1 and carrier[0][0].startswith("testpost: HTTPStatusError")
        assert carrier[0][1]["severity"] == "warning"
        clock.now = NOW + 5 * H  # the parcel is due again, and the carrier fails again
        await pilot.press("R")  # marked still, not told again
        await settle(app, pilot)
        told = [m for m, kw in notices if kw.get("title") == "Transporteur en échec"]
        assert len(told) == 1 and "⚠ testpost" in app.sub_title


async def test_alerts_are_toasts_once_and_a_critical_one_rings_the_bell(config):
    from aztui.domain.model import Order, OrderStatus
    from aztui.service import Service

    orders = [
        Order(
            f"402-000000{n}-0000000",
            NOW - 48 * H,
            status=OrderStatus.UNSHIPPED,
            latest_ship_date=NOW - n * H,
        )
        for n in range(1, 6)
    ]
    await write(config, *orders)
    app = AztuiApp(config, clock=Clock(NOW), tick_seconds=3600)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        notices, bells = [], []
        app.notify = lambda message, **kw: notices.append((message, kw))
        app.bell = lambda: bells.append(1)
        app.background.look_for_alerts()
        await settle(app, pilot)
        ((message, kw),) = notices  # one toast, small enough for 80×24
        lines = message.splitlines()
        assert len(lines) == 3 and all("EN RETARD" in line for line in lines[:2])
        assert lines[2].startswith("et ") and "autre(s) alerte(s)" in lines[2]
        assert kw["severity"] == "error" and bells
        told = len(notices)
        app.background.look_for_alerts()  # nothing new: nothing said again
        await settle(app, pilot)
        assert len(notices) == told
    async with Service(config) as service:  # the daemon's memory of metrics is untouched
        assert await service.store.get_meta("alerts:metric_status") is None


async def test_z_snoozes_the_alerts_about_the_order_under_the_cursor(config):
    from aztui.domain.model import Order, OrderStatus
    from aztui.service import Service

    await write(
        config,
        Order(
            "402-0000001-0000000",
            NOW - 48 * H,
            status=OrderStatus.UNSHIPPED,
            latest_ship_date=NOW + 5 * H,
        ),
    )
    app = AztuiApp(config, clock=Clock(NOW), tick_seconds=3600)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("4", "z")
        await settle(app, pilot)
    async with Service(config) as service:
        assert await service.store.snoozed(NOW) == {"402-0000001-0000000": NOW + 4 * H}


async def test_r_without_a_carrier_for_the_parcel_says_so(config):
    await write(config, *parcels(1))
    app = AztuiApp(config, clock=Clock(NOW), tick_seconds=3600)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        told: list[str] = []
        app.notify = lambda message, **kw: told.append(str(message))
        await pilot.press("R")
        await settle(app, pilot)
        assert told[-1] == (
            "Suivi des colis : aucun colis à demander maintenant. "
            "1 colis d'un transporteur qu'aucune extension ne suit."
        )


async def test_enter_on_a_row_without_an_order_says_so(config):
    from aztui.domain.model import BuyerMessage
    from aztui.tui.panes.work import MessagesPane

    await write(config, BuyerMessage("MSG-9", NOW - H, None))
    app = AztuiApp(config, clock=Clock(NOW), tick_seconds=3600)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("5")
        app.query_one(MessagesPane).table.focus()
        told: list[str] = []
        app.notify = lambda message, **kw: told.append(str(message))
        await pilot.press("enter")
        await settle(app, pilot)
        assert told == ["Aucune commande sur cette ligne."]
