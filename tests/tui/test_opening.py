"""Opening the app: Today's rows are shown from the deadlines alone, before every order's
details are read, and the panes out of view are filled after the one in view."""

from __future__ import annotations

import asyncio
import threading

import aztui.tui.refresh as refresh_module
from aztui.domain.model import Order, OrderStatus
from aztui.tui.app import AztuiApp
from aztui.tui.panes.today import TodayPane
from aztui.tui.panes.work import ShipmentsPane
from tests.tui.helpers import NOW, Clock, H, settle, table_rows, write
from tests.waiting import wait_until_async

ORDERS = [
    Order(
        f"402-{n:07d}-0000000",
        NOW - 2 * H,
        status=OrderStatus.UNSHIPPED,
        latest_ship_date=NOW + n * H,
    )
    for n in range(1, 6)
]


async def test_today_shows_its_rows_before_the_orders_are_read(config, monkeypatch):
    await write(config, *ORDERS)
    read_snapshot, gate = refresh_module.read_snapshot, asyncio.Event()

    async def held(*args, **kwargs):
        await gate.wait()
        return await read_snapshot(*args, **kwargs)

    monkeypatch.setattr(refresh_module, "read_snapshot", held)
    app = AztuiApp(config, clock=Clock(NOW), tick_seconds=3600)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until_async(
            lambda: len(table_rows(app, TodayPane)) == 5, "Today's rows", pause=pilot.pause
        )
        assert table_rows(app, ShipmentsPane) == {}  # out of view: filled with the rest
        gate.set()
        await settle(app, pilot)
        assert len(table_rows(app, ShipmentsPane)) == 5
        assert len(table_rows(app, TodayPane)) == 5


async def test_the_deadlines_alerts_are_decided_off_the_apps_thread(config, monkeypatch):
    """Over 50,000 deadlines deciding the alerts takes seconds: the app keeps drawing."""
    from aztui.domain import alerts

    await write(config, *ORDERS)
    decide, threads = alerts.deadline_alerts, []

    def recorded(*args, **kwargs):
        threads.append(threading.get_ident())
        return decide(*args, **kwargs)

    monkeypatch.setattr(alerts, "deadline_alerts", recorded)
    app = AztuiApp(config, clock=Clock(NOW + 10 * H), tick_seconds=3600)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        notices = []
        app.notify = lambda message, **kw: notices.append(message)
        app.background.look_for_alerts()
        await settle(app, pilot)
        assert threads and threading.get_ident() not in threads
        assert notices and "EN RETARD" in notices[0]
