"""The two order reports: all orders (one row per item) and unshipped orders (to ship now).

Both give one row per order item; the items of an order become one ``Order``. All orders
gives the status, channel and prices (summed over the items Amazon did not cancel: a cancelled
item keeps its price in the report, but nothing of it is charged); unshipped orders gives the
ship-by date (``promise-date``) and Amazon's two warnings, ``verge-of-lateShipment`` and
``verge-of-cancellation``, which become risk signals. Neither has a ship-by date and a status
at once: import both, and the store merges them field by field. All orders names each row's
marketplace (``sales-channel``); unshipped orders names none (a real download:
tests/ingest/fixtures/amazon/real/unshipped_in.txt), so its orders take the file's, from
``aztui import --marketplace`` or the configuration.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from aztui.domain.model import Fulfillment, Order, OrderStatus, Record
from aztui.domain.words import fold
from aztui.ingest import values
from aztui.ingest.amazon import cells
from aztui.ingest.amazon.flatfile import Column, Problems, Report, Row
from aztui.ingest.columns import ParseContext
from aztui.ingest.values import Parser

ORDER_STATUSES: dict[str, OrderStatus] = {
    "pending": OrderStatus.PENDING,
    "pendingavailability": OrderStatus.PENDING,
    "pendingwaitingforpickup": OrderStatus.PENDING,
    "unshipped": OrderStatus.UNSHIPPED,
    "partiallyshipped": OrderStatus.PARTIALLY_SHIPPED,
    "shipping": OrderStatus.PARTIALLY_SHIPPED,
    "shipped": OrderStatus.SHIPPED,
    "complete": OrderStatus.SHIPPED,
    "cancelled": OrderStatus.CANCELED,
    "canceled": OrderStatus.CANCELED,
}
"""Amazon's ``order-status`` values (folded: no case, spaces or dashes)."""

CHANNELS: dict[str, Fulfillment] = {
    "merchant": Fulfillment.MFN,
    "mfn": Fulfillment.MFN,
    "amazon": Fulfillment.AFN,
    "afn": Fulfillment.AFN,
}


CANCELLED_ITEM = frozenset({"cancelled", "canceled"})
"""``item-status`` values (folded) of an item that was cancelled."""


def _item_cancelled(ctx: ParseContext) -> Parser:
    """Whether ``item-status`` says the item was cancelled; any other word is not."""
    return values.memoized(lambda cell: fold(cell) in CANCELLED_ITEM)


def _by_order(rows: Iterable[Row]) -> dict[str, list[Row]]:
    grouped: dict[str, list[Row]] = {}
    for row in rows:
        grouped.setdefault(row.values["order_id"], []).append(row)
    return grouped


def _first(items: list[Row], name: str) -> Any:
    return next((r.values[name] for r in items if r.values.get(name) is not None), None)


def _any(items: list[Row], name: str) -> bool | None:
    flags = [r.values[name] for r in items if r.values.get(name) is not None]
    return any(flags) if flags else None


def _total(items: list[Row], problems: Problems) -> tuple[Decimal | None, str | None]:
    """Item and shipping prices summed over the items not cancelled, in their one currency."""
    currencies = {r.values["currency"] for r in items if r.values.get("currency")}
    if len(currencies) > 1:
        problems.add(
            items[-1],
            "currency",
            f"differs from the order's other items ({', '.join(sorted(currencies))})",
        )
    prices = [
        r.values[n]
        for r in items
        if not r.values.get("item_cancelled")
        for n in ("item_price", "shipping_price")
        if r.values.get(n) is not None
    ]
    return (sum(prices, Decimal(0)) if prices else None), next(iter(currencies), None)


def _all_orders(rows: list[Row], ctx: ParseContext, problems: Problems) -> list[tuple[Record, int]]:
    out: list[tuple[Record, int]] = []
    for order_id, items in _by_order(rows).items():
        total, currency = _total(items, problems)
        out.append(
            (
                Order(
                    order_id,
                    _first(items, "purchase_date"),
                    marketplace=_first(items, "marketplace"),
                    status=_first(items, "status"),
                    fulfillment=_first(items, "fulfillment"),
                    order_total=total,
                    currency=currency,
                ),
                items[0].line,
            )
        )
    return out


def _unshipped(rows: list[Row], ctx: ParseContext, problems: Problems) -> list[tuple[Record, int]]:
    out: list[tuple[Record, int]] = []
    for order_id, items in _by_order(rows).items():
        promises = {r.values["promise"] for r in items if r.values.get("promise") is not None}
        out.append(
            (
                Order(
                    order_id,
                    _first(items, "purchase_date"),
                    marketplace=ctx.default_marketplace,
                    status=OrderStatus.UNSHIPPED,
                    fulfillment=Fulfillment.MFN,
                    latest_ship_date=min(promises) if promises else None,
                    verge_of_late_shipment=_any(items, "verge_late"),
                    verge_of_cancellation=_any(items, "verge_cancel"),
                ),
                items[0].line,
            )
        )
    return out


ALL_ORDERS = Report(
    "amazon-all-orders",
    "all orders (GET_FLAT_FILE_ALL_ORDERS_DATA_BY_ORDER_DATE_GENERAL)",
    (
        Column("amazon-order-id", "order_id", cells.identifier),
        Column("purchase-date", "purchase_date", cells.required_instant),
        Column("last-updated-date", "last_updated", cells.instant, required=False),
        Column("order-status", "status", cells.lookup(ORDER_STATUSES, "order status")),
        Column("fulfillment-channel", "fulfillment", cells.lookup(CHANNELS, "fulfillment channel")),
        Column("sales-channel", "marketplace", cells.marketplace, required=False),
        Column("item-status", "item_cancelled", _item_cancelled, required=False),
        Column("currency", "currency", cells.currency, required=False),
        Column("item-price", "item_price", cells.money, required=False),
        Column("shipping-price", "shipping_price", cells.money, required=False),
    ),
    _all_orders,
    signature="amazon-order-id",
)

UNSHIPPED_ORDERS = Report(
    "amazon-unshipped-orders",
    "unshipped orders (GET_FLAT_FILE_ACTIONABLE_ORDER_DATA_SHIPPING)",
    (
        Column("order-id", "order_id", cells.identifier),
        Column("order-item-id", "item_id", cells.text),
        Column("purchase-date", "purchase_date", cells.required_instant),
        Column("promise-date", "promise", cells.promise),
        Column("verge-of-lateShipment", "verge_late", cells.flag, required=False),
        Column("verge-of-cancellation", "verge_cancel", cells.flag, required=False),
    ),
    _unshipped,
    signature="order-item-id",
    states_marketplace=False,
)
