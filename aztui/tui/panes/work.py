"""Returns, shipments and messages: each the open deadlines of its rules, with what the store
knows of the object and its order, and the risk signals that weigh on it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType

from aztui.domain.deadlines import Deadline
from aztui.domain.model import (
    BuyerMessage,
    OrderBundle,
    Record,
    ReturnRequest,
    TrackingStatus,
)
from aztui.i18n import signal_name, t
from aztui.tui.cells import amount, signals_shown, when
from aztui.tui.panes.base import ORDER_BINDINGS, TablePane
from aztui.tui.snapshot import Snapshot


class RulePane(TablePane):
    """The open deadlines of ``RULES``, one row each; a subclass says what else to show."""

    DEFAULT_CSS = """
    RulePane > RowTable { height: 1fr; }
    """
    RULES: Sequence[str] = ()
    BINDINGS: ClassVar[list[BindingType]] = ORDER_BINDINGS

    def __init__(self, language: str, timezone: str, **kwargs: object) -> None:
        super().__init__(language, timezone, **kwargs)
        self.unclocked: dict[str, str] = {}
        """Rows with no deadline: their order, by row key."""

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
            bundle = self.bundle(deadline.order_id)
            rows.append(
                (
                    deadline.subject,
                    [
                        "",
                        when(deadline.due, self.timezone, self.language),
                        *self.cells(deadline, bundle),
                        self._risks(bundle),
                    ],
                )
            )
        self.unclocked = {key: order for key, order in self.other_rows() if key not in self.clocks}
        for key, order_id in self.unclocked.items():
            bundle = self.bundle(order_id)
            rows.append((key, ["", "", *self.order_cells(order_id, bundle), self._risks(bundle)]))
        self.refill(rows)

    def bundle(self, order_id: str | None) -> OrderBundle:
        assert self.snapshot is not None
        return self.snapshot.bundles.get(order_id or "") or OrderBundle(order_id or "", None)

    def other_rows(self) -> list[tuple[str, str]]:
        """Rows with no deadline, as (key, order id), after those with one (none here)."""
        return []

    def order_cells(self, order_id: str, bundle: OrderBundle) -> list[object]:
        """The cells of a row with no deadline, between the clock and the risks."""
        raise NotImplementedError

    def order_of(self, key: str) -> str | None:
        deadline = self.clocks.get(key)
        return deadline.order_id if deadline is not None else self.unclocked.get(key)

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
        signals = signals_shown({r.signal for r in self.snapshot.risks_of(bundle.order_id)})
        return ", ".join(signal_name(s, self.language) for s in sorted(signals))


def _when(pane: TablePane, instant: datetime | None) -> str:
    return when(instant, pane.timezone, pane.language)


class ReturnsPane(RulePane):
    """Return requests and their 2-day clock; ``a`` marks one acted on."""

    TABLE_ID = "returns-table"
    RULES = ("return_request_response",)
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "app.mark_done", "Acted on", id="row.done")
    ]
    COLUMNS = ("remaining", "due", "return", "order", "requested", "return_status", "risks_column")
    DROPS = ("requested", "due", "order", "return_status")
    SNOOZE_COLUMN = "return"

    def cells(self, deadline: Deadline, bundle: OrderBundle) -> list[object]:
        ret = next((r for r in bundle.returns if r.return_id == deadline.subject), None)
        status = (
            ""
            if ret is None or ret.status is None
            else t(f"return_{ret.status.value}", self.language)
        )
        return [
            deadline.subject,
            deadline.order_id or "",
            _when(self, ret.requested_at if ret else None),
            status,
        ]

    def done(self, key: str, now: datetime, *, no_response: bool = False) -> Record | None:
        deadline = self.deadline(key)
        if deadline is None or deadline.starts_at is None or deadline.order_id is None:
            return None
        return ReturnRequest(key, deadline.order_id, deadline.starts_at, acted_at=now)


class ShipmentsPane(RulePane):
    """Orders to confirm by their ship-by date, then shipped orders that a risk signal weighs
    on (no tracking, an item-not-received claim possible, no Buy Shipping protection beside a
    delivery in doubt) until the parcel is delivered, and a high-value parcel delivered
    without a signature; with their carrier and tracking status."""

    TABLE_ID = "shipments-table"
    RULES = ("ship_confirmation",)
    SIGNALS = ("no_tracking", "signature_missing", "unprotected_shipping", "inr_exposure")
    COLUMNS = (
        "remaining",
        "due",
        "order",
        "purchased",
        "total",
        "carrier",
        "tracking",
        "tracking_status",
        "risks_column",
    )
    DROPS = ("purchased", "due", "carrier", "tracking_status")
    """The total, the tracking number and the risks stay with the countdown."""

    def cells(self, deadline: Deadline, bundle: OrderBundle) -> list[object]:
        return self.order_cells(deadline.subject, bundle)

    def other_rows(self) -> list[tuple[str, str]]:
        assert self.snapshot is not None
        signals: dict[str, set[str]] = {}
        for r in self.snapshot.risks:
            signals.setdefault(r.order_id, set()).add(r.signal)
        shown = {order_id: signals_shown(found) for order_id, found in signals.items()}
        orders = {
            r.order_id: r.active_from
            for r in self.snapshot.risks
            if r.signal in shown[r.order_id]
            and (
                r.signal == "signature_missing"
                or (r.signal in self.SIGNALS and not self._delivered(r.order_id))
            )
        }
        return [(order_id, order_id) for order_id in sorted(orders, key=orders.__getitem__)]

    def _delivered(self, order_id: str) -> bool:
        shipments = self.bundle(order_id).shipments
        return bool(shipments) and all(
            s.delivered_at is not None or s.status is TrackingStatus.DELIVERED for s in shipments
        )

    def order_cells(self, order_id: str, bundle: OrderBundle) -> list[object]:
        order = bundle.order
        shipment = bundle.shipments[-1] if bundle.shipments else None
        total = "" if order is None else amount(order.order_total, order.currency, self.language)
        status = shipment.status if shipment is not None else None
        return [
            order_id,
            _when(self, order.purchase_date if order else None),
            total,
            shipment.carrier or "" if shipment else "",
            shipment.tracking_number if shipment else "",
            t(f"tracking_{status.value}", self.language) if status else "",
        ]


class MessagesPane(RulePane):
    """Buyer messages and their 24-hour clock; ``a`` marks one answered."""

    TABLE_ID = "messages-table"
    RULES = ("buyer_message_response",)
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "app.mark_done", "Answered", id="row.done"),
        Binding("m", "app.mark_done(True)", "No response needed", id="message.no_response"),
    ]
    COLUMNS = ("remaining", "due", "message", "order", "received", "risks_column")
    DROPS = ("received", "due", "order")
    SNOOZE_COLUMN = "message"

    def cells(self, deadline: Deadline, bundle: OrderBundle) -> list[object]:
        return [deadline.subject, deadline.order_id or "", _when(self, deadline.starts_at)]

    def done(self, key: str, now: datetime, *, no_response: bool = False) -> Record | None:
        deadline = self.deadline(key)
        if deadline is None or deadline.starts_at is None:
            return None
        if no_response:
            return BuyerMessage(key, deadline.starts_at, deadline.order_id, no_response_needed=True)
        return BuyerMessage(key, deadline.starts_at, deadline.order_id, answered_at=now)
