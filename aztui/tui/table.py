"""A table that pages its rows: a pane of 50,000 rows filters, sorts and ticks without waiting.

Textual's ``DataTable`` keeps maps of every row (keys, locations, heights, offsets) and
rebuilds them, with its caches, whenever the rows shown change: at 50,000 rows a filter
keystroke or a sort spent most of its time there. ``RowTable`` holds the rows shown as a list
of ``Line``s made once a snapshot (the pane's), draws only the lines on screen (Textual's
Line API: its virtual height is the row count), and keeps each drawn row by what it shows, so
a row seen before costs a dictionary look-up. What the app uses of ``DataTable`` is here: a
row cursor (keys, mouse, its messages), zebra stripes, a header whose click sorts, faded
(snoozed) rows, the theme's ``datatable--*`` colours, columns that give way
(``columns.fit``), and cells drawn from the clock (a countdown: only the visible rows whose
minute turned are drawn again on a tick).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator, Mapping, Sequence
from typing import ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets.data_table import Column, ColumnKey

from aztui.tui.drawing import DRAWN, NULL, Line, draw, text_key, text_of

FADED = Style(dim=True)
UNDER_CURSOR = Style(dim=False)
"""A faded row under the cursor is drawn plain: dim on the cursor's colour is hard to read."""
REST = Style.from_meta({"out_of_bounds": True})
"""The room right of the last column: apart from it, as ``DataTable`` draws it."""
ROWS_KEPT = 4_000
"""Rows kept drawn (by key, stripe, cursor): several screenfuls, a few filters back."""


class _RowMessage(Message):
    """A message about one row of a ``RowTable``: its index and key."""

    def __init__(self, table: RowTable, cursor_row: int, row_key: str | None) -> None:
        super().__init__()
        self.table, self.cursor_row, self.row_key = table, cursor_row, row_key

    @property
    def control(self) -> RowTable:
        return self.table


class RowTable(ScrollView, can_focus=True, inherit_bindings=False):
    """Rows shown one a line under a header, a row cursor; see the module's docstring."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "datatable--header",
        "datatable--cursor",
        "datatable--even-row",
        "datatable--odd-row",
    }
    DEFAULT_CSS = """
    RowTable {
        background: $surface;
        color: $foreground;
        height: auto;
        max-height: 100%;
        &:focus {
            background-tint: $foreground 5%;
            & > .datatable--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
            & > .datatable--header { background-tint: $foreground 5%; }
        }
        &:dark > .datatable--even-row { background: $surface-darken-1 40%; }
        & > .datatable--header { text-style: bold; background: $panel; color: $foreground; }
        &:ansi > .datatable--header { background: ansi_bright_blue; color: ansi_default; }
        & > .datatable--even-row { background: $surface-lighten-1 50%; }
        & > .datatable--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Select", show=False),
        Binding("up", "cursor_up", "Cursor up", show=False),
        Binding("down", "cursor_down", "Cursor down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("ctrl+home", "scroll_top", "Top", show=False),
        Binding("ctrl+end", "scroll_bottom", "Bottom", show=False),
        Binding("home", "scroll_top", "Home", show=False),
        Binding("end", "scroll_bottom", "End", show=False),
    ]

    class RowHighlighted(_RowMessage):
        """The cursor is on another row, or the rows shown changed."""

    class RowSelected(_RowMessage):
        """Enter, or a click on the row under the cursor."""

    class HeaderSelected(Message):
        """A click on a column's header."""

        def __init__(self, table: RowTable, column_key: str, column_index: int) -> None:
            super().__init__()
            self.table, self.column_key, self.column_index = table, column_key, column_index

        @property
        def control(self) -> RowTable:
            return self.table

    cell_padding = 1
    show_header = True
    show_cursor = True
    cursor_foreground_priority = "renderable"
    """A cell's own colour (an overdue countdown) stays under the cursor."""

    def __init__(
        self,
        *,
        id: str | None = None,
        zebra_stripes: bool = True,
    ) -> None:
        super().__init__(id=id)
        self.zebra_stripes = zebra_stripes
        self.columns: dict[ColumnKey, Column] = {}
        """The columns shown, in their order."""
        self.lines: Sequence[Line] = ()
        self.faded: frozenset[str] = frozenset()
        """The keys of the rows drawn dim."""
        self.cursor_row = 0
        self._index: dict[str, int] | None = None
        self._styles: dict[str, Style] = {}
        self._cells: LRUCache[Hashable, list[Segment]] = LRUCache(DRAWN)
        self._rows: LRUCache[Hashable, Strip] = LRUCache(ROWS_KEPT)
        self._generation = 0
        """Bumped when what a row draws as may have changed (columns, styles, the clock)."""

    # -- what is shown -------------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        return len(self.lines)

    def add_column(self, label: str, *, key: str) -> None:
        column = Column(ColumnKey(key), Text(label), 0, cell_len(label), True)
        self.columns[column.key] = column
        self._changed()

    def show_lines(self, lines: Sequence[Line]) -> None:
        """Show ``lines`` in this order: the cursor back on the first row, scrolled to the
        top (nothing is copied: the pane's list is held)."""
        self.lines, self._index = lines, None
        self.cursor_row = 0
        self.scroll_to(0, 0, animate=False, immediate=True)
        self._resize()
        self.refresh()
        self._highlighted()

    def set_columns(self, columns: Mapping[ColumnKey, Column]) -> None:
        """Show these columns, in this order (``columns.fit``)."""
        self.columns = dict(columns)
        self._changed()

    def widen(self, widths: Mapping[str, int], hidden: Iterable[Column] = ()) -> None:
        """Columns at least this wide (a column never narrows); those ``hidden`` too."""
        changed = False
        for column in [*self.columns.values(), *hidden]:
            wanted = widths.get(str(column.key.value), 0)
            if wanted > column.content_width:
                column.content_width, changed = wanted, True
        if changed:
            self._changed()

    def widen_to_labels(self) -> None:
        """Columns at least as wide as their header (a sort mark added to it)."""
        for column in self.columns.values():
            column.content_width = max(column.content_width, column.label.cell_len)
        self._changed()

    def _changed(self) -> None:
        self._generation += 1
        self._resize()
        self.refresh()

    def _resize(self) -> None:
        """The virtual size: every row, and the columns' widths. A table whose own size does
        not follow it (``height: 1fr``) updates its scroll bars only, without a layout of the
        whole screen (Textual's for a new virtual size)."""
        header = 1 if self.show_header else 0
        size = Size(self._total_width(), len(self.lines) + header)
        if size == self.virtual_size:
            return
        if self.styles.auto_dimensions or not self.is_mounted:
            self.virtual_size = size
            return
        self.set_reactive(RowTable.virtual_size, size)
        self._scroll_update(size)

    def column_width(self, column: Column) -> int:
        """The cells a column takes, its padding included."""
        inner = column.content_width if column.auto_width else column.width
        return inner + 2 * self.cell_padding

    def _total_width(self) -> int:
        return sum(self.column_width(column) for column in self.columns.values())

    # -- rows by key ---------------------------------------------------------------------------

    def index_of(self, key: str) -> int | None:
        """Where the row ``key`` is shown (a map made once for the rows shown)."""
        if self._index is None:
            self._index = {line.key: index for index, line in enumerate(self.lines)}
        return self._index.get(key)

    def index_of_line(self, line: Line) -> int | None:
        """Where ``line`` is shown: found by identity, without a map."""
        try:
            return self.lines.index(line)
        except ValueError:
            return None

    def cursor_key(self) -> str | None:
        return self.lines[self.cursor_row].key if self.cursor_row < len(self.lines) else None

    def row_keys(self) -> list[str]:
        """The keys of the rows shown, in order."""
        return [line.key for line in self.lines]

    def cells(self, key: str) -> dict[str, object]:
        """The cells of row ``key`` by column, every column (hidden ones too)."""
        index = self.index_of(key)
        return {} if index is None else self.lines[index].data

    def row_at(self, index: int) -> list[object]:
        """The cells of the row at ``index``, for the columns shown."""
        data = self.lines[index].data
        return [data.get(str(key.value), "") for key in self.columns]

    def visible_rows(self) -> Iterator[tuple[int, str]]:
        """The rows on screen, as (index, key)."""
        first = int(self.scroll_y)
        lines = self.lines
        for index in range(first, min(len(lines), first + self._room())):
            yield index, lines[index].key

    def _room(self) -> int:
        """Rows that fit under the header."""
        return max(self.scrollable_content_region.height - (1 if self.show_header else 0), 0)

    # -- the cursor ----------------------------------------------------------------------------

    def move_cursor(self, *, row: int, scroll: bool = True) -> None:
        """The cursor on row ``row`` (kept within the rows), scrolled into view."""
        row = max(0, min(row, len(self.lines) - 1))
        if row == self.cursor_row:
            if scroll:
                self._scroll_to_cursor()
            return
        self.refresh_row(self.cursor_row)
        self.cursor_row = row
        self.refresh_row(row)
        if scroll:
            self._scroll_to_cursor()
        self._highlighted()

    def _scroll_to_cursor(self) -> None:
        top, room = int(self.scroll_y), self._room()
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False, immediate=True)
        elif room and self.cursor_row >= top + room:
            self.scroll_to(y=self.cursor_row - room + 1, animate=False, immediate=True)

    def _highlighted(self) -> None:
        self.post_message(self.RowHighlighted(self, self.cursor_row, self.cursor_key()))

    def refresh_row(self, index: int) -> None:
        """Draw the row at ``index`` again, if it is on screen."""
        y = index - int(self.scroll_y) + (1 if self.show_header else 0)
        if 0 <= y < self.size.height:
            self.refresh(Region(0, y, self.size.width, 1))

    def forget_drawing(self) -> None:
        """The rows as drawn are forgotten (cheap): cells drawn from the clock draw afresh."""
        self._generation += 1

    def action_cursor_up(self) -> None:
        self.move_cursor(row=self.cursor_row - 1)

    def action_cursor_down(self) -> None:
        self.move_cursor(row=self.cursor_row + 1)

    def action_page_up(self) -> None:
        self.move_cursor(row=self.cursor_row - max(self._room(), 1))

    def action_page_down(self) -> None:
        self.move_cursor(row=self.cursor_row + max(self._room(), 1))

    def action_scroll_top(self) -> None:
        self.move_cursor(row=0)

    def action_scroll_bottom(self) -> None:
        self.move_cursor(row=len(self.lines) - 1)

    def action_select_cursor(self) -> None:
        if self.lines:
            self.post_message(self.RowSelected(self, self.cursor_row, self.cursor_key()))

    async def _on_click(self, event: events.Click) -> None:
        """A click on a header sorts (the pane's); on a row, moves the cursor there; on the
        row under the cursor, selects it."""
        header = 1 if self.show_header else 0
        if header and event.y == 0:
            x = event.x + int(self.scroll_x)
            for index, column in enumerate(self.columns.values()):
                x -= self.column_width(column)
                if x < 0:
                    self.post_message(self.HeaderSelected(self, str(column.key.value), index))
                    break
            return
        row = int(self.scroll_y) + event.y - header
        if 0 <= row < len(self.lines):
            event.stop()
            if row == self.cursor_row:
                self.action_select_cursor()
            else:
                self.move_cursor(row=row)

    def _on_focus(self, event: events.Focus) -> None:
        self._restyle()
        super()._on_focus(event)

    def _on_blur(self, event: events.Blur) -> None:
        self._restyle()
        super()._on_blur(event)

    # -- drawing -------------------------------------------------------------------------------

    def notify_style_update(self) -> None:
        """Colours of the theme or of the focus changed: rows draw again with them."""
        self._restyle()
        super().notify_style_update()

    def _restyle(self) -> None:
        self._styles = {}
        self._generation += 1
        self.refresh()

    def _style(self, name: str) -> Style:
        if (style := self._styles.get(name)) is None:
            if name == "widget":
                style = self.rich_style
            elif name == "datatable--cursor":
                style = self.get_component_rich_style(name)
            else:
                style = self.get_component_styles(name).rich_style
            self._styles[name] = style
        return style

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        scroll_x = int(self.scroll_x)
        base = self._style("widget")
        if self.show_header:
            if y == 0:
                return self._header().crop_extend(scroll_x, scroll_x + width, base)
            y -= 1
        index = y + int(self.scroll_y)
        if index >= len(self.lines):
            return Strip.blank(width, base)
        return self._row(index).crop_extend(scroll_x, scroll_x + width, base)

    def _header(self) -> Strip:
        key = ("header", self.size.width, self._generation)
        if (strip := self._rows.get(key)) is None:
            style = self._style("widget") + self._style("datatable--header")
            segments: list[Segment] = []
            for place, column in enumerate(self.columns.values()):
                segments += self._cell(column.label, self.column_width(column), style, NULL, place)
            rest = max(self.size.width - self._total_width(), 0)
            strip = Strip([*segments, Segment(" " * rest, style + REST)]).simplify()
            self._rows[key] = strip
        return strip

    def _row(self, index: int) -> Strip:
        line = self.lines[index]
        cursor = index == self.cursor_row and self.show_cursor
        stripe = index % 2 if self.zebra_stripes else 1
        faded = line.key in self.faded
        key = (line.key, stripe, cursor, faded, self.size.width, self._generation)
        if (strip := self._rows.get(key)) is not None:
            return strip
        style = self._style("widget") + self._style(
            "datatable--odd-row" if stripe else "datatable--even-row"
        )
        if faded:
            style += FADED
        post = NULL
        if cursor:
            cursor_style = self._style("datatable--cursor")
            style += cursor_style + UNDER_CURSOR if faded else cursor_style
            if self.cursor_foreground_priority == "css":
                post = Style.from_color(color=cursor_style.color)
        segments: list[Segment] = []
        data = line.data
        for place, column in enumerate(self.columns.values()):
            cell = data.get(str(column.key.value), "")
            segments += self._cell(cell, self.column_width(column), style, post, place)
        rest = max(self.size.width - self._total_width(), 0)
        strip = Strip([*segments, Segment(" " * rest, style + REST)]).simplify()
        self._rows[key] = strip
        return strip

    def _cell(self, cell: object, width: int, pre: Style, post: Style, place: int) -> list[Segment]:
        """A cell drawn once for its text, width, styles and column, on any row. Its segments
        carry its column, as ``DataTable``'s do: joined within the cell, not with the next
        one, so the terminal is sent each cell apart, its style reset after it."""
        text = None if isinstance(cell, str) else text_of(cell)
        key = (cell if text is None else text_key(text), width, pre, post, place)
        if (segments := self._cells.get(key)) is None:
            if text is None:
                text = text_of(cell) or Text(str(cell), end="")
            meta = Style.from_meta({"column": place})
            segments = [
                Segment(segment.text, (segment.style or NULL) + meta)
                for segment in draw(self.app.console, text, width, self.cell_padding, pre, post)
            ]
            self._cells[key] = segments
        return segments
