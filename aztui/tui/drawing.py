"""Drawing a table's one-line cells without Rich's console pipeline, each text once.

``DataTable`` draws every cell through ``Console.render_lines`` (padding, styles, cropping:
a fraction of a millisecond each) and forgets it whenever a row is added or changed, so a
screenful of new rows (a filter keystroke, a countdown's minute) took a hundred milliseconds.
Here a one-line cell is drawn from its text directly, the same segments as Rich's, and kept
by what it shows (text, width, styles) rather than by row: a cell already seen, on any row,
costs a dictionary look-up, and the row and column it sits in are added to its segments as
they are handed out (what a mouse click reads).
"""

from __future__ import annotations

from collections.abc import Hashable

from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.cache import LRUCache
from textual.coordinate import Coordinate
from textual.geometry import Region
from textual.strip import Strip
from textual.widgets import DataTable
from textual.widgets.data_table import RowKey

DRAWN = 20_000
"""Cells kept drawn (distinct texts, widths and styles): several screenfuls of rows."""
NULL = Style.null()


def text_of(cell: object) -> Text | None:
    """The one-line text a cell shows, as ``DataTable`` formats it (a string is markup), or
    ``None`` for anything else (left to Rich)."""
    if isinstance(cell, str):
        if "\n" in cell:
            return None
        text = Text.from_markup(cell, end="") if "[" in cell else Text(cell, end="")
    elif isinstance(cell, Text):
        text = cell
    elif hasattr(cell, "__rich__"):
        text = cell.__rich__()
        if not isinstance(text, Text):
            return None
    else:
        return None
    return None if "\n" in text.plain or "\t" in text.plain else text


def text_key(text: Text) -> Hashable:
    """What a text draws as (its words, styles and alignment)."""
    return (text.plain, text.style, text.justify, text.overflow, tuple(text.spans))


def draw(
    console: Console, text: Text, width: int, padding: int, pre: Style, post: Style
) -> list[Segment]:
    """One line of ``width`` cells, as ``Styled(Padding(text, (0, padding)), pre, post)``
    renders with ``no_wrap``: the text justified and cut to the room between the paddings."""
    room = max(width - 2 * padding, 0)
    lines = text.wrap(
        console,
        room,
        justify=text.justify or "default",
        overflow=text.overflow or "fold",
        no_wrap=True,
    )
    inner = list(Text("\n").join(lines).render(console)) if lines else []
    inner = Segment.adjust_line_length(inner, room, style=NULL)
    pad = [Segment(" " * padding, NULL)] if padding else []
    line = Segment.adjust_line_length([*pad, *inner, *pad], width, style=NULL)
    return list(Segment.apply_style(line, style=pre, post_style=post))


class FastCells(DataTable[object]):
    """``DataTable`` drawing one-line body cells from ``text_of`` (others as before), and
    looking up its styles (each a walk up the widget tree) once a drawing pass, not once a
    row."""

    _drawn: LRUCache[tuple[Hashable, ...], list[Segment]]
    _styles: dict[object, Style] | None = None
    """Styles of this drawing pass: the widget's own, each row kind's."""

    def _pass_styles(self) -> dict[object, Style]:
        if self._styles is None:
            self._styles = {}
        return self._styles

    def notify_style_update(self) -> None:
        self._styles = None
        super().notify_style_update()

    def render_lines(self, crop: Region) -> list[Strip]:
        self._styles = None
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        if self.fixed_rows:
            return super().render_line(y)
        styles = self._pass_styles()
        if (style := styles.get("widget")) is None:
            style = styles["widget"] = self.rich_style
        scroll_x, scroll_y = self.scroll_offset
        header = self.get_row_height(self._header_row_key) if self.show_header else 0
        if y >= header:
            y += scroll_y
        return self._render_line(y, scroll_x, scroll_x + self.size.width, style)

    def _get_row_style(self, row_index: int, base_style: Style) -> Style:
        if row_index >= 0 and row_index >= self.fixed_rows and self.zebra_stripes:
            name = "datatable--odd-row" if row_index % 2 else "datatable--even-row"
            styles = self._pass_styles()
            if (style := styles.get(name)) is None:
                style = styles[name] = self.get_component_styles(name).rich_style
            return style
        return super()._get_row_style(row_index, base_style)

    def _render_line_in_row(
        self,
        row_key: RowKey,
        line_no: int,
        base_style: Style,
        cursor_location: Coordinate,
        hover_location: Coordinate,
    ) -> tuple[list[list[Segment]], list[list[Segment]]]:
        """As ``DataTable``'s for a table of row cursor without labels or fixed columns."""
        if (
            (self._labelled_row_exists and self.show_row_labels)
            or self.fixed_columns
            or self.cursor_type != "row"
        ):
            return super()._render_line_in_row(
                row_key, line_no, base_style, cursor_location, hover_location
            )
        cache_key = (
            row_key,
            line_no,
            base_style,
            cursor_location,
            hover_location,
            self.cursor_type,
            self.show_cursor,
            self._show_hover_cursor,
            self._update_count,
            self._pseudo_class_state,
        )
        if (cached := self._row_render_cache.get(cache_key)) is not None:
            return cached
        index = self._row_locations.get(row_key)
        row_index = -1 if index is None else index
        row_style = self._get_row_style(row_index, base_style)
        cursor = row_index == cursor_location.row
        hover = row_index == hover_location.row
        cells, used = [], 0
        for column_index, column in enumerate(self.ordered_columns):
            width = column.get_render_width(self)
            used += width
            cell = self._render_cell(row_index, column_index, row_style, width, cursor, hover)
            cells.append(cell[line_no])
        extend, _ = self._get_styles_to_render_cell(
            row_index == -1,
            False,
            False,
            hover,
            cursor,
            self.show_cursor,
            self._show_hover_cursor,
            False,
            False,
        )
        meta = Style.from_meta({"row": row_index, "column": 0, "out_of_bounds": True})
        room = max(0, self.size.width - used - self._row_label_column_width)
        cells.append([Segment(" " * room, row_style + extend + meta)])
        pair: tuple[list[list[Segment]], list[list[Segment]]] = ([], cells)
        self._row_render_cache[cache_key] = pair
        return pair

    def _render_cell(
        self,
        row_index: int,
        column_index: int,
        base_style: Style,
        width: int,
        cursor: bool = False,
        hover: bool = False,
    ) -> list[list[Segment]]:
        if row_index < 0 or column_index < 0 or self.fixed_rows or self.fixed_columns:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        row_key = self._row_locations.get_key(row_index)
        column_key = self._column_locations.get_key(column_index)
        if row_key is None or column_key is None:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        cache_key = (
            row_key,
            column_key,
            base_style,
            cursor,
            hover,
            self._show_hover_cursor,
            self._update_count,
            self._pseudo_class_state,
        )
        if (lines := self._cell_render_cache.get(cache_key)) is not None:
            return lines
        row, data = self.rows.get(row_key), self._data.get(row_key)
        cell = data.get(column_key, "") if data is not None else None
        text = text_of(cell) if row is not None and row.height == 1 else None
        if text is None:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        component, post = self._get_styles_to_render_cell(
            False,
            False,
            False,
            hover,
            cursor,
            self.show_cursor,
            self._show_hover_cursor,
            self.cursor_foreground_priority == "css",
            self.cursor_background_priority == "css",
        )
        pre = base_style + component
        drawn_key = (text_key(text), width, self.cell_padding, pre, post)
        try:
            drawn = self._drawn
        except AttributeError:
            drawn = self._drawn = LRUCache(DRAWN)
        segments = drawn.get(drawn_key)
        if segments is None:
            segments = draw(self.app.console, text, width, self.cell_padding, pre, post)
            drawn[drawn_key] = segments
        meta = Style.from_meta({"row": row_index, "column": column_index})
        lines = [[Segment(segment.text, (segment.style or NULL) + meta) for segment in segments]]
        self._cell_render_cache[cache_key] = lines
        return lines
