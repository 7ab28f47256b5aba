"""``?`` lists the keys of the pane in focus: in French mode every one of them is in French,
Textual's own (the table's cursor keys, Tab, the tooltip of Ctrl+Q) included."""

from __future__ import annotations

import dataclasses

import pytest

from aztui.tui.app import AztuiApp
from tests.test_catalogs import catalog
from tests.tui.helpers import NOW, Clock, settle


@pytest.mark.parametrize("pane", ["1", "2", "3", "4", "5", "6"])
async def test_every_key_of_a_pane_is_worded_in_french(config, pane):
    app = AztuiApp(config, clock=Clock(NOW), tick_seconds=3600)
    french = {m.string for m in catalog("fr") if m.context == "key"}
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press(pane, "question_mark")
        await settle(app, pilot)
        bindings = [b.binding for b in app.screen.active_bindings.values()]
        shown = {b.description for b in bindings} | {b.tooltip for b in bindings if b.tooltip}
        assert shown - french == set(), "keys left in English in the French app"
        assert "Ouvrir la commande" in shown or pane == "6"


async def test_enter_on_a_row_is_worded_as_what_it_does_in_english(config):
    english = dataclasses.replace(config, language="en")
    app = AztuiApp(english, clock=Clock(NOW), tick_seconds=3600)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("1", "question_mark")
        await settle(app, pilot)
        shown = {b.binding.description for b in app.screen.active_bindings.values()}
        assert "Open the order" in shown and "Select" not in shown
