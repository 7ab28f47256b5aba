"""Returns, shipments and messages: each the open deadlines of its rules, with what the store
knows of the object and its order, and the risk signals that weigh on it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from textual.app import ComposeResult
from textual.binding import Binding

from aztui.domain.deadlines import Deadline
from aztui.domain.model import BuyerMessage, OrderBundle, Record, ReturnRequest
from aztui.domain.risks import SIGNALS
from aztui.i18n import t
from aztui.tui.cells import when
from aztui.tui.panes.base import ORDER_BINDINGS, TablePane
from aztui.tui.snapshot import Snapshot


class RulePane(TablePane):
    """The open deadlines of ``RULES``, one row each; a subclass says what else to show."""

    DEFAULT_CSS = """
    RulePane > DataTable { height: 1fr; }
    """
    RULES: Sequence[str] = ()
    BINDINGS = ORDER_BINDINGS

    def compose(self) -> ComposeResult:
        yield self.new_table()
        yield self.filter_input()

    def deadlines(self) -> list[Deadline]:
        if self.snapshot is None:
            return []
        return [d for d in self.snapshot.active if d.rule in self.RULES]

    def show(self, snapshot: Snapshot, now: datetime) -> None:
        self.snapshot = snapshot
        self.set_clocks({d.subject: d for d in self.deadlines()}, now)
        rows = []
        for deadline in self.clocks.values():
            bundle = snapshot.bundles.get(deadline.order_id or "") or OrderBundle(
                deadline.order_id or "", None)
            rows.append((deadline.subject, [self.left(deadline, now),
                                            when(deadline.due, self.timezone, self.language),
                                            *self.cells(deadline, bundle), self._risks(bundle)]))
        self.refill(rows)

    def order_of(self, key: str) -> str | None:
        deadline = self.clocks.get(key)
        return deadline.order_id if deadline is not None else None

    def cells(self, deadline: Deadline, bundle: OrderBundle) -> list[object]:
        raise NotImplementedError

    def done(self, key: str, now: datetime, *, no_response: bool = False) -> Record | None:
        """The record that marks the row's deadline done at ``now`` (None: no such action);
        ``no_response``: a message that needs no answer."""
        return None

    def deadline(self, key: str) -> Deadline | None:
        return self.clocks.get(key)

    def _risks(self, bundle: OrderBundle) -> str:
        assert self.snapshot is not None
        signals = {r.signal for r in self.snapshot.risks_of(bundle.order_id)}
        return ", ".join(SIGNALS.get(s, {}).get(self.language, s) for s in sorted(signals))


def _when(pane: TablePane, instant: datetime | None) -> str:
    return when(instant, pane.timezone, pane.language)


class ReturnsPane(RulePane):
    """Return requests and their 2-day clock; ``a`` marks one acted on."""

    TABLE_ID = "returns-table"
    RULES = ("return_request_response",)
    BINDINGS = [Binding("a", "app.mark_done", "Acted on", id="row.done")]
    COLUMNS = ("remaining", "due", "return", "order", "requested", "return_status",
               "risks_column")

    def cells(self, deadline: Deadline, bundle: OrderBundle) -> list[object]:
        ret = next((r for r in bundle.returns if r.return_id == deadline.subject), None)
        status = "" if ret is None or ret.status is None else t(f"return_{ret.status.value}",
                                                                 self.language)
        return [deadline.subject, deadline.order_id or "",
                _when(self, ret.requested_at if ret else None), status]

    def done(self, key: str, now: datetime, *, no_response: bool = False) -> Record | None:
        deadline = self.deadline(key)
        if deadline is None or deadline.starts_at is None or deadline.order_id is None:
            return None
        return ReturnRequest(key, deadline.order_id, deadline.starts_at, acted_at=now)


class ShipmentsPane(RulePane):
    """Orders to confirm by their ship-by date, with what weighs on their shipping."""

    TABLE_ID = "shipments-table"
    RULES = ("ship_confirmation",)
    COLUMNS = ("remaining", "due", "order", "purchased", "total", "carrier", "tracking",
               "risks_column")

    def cells(self, deadline: Deadline, bundle: OrderBundle) -> list[object]:
        order = bundle.order
        shipment = bundle.shipments[-1] if bundle.shipments else None
        total = "" if order is None or order.order_total is None else \
            f"{order.order_total:.2f} {order.currency or ''}".strip()
        return [deadline.subject, _when(self, order.purchase_date if order else None), total,
                shipment.carrier or "" if shipment else "",
                shipment.tracking_number if shipment else ""]


class MessagesPane(RulePane):
    """Buyer messages and their 24-hour clock; ``a`` marks one answered."""

    TABLE_ID = "messages-table"
    RULES = ("buyer_message_response",)
    BINDINGS = [Binding("a", "app.mark_done", "Answered", id="row.done"),
                Binding("m", "app.mark_done(True)", "No response needed",
                        id="message.no_response")]
    COLUMNS = ("remaining", "due", "message", "order", "received", "risks_column")

    def cells(self, deadline: Deadline, bundle: OrderBundle) -> list[object]:
        return [deadline.subject, deadline.order_id or "",
                _when(self, deadline.starts_at)]

    def done(self, key: str, now: datetime, *, no_response: bool = False) -> Record | None:
        deadline = self.deadline(key)
        if deadline is None or deadline.starts_at is None:
            return None
        if no_response:
            return BuyerMessage(key, deadline.starts_at, deadline.order_id,
                                no_response_needed=True)
        return BuyerMessage(key, deadline.starts_at, deadline.order_id, answered_at=now)
