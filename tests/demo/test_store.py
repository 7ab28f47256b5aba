"""The demo store: deterministic, dated relative to ``now``, and holding every situation."""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from aztui.demo import demo_records
from aztui.demo.store import MIN_ORDERS
from aztui.domain.deadlines import DeadlineStatus
from aztui.domain.lifecycle import ClaimStage, claim_problems, stage
from aztui.domain.metrics import MetricStatus
from aztui.domain.model import (
    BuyerMessage,
    CancelledBy,
    Chargeback,
    ChargebackKind,
    Claim,
    CountsInOdr,
    Feedback,
    Fulfillment,
    Order,
    OrderStatus,
    Record,
    ReturnRequest,
    Shipment,
)
from tests.demo.helpers import ORDER_ID, deadlines, derive, metric

PARIS = ZoneInfo("Europe/Paris")
# Summer: the 90 days before NOW and the week after NOW + 4 weeks are all in CEST.
NOW = datetime(2026, 7, 20, 8, 30, tzinfo=UTC)
OPEN, OVERDUE, MET, MISSED = (
    DeadlineStatus.OPEN,
    DeadlineStatus.OVERDUE,
    DeadlineStatus.MET,
    DeadlineStatus.MISSED,
)


@pytest.fixture(scope="module")
def records() -> list[Record]:
    return demo_records(NOW)


def of(records: list[Record], kind: type) -> list:
    return [r for r in records if isinstance(r, kind)]


def instants(record: Record) -> dict[str, datetime]:
    return {
        f.name: getattr(record, f.name)
        for f in dataclasses.fields(record)
        if isinstance(getattr(record, f.name), datetime)
    }


# --- determinism and time ----------------------------------------------------------------------


def test_same_seed_and_now_give_equal_records(records: list[Record]) -> None:
    assert demo_records(NOW) == records
    assert demo_records(NOW, seed=8) != records


@pytest.mark.parametrize("weeks", [1, 4])
def test_every_instant_moves_with_now(records: list[Record], weeks: int) -> None:
    delta = timedelta(weeks=weeks)
    moved = demo_records(NOW + delta)
    assert len(moved) == len(records)
    for before, after in zip(records, moved, strict=True):
        assert type(before) is type(after)
        shifted = {name: value + delta for name, value in instants(before).items()}
        assert instants(after) == shifted
        # every Record is a dataclass, which Record itself does not declare to type checkers
        unmoved = dataclasses.replace(after, **instants(before))
        assert unmoved == before  # the rest is equal


def test_nothing_happens_after_now(records: list[Record]) -> None:
    for record in records:
        for name, value in instants(record).items():
            if name not in ("latest_ship_date", "latest_delivery_date"):
                assert value <= NOW, (record, name)
        assert all(v.tzinfo is UTC and v.microsecond == 0 for v in instants(record).values())


def test_now_must_be_aware_and_the_store_big_enough() -> None:
    with pytest.raises(ValueError):
        demo_records(datetime(2026, 7, 20, 8, 30))
    with pytest.raises(ValueError):
        demo_records(NOW, orders=MIN_ORDERS - 1)
    assert len(of(demo_records(NOW, orders=MIN_ORDERS), Order)) == MIN_ORDERS


# --- orders ------------------------------------------------------------------------------------


def test_orders(records: list[Record]) -> None:
    orders = of(records, Order)
    assert len(orders) == 400
    ids = [o.order_id for o in orders]
    assert len(set(ids)) == len(ids) and all(ORDER_ID.fullmatch(i) for i in ids)
    assert {o.marketplace for o in orders} == {"FR"} and {o.currency for o in orders} == {"EUR"}
    afn = sum(o.fulfillment is Fulfillment.AFN for o in orders) / len(orders)
    assert 0.10 <= afn <= 0.20
    assert min(o.purchase_date for o in orders) >= NOW - timedelta(days=90)
    assert any(o.is_prime for o in orders) and not all(o.is_prime for o in orders)


def test_paris_business_rhythm(records: list[Record]) -> None:
    hours = Counter(o.purchase_date.astimezone(PARIS).hour for o in of(records, Order))
    evening = sum(hours[h] for h in range(18, 23))
    night = sum(hours[h] for h in range(1, 6))
    assert evening > 5 * night


def test_ship_and_delivery_dates_end_the_day_in_paris(records: list[Record]) -> None:
    for order in of(records, Order):
        for due in (order.latest_ship_date, order.latest_delivery_date):
            assert due.astimezone(PARIS).time().isoformat() == "23:59:59"
        ship_day = order.latest_ship_date.astimezone(PARIS).date()
        gap = (order.latest_delivery_date.astimezone(PARIS).date() - ship_day).days
        assert 2 <= gap <= 5
    ordinary = [o for o in of(records, Order) if o.status is OrderStatus.SHIPPED]
    for order in ordinary:
        days = (
            order.latest_ship_date.astimezone(PARIS).date()
            - order.purchase_date.astimezone(PARIS).date()
        ).days
        assert 1 <= days <= 4  # 1-2 business days, a weekend in between
        assert order.latest_ship_date.astimezone(PARIS).weekday() < 5


def test_totals_spread(records: list[Record]) -> None:
    totals = [o.order_total for o in of(records, Order)]
    assert all(t > 0 and t == t.quantize(Decimal("0.01")) for t in totals)
    assert sum(t >= 150 for t in totals) >= 5
    assert sum(t < 30 for t in totals) > len(totals) / 4


# --- shipments ---------------------------------------------------------------------------------

TRACKING = {
    "Colissimo": re.compile(r"(6A|8R)\d{11}"),
    "Chronopost": re.compile(r"X[A-Z]\d{9}FR"),
    "DHL": re.compile(r"\d{10}"),
    "UPS": re.compile(r"1Z[0-9A-Z]{16}"),
    "Mondial Relay": re.compile(r"\d{8}"),
}


def test_shipments(records: list[Record]) -> None:
    orders = {o.order_id: o for o in of(records, Order)}
    shipments = of(records, Shipment)
    assert {s.carrier for s in shipments} >= set(TRACKING)
    for s in shipments:
        order = orders[s.order_id]
        assert order.fulfillment is Fulfillment.MFN and order.status is OrderStatus.SHIPPED
        assert order.purchase_date < s.confirmed_at
        if s.carrier in TRACKING:
            assert TRACKING[s.carrier].fullmatch(s.tracking_number), s
        if s.first_scan_at:
            assert s.confirmed_at < s.first_scan_at <= s.confirmed_at + timedelta(hours=9)
        if s.delivered_at:
            assert (s.first_scan_at or s.confirmed_at) < s.delivered_at
    assert {"Colissimo Expert", "Chrono 13", "Point Relais 24R"} <= {s.service for s in shipments}
    assert any(s.is_protected for s in shipments) and any(s.signature for s in shipments)
    assert any(s.first_scan_at is None for s in shipments)
    assert any(s.tracking_number == "" for s in shipments)
    late = [
        s
        for s in shipments
        if s.delivered_at and s.delivered_at > orders[s.order_id].latest_delivery_date
    ]
    on_time = [
        s
        for s in shipments
        if s.delivered_at and s.delivered_at <= orders[s.order_id].latest_delivery_date
    ]
    assert late and len(on_time) > 10 * len(late)
    old = [s for s in shipments if s.confirmed_at < NOW - timedelta(days=12)]
    assert sum(s.delivered_at is not None for s in old) > 0.9 * len(old)


# --- the situations the cockpit exists for -----------------------------------------------------


def due_in(records: list[Record], rule: str, status: DeadlineStatus) -> list[timedelta]:
    return sorted(d.due - NOW for d in deadlines(records, rule) if d.status(NOW) is status)


def test_ship_confirmation_deadlines(records: list[Record]) -> None:
    soon = [d for d in due_in(records, "ship_confirmation", OPEN) if d <= timedelta(hours=27)]
    assert len(soon) >= 3
    assert len(due_in(records, "ship_confirmation", OVERDUE)) == 1
    assert due_in(records, "ship_confirmation", MISSED)  # shipped late


def test_return_requests(records: list[Record]) -> None:
    assert timedelta(hours=18) in due_in(records, "return_request_response", OPEN)
    assert due_in(records, "return_request_response", OVERDUE) == [timedelta(hours=-28)]
    assert due_in(records, "return_request_response", MET)


def test_claim_deadlines(records: list[Record]) -> None:
    assert due_in(records, "claim_response", OPEN) == [timedelta(hours=22)]
    assert due_in(records, "claim_response", MISSED)
    assert due_in(records, "claim_response", MET)
    appeals = due_in(records, "appeal", OPEN)
    assert any(timedelta(days=4) < d <= timedelta(days=5) for d in appeals)
    assert due_in(records, "appeal", MET)
    assert due_in(records, "appeal_info_response", OPEN) == [timedelta(hours=42)]


def test_claims_in_every_stage_and_consistent(records: list[Record]) -> None:
    claims: list[Claim] = of(records, Claim)
    assert {stage(c) for c in claims} == set(ClaimStage)
    assert all(claim_problems(c) == [] for c in claims)
    assert {c.funded_by.value for c in claims if c.funded_by} == {"seller", "amazon"}
    assert {CountsInOdr.YES, CountsInOdr.NO} <= {c.counts_in_odr for c in claims}
    orders = {o.order_id for o in of(records, Order)}
    assert all(c.order_id in orders and c.amount is not None and c.amount > 0 for c in claims)


def test_buyer_messages(records: list[Record]) -> None:
    assert timedelta(hours=4) in due_in(records, "buyer_message_response", OPEN)
    assert timedelta(hours=-6) in due_in(records, "buyer_message_response", OVERDUE)
    assert len(due_in(records, "buyer_message_response", MET)) >= 5
    messages: list[BuyerMessage] = of(records, BuyerMessage)
    assert any(m.no_response_needed for m in messages)
    assert any(m.order_id is None and m.answered_at is None for m in messages)


def test_feedback_chargebacks_and_cancellations(records: list[Record]) -> None:
    ratings = Counter(f.rating for f in of(records, Feedback) if not f.removed)
    assert ratings[1] + ratings[2] >= 2 and ratings[3] >= 1 and ratings[5] > ratings[1]
    assert {c.kind for c in of(records, Chargeback)} == {
        ChargebackKind.SERVICE,
        ChargebackKind.FRAUD,
    }
    orders = of(records, Order)
    assert [
        o
        for o in orders
        if o.out_of_stock and not o.is_cancelled and o.status is OrderStatus.UNSHIPPED
    ]
    by_seller = [
        o for o in orders if o.cancelled_by is CancelledBy.SELLER and not o.buyer_requested_cancel
    ]
    assert len(by_seller) >= 2 and all(o.cancelled_at for o in by_seller)
    assert any(o.status is OrderStatus.PENDING for o in orders)


def test_returns_reference_delivered_orders(records: list[Record]) -> None:
    delivered = {s.order_id: s.delivered_at for s in of(records, Shipment) if s.delivered_at}
    for ret in of(records, ReturnRequest):
        assert delivered[ret.order_id] < ret.requested_at


def test_risks(records: list[Record]) -> None:
    signals = {r.signal for d in derive(records) for r in d.risks if r.active(NOW)}
    assert {
        "cancel_out_of_stock",
        "signature_missing",
        "no_tracking",
        "unprotected_shipping",
        "inr_exposure",
    } <= signals


@pytest.mark.parametrize("orders", [400, 1000])
def test_metrics_are_instructive(orders: int) -> None:
    records = demo_records(NOW, orders=orders)
    odr = metric(records, "order_defect_rate", NOW)
    assert odr.status is MetricStatus.AT_RISK, odr
    assert odr.denominator > 150
    for window in ("10d", "30d"):
        late = metric(records, f"late_shipment_rate_{window}", NOW)
        assert late.value is not None and 0 < late.value < 0.07, late
    valid_tracking = metric(records, "valid_tracking_rate", NOW).value
    assert valid_tracking is not None and valid_tracking > 0.9


@pytest.mark.parametrize(
    "now",
    [
        datetime(2026, 3, 29, 1, 30, tzinfo=UTC),  # the night clocks go forward
        datetime(2026, 10, 25, 0, 30, tzinfo=UTC),  # the night clocks go back
        datetime(2026, 12, 31, 23, 0, tzinfo=UTC),  # New Year, midnight in Paris
        datetime(2026, 5, 16, 20, 45, tzinfo=UTC),  # Saturday 22:45 in Paris
        datetime(2026, 6, 15, 4, 0, tzinfo=UTC),  # Monday 06:00 in Paris
    ],
)
def test_situations_hold_whatever_now(now: datetime) -> None:
    records = demo_records(now, seed=3)
    for record in records:
        for name, value in instants(record).items():
            if name not in ("latest_ship_date", "latest_delivery_date"):
                assert value <= now, (record, name)
    assert all(claim_problems(c) == [] for c in of(records, Claim))
    delivered = {s.order_id: s.delivered_at for s in of(records, Shipment) if s.delivered_at}
    assert all(delivered[r.order_id] < r.requested_at for r in of(records, ReturnRequest))
    found = deadlines(records)

    def due(rule: str, status: DeadlineStatus) -> list[timedelta]:
        return sorted(d.due - now for d in found if d.rule == rule and d.status(now) is status)

    assert len([d for d in due("ship_confirmation", OPEN) if d <= timedelta(hours=27)]) >= 3
    assert len(due("ship_confirmation", OVERDUE)) == 1
    assert due("claim_response", OPEN) == [timedelta(hours=22)]
    assert due("appeal_info_response", OPEN) == [timedelta(hours=42)]
    assert timedelta(hours=4) in due("buyer_message_response", OPEN)
    assert timedelta(hours=18) in due("return_request_response", OPEN)
    assert metric(records, "order_defect_rate", now).status is MetricStatus.AT_RISK
