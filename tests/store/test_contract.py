"""What every store must do: keep records, merge them, derive on write, answer the engine."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from aztui.domain.deadlines import DeadlineStatus
from aztui.domain.metrics import BUILTIN_METRICS
from aztui.domain.model import (
    BuyerMessage,
    Chargeback,
    ChargebackKind,
    Claim,
    ClaimType,
    Decision,
    Feedback,
    Fulfillment,
    Order,
    OrderStatus,
    ReturnRequest,
    ReturnStatus,
    Shipment,
)
from aztui.store.protocol import RecordConflict

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
H = timedelta(hours=1)
D = timedelta(days=1)
METRICS = {m.id: m for m in BUILTIN_METRICS}


def order(n: int, **fields) -> Order:
    values: dict[str, Any] = {
        "order_id": f"402-{n:07d}-1234567",
        "purchase_date": NOW - 5 * D,
        "marketplace": "FR",
        "status": OrderStatus.UNSHIPPED,
        "fulfillment": Fulfillment.MFN,
        "order_total": Decimal("49.90"),
        "currency": "EUR",
        "latest_ship_date": NOW + 10 * H,
        "latest_delivery_date": NOW + 3 * D,
    }
    values.update(fields)
    return Order(**values)


def every_kind() -> list:
    o = order(
        1,
        status=OrderStatus.SHIPPED,
        latest_ship_date=NOW - 2 * D,
        order_total=Decimal("180.00"),
        is_prime=True,
    )
    return [
        o,
        Shipment(
            o.order_id,
            "6A12345678901",
            confirmed_at=NOW - 3 * D,
            carrier="Colissimo",
            service="Colissimo Expert",
            buy_shipping=False,
            signature=False,
        ),
        ReturnRequest(
            "RMA-1", o.order_id, NOW - 30 * H, in_policy=True, status=ReturnStatus.PENDING
        ),
        Claim(
            "CLM-1",
            o.order_id,
            ClaimType.NOT_RECEIVED,
            NOW - 4 * D,
            amount=Decimal("180.00"),
            currency="EUR",
            response_requested_at=NOW - 50 * H,
        ),
        BuyerMessage("MSG-1", NOW - 20 * H, order_id=o.order_id),
        BuyerMessage("MSG-2", NOW - 2 * H),
        Feedback(o.order_id, NOW - D, 1),
        Chargeback(o.order_id, NOW - D, ChargebackKind.FRAUD),
    ]


async def test_every_record_round_trips(store):
    records = every_kind()
    await store.write(records)
    stored = []
    for record_type in (
        "order",
        "shipment",
        "return",
        "claim",
        "message",
        "feedback",
        "chargeback",
    ):
        stored += [r async for r in store.records(record_type)]
    assert sorted(map(repr, stored)) == sorted(map(repr, records))
    assert (await store.counts())["message"] == 2


async def test_deadlines_are_derived_on_write_and_indexed_by_due(store):
    await store.write([*every_kind(), order(2)])
    active = await store.deadlines(NOW)
    assert [(d.rule, d.subject) for d in active] == [
        ("buyer_message_response", "MSG-1"),  # due NOW + 4 h
        ("ship_confirmation", "402-0000002-1234567"),  # due NOW + 10 h
        ("return_request_response", "RMA-1"),  # due NOW + 18 h
        ("buyer_message_response", "MSG-2"),  # due NOW + 22 h (orderless), ties by rule
        ("claim_response", "CLM-1"),  # due NOW + 22 h
    ]
    assert [d.due for d in active] == sorted(d.due for d in active)
    later = await store.deadlines(NOW + 23 * H)
    assert {d.rule: d.status(NOW + 23 * H) for d in later} == {
        "buyer_message_response": DeadlineStatus.OVERDUE,
        "ship_confirmation": DeadlineStatus.OVERDUE,
        "return_request_response": DeadlineStatus.OVERDUE,
    }  # the claim response is missed, so no longer listed
    everything = await store.deadlines(NOW + 23 * H, include_done=True)
    assert ("claim_response", DeadlineStatus.MISSED) in {
        (d.rule, d.status(NOW + 23 * H)) for d in everything
    }


async def test_a_later_record_wins_only_where_it_has_a_value(store):
    claim = Claim(
        "CLM-1",
        "402-0000001-1234567",
        ClaimType.NOT_RECEIVED,
        NOW - 4 * D,
        amount=Decimal("20.00"),
        response_requested_at=NOW - 50 * H,
    )
    await store.write([claim])
    partial = Claim(
        "CLM-1", "402-0000001-1234567", ClaimType.NOT_RECEIVED, NOW - 4 * D, responded_at=NOW - H
    )
    await store.write([partial])
    [stored] = [c async for c in store.records("claim")]
    assert stored.amount == Decimal("20.00")
    assert stored.response_requested_at == NOW - 50 * H
    assert stored.responded_at == NOW - H
    [deadline] = await store.deadlines(NOW, include_done=True)
    assert deadline.status(NOW) is DeadlineStatus.MET


async def test_writing_the_same_records_twice_changes_nothing(store):
    records = every_kind() + [order(n) for n in range(2, 40)]
    await store.write(records)
    first = (
        await store.deadlines(NOW, include_done=True),
        await store.risks(NOW),
        [
            await store.metric_counts(m, m.window(NOW, store.engine.policy), NOW)
            for m in BUILTIN_METRICS
        ],
    )
    await store.write(records)
    second = (
        await store.deadlines(NOW, include_done=True),
        await store.risks(NOW),
        [
            await store.metric_counts(m, m.window(NOW, store.engine.policy), NOW)
            for m in BUILTIN_METRICS
        ],
    )
    assert first == second
    assert (await store.counts())["order"] == 39


async def test_an_empty_store_and_a_filled_one_derive_the_same(make_store, tmp_path):
    records = every_kind() + [order(n, purchase_date=NOW - n * H) for n in range(2, 30)]
    whole = await make_store()
    await whole.write(records)  # one write into an empty store
    expected = await whole.deadlines(NOW, include_done=True), await whole.risks(NOW)
    await whole.close()
    for suffix in ("", "-wal", "-shm"):
        (tmp_path / f"store.db{suffix}").unlink(missing_ok=True)
    parts = await make_store()
    for record in reversed(records):  # related records before their order
        await parts.write([record])
    assert (await parts.deadlines(NOW, include_done=True), await parts.risks(NOW)) == expected
    await parts.close()


async def test_a_claim_moving_to_another_order_leaves_nothing_behind(store):
    claim = Claim(
        "CLM-9", "402-0000001-1234567", ClaimType.OTHER, NOW - 2 * D, response_requested_at=NOW - H
    )
    await store.write([order(1), claim])
    await store.write([dataclasses.replace(claim, order_id="402-0000002-1234567")])
    claims = [d for d in await store.deadlines(NOW) if d.rule == "claim_response"]
    assert [(d.subject, d.order_id) for d in claims] == [("CLM-9", "402-0000002-1234567")]


async def test_a_removed_record_goes_with_what_it_derived_in_the_same_write(store):
    o = order(1, status=OrderStatus.SHIPPED, latest_ship_date=NOW - 2 * D)
    wrong = Shipment(o.order_id, "", confirmed_at=NOW - 3 * D, carrier="Colissimo")
    await store.write([o, wrong])

    async def untracked() -> list[tuple[str, str]]:
        return [(r.subject, r.detail) for r in await store.risks(NOW) if r.signal == "no_tracking"]

    assert await untracked() == [(o.order_id, "no_tracking_number")]
    right = dataclasses.replace(wrong, tracking_number="6A12345678901")
    await store.write([right], remove=[wrong])
    assert [s async for s in store.records("shipment")] == [right]
    assert await untracked() == [("6A12345678901", "no_scan?hours=24")]
    with pytest.raises(RecordConflict):  # all or nothing: a refused write removes nothing
        await store.write(
            [Claim("CLM-1", o.order_id, ClaimType.OTHER, NOW, responded_at=NOW)], remove=[right]
        )
    assert [s async for s in store.records("shipment")] == [right]


async def test_find_orders_puts_prefixes_first_then_fragments(store):
    ids = [
        "171-5550001-0000001",
        "402-5550001-0000002",
        "402-5550002-0000003",
        "405-0000001-5550001",
    ]
    await store.write([order(1, order_id=i) for i in ids])
    assert await store.find_orders("402-555") == ids[1:3]
    assert await store.find_orders("5550001") == [ids[0], ids[1], ids[3]]
    assert await store.find_orders("171") == [ids[0]]  # a prefix is not found twice
    assert await store.find_orders("555", limit=2) == ids[:2]
    assert await store.find_orders(" 0000003 ") == [ids[2]]
    assert await store.find_orders("") == [] and await store.find_orders("999") == []


async def test_claims_still_worked_on_whatever_their_age(store):
    old = NOW - 400 * D
    claims = [
        Claim(
            "RECENT",
            "402-1",
            ClaimType.OTHER,
            NOW - 10 * D,
            decided_at=NOW - 5 * D,
            decision=Decision.DENIED,
        ),
        Claim(
            "OLD-SETTLED",
            "402-2",
            ClaimType.OTHER,
            old,
            decided_at=old + D,
            decision=Decision.DENIED,
        ),
        Claim("OLD-UNDECIDED", "402-3", ClaimType.OTHER, old),
        Claim(
            "OLD-APPEALED",
            "402-4",
            ClaimType.OTHER,
            old,
            decided_at=old + D,
            decision=Decision.GRANTED,
            appeal_filed_at=old + 2 * D,
        ),
        Claim(
            "OLD-ASKED",
            "402-5",
            ClaimType.OTHER,
            old,
            decided_at=old + D,
            decision=Decision.GRANTED,
        ),
    ]
    await store.write(claims)
    found = await store.claims(filed_since=NOW - 120 * D, ids=["OLD-ASKED", "NONE"])
    assert sorted(c.claim_id for c in found) == [
        "OLD-APPEALED",
        "OLD-ASKED",
        "OLD-UNDECIDED",
        "RECENT",
    ]
    assert next(c for c in found if c.claim_id == "RECENT") == claims[0]


async def test_risks_can_be_asked_since_an_instant_and_of_some_signals(store):
    old = order(
        1, status=OrderStatus.SHIPPED, latest_ship_date=NOW - 20 * D, purchase_date=NOW - 21 * D
    )
    new = order(2, status=OrderStatus.SHIPPED, latest_ship_date=NOW - 2 * D)
    await store.write(
        [old, new, *(Shipment(o.order_id, "", confirmed_at=o.latest_ship_date) for o in (old, new))]
    )
    every = await store.risks(NOW)
    assert {r.signal for r in every} >= {"no_tracking", "unprotected_shipping"}
    recent = await store.risks(NOW, since=NOW - 7 * D, signals={"no_tracking"})
    assert [(r.signal, r.order_id) for r in recent] == [("no_tracking", new.order_id)]
    assert await store.risks(NOW, signals=set()) == []


async def test_amazons_figures_are_kept_per_window_and_a_new_report_replaces_one(store):
    from aztui.domain.health import AmazonFigure

    first = AmazonFigure("FR", "order_defect_rate", NOW - D, NOW - 61 * D, 0.004, 2, 500)
    older = AmazonFigure("FR", "order_defect_rate", NOW - 8 * D, NOW - 68 * D, 0.002, 1, 500)
    assert await store.write_amazon_figures([first, older], NOW) == 2
    again = AmazonFigure("FR", "order_defect_rate", NOW - D, NOW - 61 * D, 0.006, 3, 500)
    assert await store.write_amazon_figures([again], NOW + H) == 0  # the same window: replaced
    assert (await store.amazon_figures("FR"))["order_defect_rate"] == again  # the latest window


async def test_an_inconsistent_merge_is_refused_and_nothing_is_written(store):
    await store.write([Claim("CLM-1", "402-0000001-1234567", ClaimType.OTHER, NOW - 2 * D)])
    before = (
        [c async for c in store.records("claim")],
        await store.deadlines(NOW, include_done=True),
    )
    with pytest.raises(RecordConflict, match="response_requested_at"):
        await store.write(
            [
                order(5),
                Claim(
                    "CLM-1",
                    "402-0000001-1234567",
                    ClaimType.OTHER,
                    NOW - 2 * D,
                    responded_at=NOW - H,
                ),
            ]
        )
    after = [c async for c in store.records("claim")], await store.deadlines(NOW, include_done=True)
    assert before == after
    assert (await store.counts())["order"] == 0


async def test_metric_counts_follow_the_window(store):
    orders = [
        order(n, purchase_date=NOW - 20 * D + n * H, status=OrderStatus.SHIPPED) for n in range(10)
    ]
    defect = Feedback(orders[3].order_id, NOW - 2 * D, 2)
    await store.write([*orders, defect])
    odr = METRICS["order_defect_rate"]
    window = odr.window(NOW, store.engine.policy)  # [now - 74 d, now - 14 d)
    assert await store.metric_counts(odr, window, NOW) == (1, 10)
    defects = await store.metric_defects(odr, window, NOW)
    assert defects == [(orders[3].order_id, orders[3].purchase_date)]
    later = NOW + 7 * D  # the orders are then 13-27 days old…
    assert await store.metric_counts(odr, odr.window(later, store.engine.policy), later) == (1, 10)


async def test_risks_are_listed_only_while_active(store):
    await store.write(every_kind())
    signals = {r.signal for r in await store.risks(NOW)}
    assert {"signature_missing", "unprotected_shipping", "no_tracking"} <= signals
    assert await store.risks(NOW + 400 * D) == []


async def test_bundle_gathers_everything_known_about_an_order(store):
    records = every_kind()
    await store.write(records)
    bundle = await store.bundle(records[0].order_id)
    assert bundle.order == records[0]
    assert [c.claim_id for c in bundle.claims] == ["CLM-1"]
    assert len(bundle.messages) == 1 and len(bundle.feedback) == 1
    assert await store.bundle("402-9999999-9999999") is None


async def test_data_version_moves_when_another_connection_writes(make_store):
    reader, writer = await make_store(), await make_store()
    before = await reader.data_version()
    await writer.write([order(1)])
    assert await reader.data_version() != before
    await reader.close()
    await writer.close()
