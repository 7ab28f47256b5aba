"""Claims: Seller Central's tabs (Action requise, En cours d'examen, Contestation possible,
Toutes), each claim with its type, amount, stage, open deadline and weight in the ODR.
"Toutes" holds the last ``CLAIM_DAYS`` days and every claim still open; the order detail and
``aztui export`` have the older ones."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Static, Tab, Tabs

from aztui.domain.model import Claim
from aztui.i18n import t
from aztui.tui.cells import amount, when
from aztui.tui.panes.base import ORDER_BINDINGS, TablePane
from aztui.tui.snapshot import CLAIM_DAYS, ClaimRow, Snapshot

TABS = ("action", "review", "appeal", "all")
CLOCKED = ("action", "appeal")
"""Tabs of claims with a deadline each: the soonest first (the others, the latest filed)."""
TAB = Binding.Group("Tab", compact=True)
"""``[`` and ``]`` go through the tabs, shown as one key in the footer."""
COLUMNS = ("remaining", "due", "claim", "stage", "type", "amount", "odr", "order")


class ClaimsPane(TablePane):
    DEFAULT_CSS = """
    ClaimsPane > RowTable { height: 1fr; }
    ClaimsPane > #claim-tab-row { height: auto; }
    ClaimsPane #claim-tabs { width: 1fr; }
    ClaimsPane #claim-tab-keys { width: auto; padding: 0 1; color: $text-muted; }
    """
    TABLE_ID = "claims-table"
    COLUMNS = COLUMNS
    DROPS = ("order", "due", "claim", "type")
    """The amount, the stage and the weight in the ODR stay with the countdown."""
    SNOOZE_COLUMN = "stage"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "e", "app.claim_step('response_requested')", "Asked", id="claim.response_requested"
        ),
        Binding("s", "app.claim_step('responded')", "Responded", id="claim.responded"),
        Binding("d", "app.claim_decision", "Decision", id="claim.decision"),
        Binding("f", "app.claim_step('appeal_filed')", "Appeal", id="claim.appeal"),
        Binding("o", "app.appeal_outcome", "Appeal outcome", id="claim.appeal_outcome"),
        Binding("p", "app.evidence", "Evidence", id="claim.evidence"),
        Binding(
            "left_square_bracket", "tab(-1)", "Previous tab", id="claims.tab_previous", group=TAB
        ),
        Binding("right_square_bracket", "tab(1)", "Next tab", id="claims.tab_next", group=TAB),
        *ORDER_BINDINGS,
    ]

    def compose(self) -> ComposeResult:
        with Horizontal(id="claim-tab-row"):
            yield Tabs(
                *(
                    Tab(t(f"tab_{name}", self.language, days=CLAIM_DAYS), id=f"claims-{name}")
                    for name in TABS
                ),
                id="claim-tabs",
            )
            yield Static("[ ]", id="claim-tab-keys")
        yield self.new_table()
        yield self.filter_input()

    @property
    def tab(self) -> str:
        active = self.query_one(Tabs).active or "claims-action"
        return active.removeprefix("claims-")

    def action_tab(self, step: int) -> None:
        """``[`` / ``]``: the tab before or after, the rows keeping the focus."""
        tabs = self.query_one(Tabs)
        tabs.action_next_tab() if step > 0 else tabs.action_previous_tab()

    def on_tabs_tab_activated(self, event: Tabs.TabActivated) -> None:
        event.stop()
        focused = self.screen.focused
        if focused is not None and self in focused.ancestors_with_self:
            self.table.focus()  # a click on a tab: back to the rows
        if self.snapshot is not None and self.now is not None:
            self.show(self.snapshot, self.now)

    def rows(self) -> list[ClaimRow]:
        if self.snapshot is None:
            return []
        tab = self.tab
        rows = [row for row in self.snapshot.claims if tab in row.tabs]
        if tab in CLOCKED:
            rows.sort(
                key=lambda row: (
                    row.deadline.due if row.deadline else datetime.max.replace(tzinfo=UTC)
                )
            )
        return rows

    def show(self, snapshot: Snapshot, now: datetime) -> None:
        self.snapshot = snapshot
        rows = self.rows()
        self.set_clocks({r.claim.claim_id: r.deadline for r in rows if r.deadline}, now)
        self.refill((row.claim.claim_id, self._cells(row)) for row in rows)

    def show_claim_of(self, order_id: str) -> bool:
        """Put the cursor on a claim of ``order_id`` (one with an open deadline first), on
        the first tab that holds it; False when the order has no claim shown here."""
        if self.snapshot is None or self.now is None:
            return False
        rows = [r for r in self.snapshot.claims if r.claim.order_id == order_id]
        rows.sort(key=lambda r: r.deadline is None)
        if not rows:
            return False
        row = rows[0]
        self.query_one(Tabs).active = f"claims-{next(t for t in TABS if t in row.tabs)}"
        self.show(self.snapshot, self.now)
        index = self.table.index_of(row.claim.claim_id)
        if index is None:
            return False
        self.table.move_cursor(row=index)
        return True

    def order_of(self, key: str) -> str | None:
        claim = self.claim_of(key)
        return claim.order_id if claim is not None else None

    def claim_of(self, key: str) -> Claim | None:
        """The claim of a row, as the seller sees it (what an action on it expects)."""
        return next((r.claim for r in self.rows() if r.claim.claim_id == key), None)

    def _cells(self, row: ClaimRow) -> list[object]:
        claim, lang = row.claim, self.language
        money = amount(claim.amount, claim.currency, lang)
        due = when(row.deadline.due if row.deadline else None, self.timezone, lang)
        return [
            "",
            due,
            claim.claim_id,
            t(f"stage_{row.stage.value}", lang),
            t(claim.type.value, lang),
            money,
            t(f"odr_{row.odr.value}", lang),
            claim.order_id,
        ]
