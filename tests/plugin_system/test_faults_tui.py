"""The app tells a plugin fault at once: its deadlines may be missing from every pane."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from aztui.config import load_config
from aztui.tui.app import AztuiApp
from tests.plugin_system.faulty import ORDERS, plugins, rule  # noqa: F401 - a fixture
from tests.tui.helpers import Clock, settle

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


async def test_the_app_tells_a_failing_rule_in_a_notification_that_stays(
    aztui,
    workdir,
    plugins,  # noqa: F811 - the fixture
):
    plugins("flaky", rule("raise ZeroDivisionError('oops')"))
    (workdir / "orders.csv").write_text(ORDERS)
    assert (await asyncio.to_thread(aztui, "import", "orders.csv")).code == 3
    app = AztuiApp(load_config(cli_overrides={"db": str(workdir / "store.db")}), clock=Clock(NOW))
    async with app.run_test(size=(120, 34)) as pilot:
        await settle(app, pilot)
        [toast] = [n for n in app._notifications if n.severity == "error"]
        assert toast.title == "Extension en défaut"
        assert "plugin flaky rule reminder: ZeroDivisionError: oops" in toast.message
        assert "Des échéances peuvent manquer" in toast.message
        assert toast.timeout >= 3600
