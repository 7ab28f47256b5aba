"""The built-in rules over a whole column of orders at once: the bulk path of a large import.

A file of a million orders becomes a million bundles that hold an order and nothing else. For
those, the engine's result depends on the order's own fields only, so it can be computed on
columns (polars) instead of one bundle at a time: the derived columns of ``facts.order_facts``,
the ``ship_confirmation`` deadline of ``deadlines.ShipConfirmation`` and the signals of
``risks.order_risks`` (out of stock, Amazon's warnings). Every other built-in rule and signal
needs a shipment, return, claim, message, feedback or chargeback, so it yields nothing here.

This is a second form of those rules, kept beside them and checked against them: the tests
derive random orders both ways and require the same rows. A rule or metric registered by a
plugin has no columnar form, so a store only takes this path when the engine has none.

Columns follow the store's encoding: instants are UTC epoch seconds (Int64), enums their value,
yes/no values 0/1, unknown values null.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import polars as pl

from aztui.domain.model import CancelledBy, Fulfillment, OrderStatus
from aztui.domain.risks import AMAZON_WARNINGS, OUT_OF_STOCK_DETAIL

ORDER_FACT_COLUMNS = ("mfn", "odr_defect", "late_population", "late", "seller_cancel")
DEADLINE_COLUMNS = (
    "bundle",
    "rule",
    "subject",
    "order_id",
    "due",
    "starts_at",
    "done",
    "done_at",
    "closed",
    "after_due",
)
RISK_COLUMNS = ("bundle", "signal", "order_id", "subject", "detail", "active_from", "active_until")


class NotColumnar(Exception):
    """The records cannot be taken as columns after all: read them one by one instead."""


@dataclass(frozen=True, slots=True)
class RecordColumns:
    """Records of one type from one source, as batches of columns: one column per domain
    field, in the store's encoding, each batch sorted by key. Taking a batch may raise
    ``NotColumnar``. ``batches`` that can be iterated again from the start (not an iterator)
    let a store try a lost write again."""

    record_type: str
    batches: Iterable[pl.DataFrame]
    source: str = ""


@dataclass(frozen=True, slots=True)
class OrderDerivation:
    """What the engine derives from order-only bundles, as frames."""

    facts: pl.DataFrame
    """One row per order, in the frame's order: the columns of ``ORDER_FACT_COLUMNS``."""
    deadlines: pl.DataFrame
    """Rows of ``DEADLINE_COLUMNS``."""
    risks: pl.DataFrame
    """Rows of ``RISK_COLUMNS``; ``active_until`` null means until the order changes."""


def flag(condition: pl.Expr) -> pl.Expr:
    """A condition as the store keeps a yes/no: 0/1, unknown as 0."""
    return condition.fill_null(False).cast(pl.Int64)


def merchant() -> pl.Expr:
    """``Order.is_mfn``."""
    return pl.col("fulfillment").fill_null("") != Fulfillment.AFN.value


def cancelled() -> pl.Expr:
    """``Order.is_cancelled``."""
    status = pl.col("status").fill_null("")
    return (status == OrderStatus.CANCELED.value) | pl.col("cancelled_at").is_not_null()


CONFIRMED = "confirmed_min"
"""An optional column of ``derive_orders``: the earliest ship confirmation of the order's
shipments (null when none)."""
DEFECT = "claim_defect"
"""An optional column of ``derive_orders``: 1 when one of the order's claims counts in ODR."""


def derive_orders(orders: pl.DataFrame) -> OrderDerivation:
    """The built-in derivation of the order of each bundle (``orders`` columns are the
    ``Order`` fields, and ``CONFIRMED`` and ``DEFECT`` when the bundle holds shipments or
    claims: ``bulk_bundles``). No policy value is read: none of these rules depends on one."""
    for name in (CONFIRMED, DEFECT):
        if name not in orders.columns:
            orders = orders.with_columns(pl.lit(None, pl.Int64).alias(name))
    confirmed = pl.col(CONFIRMED)
    status = pl.col("status").fill_null("")
    mfn = merchant()
    is_cancelled = cancelled()
    shipped = status == OrderStatus.SHIPPED.value
    late_population = mfn & ~is_cancelled & pl.col("latest_ship_date").is_not_null()
    seller_cancel = (
        mfn
        & is_cancelled
        & (pl.col("cancelled_by").fill_null("") == CancelledBy.SELLER.value)
        & (pl.col("buyer_requested_cancel").fill_null(0) == 0)
    )
    late = pl.when(confirmed.is_not_null()).then(confirmed > pl.col("latest_ship_date"))
    facts = orders.select(
        flag(mfn).alias("mfn"),
        flag(mfn & (pl.col(DEFECT).fill_null(0) == 1)).alias("odr_defect"),
        flag(late_population).alias("late_population"),
        flag(late_population & late.otherwise(~shipped)).alias("late"),
        flag(seller_cancel).alias("seller_cancel"),
    )
    ship_confirmation = (
        mfn
        & pl.col("latest_ship_date").is_not_null()
        & (status != OrderStatus.PENDING.value)
        & ~is_cancelled
    )
    deadlines = orders.filter(ship_confirmation).select(
        pl.col("order_id").alias("bundle"),
        pl.lit("ship_confirmation").alias("rule"),
        pl.col("order_id").alias("subject"),
        pl.col("order_id"),
        pl.col("latest_ship_date").alias("due"),
        pl.lit(None, pl.Int64).alias("starts_at"),
        flag(shipped | confirmed.is_not_null()).alias("done"),
        confirmed.alias("done_at"),
        pl.lit(0, pl.Int64).alias("closed"),
        pl.lit("overdue").alias("after_due"),
    )
    signals = [
        (
            "cancel_out_of_stock",
            OUT_OF_STOCK_DETAIL,
            (pl.col("out_of_stock").fill_null(0) == 1) & ~is_cancelled,
        )
    ]
    signals += [
        (signal, detail, (pl.col(signal).fill_null(0) == 1) & ~is_cancelled & ~shipped)
        for signal, detail in AMAZON_WARNINGS.items()
    ]
    risks = pl.concat(
        [
            orders.filter(when).select(
                pl.col("order_id").alias("bundle"),
                pl.lit(signal).alias("signal"),
                pl.col("order_id"),
                pl.col("order_id").alias("subject"),
                pl.lit(detail).alias("detail"),
                pl.col("purchase_date").alias("active_from"),
                pl.lit(None, pl.Int64).alias("active_until"),
            )
            for signal, detail, when in signals
        ]
    )
    return OrderDerivation(facts, deadlines, risks)
