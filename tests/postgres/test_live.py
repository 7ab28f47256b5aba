"""A teammate's write reaches an open app on the same PostgreSQL store on its next tick."""

from __future__ import annotations

from aztui.config import load_config
from aztui.domain.model import Order, OrderStatus
from aztui.tui.app import AztuiApp
from aztui.tui.panes.today import TodayPane
from tests.tui.helpers import NOW, Clock, H, settle, table_rows, write


async def test_a_teammates_order_shows_on_the_next_tick(postgres_url, tmp_path, monkeypatch):
    monkeypatch.setenv("AZTUI_USER_CONFIG", str(tmp_path / "none.toml"))
    config = load_config(cli_overrides={"db": postgres_url})
    await write(config, Order("402-0000001-0000000", NOW - 20 * H, status=OrderStatus.UNSHIPPED,
                              latest_ship_date=NOW + 5 * H))
    app = AztuiApp(config, clock=Clock(NOW), tick_seconds=3600)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        assert [r["subject"] for r in table_rows(app, TodayPane).values()] == [
            "402-0000001-0000000"]
        await write(config, Order("402-0000002-0000000", NOW - 2 * H,
                                  status=OrderStatus.UNSHIPPED, latest_ship_date=NOW + H))
        app.tick()
        await settle(app, pilot)
        assert [r["subject"] for r in table_rows(app, TodayPane).values()] == [
            "402-0000002-0000000", "402-0000001-0000000"]
