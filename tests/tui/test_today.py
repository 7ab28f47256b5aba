"""The Today pane: what is overdue and due within 48 hours, live, through the service."""

from __future__ import annotations

from datetime import datetime, timedelta

from aztui.domain.model import Order, OrderStatus
from aztui.tui.app import AztuiApp
from aztui.tui.panes.today import TodayPane
from tests.tui.helpers import NOW, Clock, H, settle, table_rows, write


def order(n: int, ship_by: datetime, status: OrderStatus = OrderStatus.UNSHIPPED) -> Order:
    return Order(f"402-{n:07d}-0000000", ship_by - 30 * H, status=status, latest_ship_date=ship_by)


def rows(app: AztuiApp) -> list[dict[str, str]]:
    return list(table_rows(app, TodayPane).values())


async def test_overdue_first_then_what_is_due_within_48_hours(config):
    await write(
        config,
        order(1, NOW + 5 * H),
        order(2, NOW - 2 * H),
        order(3, NOW + 60 * H),
        order(4, NOW - 9 * H, OrderStatus.SHIPPED),
    )
    app = AztuiApp(config, clock=Clock(NOW), tick_seconds=3600)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        shown = rows(app)
        assert [r["subject"] for r in shown] == ["402-0000002-0000000", "402-0000001-0000000"]
        assert shown[0]["remaining"] == "retard 2 h 00"
        assert shown[1]["remaining"] == "dans 5 h 00"
        headline = str(app.query_one("#headline").render())
        assert "LSR-10 50,00 %" in headline  # by acronym, to fit 80 columns


async def test_countdowns_tick_without_reading_the_store(config):
    await write(config, order(1, NOW + 5 * H))
    clock = Clock(NOW)
    app = AztuiApp(config, clock=clock, tick_seconds=3600)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        reads = 0
        real = app.service.deadlines

        async def counting(*args, **kwargs):
            nonlocal reads
            reads += 1
            return await real(*args, **kwargs)

        app.service.deadlines = counting
        clock.now = NOW + 5 * H + timedelta(minutes=61)
        app.tick()
        await settle(app, pilot)
        assert rows(app)[0]["remaining"] == "retard 1 h 01"
        assert reads == 0  # nothing changed in the store: the tick read nothing


async def test_a_write_by_another_process_shows_on_the_next_tick(config):
    await write(config, order(1, NOW + 5 * H))
    app = AztuiApp(config, clock=Clock(NOW), tick_seconds=3600)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        table = app.query_one(TodayPane).table
        table.move_cursor(row=0)
        await write(config, order(2, NOW + 1 * H))  # another connection, as aztui import
        app.tick()
        await settle(app, pilot)
        assert [r["subject"] for r in rows(app)] == ["402-0000002-0000000", "402-0000001-0000000"]
        # the cursor stayed on the order it was on
        assert table.cursor_row == 1


async def test_every_shipped_theme_loads(config):
    app = AztuiApp(config, clock=Clock(NOW), tick_seconds=3600)
    async with app.run_test(size=(80, 24)) as pilot:
        for name in ("aztui-light", "aztui-contrast", "aztui-ansi", "aztui-dark"):
            app.theme = name
            await settle(app, pilot)
            assert app.theme_variables["deadline-overdue"]


async def test_slash_filters_the_rows_and_escape_clears_it(config):
    await write(config, order(1, NOW + 5 * H), order(2, NOW - 2 * H))
    app = AztuiApp(config, clock=Clock(NOW), tick_seconds=3600)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("slash")
        await pilot.press(*"0000001")
        await settle(app, pilot)
        assert [r["subject"] for r in rows(app)] == ["402-0000001-0000000"]
        app.tick()  # a countdown of a hidden row is not an error
        await settle(app, pilot)
        await pilot.press("escape")
        await settle(app, pilot)
        assert len(rows(app)) == 2


async def test_countdowns_line_up_on_their_minutes(config):
    await write(config, order(1, NOW - 2 * H), order(2, NOW + 5 * H), order(3, NOW + 40 * H))
    app = AztuiApp(config, clock=Clock(NOW), tick_seconds=3600)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        table = app.query_one(TodayPane).table
        drawn = ["".join(s.text for s in table.render_line(y)) for y in range(1, 4)]
        shown = [r["remaining"] for r in rows(app)]
        assert shown == ["retard 2 h 00", "dans 5 h 00", "dans 1 j 16 h"]
        ends = {line.index(text) + len(text) for line, text in zip(drawn, shown, strict=True)}
        assert len(ends) == 1, f"countdowns not flush right: {drawn}"
