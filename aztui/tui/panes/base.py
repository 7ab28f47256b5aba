"""What every table pane shares: its language and zone, a refill that keeps the cursor, the
``/`` filter (rows whose text holds every word typed, case ignored) and sorting by a column
(a click on its header, or ``S`` to go through the columns), both kept across refreshes."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, ClassVar, Self

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.geometry import Region
from textual.widgets import Input

from aztui.domain.deadlines import Deadline
from aztui.i18n import t
from aztui.tui.cells import countdown, snoozed_mark
from aztui.tui.columns import Hidden, fit
from aztui.tui.drawing import Line, widest
from aztui.tui.keys import localize
from aztui.tui.panes.rows import KEPT_FILTERS, Entry, Ranking, clock_letters, sort_keys
from aztui.tui.table import RowTable
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
FIRST_ROWS = 200
"""Rows a pane shows before it prepares the rest, when first filled (``refill``)."""


class Countdown:
    """A countdown cell: drawn from its pane's clock when on screen, never stored as text."""

    __slots__ = ("deadline", "pane")

    def __init__(self, pane: TablePane, deadline: Deadline) -> None:
        self.pane, self.deadline = pane, deadline

    def __rich__(self) -> Text:
        return self.pane.countdown_of(self.deadline)

    def __str__(self) -> str:
        return self.pane.countdown_of(self.deadline).plain


class FilterBox(Input):
    """The ``/`` filter's box. Textual's ``Input`` sets its virtual width to its text's at
    each keystroke, which lays out the whole screen; this box keeps its size whatever it
    holds, so a keystroke redraws the box and the rows only."""

    _typing = False

    def _watch_value(self, value: str) -> None:
        self._typing = True
        try:
            super()._watch_value(value)
        finally:
            self._typing = False

    def refresh(
        self, *regions: Region, repaint: bool = True, layout: bool = False, recompose: bool = False
    ) -> Self:
        layout = layout and not self._typing
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)


class TablePane(Vertical):
    """A pane around one ``RowTable`` (id ``TABLE_ID``) whose rows are keyed."""

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
    SNOOZE_COLUMN = "order"
    """Where a snoozed row says until when: a column a narrow terminal keeps."""

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
        self._entries: list[Entry] = []
        self._lines: list[Line] = []
        """The entries' lines, in the same order (all of them: what the table is given
        when no filter or sort is set, without a copy)."""
        self._sort_keys: dict[int, list[tuple[int, Decimal | float, str]]] = {}
        self._ranks: dict[tuple[int, bool], Ranking] = {}
        """By column and direction: the rows in sorted order, and each row's place in it."""
        self._kept_rows: dict[tuple[tuple[str, ...], int | None], list[int]] = {}
        """The rows kept by recent filters (``_kept``)."""
        self._all: list[int] = []
        """Every row, in the pane's order (what ``_kept`` gives without a word)."""
        self._fresh = False
        """The rows were just prepared again: the cursor's row is found by its key."""
        self._filling = 0
        """Counts the refills: rows left to prepare belong to the last one only."""
        self._texts: dict[tuple[bool, int], Text] = {}
        """Countdown texts by (late, whole minutes), for the theme of ``_variables``."""
        self._variables: dict[str, str] | None = None

    def filter_input(self) -> Input:
        box = FilterBox(
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
        self.lay_out()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.table.focus()

    def action_close_filter(self) -> None:
        """Escape in the filter: no filter, back to the table."""
        box = self.query_one(Input)
        box.value = ""
        box.display = False
        self.filter_words = []
        self.lay_out()
        self.table.focus()

    # -- countdowns ----------------------------------------------------------------------------

    def set_clocks(self, clocks: dict[str, Deadline], now: datetime) -> None:
        """The rows' deadlines, as shown at ``now``: ``tick`` keeps their countdowns right."""
        self.clocks, self.now = clocks, now
        self.ticker.reset({key: d.due for key, d in clocks.items()}, now)

    def countdown_of(self, deadline: Deadline) -> Text:
        """The countdown cell as of the last tick: ``dans 5 h 00``, or late in the alarm
        colour. It shows whole minutes, so one text is made for each minute left."""
        assert self.now is not None
        variables = self.app.theme_variables
        if variables is not self._variables:
            self._texts, self._variables = {}, variables
        late = deadline.due <= self.now
        minutes = abs(int((deadline.due - self.now).total_seconds())) // 60
        text = self._texts.get((late, minutes))
        if text is None:
            text = countdown(deadline.due, self.now, late, self.language, variables)
            self._texts[(late, minutes)] = text
        return text

    def tick(self, now: datetime) -> None:
        """Every second: the rows on screen whose countdown text changes are drawn again, from
        the instants held (no store read; rows off screen are drawn afresh when shown)."""
        self.now = now
        turning = self.ticker.turning(now)
        if not turning:
            return
        table = self.table
        table.forget_drawing()
        for index, key in list(table.visible_rows()):
            if self.ticker.turns(key, turning):
                table.refresh_row(index)

    def new_table(self) -> RowTable:
        table = RowTable(id=self.TABLE_ID, zebra_stripes=True)
        for key in self.COLUMNS:
            table.add_column(t(key, self.language), key=key)
        return table

    @property
    def table(self) -> RowTable:
        return self.query_one(f"#{self.TABLE_ID}", RowTable)

    def cursor_key(self) -> str | None:
        """The key of the row under the cursor, if any row is shown."""
        return self.table.cursor_key()

    def order_of(self, key: str) -> str | None:
        """The order a row is about (the order detail opens on it)."""
        return None

    def refill(self, rows: Iterable[tuple[str, Sequence[object]]]) -> None:
        """Replace every row (those the filter lets through, in the chosen order); the cursor
        stays on the row it was on, if it is still there. Each row is prepared here once: its
        words for the filter, its cells' widths, its sort keys when first sorted on.

        A pane filled for the first time shows its first ``FIRST_ROWS`` rows at once and
        prepares the others once they are painted: at 50,000 rows the first frame does not
        wait for them."""
        self._filling += 1
        first = not self._entries
        self._fresh = True
        self._entries, self._lines = [], []
        if not first:
            self._add(rows)
            return
        rows = iter(rows)
        self._add(itertools.islice(rows, FIRST_ROWS))
        if len(self._entries) == FIRST_ROWS:
            self.call_after_refresh(self._add_rest, self._filling, rows)

    def _add_rest(self, filling: int, rows: Iterable[tuple[str, Sequence[object]]]) -> None:
        if filling == self._filling:  # not replaced meanwhile
            self._add(rows)

    def _add(self, rows: Iterable[tuple[str, Sequence[object]]]) -> None:
        """Prepare ``rows`` after those the pane holds, and show them."""
        clock = self.COLUMNS.index("remaining") if "remaining" in self.COLUMNS else None
        columns = self.COLUMNS
        self._sort_keys, self._ranks, self._kept_rows = {}, {}, {}
        given = [(key, list(cells)) for key, cells in rows]
        self.mark_snoozed(given, again=not self._entries)
        for key, cells in given:
            deadline = self.clocks.get(key) if clock is not None else None
            if deadline is not None and self.now is not None:
                cells[clock] = Countdown(self, deadline)  # type: ignore[index]
                words = " ".join(str(c) for i, c in enumerate(cells) if i != clock).lower()
            else:
                deadline, words = None, " ".join(map(str, cells)).lower()
            line = Line.of(key, columns, cells)
            self._entries.append(Entry(line, words, deadline))
            self._lines.append(line)
        self.table.widen(
            {
                column: widest(
                    [
                        self.countdown_of(cell.deadline) if isinstance(cell, Countdown) else cell
                        for _, cells in given
                        if index < len(cells) and (cell := cells[index]) is not None
                    ]
                )
                for index, column in enumerate(self.COLUMNS)
            },
            self.hidden.values(),
        )
        self.lay_out()
        self.call_after_refresh(self.fit_columns)

    def mark_snoozed(self, rows: list[tuple[str, list[object]]], *, again: bool = True) -> None:
        """Rows whose alerts are snoozed (their subject or their order): drawn dim, with until
        when after their name, so that they read apart from the rows still calling (``again``:
        the only ones; otherwise beside those already marked)."""
        faded = [] if again else list(self.table.faded)
        snapshot = self.snapshot
        if snapshot is not None and snapshot.snoozed and "order" in self.COLUMNS:
            now = self.now or snapshot.taken_at
            name = self.COLUMNS.index(self.SNOOZE_COLUMN)
            order = self.COLUMNS.index("order")
            for key, cells in rows:
                deadline = self.clocks.get(key)
                subjects = (key, str(cells[order]), deadline.subject if deadline else key)
                held = [snapshot.snoozed[s] for s in subjects if s in snapshot.snoozed]
                if held:
                    faded.append(key)
                    mark = snoozed_mark(
                        max(held), now, self.timezone, self.language, self.app.theme_variables
                    )
                    cells[name] = Text.assemble(str(cells[name]), mark)
        self.table.faded = frozenset(faded)

    def lay_out(self) -> None:
        """Show the rows the filter lets through, in the chosen order, the cursor kept."""
        shown = self._kept(tuple(self.filter_words))
        if self.sort_column is not None:
            column = self.SORTS_AS.get(self.sort_column, self.sort_column)
            if column in self.COLUMNS:
                shown = self._in_order(self.COLUMNS.index(column), shown)
        table = self.table
        current = table.lines[table.cursor_row] if table.cursor_row < table.row_count else None
        fresh, self._fresh = self._fresh, False
        with self.app.batch_update():
            lines = self._lines
            table.show_lines(lines if shown is self._all else list(map(lines.__getitem__, shown)))
            if current is not None:
                # The same rows (a filter, a sort): the line itself; new ones: by its key.
                row = table.index_of(current.key) if fresh else table.index_of_line(current)
                if row is not None:
                    table.move_cursor(row=row)

    def _kept(self, words: tuple[str, ...]) -> list[int]:
        """The rows holding every one of ``words``, in the pane's order. Each result is kept
        for the next keystrokes: a word typed on looks only through the rows its start kept,
        and Backspace finds the rows as they were. A word a countdown can show is read as of
        this second (``_stamp``)."""
        stamp = self._stamp(words)
        if (kept := self._kept_rows.get((words, stamp))) is not None:
            return kept
        if not words:
            kept = self._all = list(range(len(self._entries)))
        else:
            base = self._kept(words[:-1])
            for (earlier, at), rows in self._kept_rows.items():
                if (
                    at == stamp
                    and earlier[:-1] == words[:-1]
                    and earlier[-1:] != ()
                    and earlier[-1] in words[-1]
                    and len(rows) < len(base)
                ):
                    base = rows  # the same words, the last one typed on
            kept = self._holding(words[-1], base)
        if len(self._kept_rows) >= KEPT_FILTERS:
            self._kept_rows.pop(next(iter(self._kept_rows)))
        self._kept_rows[(words, stamp)] = kept
        return kept

    def _stamp(self, words: tuple[str, ...]) -> int | None:
        """What a filter's rows depend on besides the words: ``now`` to the second, if a word
        could be read in a countdown."""
        letters = clock_letters(self.language)
        if self.now is None or all(not set(word) <= letters for word in words):
            return None
        return int(self.now.timestamp())

    def _in_order(self, column: int, shown: list[int]) -> list[int]:
        """``shown`` sorted by ``column``: each row's rank is found once a snapshot, and many
        rows are taken from the sorted whole rather than sorted again."""
        ranking = self._ranks.get((column, self.sort_reverse))
        if ranking is None:
            ranking = Ranking(self._sort_keys_of(column), reverse=self.sort_reverse)
            self._ranks[(column, self.sort_reverse)] = ranking
        return ranking.sort(shown)

    def _holding(self, word: str, shown: list[int]) -> list[int]:
        """The rows of ``shown`` whose text holds ``word``; a countdown is read only for a
        word made of the letters a countdown can show."""
        entries = self._entries
        if not set(word) <= clock_letters(self.language):
            return [index for index in shown if word in entries[index].words]
        return [
            index
            for index in shown
            if word in (entry := entries[index]).words
            or (
                entry.deadline is not None
                and word in self.countdown_of(entry.deadline).plain.lower()
            )
        ]

    def _sort_keys_of(self, column: int) -> list[tuple[int, Decimal | float, str]]:
        """Each row's key for sorting by ``column``, made once a snapshot."""
        if column not in self._sort_keys:
            name = self.COLUMNS[column]
            self._sort_keys[column] = sort_keys(entry.line.data[name] for entry in self._entries)
        return self._sort_keys[column]

    # -- sorting ------------------------------------------------------------------------------

    def sort_by(self, column: str | None, *, reverse: bool = False) -> None:
        """Sort by ``column`` (``None``: the pane's own order), marking its header."""
        self.sort_column, self.sort_reverse = column, reverse
        for key, col in self.table.columns.items():
            mark = "" if key.value != column else (" ▼" if reverse else " ▲")
            col.label = Text(t(str(key.value), self.language) + mark)
        self.table.widen_to_labels()  # a header as wide as its cells keeps its mark
        self.lay_out()

    def on_row_table_header_selected(self, event: RowTable.HeaderSelected) -> None:
        """A click on a header sorts by it; a second click reverses; a third, as it came."""
        event.stop()
        column = event.column_key
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
