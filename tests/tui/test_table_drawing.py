"""``RowTable`` draws its one-line cells without Rich's console pipeline: the same segments as
``DataTable`` draws, cell by cell, styles, alignment, cursor, stripes and cut cells alike."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import DataTable

from aztui.tui.table import Line, RowTable, widest


class Clocky:
    """A cell drawn from ``__rich__`` (as a pane's countdown is)."""

    def __init__(self, text: Text) -> None:
        self.text = text

    def __rich__(self) -> Text:
        return self.text

    def __str__(self) -> str:
        return self.text.plain


COLUMNS = ("a", "b", "c", "d")
ROWS: list[list[object]] = [
    ["plain", "[b]bold[/b] and [red]red[/red]", Text("dans 5 h", "bold red", justify="right"), ""],
    ["x" * 40, Text.assemble("Expédier", (" à 12:00", "dim")), Clocky(Text("retard 2 h")), "é"],
    ["[not markup", Text("centred", justify="center"), Text("left", justify="left"), "0,91 %"],
    ["", "", Text("", style="bold"), Clocky(Text("dans 3 min", "green", justify="right"))],
]


class Reference(RowTable):
    """The same table drawing every cell through Rich, as ``DataTable`` does."""

    _render_cell = DataTable._render_cell


class Table(App[None]):
    CSS: ClassVar[str] = "DataTable { height: 8; width: 70; }"

    def __init__(self, kind: type[RowTable]) -> None:
        super().__init__()
        self.kind = kind

    def compose(self) -> ComposeResult:
        table = self.kind(zebra_stripes=True, cursor_type="row")
        for name in COLUMNS:
            table.add_column(name, key=name, width=12 if name == "a" else None)
        yield table


Drawn = list[list[tuple[str, object]]]


def drawn(table: DataTable[object]) -> Drawn:
    return [[(s.text, s.style) for s in table.render_line(y)] for y in range(table.size.height)]


async def draw(kind: type[RowTable]) -> tuple[Drawn, Drawn]:
    """The table's lines drawn focused, then without the focus."""
    app = Table(kind)
    async with app.run_test(size=(80, 20)) as pilot:
        table = app.query_one(RowTable)
        table.widen({c: widest([row[i] for row in ROWS]) for i, c in enumerate(COLUMNS)})
        table.show_lines([Line.of(str(i), list(table.columns), c) for i, c in enumerate(ROWS)])
        table.move_cursor(row=1)
        await pilot.pause()
        assert table.has_focus
        focused = drawn(table)
        app.set_focus(None)
        await pilot.pause()
        return focused, drawn(table)


async def test_rows_are_drawn_as_datatable_draws_them():
    fast, reference = await draw(RowTable), await draw(Reference)
    assert fast == reference
    assert fast[0] != fast[1]  # the cursor row drawn in its focused colours, then not
    assert "dans 5 h" in "".join(text for text, _ in fast[0][1])


async def test_the_cursor_takes_its_focused_colours_when_the_focus_comes_later():
    """A table first drawn without the focus draws its cursor row in the focused colours once
    it gets the focus (no style kept from before)."""
    focused_first, _ = await draw(RowTable)
    app = Table(RowTable)
    async with app.run_test(size=(80, 20)) as pilot:
        table = app.query_one(RowTable)
        table.widen({c: widest([row[i] for row in ROWS]) for i, c in enumerate(COLUMNS)})
        table.show_lines([Line.of(str(i), list(table.columns), c) for i, c in enumerate(ROWS)])
        table.move_cursor(row=1)
        app.set_focus(None)
        await pilot.pause()
        blurred = drawn(table)
        table.focus()
        await pilot.pause()
        assert table.has_focus
        assert drawn(table) == focused_first
        assert blurred != focused_first
