"""In French mode every pane of the demo's store — its rows, risks, metrics, plot, header and
footer — holds none of aztui's English words (tests/cli/test_french_words.py looks for them)."""

from __future__ import annotations

import html
import re

import pytest

from aztui.demo import demo_records
from aztui.tui.app import AztuiApp
from tests.cli.test_french_words import untranslated
from tests.tui.helpers import NOW, Clock, settle, write


def screen_text(app: AztuiApp) -> str:
    """What the screen shows, as text (the screenshot's SVG without its markup; its spaces
    are non-breaking ones)."""
    svg = app.export_screenshot()
    text = html.unescape("".join(re.findall(r"<text[^>]*>([^<]*)</text>", svg)))
    return text.replace("\xa0", " ")


@pytest.mark.parametrize("pane", ["1", "2", "3", "4", "5", "6"])
async def test_every_pane_speaks_french(config, pane):
    await write(config, *demo_records(NOW))
    app = AztuiApp(config, clock=Clock(NOW), tick_seconds=3600)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(app, pilot)
        await pilot.press(pane)
        await settle(app, pilot)
        shown = screen_text(app)
        assert "Commande" in shown or "Taux" in shown  # the text was read
        assert untranslated(shown) == []
