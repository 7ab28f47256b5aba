"""Today: everything overdue and everything due in the next 48 hours, soonest first, with
live countdowns, and the metrics at a glance above them."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Static

from aztui.tui.cells import countdown, metric_value, when
from aztui.tui.panes.base import ORDER_BINDINGS, TablePane
from aztui.tui.snapshot import Snapshot, is_overdue

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
    BINDINGS = ORDER_BINDINGS

    def compose(self) -> ComposeResult:
        yield Static(id="headline")
        yield self.new_table()
        yield self.filter_input()

    def show(self, snapshot: Snapshot, now: datetime) -> None:
        """Show a new snapshot; the cursor stays on the row it was on."""
        self.snapshot = snapshot
        self.refill((f"{d.rule}:{d.subject}",
                     [self._left(d.due, now, is_overdue(d, now)),
                      when(d.due, self.timezone, self.language),
                      snapshot.rule_names.get(d.rule, d.rule), d.subject, d.order_id or ""])
                    for d in snapshot.deadlines)
        self.query_one("#headline", Static).update(self._headline(snapshot))

    def order_of(self, key: str) -> str | None:
        if self.snapshot is None:
            return None
        return next((d.order_id for d in self.snapshot.deadlines
                     if f"{d.rule}:{d.subject}" == key), None)

    def tick(self, now: datetime) -> None:
        """Recompute every countdown from the due instants held: no store read."""
        if self.snapshot is None:
            return
        for deadline in self.snapshot.deadlines:
            key = f"{deadline.rule}:{deadline.subject}"
            self.update(key, "remaining", self._left(deadline.due, now,
                                                     is_overdue(deadline, now)))

    def _left(self, due: datetime, now: datetime, overdue: bool) -> Text:
        return countdown(due, now, overdue, self.language, self.app.theme_variables)

    def _headline(self, snapshot: Snapshot) -> Text:
        """Every metric by its acronym, so they fit on one or two lines of 80 columns (the
        Metrics pane has the names)."""
        text = Text()
        for view in snapshot.views:
            result, definition = view.result, view.definition
            if text:
                text.append("  ·  ")
            text.append(f"{definition.short or definition.names.get(self.language, result.id)} ",
                        style="bold")
            text.append(metric_value(result.value, result.status, self.language,
                                     self.app.theme_variables))
        return text
