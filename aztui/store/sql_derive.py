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

from aztui.domain.bulk_bundles import SHIPMENT_FACT_COLUMNS, BundleDerivation, derive_bundles
from aztui.domain.bulk_columns import PolicyConstants
from aztui.domain.bulk_rules import ORDER_FACT_COLUMNS, NotColumnar, derive_orders
from aztui.domain.engine import Engine
from aztui.store.bundles import MAX_EPOCH, ORDER_DERIVED, SHIPMENT_DERIVED
from aztui.store.codec import CODECS, Codec, _base_type
from aztui.store.sql_write import BundleWriter

TOUCHED = "touched_bundles"
DERIVE_CHUNK = 20_000
"""Bundles derived on columns at a time."""
SHIPMENT_KEY = CODECS["shipment"].key
DERIVED = {"order": ORDER_DERIVED, "shipment": SHIPMENT_DERIVED}
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
    await db.execute(
        f"DELETE FROM metric_facts WHERE bundle IN (SELECT key FROM {TOUCHED} WHERE done = 2)"
    )
    count = 0
    after = ""
    while True:
        orders, facts = await _records(
            db, "order", f"t.key > ? ORDER BY t.key LIMIT {DERIVE_CHUNK}", after
        )
        if orders.is_empty():
            return count
        span = (after, orders["order_id"][-1])
        after = span[1]
        count += orders.height
        if constants is None:
            derived = _orders_alone(orders)
            held = pl.DataFrame(schema=derived.shipments.schema)
        else:
            shipments, held = await _records(db, "shipment", SPAN, *span)
            claims, _ = await _records(db, "claim", SPAN, *span)
            derived = derive_bundles(orders, shipments, claims, constants)
        risks = derived.risks.with_columns(pl.col("active_until").fill_null(MAX_EPOCH))
        await _replace(db, "deadlines", ("bundle", "rule", "subject"), derived.deadlines, span)
        await _replace(db, "risks", ("bundle", "signal", "subject"), risks, span)
        await _update(db, "orders", ("order_id",), derived.orders, facts)
        await _update(db, "shipments", SHIPMENT_KEY, derived.shipments, held)


SPAN = "t.key > ? AND t.key <= ?"
"""The touched bundles of a chunk: keys after the previous chunk's last, up to its own."""


async def _rows(db: Any, sql: str, schema: dict[str, Any], *values: str) -> pl.DataFrame:
    return pl.DataFrame(await db.execute_fetchall(sql, values), schema=schema, orient="row")


async def _records(
    db: Any, record_type: str, where: str, *values: str
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The stored records of a type in the bundles ``where`` picks, as columns, and their
    key with the derived columns they hold."""
    codec = CODECS[record_type]
    derived = DERIVED.get(record_type, ())
    schema = frame_schema(codec) | dict.fromkeys(derived, pl.Int64())
    rows = await _rows(
        db,
        f"SELECT {', '.join('r.' + c for c in schema)} FROM {TOUCHED} t "
        f"JOIN {codec.table} r ON r.order_id = t.key WHERE t.done = 2 AND {where}",
        schema,
        *values,
    )
    return rows.select(codec.columns), rows.select(*codec.key, *derived)


def _alike(new: pl.DataFrame, old: pl.DataFrame, keys: Sequence[str]) -> pl.DataFrame:
    """The ``keys`` that hold one row in ``new`` and one equal row in ``old`` (nulls equal):
    what needs no writing."""
    on = list(keys)
    once = [f.group_by(on).len().filter(pl.col("len") == 1).drop("len") for f in (new, old)]
    pairs = new.join(once[0], on=on, how="semi").join(
        old.join(once[1], on=on, how="semi"), on=on, how="inner", suffix="_old"
    )
    same = pl.all_horizontal(
        pl.col(c).eq_missing(pl.col(f"{c}_old")) for c in new.columns if c not in keys
    )
    return pairs.filter(same).select(on)


async def _replace(
    db: Any, table: str, keys: Sequence[str], new: pl.DataFrame, span: tuple[str, str]
) -> None:
    """The derived rows of ``table`` in the chunk's bundles made ``new``, only where they
    changed: a key with one row before and after updated in place, a new key inserted, any
    other changed key's rows deleted and inserted again."""
    old = await _rows(
        db,
        f"SELECT {', '.join('d.' + c for c in new.columns)} FROM {table} d "
        f"WHERE d.bundle IN (SELECT t.key FROM {TOUCHED} t WHERE t.done = 2 AND {SPAN})",
        dict(new.schema),
        *span,
    )
    on = list(keys)
    changed = (
        pl.concat([new.select(on), old.select(on)])
        .unique()
        .join(_alike(new, old, keys), on=on, how="anti")
    )
    if changed.is_empty():
        return
    changed = changed.join(old.group_by(on).len("before"), on=on, how="left").join(
        new.group_by(on).len("after"), on=on, how="left"
    )
    in_place = ((pl.col("before") == 1) & (pl.col("after") == 1)).fill_null(False)
    await _set(db, table, keys, new.join(changed.filter(in_place), on=on, how="semi"))
    redone = changed.filter(pl.col("before").is_not_null() & ~in_place).select(on)
    if not redone.is_empty():
        gone = f"{table}_gone"
        await db.execute(
            f"CREATE TEMP TABLE IF NOT EXISTS {gone} AS SELECT {', '.join(on)} FROM {table} "
            "WHERE false"
        )
        await db.execute(f"DELETE FROM {gone}")
        await _insert(db, gone, redone)
        listed = ", ".join(on)
        await db.execute(f"DELETE FROM {table} WHERE ({listed}) IN (SELECT {listed} FROM {gone})")
    added = changed.filter(pl.col("before").is_null() | ~in_place)
    await _insert(db, table, new.join(added, on=on, how="semi"))


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


async def _update(
    db: Any, table: str, keys: Sequence[str], frame: pl.DataFrame, held: pl.DataFrame
) -> None:
    """The derived columns of ``table``'s rows set from ``frame`` (``keys`` and those) where
    they differ from those it ``held``."""
    await _set(db, table, keys, frame.join(_alike(frame, held, keys), on=list(keys), how="anti"))


async def _set(db: Any, table: str, keys: Sequence[str], frame: pl.DataFrame) -> None:
    """The other columns of ``frame`` set in the rows of ``table`` with its ``keys``."""
    if frame.is_empty():
        return
    columns = [c for c in frame.columns if c not in keys]
    if copy_csv := getattr(db, "copy_csv", None):  # PostgreSQL: COPY, then one UPDATE
        facts = f"{table}_set"
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
