"""Today: everything overdue and everything due in the next 48 hours, soonest first, with
live countdowns, and the metrics at a glance above them."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.widgets import Static

from aztui.i18n import metric_name
from aztui.tui.cells import metric_value, when
from aztui.tui.panes.base import ORDER_BINDINGS, TablePane
from aztui.tui.snapshot import Snapshot

SEPARATOR = "  ·  "
COLUMNS = ("remaining", "due", "rule", "subject", "order")
"""The clock first: what a seller scans for, and what an 80-column terminal always shows."""


class TodayPane(TablePane):
    """The first pane: what to do now."""

    DEFAULT_CSS = """
    TodayPane > #headline { height: auto; padding: 0 1; }
    TodayPane > RowTable { height: 1fr; }
    """
    TABLE_ID = "today-table"
    COLUMNS = COLUMNS
    DROPS = ("order", "due")
    SNOOZE_COLUMN = "rule"
    BINDINGS: ClassVar[list[BindingType]] = ORDER_BINDINGS

    def __init__(self, language: str, timezone: str, **kwargs: object) -> None:
        super().__init__(language, timezone, **kwargs)
        self.items: list[Text] = []

    def compose(self) -> ComposeResult:
        yield Static(id="headline")
        yield self.new_table()
        yield self.filter_input()

    def show(self, snapshot: Snapshot, now: datetime) -> None:
        """Show a new snapshot; the cursor stays on the row it was on. The rows are laid
        again only if they changed (on opening, the deadlines are shown before the rest)."""
        shown, self.snapshot = self.snapshot, snapshot
        if (
            shown is not None
            and shown.snoozed == snapshot.snoozed
            and shown.rule_names == snapshot.rule_names
            and shown.deadlines == snapshot.deadlines
        ):
            self.items = self._items(snapshot)
            self.lay_out_headline()
            return
        self.set_clocks({f"{d.rule}:{d.subject}": d for d in snapshot.deadlines}, now)
        self.refill(
            (
                key,
                [
                    "",
                    when(d.due, self.timezone, self.language),
                    snapshot.rule_names.get(d.rule, d.rule),
                    d.subject,
                    d.order_id or "",
                ],
            )
            for key, d in self.clocks.items()
        )
        self.items = self._items(snapshot)
        self.lay_out_headline()

    def order_of(self, key: str) -> str | None:
        deadline = self.clocks.get(key)
        return deadline.order_id if deadline is not None else None

    def _items(self, snapshot: Snapshot) -> list[Text]:
        """Every metric by its acronym and value, so they fit on one or two lines of 80
        columns (the Metrics pane has the names)."""
        items = []
        for view in snapshot.views:
            result, definition = view.result, view.definition
            name = definition.short or metric_name(definition, self.language)
            items.append(
                Text.assemble(
                    (f"{name} ", "bold"),
                    metric_value(
                        result.value, result.status, self.language, self.app.theme_variables
                    ),
                )
            )
        return items

    def lay_out_headline(self) -> None:
        """The metrics, a line broken only between two of them (never inside one)."""
        headline = self.query_one("#headline", Static)
        width = headline.content_region.width or self.app.size.width - 2
        text, line = Text(), 0
        for item in self.items:
            if line and line + len(SEPARATOR) + item.cell_len > width:
                text.append("\n")
                line = 0
            elif line:
                text.append(SEPARATOR)
                line += len(SEPARATOR)
            text.append(item)
            line += item.cell_len
        headline.update(text)

    def on_resize(self) -> None:
        self.lay_out_headline()
