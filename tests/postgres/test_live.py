"""Live across the team: a teammate's write shows on an open app (LISTEN/NOTIFY, no tick
needed), and a lost connection is shown in the header until it is back. How soon is measured
in bench/, not here: on a loaded machine any time limit would make these tests flaky."""

from __future__ import annotations

import pytest
from pg_proxy import Proxy

from aztui.config import load_config
from aztui.domain.model import Order, OrderStatus
from aztui.tui.app import AztuiApp
from aztui.tui.panes.today import TodayPane
from tests.tui.helpers import NOW, Clock, H, settle, table_rows, write
from tests.waiting import wait_until_async

# The toasts checked stay however long the test takes to get to them, and no other comes
# (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("toasts_stay", "no_timed_looks")


def unshipped(n: int, due_in: float) -> Order:
    return Order(
        f"402-000000{n}-0000000",
        NOW - 20 * H,
        status=OrderStatus.UNSHIPPED,
        latest_ship_date=NOW + due_in * H,
    )


def subjects(app: AztuiApp) -> list[str]:
    return [r["subject"] for r in table_rows(app, TodayPane).values()]


async def until(pilot, condition, what: str) -> None:
    """Until ``condition`` holds, the app running meanwhile (how fast is for bench/)."""
    await wait_until_async(condition, what, pause=pilot.pause)


async def test_a_teammates_write_shows_without_a_tick(postgres_url, tmp_path, monkeypatch):
    monkeypatch.setenv("AZTUI_USER_CONFIG", str(tmp_path / "none.toml"))
    config = load_config(cli_overrides={"db": postgres_url})
    await write(config, unshipped(1, 5))
    app = AztuiApp(config, clock=Clock(NOW), tick_seconds=3600)  # no tick: only NOTIFY
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        assert subjects(app) == ["402-0000001-0000000"]
        for n in (2, 3):  # each teammate write, told by NOTIFY and shown
            await write(config, unshipped(n, 1 / n))
            await until(pilot, lambda n=n: f"402-000000{n}-0000000" in subjects(app), f"order {n}")
        assert subjects(app) == [
            "402-0000003-0000000",
            "402-0000002-0000000",
            "402-0000001-0000000",
        ]


async def test_offline_is_shown_and_the_app_catches_up_when_back(
    postgres_url, tmp_path, monkeypatch
):
    monkeypatch.setenv("AZTUI_USER_CONFIG", str(tmp_path / "none.toml"))
    proxy = Proxy(postgres_url)
    teammate = load_config(cli_overrides={"db": postgres_url})
    config = load_config(cli_overrides={"db": await proxy.start(password="hunter2")})
    await write(teammate, unshipped(1, 5))
    app = AztuiApp(config, clock=Clock(NOW), tick_seconds=0.2)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        assert "hors ligne" not in app.sub_title
        assert "aztui@127.0.0.1" in app.sub_title and "hunter2" not in app.sub_title
        proxy.refusing = True
        proxy.drop()
        await until(pilot, lambda: "hors ligne" in app.sub_title, "offline in the header")
        await until(
            pilot,
            lambda: any("Base hors ligne" in str(n.title) for n in app._notifications),
            "the offline notification",
        )
        await write(teammate, unshipped(2, 1))  # while this aztui cannot see
        proxy.refusing = False
        await until(pilot, lambda: "hors ligne" not in app.sub_title, "online again")
        await until(pilot, lambda: "402-0000002-0000000" in subjects(app), "the write missed")
        assert any("de nouveau en ligne" in str(n.message) for n in app._notifications)
    await proxy.stop()
