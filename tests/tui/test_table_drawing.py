"""``RowTable`` draws its rows without Rich's console pipeline: the same characters in the
same styles as ``DataTable`` draws, header, alignment, cursor, stripes and cut cells alike."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import DataTable

from aztui.tui.drawing import Line, widest
from aztui.tui.table import RowTable


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


class Table(App[None]):
    CSS: ClassVar[str] = "RowTable, DataTable { height: 8; width: 70; }"

    def __init__(self, reference: bool) -> None:
        super().__init__()
        self.reference = reference

    def compose(self) -> ComposeResult:
        if self.reference:
            table = DataTable[object](zebra_stripes=True, cursor_type="row")
            table.cursor_foreground_priority = "renderable"
            for name in COLUMNS:
                table.add_column(name, key=name, width=12 if name == "a" else None)
            table.add_rows(ROWS)
            yield table
            return
        rows = RowTable(zebra_stripes=True)
        for name in COLUMNS:
            rows.add_column(name, key=name)
        yield rows


Drawn = list[list[tuple[str, str]]]


def drawn(table: RowTable | DataTable[object]) -> Drawn:
    """Each line, character by character with its style (``DataTable`` joins segments of
    one style and adds its click data, which ``RowTable`` does not need)."""
    return [
        [(char, str(s.style)) for s in table.render_line(y) for char in s.text]
        for y in range(table.size.height)
    ]


def fill(table: RowTable) -> None:
    table.widen({c: widest([row[i] for row in ROWS]) for i, c in enumerate(COLUMNS)})
    first = next(iter(table.columns.values()))
    first.auto_width, first.width = False, 12
    table.set_columns(table.columns)
    table.show_lines([Line.of(str(i), COLUMNS, c) for i, c in enumerate(ROWS)])


async def draw(reference: bool) -> tuple[Drawn, Drawn]:
    """The table's lines drawn focused, then without the focus."""
    app = Table(reference)
    async with app.run_test(size=(80, 20)) as pilot:
        table: RowTable | DataTable[object]
        if reference:
            table = app.query_one(DataTable)
        else:
            table = app.query_one(RowTable)
            fill(table)
        table.move_cursor(row=1)
        table.focus()
        await pilot.pause()
        assert table.has_focus
        focused = drawn(table)
        app.set_focus(None)
        await pilot.pause()
        return focused, drawn(table)


async def test_rows_are_drawn_as_datatable_draws_them():
    ours, reference = await draw(False), await draw(True)
    assert ours == reference
    assert ours[0] != ours[1]  # the cursor row drawn in its focused colours, then not
    assert "dans 5 h" in "".join(text for text, _ in ours[0][1])


async def test_the_cursor_takes_its_focused_colours_when_the_focus_comes_later():
    """A table first drawn without the focus draws its cursor row in the focused colours once
    it gets the focus (no style kept from before)."""
    focused_first, _ = await draw(False)
    app = Table(False)
    async with app.run_test(size=(80, 20)) as pilot:
        table = app.query_one(RowTable)
        fill(table)
        table.move_cursor(row=1)
        app.set_focus(None)
        await pilot.pause()
        blurred = drawn(table)
        table.focus()
        await pilot.pause()
        assert table.has_focus
        assert drawn(table) == focused_first
        assert blurred != focused_first
