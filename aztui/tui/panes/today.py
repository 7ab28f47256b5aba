"""Today: everything overdue and everything due in the next 48 hours, soonest first, with
live countdowns, and the metrics at a glance above them."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.widgets import Static

from aztui.tui.cells import metric_value, when
from aztui.tui.panes.base import ORDER_BINDINGS, TablePane
from aztui.tui.snapshot import Snapshot

COLUMNS = ("remaining", "due", "rule", "subject", "order")
"""The clock first: what a seller scans for, and what an 80-column terminal always shows."""


class TodayPane(TablePane):
    """The first pane: what to do now."""

    DEFAULT_CSS = """
    TodayPane > #headline { height: auto; padding: 0 1; }
    TodayPane > DataTable { height: 1fr; }
    """
    TABLE_ID = "today-table"
    COLUMNS = COLUMNS
    DROPS = ("order", "due")
    BINDINGS: ClassVar[list[BindingType]] = ORDER_BINDINGS

    def compose(self) -> ComposeResult:
        yield Static(id="headline")
        yield self.new_table()
        yield self.filter_input()

    def show(self, snapshot: Snapshot, now: datetime) -> None:
        """Show a new snapshot; the cursor stays on the row it was on."""
        self.snapshot = snapshot
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
        self.query_one("#headline", Static).update(self._headline(snapshot))

    def order_of(self, key: str) -> str | None:
        deadline = self.clocks.get(key)
        return deadline.order_id if deadline is not None else None

    def _headline(self, snapshot: Snapshot) -> Text:
        """Every metric by its acronym, so they fit on one or two lines of 80 columns (the
        Metrics pane has the names). An item never breaks across lines: its spaces are
        non-breaking, a line breaks only between items."""
        text = Text()
        for view in snapshot.views:
            result, definition = view.result, view.definition
            if text:
                text.append(" ·  ")
            name = definition.short or definition.names.get(self.language, result.id)
            text.append(f"{name}\u00a0".replace(" ", "\u00a0"), style="bold")
            value = metric_value(
                result.value, result.status, self.language, self.app.theme_variables
            )
            value.plain = value.plain.replace(" ", "\u00a0")
            text.append(value)
        return text
