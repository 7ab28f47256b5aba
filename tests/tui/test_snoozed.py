"""A snoozed row reads apart from the rows still calling: drawn dim, its name followed by until
when (in the ``row-snoozed`` colour), in every pane that shows it; back as before once the
snooze ends, with no write to the store."""

from __future__ import annotations

import dataclasses

from rich.segment import Segment

from aztui.domain.model import BuyerMessage
from aztui.service import Service
from aztui.tui.app import AztuiApp
from aztui.tui.panes.base import TablePane
from aztui.tui.panes.today import TodayPane
from aztui.tui.panes.work import MessagesPane, ReturnsPane, ShipmentsPane
from tests.tui.helpers import NOW, Clock, H, settle, table_rows, toasts, write
from tests.tui.test_work_panes import RECORDS, SHIPPED, TO_SHIP
from tests.waiting import wait_until_async


def drawn(app: AztuiApp, pane: type[TablePane], holding: str) -> list[Segment]:
    """The segments of the table's line on screen that holds ``holding``."""
    table = app.query_one(pane).table
    for y in range(table.size.height):
        segments = list(table.render_line(y))
        if holding in "".join(s.text for s in segments):
            return segments
    raise AssertionError(f"no line of {pane.__name__} shows {holding!r}")


def dim_words(segments: list[Segment]) -> tuple[str, str]:
    """The words drawn dim, and those drawn plain, of a line."""
    dim = "".join(s.text for s in segments if s.style is not None and s.style.dim)
    plain = "".join(s.text for s in segments if s.style is None or not s.style.dim)
    return " ".join(dim.split()), " ".join(plain.split())


async def test_a_snoozed_order_is_drawn_dim_with_until_when_then_back(config):
    await write(config, *RECORDS)
    clock = Clock(NOW)
    app = AztuiApp(config, clock=clock, tick_seconds=3600)
    async with app.run_test(size=(140, 34)) as pilot:
        await settle(app, pilot)
        await pilot.press("4")  # Shipments: the order to ship under the cursor
        told = toasts(app)
        await pilot.press("z")
        await wait_until_async(lambda: told, "the snooze's toast", pause=pilot.pause)
        await settle(app, pilot)
        mark = " · en silence jusqu'à 14:00"  # 09:00 UTC is 10:00 in Paris; 4 h later
        shipments = table_rows(app, ShipmentsPane)
        assert shipments[TO_SHIP.order_id]["order"] == TO_SHIP.order_id + mark
        assert shipments[SHIPPED.order_id]["order"] == SHIPPED.order_id
        assert table_rows(app, MessagesPane)["MSG-1"]["message"] == "MSG-1" + mark
        assert table_rows(app, ReturnsPane)["RMA-1"]["return"] == "RMA-1"
        today = table_rows(app, TodayPane)
        assert today[f"ship_confirmation:{TO_SHIP.order_id}"]["rule"].endswith(mark)
        assert not today["return_request_response:RMA-1"]["rule"].endswith(mark)

        # under the cursor, dim would be hard to read on its colour: plain, with the mark
        assert dim_words(drawn(app, ShipmentsPane, TO_SHIP.order_id))[0] == ""
        await pilot.press("down")
        await settle(app, pilot)
        dim, plain = dim_words(drawn(app, ShipmentsPane, TO_SHIP.order_id))
        assert "dans 14 h 00" in dim and TO_SHIP.order_id in dim and "24,90" in dim
        assert plain == "· en silence jusqu'à 14:00"  # the mark alone stands out
        dim, _ = dim_words(drawn(app, ShipmentsPane, SHIPPED.order_id))
        assert dim == ""

        clock.now = NOW + 4 * H  # the snooze ends: nothing written, the rows come back
        app.tick()
        await wait_until_async(
            lambda: not app.query_one(ShipmentsPane).table.faded,
            "the rows back as before",
            pause=pilot.pause,
        )
        await settle(app, pilot)
        assert table_rows(app, ShipmentsPane)[TO_SHIP.order_id]["order"] == TO_SHIP.order_id
        assert dim_words(drawn(app, ShipmentsPane, TO_SHIP.order_id))[0] == ""


async def test_a_message_snoozed_till_tomorrow_in_english_at_80_columns(config):
    await write(config, *RECORDS, BuyerMessage("MSG-2", NOW - 2 * H, SHIPPED.order_id))
    async with Service(config) as service:  # as `aztui snooze MSG-1 --for 20h` does
        await service.store.snooze("MSG-1", NOW + 20 * H)
    english = dataclasses.replace(config, language="en")
    app = AztuiApp(english, clock=Clock(NOW), tick_seconds=3600)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("5", "down")  # the cursor on MSG-2
        await settle(app, pilot)
        dim, plain = dim_words(drawn(app, MessagesPane, "MSG-1"))
        assert "MSG-1" in dim and "in 21 h 00" in dim
        assert plain == "· snoozed until 27 Nov 06:00"
        # only the message is snoozed, not its order's other rows
        assert table_rows(app, ShipmentsPane)[TO_SHIP.order_id]["order"] == TO_SHIP.order_id
