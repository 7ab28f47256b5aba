"""What every table pane shares: its language and zone, a refill that keeps the cursor, the
``/`` filter (rows whose text holds every word typed, case ignored) and sorting by a column
(a click on its header, or ``S`` to go through the columns), both kept across refreshes."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.coordinate import Coordinate
from textual.widgets import DataTable, Input

from aztui.domain.deadlines import Deadline, DeadlineStatus
from aztui.i18n import t
from aztui.tui.cells import When, countdown
from aztui.tui.columns import Hidden, add_row, fit
from aztui.tui.keys import localize
from aztui.tui.ticker import Ticker

if TYPE_CHECKING:
    from aztui.tui.snapshot import Snapshot


ORDER_BINDINGS: list[BindingType] = [
    Binding("t", "app.tracking", "Tracking", id="order.tracking"),
    Binding("x", "app.out_of_stock", "Out of stock", id="order.out_of_stock"),
    Binding("n", "app.new_claim", "New claim", id="claim.new"),
    Binding("z", "app.snooze", "Snooze 4 h", id="order.snooze", show=False),
]
"""The actions on the order of a row, wherever rows are orders."""


class TablePane(Vertical):
    """A pane around one ``DataTable`` (id ``TABLE_ID``) whose rows are keyed."""

    TABLE_ID = "table"
    COLUMNS: Sequence[str] = ()
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close_filter", "No filter", id="filter.close", show=False),
        Binding("S", "sort", "Sort", id="sort", show=False),
    ]
    SORTS_AS: ClassVar[dict[str, str]] = {"remaining": "due"}
    """A column sorted by another's values: the countdown by its due time."""
    DROPS: Sequence[str] = ()
    """Columns hidden as the terminal narrows, the least useful first (``columns.py``)."""

    def __init__(self, language: str, timezone: str, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        localize(self, language)
        self.language = language
        self.timezone = timezone
        self.snapshot: Snapshot | None = None
        """What the pane last showed; ``now`` is when."""
        self.now: datetime | None = None
        self.filter_words: list[str] = []
        self.clocks: dict[str, Deadline] = {}
        """The deadline whose countdown each row shows, by row key."""
        self.ticker = Ticker()
        self.sort_column: str | None = None
        self.sort_reverse = False
        self.hidden: Hidden = {}
        """The columns the terminal is too narrow for."""
        self._last: list[tuple[str, Sequence[object]]] = []

    def filter_input(self) -> Input:
        box = Input(
            placeholder=t("filter_hint", self.language),
            id=f"{self.TABLE_ID}-filter",
            classes="filter",
        )
        box.display = False
        return box

    def open_filter(self) -> None:
        box = self.query_one(Input)
        box.display = True
        box.focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.filter_words = event.value.lower().split()
        self.refill(self._last)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.table.focus()

    def action_close_filter(self) -> None:
        """Escape in the filter: no filter, back to the table."""
        box = self.query_one(Input)
        box.value = ""
        box.display = False
        self.filter_words = []
        self.refill(self._last)
        self.table.focus()

    # -- countdowns ----------------------------------------------------------------------------

    def set_clocks(self, clocks: dict[str, Deadline], now: datetime) -> None:
        """The rows' deadlines, as shown at ``now``: ``tick`` keeps their countdowns right."""
        self.clocks, self.now = clocks, now
        self.ticker.reset({key: d.due for key, d in clocks.items()}, now)

    def left(self, deadline: Deadline | None, now: datetime) -> Text | str:
        """The countdown cell: ``dans 5 h 00``, or late in the alarm colour."""
        if deadline is None:
            return ""
        overdue = deadline.status(now) is DeadlineStatus.OVERDUE
        return countdown(deadline.due, now, overdue, self.language, self.app.theme_variables)

    def tick(self, now: datetime) -> None:
        """Every second: the countdowns whose text changes, from the instants held (no store
        read, and no work for the rows whose minute has not turned)."""
        self.now = now
        for key in self.ticker.changed(now):
            if (deadline := self.clocks.get(key)) is not None:
                self.update(key, "remaining", self.left(deadline, now))

    def update(self, key: str, column: str, value: object) -> None:
        """One cell, if its row is shown (a filter may hide it)."""
        if key in self.table.rows:
            self.table.update_cell(key, column, value)

    def new_table(self) -> DataTable[object]:
        table: DataTable[object] = DataTable(
            id=self.TABLE_ID, cursor_type="row", zebra_stripes=True
        )
        for key in self.COLUMNS:
            table.add_column(t(key, self.language), key=key)
        return table

    @property
    def table(self) -> DataTable[object]:
        return self.query_one(f"#{self.TABLE_ID}", DataTable)

    def cursor_key(self) -> str | None:
        """The key of the row under the cursor, if any row is shown."""
        table = self.table
        if not table.row_count or table.cursor_row >= table.row_count:
            return None
        return str(table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key.value)

    def order_of(self, key: str) -> str | None:
        """The order a row is about (the order detail opens on it)."""
        return None

    def refill(self, rows: Iterable[tuple[str, Sequence[object]]]) -> None:
        """Replace every row (those the filter lets through, in the chosen order); the cursor
        stays on the row it was on, if it is still there."""
        self._last = list(rows)
        rows = [
            (key, shown)
            for key, cells in self._last
            if self._passes(shown := self._current(key, cells))
        ]
        if self.sort_column is not None:
            column = self.SORTS_AS.get(self.sort_column, self.sort_column)
            if column in self.COLUMNS:
                index = self.COLUMNS.index(column)
                rows.sort(key=lambda row: cell_order(row[1][index]), reverse=self.sort_reverse)
        table = self.table
        current = self.cursor_key()
        with self.app.batch_update():
            table.clear()
            keys = []
            for key, cells in rows:
                add_row(table, self.COLUMNS, cells, key)
                keys.append(key)
            if current in keys:
                table.move_cursor(row=keys.index(current))
        self.call_after_refresh(self.fit_columns)

    def _current(self, key: str, cells: Sequence[object]) -> Sequence[object]:
        """The row with its countdown as of the last tick: the one place a row's "remaining"
        cell is written (panes leave it empty; rows are kept as first shown)."""
        deadline = self.clocks.get(key)
        if deadline is None or self.now is None or "remaining" not in self.COLUMNS:
            return cells
        cells = list(cells)
        cells[self.COLUMNS.index("remaining")] = self.left(deadline, self.now)
        return cells

    def _passes(self, cells: Sequence[object]) -> bool:
        text = " ".join(str(c) for c in cells).lower()
        return all(word in text for word in self.filter_words)

    # -- sorting ------------------------------------------------------------------------------

    def sort_by(self, column: str | None, *, reverse: bool = False) -> None:
        """Sort by ``column`` (``None``: the pane's own order), marking its header."""
        self.sort_column, self.sort_reverse = column, reverse
        for key, col in self.table.columns.items():
            mark = "" if key.value != column else (" ▼" if reverse else " ▲")
            col.label = Text(t(str(key.value), self.language) + mark)
        self.table.refresh()
        self.refill(self._last)

    def on_data_table_header_selected(self, event: DataTable.HeaderSelected) -> None:
        """A click on a header sorts by it; a second click reverses; a third, as it came."""
        event.stop()
        column = str(event.column_key.value)
        if column != self.sort_column:
            self.sort_by(column)
        elif not self.sort_reverse:
            self.sort_by(column, reverse=True)
        else:
            self.sort_by(None)

    def action_sort(self) -> None:
        """``S``: sort by the next column, then back to the pane's own order."""
        columns = list(self.COLUMNS)
        if self.sort_column is None:
            self.sort_by(columns[0])
        elif self.sort_column == columns[-1]:
            self.sort_by(None)
        else:
            self.sort_by(columns[columns.index(self.sort_column) + 1])

    # -- columns that give way -----------------------------------------------------------------

    def _on_resize(self) -> None:
        self.fit_columns()

    def fit_columns(self) -> None:
        """As many columns as fit the pane, ``DROPS`` given up first (on resize too)."""
        fit(self.table, self.COLUMNS, self.DROPS, self.hidden)


NUMBER = re.compile(r"[-+]?\d+(?:[.,]\d+)?")


def cell_order(cell: object) -> tuple[int, Decimal | float, str]:
    """Times by instant; numbers (an amount, a rate) by value; then words, case ignored;
    empty cells last."""
    if isinstance(cell, When):
        return (0, cell.at.timestamp(), "")
    text = str(cell).strip()
    if not text:
        return (2, 0, "")
    if (match := NUMBER.match(text)) is not None:
        try:
            return (0, Decimal(match.group().replace(",", ".")), text.lower())
        except InvalidOperation:
            pass
    return (1, Decimal(0), text.lower())
