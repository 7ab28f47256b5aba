"""``RowTable`` pages its rows: of 50,000, only those on screen are drawn, on a key, a scroll
or a tick; its cursor keys, clicks and faded rows behave as the panes need."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import App, ComposeResult
from textual.strip import Strip

from aztui.tui.drawing import Line
from aztui.tui.table import RowTable

ROWS = 50_000
HEIGHT = 12
"""The table's lines: a header and 11 rows."""
ROOM = HEIGHT - 1
COLUMNS = ("when", "order")


class Counting(RowTable):
    """Counts the rows it draws (a row drawn is a row paid for)."""

    drawn: list[int]

    def _row(self, index: int) -> Strip:
        self.drawn.append(index)
        return super()._row(index)


class Clock:
    """A cell drawn from the clock, as a pane's countdown is."""

    def __init__(self, minutes: int) -> None:
        self.minutes = minutes

    def __rich__(self) -> Text:
        return Text(f"dans {self.minutes} min", justify="right")


class Tables(App[None]):
    CSS: ClassVar[str] = f"Counting {{ height: {HEIGHT}; width: 60; }}"

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[RowTable.RowHighlighted | RowTable.RowSelected] = []
        self.headers: list[str] = []

    def compose(self) -> ComposeResult:
        table = Counting(id="rows")
        table.drawn = []
        for column in COLUMNS:
            table.add_column(column.title(), key=column)
        yield table

    def on_mount(self) -> None:
        table = self.query_one(Counting)
        table.widen({"when": 12, "order": 20})
        table.show_lines(
            [Line.of(str(k), COLUMNS, [Clock(k), f"402-{k:07d}"]) for k in range(ROWS)]
        )
        table.focus()

    def on_row_table_row_highlighted(self, event: RowTable.RowHighlighted) -> None:
        self.seen.append(event)

    def on_row_table_row_selected(self, event: RowTable.RowSelected) -> None:
        self.seen.append(event)

    def on_row_table_header_selected(self, event: RowTable.HeaderSelected) -> None:
        self.headers.append(event.column_key)


def text(table: RowTable, y: int) -> str:
    return table.render_line(y).text


async def test_only_the_rows_on_screen_are_drawn():
    app = Tables()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        table = app.query_one(Counting)
        assert table.row_count == ROWS
        assert table.virtual_size.height == ROWS + 1  # the header and every row
        assert sorted(set(table.drawn)) == list(range(ROOM))
        table.drawn.clear()
        await pilot.press("pagedown", "pagedown")
        await pilot.pause()
        # the cursor a page down, then another: the rows of the two screens it showed
        assert table.drawn and set(table.drawn) <= set(range(1, 2 * ROOM + 1))
        table.drawn.clear()
        await pilot.press("end")
        await pilot.pause()
        assert set(table.drawn) == set(range(ROWS - ROOM, ROWS))
        assert text(table, HEIGHT - 1).split()[-1] == f"402-{ROWS - 1:07d}"


async def test_the_keys_move_the_cursor_and_keep_it_on_screen():
    app = Tables()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        table = app.query_one(Counting)
        await pilot.press("up", "down", "down", "down")
        assert table.cursor_row == 3
        await pilot.press("pagedown")
        assert table.cursor_row == 3 + ROOM
        assert table.scroll_y <= table.cursor_row < table.scroll_y + ROOM
        await pilot.press("end")
        assert table.cursor_row == ROWS - 1
        assert table.scroll_y == ROWS + 1 - HEIGHT
        await pilot.press("pageup")
        assert table.cursor_row == ROWS - 1 - ROOM
        assert table.scroll_y == table.cursor_row
        await pilot.press("home")
        await pilot.pause()
        assert (table.cursor_row, table.scroll_y) == (0, 0)
        assert text(table, 0).split() == ["When", "Order"]
        assert text(table, 1).split() == ["dans", "0", "min", "402-0000000"]
        moved = [e.row_key for e in app.seen if isinstance(e, RowTable.RowHighlighted)]
        assert moved[-4:] == [str(3 + ROOM), str(ROWS - 1), str(ROWS - 1 - ROOM), "0"]
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.seen[-1], RowTable.RowSelected)
        assert app.seen[-1].row_key == "0"


async def test_a_click_sorts_by_a_header_moves_to_a_row_and_selects_it():
    app = Tables()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        table = app.query_one(Counting)
        await pilot.click("#rows", offset=(16, 0))  # the second column's header
        await pilot.click("#rows", offset=(2, 0))
        assert app.headers == ["order", "when"]
        await pilot.click("#rows", offset=(16, 3))
        await pilot.pause()
        assert table.cursor_row == 2
        assert not isinstance(app.seen[-1], RowTable.RowSelected)
        await pilot.click("#rows", offset=(16, 3))
        await pilot.pause()
        assert isinstance(app.seen[-1], RowTable.RowSelected)
        assert app.seen[-1].row_key == "2"


async def test_a_faded_row_is_drawn_dim_except_under_the_cursor():
    app = Tables()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        table = app.query_one(Counting)
        table.faded = frozenset({"1"})
        table.forget_drawing()
        dim = [s.style.dim for s in table.render_line(2) if s.text.strip()]
        plain = [s.style.dim for s in table.render_line(3) if s.text.strip()]
        assert dim and all(dim)
        assert not any(plain)
        table.move_cursor(row=1)
        under = [s.style.dim for s in table.render_line(2) if s.text.strip()]
        assert not any(under)


async def test_a_tick_draws_again_only_the_rows_on_screen():
    app = Tables()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        table = app.query_one(Counting)
        table.drawn.clear()
        table.forget_drawing()  # a minute turned: each row on screen asks its clock again
        for index in (0, 5, ROOM, 40_000):
            table.refresh_row(index)
        await pilot.pause()
        assert sorted(table.drawn) == [0, 5]
