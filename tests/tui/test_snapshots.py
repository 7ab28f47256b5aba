"""What the seller sees, frozen: SVG snapshots of each pane with a fixed clock and fixed data,
at 80×24 (the smallest terminal aztui supports) and wider, in several themes.

After a deliberate change of the screens: ``uv run pytest tests/tui/test_snapshots.py
--snapshot-update``, then look at the report's pictures before committing them.
"""

from __future__ import annotations

import asyncio
import dataclasses

import pytest

from aztui.tui.app import AztuiApp
from tests.tui.helpers import NOW, Clock, settle, write
from tests.tui.test_claims import CLAIMS, ORDERS
from tests.tui.test_work_panes import RECORDS

SCENES = {
    "today": ((), "aztui-dark", (80, 24)),
    "today_wide_light": ((), "aztui-light", (120, 34)),
    "claims": (("2",), "aztui-dark", (80, 24)),
    "claims_appeal_tab_contrast": (("2", "right", "right"), "aztui-contrast", (100, 30)),
    "shipments_ansi": (("4",), "aztui-ansi", (100, 24)),
    "shipments_snoozed_ansi": (("4", "z", "down"), "aztui-ansi", (80, 24)),
    "messages": (("5",), "aztui-dark", (80, 24)),
    "metrics": (("6",), "aztui-dark", (100, 34)),
    "order_detail": (("2", "enter"), "aztui-dark", (100, 30)),
    "decision_form": (("2", "d"), "aztui-dark", (80, 24)),
    "help": (("2", "question_mark"), "aztui-dark", (120, 30)),
}


@pytest.fixture
def filled(config):
    asyncio.run(write(config, *ORDERS, *CLAIMS, *RECORDS))
    return config


@pytest.mark.parametrize("scene", SCENES)
def test_each_pane_looks_as_designed(filled, snap_compare, scene):
    keys, theme, size = SCENES[scene]
    config = dataclasses.replace(filled, tui=filled.tui.model_copy(update={"theme": theme}))
    app = AztuiApp(config, clock=Clock(NOW), tick_seconds=3600)

    async def ready(pilot) -> None:
        await settle(app, pilot)
        app.sub_title = "store.db"  # the path of the test's store differs on every run
        for key in keys:
            await pilot.press(key)
            await settle(app, pilot)
        if app.focused is not None and hasattr(app.focused, "cursor_blink"):
            app.focused.cursor_blink = False

    assert snap_compare(app, terminal_size=size, run_before=ready)
