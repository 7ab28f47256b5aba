"""The columnar form of the built-in rules gives, order by order, the rows the engine gives."""

from __future__ import annotations

import dataclasses
import typing
from datetime import datetime
from typing import Any

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from aztui.domain.bulk_rules import derive_orders
from aztui.domain.engine import Engine
from aztui.domain.model import CancelledBy, Fulfillment, Order, OrderBundle, OrderStatus
from aztui.store.bundles import MAX_EPOCH, deadline_rows, order_columns, risk_rows
from aztui.store.codec import CODECS
from tests.domain.builders import FR, at
from tests.ingest.strategies import instants, simple_records

ENGINE = Engine(FR)


def frame_of(orders: list[Order]) -> pl.DataFrame:
    """Orders as the store encodes them, one column per field."""
    hints = typing.get_type_hints(Order)
    fields = [f.name for f in dataclasses.fields(Order)]
    rows = [CODECS["order"].encode(o) for o in orders]

    def dtype(name: str) -> pl.DataType:
        kinds = typing.get_args(hints[name]) or (hints[name],)
        return pl.Int64() if datetime in kinds or bool in kinds else pl.String()

    return pl.DataFrame(
        {
            name: pl.Series([row[i] for row in rows], dtype=dtype(name))
            for i, name in enumerate(fields)
        }
    )


def both_ways(orders: list[Order]) -> tuple[dict[str, list], dict[str, list]]:
    derivations = ENGINE.derive_many([OrderBundle(o.order_id, o) for o in orders])
    engine: dict[str, list[Any]] = {
        "facts": [order_columns(d) for d in derivations],
        "deadlines": sorted(deadline_rows(derivations)),
        "risks": sorted(risk_rows(derivations)),
    }
    derived = derive_orders(frame_of(orders))
    columnar: dict[str, list[Any]] = {
        "facts": derived.facts.rows(),
        "deadlines": sorted(derived.deadlines.rows()),
        "risks": sorted(
            derived.risks.with_columns(pl.col("active_until").fill_null(MAX_EPOCH)).rows()
        ),
    }
    return engine, columnar


# Orders whose fields matter to the rules, in every combination hypothesis finds.
orders = st.builds(
    Order,
    order_id=st.uuids().map(str),
    purchase_date=instants,
    status=st.sampled_from(list(OrderStatus)) | st.none(),
    fulfillment=st.sampled_from(list(Fulfillment)) | st.none(),
    latest_ship_date=instants | st.none(),
    latest_delivery_date=instants | st.none(),
    cancelled_at=instants | st.none(),
    cancelled_by=st.sampled_from(list(CancelledBy)) | st.none(),
    buyer_requested_cancel=st.booleans() | st.none(),
    out_of_stock=st.booleans() | st.none(),
    verge_of_late_shipment=st.booleans() | st.none(),
    verge_of_cancellation=st.booleans() | st.none(),
)


@settings(max_examples=300)
@given(st.lists(orders, min_size=1, max_size=40, unique_by=lambda o: o.order_id))
def test_the_columnar_rules_give_the_engines_rows(batch):
    engine, columnar = both_ways(batch)
    assert columnar == engine


@given(st.lists(simple_records(Order), min_size=1, max_size=20, unique_by=lambda o: o.order_id))
def test_any_order_at_all_gives_the_same_rows(batch):
    engine, columnar = both_ways(batch)
    assert columnar == engine


def test_a_hand_computed_case():
    unshipped = Order(
        "A",
        at("2026-11-20T10:00Z"),
        status=OrderStatus.UNSHIPPED,
        latest_ship_date=at("2026-11-21T22:59:59Z"),
        out_of_stock=True,
    )
    amazon = Order(
        "B",
        at("2026-11-20T10:00Z"),
        fulfillment=Fulfillment.AFN,
        status=OrderStatus.SHIPPED,
        latest_ship_date=at("2026-11-21T22:59:59Z"),
    )
    cancelled = Order(
        "C",
        at("2026-11-20T10:00Z"),
        status=OrderStatus.CANCELED,
        cancelled_by=CancelledBy.SELLER,
        out_of_stock=True,
    )
    derived = derive_orders(frame_of([unshipped, amazon, cancelled]))
    assert derived.facts.rows() == [(1, 0, 1, 1, 0), (0, 0, 0, 0, 0), (1, 0, 0, 0, 1)]
    assert derived.deadlines.rows() == [
        (
            "A",
            "ship_confirmation",
            "A",
            "A",
            int(at("2026-11-21T22:59:59Z").timestamp()),
            None,
            0,
            None,
            0,
            "overdue",
        )
    ]
    assert derived.risks.select("order_id", "signal").rows() == [("A", "cancel_out_of_stock")]
