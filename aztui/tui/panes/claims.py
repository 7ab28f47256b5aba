"""Claims: Seller Central's tabs (Action requise, En cours d'examen, Contestation possible,
Toutes), each claim with its type, amount, stage, open deadline and weight in the ODR."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Tab, Tabs

from aztui.i18n import t
from aztui.tui.cells import countdown, when
from aztui.tui.panes.base import ORDER_BINDINGS, TablePane
from aztui.tui.snapshot import ClaimRow, Snapshot, is_overdue

TABS = ("action", "review", "appeal", "all")
COLUMNS = ("remaining", "due", "claim", "stage", "type", "amount", "odr", "order")


class ClaimsPane(TablePane):
    DEFAULT_CSS = """
    ClaimsPane > DataTable { height: 1fr; }
    """
    TABLE_ID = "claims-table"
    COLUMNS = COLUMNS
    BINDINGS = [
        Binding("e", "app.claim_step('response_requested')", "Asked",
                id="claim.response_requested"),
        Binding("s", "app.claim_step('responded')", "Responded",
                id="claim.responded"),
        Binding("d", "app.claim_decision", "Decision", id="claim.decision"),
        Binding("f", "app.claim_step('appeal_filed')", "Appeal", id="claim.appeal"),
        Binding("o", "app.appeal_outcome", "Appeal outcome",
                id="claim.appeal_outcome"),
        Binding("p", "app.evidence", "Evidence", id="claim.evidence"),
        *ORDER_BINDINGS,
    ]

    def compose(self) -> ComposeResult:
        yield Tabs(*(Tab(t(f"tab_{name}", self.language), id=f"claims-{name}")
                     for name in TABS), id="claim-tabs")
        yield self.new_table()
        yield self.filter_input()

    @property
    def tab(self) -> str:
        active = self.query_one(Tabs).active or "claims-action"
        return active.removeprefix("claims-")

    def on_tabs_tab_activated(self, event: Tabs.TabActivated) -> None:
        event.stop()
        if self.snapshot is not None and self.now is not None:
            self.show(self.snapshot, self.now)

    def rows(self) -> list[ClaimRow]:
        if self.snapshot is None:
            return []
        return [row for row in self.snapshot.claims if self.tab in row.tabs]

    def show(self, snapshot: Snapshot, now: datetime) -> None:
        self.snapshot, self.now = snapshot, now
        self.refill((row.claim.claim_id, self._cells(row, now)) for row in self.rows())

    def order_of(self, key: str) -> str | None:
        return next((r.claim.order_id for r in self.rows() if r.claim.claim_id == key), None)

    def tick(self, now: datetime) -> None:
        self.now = now
        for row in self.rows():
            if row.deadline is not None:
                self.update(row.claim.claim_id, "remaining", self._left(row, now))

    def _left(self, row: ClaimRow, now: datetime) -> Text | str:
        if row.deadline is None:
            return ""
        return countdown(row.deadline.due, now, is_overdue(row.deadline, now), self.language,
                         self.app.theme_variables)

    def _cells(self, row: ClaimRow, now: datetime) -> list[object]:
        claim, lang = row.claim, self.language
        amount = "" if claim.amount is None else f"{claim.amount:.2f} {claim.currency or ''}"
        due = when(row.deadline.due if row.deadline else None, self.timezone, lang)
        return [self._left(row, now), due, claim.claim_id, t(f"stage_{row.stage.value}", lang),
                t(claim.type.value, lang), amount.strip(), t(f"odr_{row.odr.value}", lang),
                claim.order_id]
