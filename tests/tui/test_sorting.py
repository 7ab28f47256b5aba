"""Sorting by a column: by value (amounts, times), kept across refreshes, with the cursor."""

from __future__ import annotations

from decimal import Decimal

from aztui.domain.model import Order, OrderStatus
from aztui.tui.app import AztuiApp
from aztui.tui.panes.work import ShipmentsPane
from tests.tui.helpers import NOW, Clock, H, settle, table_rows, write


def to_ship(n: int, total: str, due_hours: int, purchased_hours: int) -> Order:
    return Order(
        f"402-000000{n}-0000000",
        NOW - purchased_hours * H,
        status=OrderStatus.UNSHIPPED,
        latest_ship_date=NOW + due_hours * H,
        order_total=Decimal(total),
        currency="EUR",
    )


ORDERS = [
    to_ship(1, "9.90", 30, 10),
    to_ship(2, "120.00", 5, 40),
    to_ship(3, "35.50", 50, 760),
]  # 760 h ago: a month earlier, 26/10


def order_ids(app: AztuiApp) -> list[str]:
    return list(table_rows(app, ShipmentsPane))


async def test_s_sorts_by_each_column_in_turn_by_value(config):
    await write(config, *ORDERS)
    app = AztuiApp(config, clock=Clock(NOW), tick_seconds=3600)
    async with app.run_test(size=(140, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("4")
        assert order_ids(app) == [
            "402-0000002-0000000",
            "402-0000001-0000000",
            "402-0000003-0000000",
        ]  # soonest ship-by first
        await pilot.press("S", "S", "S", "S")  # left, due, order id, then purchase time
        assert order_ids(app) == [
            "402-0000003-0000000",
            "402-0000002-0000000",
            "402-0000001-0000000",
        ]  # 26/10 before 24/11 and 26/11
        await pilot.press("S")  # total: by amount, not by its words
        assert order_ids(app) == [
            "402-0000001-0000000",
            "402-0000003-0000000",
            "402-0000002-0000000",
        ]
        header = app.query_one(ShipmentsPane).table.columns
        assert {str(k.value): str(c.label) for k, c in header.items()}["total"] == "Total ▲"


async def test_a_header_click_sorts_and_the_order_survives_a_refresh(config):
    await write(config, *ORDERS)
    app = AztuiApp(config, clock=Clock(NOW), tick_seconds=3600)
    async with app.run_test(size=(140, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("4")
        pane = app.query_one(ShipmentsPane)
        pane.table.move_cursor(row=1)  # 402-0000001
        pane.sort_by("order")  # as a click on the order id header would
        await pilot.click("#shipments-table", offset=(2, 0))  # the countdown's header
        await pilot.click("#shipments-table", offset=(2, 0))  # again: reversed
        await settle(app, pilot)
        assert order_ids(app) == [
            "402-0000003-0000000",
            "402-0000001-0000000",
            "402-0000002-0000000",
        ]  # latest ship-by first
        await write(config, to_ship(4, "1.00", 100, 1))
        app.tick()
        await settle(app, pilot)
        assert order_ids(app) == [
            "402-0000004-0000000",
            "402-0000003-0000000",
            "402-0000001-0000000",
            "402-0000002-0000000",
        ]
        assert pane.cursor_key() == "402-0000001-0000000"  # the cursor followed its row


async def test_amounts_written_the_french_way_sort_by_value(config):
    """``1 234,50 €`` is more than ``99,00 €``: the cell keeps its value, its words are the
    language's."""
    await write(config, to_ship(1, "1234.50", 30, 10), to_ship(2, "99.00", 5, 40))
    await write(config, to_ship(3, "9.90", 50, 60))
    app = AztuiApp(config, clock=Clock(NOW), tick_seconds=3600)
    async with app.run_test(size=(140, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("4")
        pane = app.query_one(ShipmentsPane)
        pane.sort_by("total")
        await settle(app, pilot)
        rows = table_rows(app, ShipmentsPane)
        assert [rows[o]["total"] for o in rows] == [
            "9,90\u00a0€",
            "99,00\u00a0€",
            "1\u202f234,50\u00a0€",
        ]
