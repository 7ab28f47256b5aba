"""The columnar form of the built-in rules for bundles of an order, its shipments and claims
gives, bundle by bundle, the rows the engine gives."""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aztui.domain.bulk_bundles import derive_bundles
from aztui.domain.bulk_columns import PolicyConstants
from aztui.domain.bulk_rules import NotColumnar
from aztui.domain.engine import Engine
from aztui.domain.model import (
    REPORTED_CLAIM_PREFIX,
    CancelledBy,
    Claim,
    ClaimType,
    Fulfillment,
    Order,
    OrderBundle,
    OrderStatus,
    Record,
    Shipment,
    TrackingStatus,
)
from aztui.domain.policy import Policy, PolicyValue
from aztui.domain.tracking import stalled_key
from aztui.store.bundles import (
    MAX_EPOCH,
    deadline_rows,
    order_columns,
    risk_rows,
    shipment_columns,
)
from aztui.store.codec import CODECS
from tests.ingest.strategies import claims

BASE = datetime(2026, 11, 1, tzinfo=UTC)
near = st.integers(0, 12 * 86_400).map(lambda s: BASE + timedelta(seconds=s))
"""Instants a few days apart, so that every comparison of the rules goes both ways."""
maybe = near | st.none()
flags = st.booleans() | st.none()
ORDER_IDS = ["A", "B", "C"]

orders = st.builds(
    Order,
    order_id=st.sampled_from(ORDER_IDS),
    purchase_date=near,
    status=st.sampled_from(list(OrderStatus)) | st.none(),
    fulfillment=st.sampled_from(list(Fulfillment)) | st.none(),
    order_total=st.sampled_from(["12.50", "149.99", "150", "150.00", "150.005", "999.125"]).map(
        Decimal
    )
    | st.none(),
    currency=st.sampled_from(["EUR", "USD", ""]) | st.none(),
    latest_ship_date=maybe,
    latest_delivery_date=maybe,
    cancelled_at=st.none() | near,
    cancelled_by=st.sampled_from(list(CancelledBy)) | st.none(),
    buyer_requested_cancel=flags,
    out_of_stock=flags,
    verge_of_late_shipment=flags,
    verge_of_cancellation=flags,
)
shipments = st.builds(
    Shipment,
    order_id=st.sampled_from(ORDER_IDS),
    tracking_number=st.sampled_from(["", "T1", "T2"]),
    confirmed_at=maybe,
    carrier=st.sampled_from(["UPS", "Colissimo", ""]) | st.none(),
    buy_shipping=flags,
    claims_protected=flags,
    signature=flags,
    first_scan_at=maybe,
    delivered_at=maybe,
    status=st.sampled_from(list(TrackingStatus)) | st.none(),
    last_event_at=maybe,
)
bundle_claims = st.builds(
    lambda c, claim_id, order_id: dataclasses.replace(c, claim_id=claim_id, order_id=order_id),
    claims(),
    st.sampled_from(["C1", "C2", f"{REPORTED_CLAIM_PREFIX}A", f"{REPORTED_CLAIM_PREFIX}B"]),
    st.sampled_from(ORDER_IDS),
)


def frame_of(cls: type[Record], records: Sequence[Record]) -> pl.DataFrame:
    """Records as the store encodes them, one column per field."""
    hints = typing.get_type_hints(cls)
    fields = [f.name for f in dataclasses.fields(cls)]
    codec = CODECS[cls.record_type]
    rows = [codec.encode(r) for r in records]

    def dtype(name: str) -> pl.DataType:
        kinds = typing.get_args(hints[name]) or (hints[name],)
        return pl.Int64() if datetime in kinds or bool in kinds else pl.String()

    return pl.DataFrame(
        {
            name: pl.Series([row[i] for row in rows], dtype=dtype(name))
            for i, name in enumerate(fields)
        }
    )


def unique(records: list[Any]) -> list[Any]:
    return list({r.key: r for r in records}.values())


def both_ways(
    policy: Policy, batch: list[Order], sent: list[Shipment], claimed: list[Claim]
) -> tuple[dict[str, list], dict[str, list]]:
    held = {o.order_id for o in batch}
    sent = [s for s in sent if s.order_id in held]
    claimed = [c for c in claimed if c.order_id in held]
    bundles = [
        OrderBundle.of(
            o.order_id,
            o,
            [
                *(s for s in sent if s.order_id == o.order_id),
                *(c for c in claimed if c.order_id == o.order_id),
            ],
        )
        for o in batch
    ]
    derivations = Engine(policy).derive_many(bundles)
    engine: dict[str, list[Any]] = {
        "orders": sorted((d.order_id, *(order_columns(d) or ())) for d in derivations),
        "shipments": sorted(
            (*key, *columns) for d in derivations for key, columns in shipment_columns(d).items()
        ),
        "deadlines": sorted(deadline_rows(derivations)),
        "risks": sorted(risk_rows(derivations)),
    }
    derived = derive_bundles(
        frame_of(Order, batch),
        frame_of(Shipment, sent),
        frame_of(Claim, claimed),
        PolicyConstants.of(policy),
    )
    columnar: dict[str, list[Any]] = {
        "orders": sorted(derived.orders.rows()),
        "shipments": sorted(derived.shipments.rows()),
        "deadlines": sorted(derived.deadlines.rows()),
        "risks": sorted(
            derived.risks.with_columns(pl.col("active_until").fill_null(MAX_EPOCH)).rows()
        ),
    }
    return engine, columnar


UPS_STALLS = Policy("FR", extra_defaults={stalled_key("UPS"): PolicyValue(2, "test")})


@settings(max_examples=300)
@given(
    st.lists(orders, min_size=1, max_size=3).map(unique),
    st.lists(shipments, max_size=6).map(unique),
    st.lists(bundle_claims, max_size=4).map(unique),
    st.sampled_from([Policy("FR"), Policy("UK"), UPS_STALLS]),
)
def test_the_columnar_rules_give_the_engines_rows(batch, sent, claimed, policy):
    engine, columnar = both_ways(policy, batch, sent, claimed)
    assert columnar == engine


def test_a_bundle_of_each_kind_gives_rows():
    """The generated bundles do reach the rules: a hand-built one yields every table."""
    order = Order(
        "A",
        BASE,
        status=OrderStatus.SHIPPED,
        order_total=Decimal("200"),
        latest_ship_date=BASE + timedelta(days=1),
        latest_delivery_date=BASE + timedelta(days=3),
    )
    late = Shipment(
        "A",
        "T1",
        confirmed_at=BASE + timedelta(days=2),
        carrier="UPS",
        status=TrackingStatus.IN_TRANSIT,
        last_event_at=BASE + timedelta(days=2),
    )
    claim = Claim(
        "C1",
        "A",
        ClaimType.NOT_AS_DESCRIBED,
        BASE + timedelta(days=5),
        response_requested_at=BASE + timedelta(days=5),
    )
    engine, columnar = both_ways(UPS_STALLS, [order], [late], [claim])
    assert columnar == engine
    assert engine["orders"] == [("A", 1, 1, 1, 1, 0)]
    assert {r[1] for r in engine["risks"]} >= {"tracking_stalled", "signature_missing"}
    assert [r[1] for r in engine["deadlines"]] == ["claim_response", "ship_confirmation"]


def test_a_policy_that_changes_over_time_is_the_engines():
    changing = Policy("FR", {"claim_response.days": {"value": 5, "valid_from": date(2026, 1, 1)}})
    with pytest.raises(NotColumnar):
        PolicyConstants.of(changing)
    with pytest.raises(NotColumnar):
        PolicyConstants.of(Policy("FR", {"day_mode": "end_of_day"}))
