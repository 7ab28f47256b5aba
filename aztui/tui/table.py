"""A ``DataTable`` whose rows are laid in one go, so that a pane of 50,000 rows filters, sorts
and ticks without waiting.

Textual's ``DataTable`` measures every cell of every row added and keys its caches on a
counter that each cell update bumps: refilling 5,000 rows took seconds, and a minute's
countdowns as long. Here a pane prepares each row once per snapshot (``Line``, with its
cells' widths) and shows a filtered or sorted order of them by replacing the table's row
maps whole; a countdown cell renders its text when drawn, so a tick redraws only the visible
rows whose minute turned, and rows off screen cost nothing.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual._two_way_dict import TwoWayDict
from textual.coordinate import Coordinate
from textual.widgets import DataTable
from textual.widgets.data_table import Column, ColumnKey, Row, RowKey

from aztui.tui.drawing import FastCells

FADED = Style(dim=True)
UNDER_CURSOR = Style(dim=False)
"""A faded row under the cursor is drawn plain: dim on the cursor's colour is hard to read."""


@dataclass(slots=True)
class Line:
    """One row as the table holds it, made once: its key, metadata and cells by column."""

    key: RowKey
    row: Row
    data: dict[ColumnKey, object]
    offset: tuple[RowKey, int]
    """Its one line as ``DataTable`` finds a line's row (made once: a filter keystroke over
    50,000 rows then makes no new object per row)."""

    @classmethod
    def of(cls, key: str, columns: Sequence[ColumnKey], cells: Sequence[object]) -> Line:
        row_key = RowKey(key)
        data = dict(zip(columns, cells, strict=False))
        return cls(row_key, Row(row_key, 1), data, (row_key, 0))


def width(cell: object) -> int:
    """The cells a value takes on screen, as ``DataTable`` draws it (a string is markup)."""
    if isinstance(cell, Text):
        return cell.cell_len
    text = str(cell)
    if "[" in text:
        return Text.from_markup(text).cell_len
    return cell_len(text)


def widest(cells: Sequence[object]) -> int:
    """The width of the widest of ``cells``, each distinct value measured once."""
    texts = [cell for cell in cells if isinstance(cell, Text)]
    others = {cell for cell in cells if not isinstance(cell, Text)}
    return max(map(width, [*texts, *others]), default=0)


class RowTable(FastCells):
    """A ``DataTable`` with ``show_lines``: the rows shown replaced at once, none measured;
    the rows keyed in ``faded`` drawn dim (a snoozed row)."""

    faded: frozenset[RowKey] = frozenset()

    def _get_row_style(self, row_index: int, base_style: Style) -> Style:
        style = super()._get_row_style(row_index, base_style)
        if self.faded and self._row_locations.get_key(row_index) in self.faded:
            return style + FADED
        return style

    def _clear_caches(self) -> None:
        super()._clear_caches()
        DataTable._get_styles_to_render_cell.cache_clear()

    def notify_style_update(self) -> None:
        """DataTable clears only the styles cache of the class it is (this one's below); the
        one this calls through ``super()`` is cleared too, or the cursor keeps the colours of
        before a focus change."""
        DataTable._get_styles_to_render_cell.cache_clear()
        super().notify_style_update()

    @functools.lru_cache(maxsize=32)  # noqa: B019 (as DataTable's own, which it clears)
    def _get_styles_to_render_cell(
        self,
        is_header_cell: bool,
        is_row_label_cell: bool,
        is_fixed_style_cell: bool,
        hover: bool,
        cursor: bool,
        show_cursor: bool,
        show_hover_cursor: bool,
        has_css_foreground_priority: bool,
        has_css_background_priority: bool,
    ) -> tuple[Style, Style]:
        component, post = super()._get_styles_to_render_cell(
            is_header_cell,
            is_row_label_cell,
            is_fixed_style_cell,
            hover,
            cursor,
            show_cursor,
            show_hover_cursor,
            has_css_foreground_priority,
            has_css_background_priority,
        )
        return (component + UNDER_CURSOR, post) if cursor and show_cursor else (component, post)

    def show_lines(self, lines: Sequence[Line]) -> None:
        """Show ``lines`` in this order (one line each), as ``clear`` then ``add_row`` would:
        the cursor back on the first row, scrolled to the top."""
        self._clear_caches()
        self._new_rows.clear()
        self._updated_cells.clear()
        self._data = {line.key: line.data for line in lines}
        self.rows = {line.key: line.row for line in lines}
        self._row_locations = TwoWayDict({line.key: index for index, line in enumerate(lines)})
        self._update_count += 1
        self._ordered_row_cache[(len(lines), self._update_count)] = [line.row for line in lines]
        self._offset_cache[self._update_count] = [line.offset for line in lines]
        self._require_update_dimensions = True
        self.cursor_coordinate = Coordinate(0, 0)
        self.hover_coordinate = Coordinate(0, 0)
        self.scroll_x = self.scroll_y = 0
        self.scroll_target_x = self.scroll_target_y = 0
        self.refresh()
        self.check_idle()

    def widen(self, widths: Mapping[str, int], hidden: Iterable[Column] = ()) -> None:
        """Columns at least this wide (a column never narrows, as with ``add_row``); those
        ``hidden`` from the table too."""
        for column in [*self.columns.values(), *hidden]:
            wanted = widths.get(str(column.key.value), 0)
            if wanted > column.content_width:
                column.content_width = wanted
                self._require_update_dimensions = True
        self.check_idle()

    def widen_to_labels(self) -> None:
        """Columns at least as wide as their header (a sort mark added to it)."""
        for column in self.columns.values():
            column.content_width = max(column.content_width, column.label.cell_len)
        self._require_update_dimensions = True
        self._clear_caches()
        self.refresh()
        self.check_idle()

    def index_of(self, key: str) -> int | None:
        return self._row_locations.get(RowKey(key))

    def visible_rows(self) -> Iterator[tuple[int, str]]:
        """The rows on screen (and perhaps one or two below), as (index, key)."""
        first = int(self.scroll_y)
        for index in range(first, min(self.row_count, first + self.size.height)):
            key = self._row_locations.get_key(index)
            if key is not None:
                yield index, str(key.value)

    def forget_drawing(self) -> None:
        """Drop the rows as last drawn (cheap): cells drawn from the clock draw afresh."""
        self._row_render_cache.clear()
        self._cell_render_cache.clear()
        self._line_cache.clear()
