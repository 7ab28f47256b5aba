"""Columns that give way as the terminal narrows: each pane names its columns in the order they
are hidden (the least useful first), and a table shows as many as fit, in their own order.

A hidden column keeps its ``Column`` (label, width) and every row keeps its cell (rows are
keyed by column), so it comes back as it was when the terminal widens.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual._two_way_dict import TwoWayDict
from textual.widgets import DataTable
from textual.widgets.data_table import Column, ColumnKey

from aztui.tui.table import RowTable

Hidden = dict[ColumnKey, Column]
CUT_TO = 30
"""The last column (the risks, a long text) counts as this wide at most: it is cut rather
than hiding the others."""


def fitting(
    columns: Sequence[str], drops: Sequence[str], widths: dict[str, int], room: int
) -> list[str]:
    """The columns shown in ``room`` cells: ``drops`` given up in turn until the rest fit."""
    shown = list(columns)
    for name in drops:
        if sum(widths.get(c, 0) for c in shown) <= room:
            break
        if name in shown:
            shown.remove(name)
    return shown


def fit(
    table: DataTable[object] | RowTable,
    columns: Sequence[str],
    drops: Sequence[str],
    hidden: Hidden,
) -> None:
    """Show the columns of ``table`` that fit its width; ``hidden`` holds the others. The last
    column shown, if still too wide (the risks, a long text), takes what is left of the width
    and is cut."""
    known = {**table.columns, **hidden}
    room = table.scrollable_content_region.width
    if room <= 0 or not known or not drops:
        return  # a table without priorities stays as it is
    padding = 2 * table.cell_padding
    widths = {str(key.value): column.content_width + padding for key, column in known.items()}
    wanted = {**widths, columns[-1]: min(widths[columns[-1]], CUT_TO + padding)}
    names = fitting(columns, drops, wanted, room)
    left = room - sum(widths[name] for name in names[:-1]) - padding
    last = known[ColumnKey(names[-1])]
    cut = widths[names[-1]] - padding > left
    changed = (last.auto_width, last.width) != (not cut, left if cut else last.width)
    last.auto_width, last.width = not cut, max(left, 1) if cut else last.width
    for column in known.values():
        if column is not last and not column.auto_width:
            column.auto_width, changed = True, True
    shown = [ColumnKey(name) for name in names]
    if shown != list(table.columns):
        hidden.clear()
        hidden.update({key: column for key, column in known.items() if key not in shown})
        if isinstance(table, RowTable):
            table.set_columns({key: known[key] for key in shown})
            return
        table.columns = {key: known[key] for key in shown}
        table._column_locations = TwoWayDict({key: index for index, key in enumerate(shown)})
    elif not changed:
        return
    if isinstance(table, RowTable):
        table.set_columns(table.columns)
        return
    table._require_update_dimensions = True
    table._clear_caches()
    table.refresh()
    table.check_idle()


def add_row(
    table: DataTable[object], columns: Sequence[str], cells: Sequence[object], key: str
) -> None:
    """A row with its cells for the columns shown, and the others kept for when they come
    back (``cells`` follow ``columns``)."""
    shown = [cells[columns.index(str(column.value))] for column in table.columns]
    row_key = table.add_row(*shown, key=key)
    table._data[row_key].update(
        {ColumnKey(name): cell for name, cell in zip(columns, cells, strict=False)}
    )
