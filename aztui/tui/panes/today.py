"""Today: everything overdue and everything due in the next 48 hours, soonest first, with
live countdowns, and the metrics at a glance above them."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from aztui.i18n import duration, local_time, percent, t
from aztui.tui.snapshot import Snapshot, is_overdue
from aztui.tui.themes import rich_colour

COLUMNS = ("rule", "subject", "order", "due", "remaining")
SOON_SECONDS = 6 * 3600
"""Under this, a countdown takes the ``deadline-soon`` colour."""


class TodayPane(Vertical):
    """The first pane: what to do now."""

    DEFAULT_CSS = """
    TodayPane > #headline { height: auto; padding: 0 1; }
    TodayPane > DataTable { height: 1fr; }
    """

    def __init__(self, language: str, timezone: str, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.language = language
        self.timezone = timezone
        self.snapshot: Snapshot | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="headline")
        table: DataTable[object] = DataTable(id="today", cursor_type="row", zebra_stripes=True)
        for key in COLUMNS:
            table.add_column(t(key, self.language), key=key)
        yield table

    @property
    def table(self) -> DataTable[object]:
        return self.query_one("#today", DataTable)

    def show(self, snapshot: Snapshot, now: datetime) -> None:
        """Show a new snapshot; the cursor stays on the row it was on."""
        self.snapshot = snapshot
        table = self.table
        keys = [f"{d.rule}:{d.subject}" for d in snapshot.deadlines]
        current = None
        if table.row_count and table.cursor_row < table.row_count:
            current = table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value
        with self.app.batch_update():
            table.clear()
            for key, deadline in zip(keys, snapshot.deadlines, strict=True):
                table.add_row(snapshot.rule_names.get(deadline.rule, deadline.rule),
                              deadline.subject, deadline.order_id or "",
                              local_time(deadline.due, self.timezone, self.language),
                              self._left(deadline.due, now, is_overdue(deadline, now)), key=key)
            if current in keys:
                table.move_cursor(row=keys.index(current))
        self.query_one("#headline", Static).update(self._headline(snapshot))

    def tick(self, now: datetime) -> None:
        """Recompute every countdown from the due instants held: no store read."""
        if self.snapshot is None:
            return
        table = self.table
        for deadline in self.snapshot.deadlines:
            key = f"{deadline.rule}:{deadline.subject}"
            table.update_cell(key, "remaining",
                              self._left(deadline.due, now, is_overdue(deadline, now)))

    def _colour(self, variable: str) -> str:
        return rich_colour(self.app.theme_variables.get(variable, "default"))

    def _left(self, due: datetime, now: datetime, overdue: bool) -> Text:
        seconds = int((due - now).total_seconds())
        if overdue or seconds <= 0:
            return Text(t("late_by", self.language, d=duration(-seconds, self.language)),
                        style=f"bold {self._colour('deadline-overdue')}")
        variable = "deadline-soon" if seconds < SOON_SECONDS else "deadline-open"
        return Text(t("in", self.language, d=duration(seconds, self.language)),
                    style=self._colour(variable))

    def _headline(self, snapshot: Snapshot) -> Text:
        text = Text()
        for line in snapshot.metrics:
            style = self._colour(f"metric-{line.status.value.replace('_', '-')}")
            text.append(f"{line.name} ", style="bold")
            text.append(percent(line.value, self.language), style=style)
            text.append("   ")
        return text
