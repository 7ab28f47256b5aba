"""The benchmark files: formats.md §2 CSV, streamed, with a recent part shared by small and big."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from aztui.demo import demo_records, write_dataset, write_records, write_small_and_big
from aztui.demo.csvfiles import COLUMNS
from aztui.domain.deadlines import ACTIVE
from aztui.domain.lifecycle import claim_problems
from aztui.domain.model import Claim, Fulfillment, Order, OrderStatus, Shipment
from tests.demo.helpers import ORDER_ID, deadlines, read_csv

NOW = datetime(2026, 7, 20, 8, 30, tzinfo=UTC)
SIZES = {"orders": 5000, "shipments": 500, "claims": 100, "recent": 100}
HEADERS = {
    "orders": "order_id,purchase_date,marketplace,status,fulfillment,order_total,currency,"
    "latest_ship_date,latest_delivery_date,is_prime,cancelled_at,cancelled_by,"
    "buyer_requested_cancel,out_of_stock",
    "shipments": "order_id,confirmed_at,carrier,tracking_number,service,buy_shipping,"
    "claims_protected,signature,first_scan_at,delivered_at",
    "claims": "claim_id,order_id,type,filed_at,amount,currency,response_requested_at,"
    "responded_at,decided_at,decision,funded_by,counts_in_odr,appeal_filed_at,"
    "appeal_info_requested_at,appeal_decided_at,appeal_outcome",
}


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return write_dataset(tmp_path_factory.mktemp("big"), NOW, **SIZES)


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return write_dataset(tmp_path_factory.mktemp("small"), NOW, orders=100, recent=100)


@pytest.fixture(scope="module")
def loaded(big: dict[str, Path]) -> dict[str, list]:
    return {
        "orders": read_csv(big["orders"], Order),
        "shipments": read_csv(big["shipments"], Shipment),
        "claims": read_csv(big["claims"], Claim),
    }


def lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def test_headers_and_row_counts(big: dict[str, Path]) -> None:
    assert set(big) == {"orders", "shipments", "claims"}
    for kind, path in big.items():
        assert path.name == f"{kind}.csv"
        content = lines(path)
        assert content[0] == HEADERS[kind] == ",".join(COLUMNS[kind])
        assert len(content) - 1 == SIZES[kind]
        width = len(COLUMNS[kind])
        assert all(line.count(",") == width - 1 for line in content)


def test_order_ids_unique_and_relations_hold(loaded: dict[str, list]) -> None:
    orders = {o.order_id: o for o in loaded["orders"]}
    assert len(orders) == SIZES["orders"]
    assert all(ORDER_ID.fullmatch(oid) for oid in orders)
    shipped = Counter(s.order_id for s in loaded["shipments"])
    for oid in shipped:
        assert orders[oid].fulfillment is Fulfillment.MFN
    claims = loaded["claims"]
    assert len({c.claim_id for c in claims}) == len(claims)
    assert all(orders[c.order_id].fulfillment is Fulfillment.MFN for c in claims)


def test_recent_part_and_history(loaded: dict[str, list]) -> None:
    recent, history = loaded["orders"][:100], loaded["orders"][100:]
    assert all(NOW - timedelta(days=90) <= o.purchase_date < NOW for o in recent)
    assert all(o.purchase_date < NOW - timedelta(days=180) for o in history)
    assert min(o.purchase_date for o in history) >= NOW - timedelta(days=180 + 3 * 365 + 1)
    assert all(o.status is OrderStatus.SHIPPED for o in history)
    shipped = Counter(s.order_id for s in loaded["shipments"])
    mfn = [o for o in history if o.fulfillment is Fulfillment.MFN]
    assert mfn and all(shipped[o.order_id] == 1 for o in mfn)
    share = len(mfn) / len(history)
    assert 0.05 < share < 0.15  # 500 shipments for 5000 orders: about 10 % MFN


def test_timestamps_are_ordered_and_in_the_past(loaded: dict[str, list]) -> None:
    orders = {o.order_id: o for o in loaded["orders"]}
    for s in loaded["shipments"]:
        assert orders[s.order_id].purchase_date < s.confirmed_at
        if s.first_scan_at:
            assert s.confirmed_at < s.first_scan_at
        if s.delivered_at:
            assert s.confirmed_at < s.delivered_at < NOW
    for c in loaded["claims"]:
        assert orders[c.order_id].purchase_date < c.filed_at <= NOW


def test_claims_consistent_and_history_settled(loaded: dict[str, list]) -> None:
    assert all(claim_problems(c) == [] for c in loaded["claims"])
    recent = {o.order_id for o in loaded["orders"][:100]}
    old = [c for c in loaded["claims"] if c.order_id not in recent]
    in_demo = [r for r in demo_records(NOW, seed=1, orders=100) if isinstance(r, Claim)]
    assert len(old) == SIZES["claims"] - len(in_demo) > 0
    for c in old:
        assert c.decision is not None and c.decided_at < NOW - timedelta(days=60)
        assert (c.appeal_filed_at is None) == (c.appeal_outcome is None)
    assert {c.decision.value for c in old} == {"granted", "denied", "withdrawn", "seller_refunded"}
    assert any(c.appeal_outcome for c in old)


def test_history_leaves_nothing_to_do(loaded: dict[str, list]) -> None:
    recent = {o.order_id for o in loaded["orders"][:100]}
    history = [r for rows in loaded.values() for r in rows if r.order_id not in recent]
    found = deadlines(history)
    assert {d.rule for d in found} >= {"ship_confirmation", "claim_response", "appeal"}
    assert [d for d in found if d.status(NOW) in ACTIVE] == []


def test_small_store_is_the_recent_part_of_the_big_one(
    small: dict[str, Path], big: dict[str, Path]
) -> None:
    for kind in ("orders", "shipments", "claims"):
        small_text = small[kind].read_text(encoding="utf-8")
        big_text = big[kind].read_text(encoding="utf-8")
        assert len(lines(small[kind])) > 1
        assert big_text.startswith(small_text)
    orders = read_csv(small["orders"], Order)
    assert [o.order_id for o in orders] == [
        r.order_id for r in demo_records(NOW, seed=1, orders=100) if isinstance(r, Order)
    ]


def test_write_small_and_big(tmp_path: Path) -> None:
    both = write_small_and_big(tmp_path, NOW, orders=300, shipments=120, claims=30, recent=100)
    for kind in ("orders", "shipments", "claims"):
        assert both["big"][kind].read_text().startswith(both["small"][kind].read_text())
    assert len(lines(both["big"]["orders"])) == 301


def test_deterministic(tmp_path: Path, big: dict[str, Path]) -> None:
    again = write_dataset(tmp_path / "again", NOW, **SIZES)
    for kind in big:
        assert again[kind].read_bytes() == big[kind].read_bytes()
    other = write_dataset(tmp_path / "other", NOW, **SIZES, seed=2)
    assert other["orders"].read_bytes() != big["orders"].read_bytes()


def test_write_records_round_trips_the_demo(tmp_path: Path) -> None:
    records = demo_records(NOW)
    paths = write_records(tmp_path, records)
    assert set(paths) == set(COLUMNS)
    orders = [r for r in records if isinstance(r, Order)]
    assert read_csv(paths["orders"], Order) == orders
    claims = [r for r in records if isinstance(r, Claim)]
    assert read_csv(paths["claims"], Claim) == claims
