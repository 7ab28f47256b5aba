"""What a bulk load writes, whatever the backend: a batch of orders and the rows the engine
derives from it, table by table, as columns (``aztui.domain.bulk_rules``)."""

from __future__ import annotations

import polars as pl

from aztui.domain.bulk_rules import derive_orders
from aztui.store.bundles import MAX_EPOCH


def derived_tables(orders: pl.DataFrame) -> dict[str, pl.DataFrame]:
    """The rows of every table a batch of orders fills."""
    derived = derive_orders(orders)
    return {
        "orders": pl.concat([orders, derived.facts], how="horizontal"),
        "deadlines": derived.deadlines,
        "risks": derived.risks.with_columns(pl.col("active_until").fill_null(MAX_EPOCH)),
    }
