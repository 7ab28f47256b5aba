"""A busy day: hundreds of rows whose countdowns turn over at the same second. Only the rows
on screen are drawn again at a tick; a row scrolled into view shows its countdown as of now;
the filter reads each row's words (and its countdown) as before."""

from __future__ import annotations

import html
import re
from datetime import timedelta

from aztui.domain.model import Order, OrderStatus
from aztui.tui.app import AztuiApp
from aztui.tui.panes.today import TodayPane
from tests.tui.helpers import NOW, Clock, H, settle, table_rows, write

ROWS = 600
M = timedelta(minutes=1)


def order(n: int, ship_by) -> Order:
    return Order(
        f"402-{n:07d}-0000000", NOW - 2 * H, status=OrderStatus.UNSHIPPED, latest_ship_date=ship_by
    )


def busy_day() -> list[Order]:
    """Row ``k`` of Today due ``1 h + k min`` from NOW: all on second 0, each minute its own."""
    return [order(k, NOW + H + k * M) for k in range(ROWS)]


def screen(app: AztuiApp) -> str:
    """The text on screen, every span of the screenshot in turn."""
    svg = app.export_screenshot()
    spans = re.findall(r"<text[^>]*>(.*?)</text>", svg, flags=re.S)
    return " ".join(html.unescape(s).replace("\xa0", " ") for s in spans)


async def test_a_tick_draws_only_the_rows_on_screen(config):
    await write(config, *busy_day())
    clock = Clock(NOW)
    app = AztuiApp(config, clock=clock, tick_seconds=3600)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        pane = app.query_one(TodayPane)
        assert pane.table.row_count == ROWS
        made = 0
        real = pane.countdown_of

        def counting(deadline):
            nonlocal made
            made += 1
            return real(deadline)

        pane.countdown_of = counting
        clock.now = NOW + M  # every countdown turns over
        app.tick()
        await settle(app, pilot)
        assert 0 < made <= 2 * pane.table.size.height  # the rows on screen, not all 600
        assert "dans 59 min" in screen(app)  # row 0, due at NOW + 1 h


async def test_a_row_scrolled_into_view_after_a_turnover_shows_its_countdown(config):
    await write(config, *busy_day())
    clock = Clock(NOW)
    app = AztuiApp(config, clock=clock, tick_seconds=3600)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("1")
        table = app.query_one(TodayPane).table
        table.move_cursor(row=ROWS - 1)  # the last row drawn once, as of NOW
        await settle(app, pilot)
        assert "dans 10 j" not in screen(app)
        assert "dans 10 h 59" in screen(app)  # due at NOW + 1 h + 599 min
        table.move_cursor(row=0)  # off screen again
        await settle(app, pilot)
        clock.now = NOW + 10 * M
        app.tick()
        await settle(app, pilot)
        table.move_cursor(row=ROWS - 1)
        await settle(app, pilot)
        shown = screen(app)
        assert "dans 10 h 49" in shown
        assert "dans 10 h 59" not in shown


async def test_the_filter_reads_words_and_countdowns(config):
    await write(
        config,
        order(1, NOW - 2 * H),
        order(2, NOW + 5 * H),
        *(order(k, NOW + 6 * H + k * M) for k in range(10, 60)),
    )
    clock = Clock(NOW)
    app = AztuiApp(config, clock=clock, tick_seconds=3600)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("1", "slash", *"0000002")
        await settle(app, pilot)
        assert list(table_rows(app, TodayPane)) == ["ship_confirmation:402-0000002-0000000"]
        for _ in range(7):
            await pilot.press("backspace")
        await pilot.press(*"retard")  # only in the countdown of the late order
        await settle(app, pilot)
        assert list(table_rows(app, TodayPane)) == ["ship_confirmation:402-0000001-0000000"]
        clock.now = NOW + 6 * H  # order 2 is late now
        app.tick()
        await pilot.press("space", "backspace")  # the filter applied again
        await settle(app, pilot)
        assert list(table_rows(app, TodayPane)) == [
            "ship_confirmation:402-0000001-0000000",
            "ship_confirmation:402-0000002-0000000",
        ]
        await pilot.press("escape")
        await settle(app, pilot)
        assert len(table_rows(app, TodayPane)) == 52


async def test_a_sorted_column_as_wide_as_its_header_shows_its_mark(config):
    await write(config, *busy_day()[:30])
    app = AztuiApp(config, clock=Clock(NOW), tick_seconds=3600)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("1", "S", "S")  # the countdown, then the due date ("26/11 11:00")
        await settle(app, pilot)
        assert "Date limite ▲" in screen(app)
