"""A large all-orders report read on columns gives the row reader's orders, or goes back to it."""

from __future__ import annotations

import random
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aztui.domain.bulk_rules import NotColumnar
from aztui.ingest import bulk_csv
from aztui.ingest.bulk_csv import read_columns
from aztui.store.codec import CODECS
from tests.ingest.helpers import FIXTURES, ZONE, read

AMAZON = FIXTURES / "amazon"
HEADER = [
    "amazon-order-id",
    "merchant-order-id",
    "purchase-date",
    "last-updated-date",
    "order-status",
    "fulfillment-channel",
    "sales-channel",
    "product-name",
    "sku",
    "item-status",
    "quantity",
    "currency",
    "item-price",
    "item-tax",
    "shipping-price",
    "ship-city",
    "ship-postal-code",
]


def by_columns(source: Path | bytes) -> list[tuple] | None:
    found = read_columns(
        source, marketplace_zone=ZONE, default_marketplace="FR", record_types={"order"}
    )
    if found is None:
        return None
    try:
        return sorted((row for batch in found.batches for row in batch.rows()), key=repr)
    except NotColumnar:
        return None


def by_rows(source: Path | bytes) -> list[tuple] | None:
    try:
        records = read(source).records
    except Exception:  # noqa: BLE001 - refused: compared as None
        return None
    return sorted((CODECS["order"].encode(r) for r in records), key=repr)


def report(orders: list[list[dict[str, str]]]) -> bytes:
    lines = ["\t".join(HEADER)]
    for items in orders:
        for item in items:
            lines.append("\t".join(item.get(h, "") for h in HEADER))
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


item = st.fixed_dictionaries(
    {
        "purchase-date": st.sampled_from(
            [
                "2026-11-20T09:15:02+00:00",
                "2026-11-21T10:00:00Z",
                "2026-11-22T08:00:00+01:00",
                "2026-11-23T07:00:00",
            ]
        ),
        "order-status": st.sampled_from(
            ["Shipped", "Pending", "Cancelled", "Shipping", "Unshipped", ""]
        ),
        "fulfillment-channel": st.sampled_from(["Merchant", "Amazon", "MFN"]),
        "sales-channel": st.sampled_from(["Amazon.fr", "Amazon.de", "Non-Amazon", ""]),
        "product-name": st.sampled_from(['Théière « Kyoto » 12" — 24 €', "Tasse", ""]),
        "currency": st.sampled_from(["EUR", ""]),
        "item-price": st.sampled_from(["24.00", "4.90", "0.00", "", "12.5"]),
        "shipping-price": st.sampled_from(["4.90", "0.00", ""]),
        "ship-city": st.just("Saint-Étienne"),
    }
)


@settings(max_examples=150)
@given(
    st.lists(st.lists(item, min_size=1, max_size=3), min_size=1, max_size=8), st.integers(30, 600)
)
def test_the_same_orders_both_ways_or_handed_back(orders, chunk):
    numbered = [
        [{**i, "amazon-order-id": f"402-{n:07d}-0000000"} for i in items]
        for n, items in enumerate(orders)
    ]
    data = report(numbered)
    with mock.patch.object(bulk_csv, "CHUNK_BYTES", chunk):
        columns, rows = by_columns(data), by_rows(data)
    if columns is not None and rows is None:
        keys = [row[0] for row in columns]  # only a key the store refuses is allowed through
        assert len(set(keys)) < len(keys)
    elif columns is not None:
        assert columns == rows


@pytest.mark.parametrize("chunk", [40, 200, 1 << 20])
def test_the_fixture_reads_the_same_both_ways(chunk):
    with mock.patch.object(bulk_csv, "CHUNK_BYTES", chunk):
        assert by_columns(AMAZON / "all_orders_fr.txt") == by_rows(AMAZON / "all_orders_fr.txt")


def test_items_of_one_order_apart_come_out_twice_for_the_store_to_refuse():
    rng = random.Random(3)
    orders = [
        [
            {
                "amazon-order-id": f"402-{n:07d}-0000000",
                "purchase-date": "2026-11-20T09:15:02+00:00",
                "order-status": "Shipped",
                "fulfillment-channel": "Merchant",
                "currency": "EUR",
                "item-price": "1.00",
            }
        ]
        for n in range(30)
    ]
    orders.append([dict(orders[0][0], **{"item-price": "2.00"})])  # a late item of order 0
    rng.shuffle(orders[1:-1])
    with mock.patch.object(bulk_csv, "CHUNK_BYTES", 100):
        keys = [row[0] for row in by_columns(report(orders))]
    # Two batches hold order 0: the store's primary key refuses the second, and the import
    # goes row by row, where the items are grouped wherever they are.
    assert keys.count("402-0000000-0000000") == 2
    assert by_rows(report(orders))[0][5] == "3.00"
