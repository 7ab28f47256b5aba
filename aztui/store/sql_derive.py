"""The bundles a merge touched (``touched_bundles``, filled by ``sql_merge``) derived again.

When every rule is built in, the touched bundles that hold an order and nothing but its
shipments and claims are derived on columns (``aztui.domain.bulk_bundles``), a chunk at a
time: their derived rows replaced, their orders' and shipments' derived columns set. When a
policy value those rules read changes over time, only the bundles of an order alone are
(``aztui.domain.bulk_rules``). The others, and every bundle when a plugin brings a rule or
metric, are derived by the engine, chunk by chunk (``BundleWriter.derive_again``). It runs
inside the caller's transaction, with the same SQL on SQLite and PostgreSQL.
"""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import polars as pl

from aztui.domain.bulk_bundles import (
    SHIPMENT_FACT_COLUMNS,
    BundleDerivation,
    PolicyConstants,
    derive_bundles,
)
from aztui.domain.bulk_rules import ORDER_FACT_COLUMNS, NotColumnar, derive_orders
from aztui.domain.engine import Engine
from aztui.store.bundles import MAX_EPOCH, ORDER_DERIVED, SHIPMENT_DERIVED
from aztui.store.codec import CODECS, Codec, _base_type
from aztui.store.sql_write import BundleWriter

TOUCHED = "touched_bundles"
DERIVE_CHUNK = 20_000
"""Bundles derived on columns at a time."""
ENGINES_ONLY = ("returns", "messages", "feedback", "chargebacks")
"""Records no columnar rule reads: a bundle that holds one is the engine's."""
assert ORDER_DERIVED == ORDER_FACT_COLUMNS and SHIPMENT_DERIVED == SHIPMENT_FACT_COLUMNS


def _on_columns(tables: Sequence[str]) -> str:
    """Marks (``done = 2``) the touched bundles that hold an order and none of ``tables``."""
    return (
        f"UPDATE {TOUCHED} SET done = 2 WHERE done = 0 "
        f"AND EXISTS (SELECT 1 FROM orders o WHERE o.order_id = {TOUCHED}.key) AND "
        + " AND ".join(
            f"NOT EXISTS (SELECT 1 FROM {table} r WHERE r.order_id = {TOUCHED}.key)"
            for table in tables
        )
    )


def frame_schema(codec: Codec) -> dict[str, pl.DataType]:
    """The columns of a record type as the store encodes them (``bulk_rules``' convention)."""
    hints = typing.get_type_hints(codec.cls)
    return {
        f.name: pl.Int64() if _base_type(hints[f.name]) in (datetime, bool, int) else pl.String()
        for f in dataclasses.fields(codec.cls)
    }


async def derive_touched(db: Any, engine: Engine) -> int:
    """Derive again the bundles in ``touched_bundles``: on columns those that can be, the
    others by the engine. How many."""
    count = 0
    if engine.builtin_only:
        try:
            constants: PolicyConstants | None = PolicyConstants.of(engine.policy)
        except NotColumnar:
            constants = None
        count += await _derive_on_columns(db, constants)
    keys = [
        row[0]
        for row in await db.execute_fetchall(
            f"SELECT key FROM {TOUCHED} WHERE done = 0 ORDER BY key"
        )
    ]
    if keys:
        await BundleWriter(db, engine).derive_again(keys)
    await db.execute(f"DELETE FROM {TOUCHED}")
    return count + len(keys)


def _orders_alone(orders: pl.DataFrame) -> BundleDerivation:
    derived = derive_orders(orders)
    shipments = pl.DataFrame(
        schema={"order_id": pl.String, "tracking_number": pl.String}
        | dict.fromkeys(SHIPMENT_FACT_COLUMNS, pl.Int64)
    )
    facts = pl.concat([orders.select("order_id"), derived.facts], how="horizontal")
    return BundleDerivation(facts, shipments, derived.deadlines, derived.risks)


async def _derive_on_columns(db: Any, constants: PolicyConstants | None) -> int:
    """The touched bundles of an order with its shipments and claims (of an order alone
    without ``constants``), derived on columns. How many."""
    tables = ENGINES_ONLY if constants is not None else (*ENGINES_ONLY, "shipments", "claims")
    await db.execute(_on_columns(tables))
    picked = f"IN (SELECT key FROM {TOUCHED} WHERE done = 2)"
    for table in ("deadlines", "risks", "metric_facts"):
        await db.execute(f"DELETE FROM {table} WHERE bundle {picked}")
    frames = {t: (CODECS[t], frame_schema(CODECS[t])) for t in ("order", "shipment", "claim")}

    async def frame(record_type: str, where: str, values: tuple) -> pl.DataFrame:
        codec, schema = frames[record_type]
        rows = await db.execute_fetchall(
            f"SELECT {', '.join('r.' + c for c in codec.columns)} FROM {TOUCHED} t "
            f"JOIN {codec.table} r ON r.order_id = t.key WHERE t.done = 2 AND {where}",
            values,
        )
        return pl.DataFrame(rows, schema=schema, orient="row")

    count = 0
    after = ""
    while True:
        orders = await frame("order", f"t.key > ? ORDER BY t.key LIMIT {DERIVE_CHUNK}", (after,))
        if orders.is_empty():
            return count
        span = (after, orders["order_id"][-1])
        after = span[1]
        count += orders.height
        if constants is None:
            derived = _orders_alone(orders)
        else:
            shipments = await frame("shipment", "t.key > ? AND t.key <= ?", span)
            claims = await frame("claim", "t.key > ? AND t.key <= ?", span)
            derived = derive_bundles(orders, shipments, claims, constants)
        await _insert(db, "deadlines", derived.deadlines)
        await _insert(
            db, "risks", derived.risks.with_columns(pl.col("active_until").fill_null(MAX_EPOCH))
        )
        await _update(db, "orders", ("order_id",), derived.orders)
        await _update(db, "shipments", ("order_id", "tracking_number"), derived.shipments)


async def _insert(db: Any, table: str, frame: pl.DataFrame) -> None:
    if frame.is_empty():
        return
    if copy_csv := getattr(db, "copy_csv", None):  # PostgreSQL
        await copy_csv(table, frame.columns, frame.write_csv(include_header=False))
        return
    marks = ", ".join("?" * frame.width)
    await db.executemany(
        f"INSERT INTO {table} ({', '.join(frame.columns)}) VALUES ({marks})", frame.rows()
    )


async def _update(db: Any, table: str, keys: Sequence[str], frame: pl.DataFrame) -> None:
    """The derived columns of ``table``'s rows set from ``frame`` (``keys`` and those)."""
    if frame.is_empty():
        return
    columns = [c for c in frame.columns if c not in keys]
    if copy_csv := getattr(db, "copy_csv", None):  # PostgreSQL: COPY, then one UPDATE
        facts = f"{table}_facts"
        await db.execute(
            f"CREATE TEMP TABLE IF NOT EXISTS {facts} AS "
            f"SELECT {', '.join(frame.columns)} FROM {table} WHERE false"
        )
        await db.execute(f"DELETE FROM {facts}")
        await copy_csv(facts, frame.columns, frame.write_csv(include_header=False))
        sets = ", ".join(f"{c} = f.{c}" for c in columns)
        match = " AND ".join(f"{table}.{k} = f.{k}" for k in keys)
        await db.execute(f"UPDATE {table} SET {sets} FROM {facts} f WHERE {match}")
        return
    sets = ", ".join(f"{c} = ?" for c in columns)
    await db.executemany(
        f"UPDATE {table} SET {sets} WHERE {' AND '.join(f'{k} = ?' for k in keys)}",
        frame.select(*columns, *keys).rows(),
    )
