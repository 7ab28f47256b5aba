"""More of the store contract, on every backend: carrier facts, the alert outbox, snoozes,
missed deadlines, search, claims, risks, bundles, meta, counts and export order."""

from __future__ import annotations

import dataclasses

from aztui.domain.alerts import Alert, Severity
from aztui.domain.model import (
    AppealOutcome,
    BuyerMessage,
    Chargeback,
    Claim,
    ClaimType,
    Decision,
    Feedback,
    OrderStatus,
    ReturnRequest,
    Shipment,
)
from aztui.domain.model import (
    TrackingStatus as TS,
)
from aztui.domain.tracking import ParcelEvent, TrackingCheck, TrackingEvent
from tests.store.test_contract import NOW, D, H, order

SHIPPED = {"status": OrderStatus.SHIPPED, "latest_ship_date": NOW - 3 * D}


def scan(o: str, number: str, at, code: str, status=TS.IN_TRANSIT, text: str = "") -> ParcelEvent:
    return ParcelEvent(o, number, TrackingEvent(at, status, code, text, "PARIS 75 FR"))


def alert(name: str, created=NOW) -> Alert:
    return Alert(
        f"deadline:claim_response:{name}:6h",
        "deadline_window",
        Severity.WARNING,
        f"Claim {name}",
        "Due soon.",
        created,
        order_id="402-1",
        subject=name,
        rule="claim_response",
        due=NOW + 6 * H,
    )


async def test_write_tracking_counts_each_event_once_and_merges_shipments(store):
    o = order(1, **SHIPPED)
    sent = Shipment(o.order_id, "6A1", confirmed_at=NOW - 2 * D, carrier="Colissimo")
    await store.write([o, sent])
    assert [r.signal for r in await store.risks(NOW, signals={"no_tracking"})] == ["no_tracking"]
    first = scan(o.order_id, "6A1", NOW - 40 * H, "PCH", text="Pris en charge")
    second = scan(o.order_id, "6A1", NOW - 30 * H, "ET1", text="En transit")
    news = Shipment(
        o.order_id,
        "6A1",
        first_scan_at=NOW - 40 * H,
        status=TS.IN_TRANSIT,
        last_event_at=NOW - 30 * H,
    )
    check = TrackingCheck(o.order_id, "6A1", "Colissimo", NOW - H)
    assert await store.write_tracking([news], [first, second], [check]) == 2
    assert await store.write_tracking([news], [first, second], [check]) == 0  # nothing new
    reworded = scan(o.order_id, "6A1", NOW - 30 * H, "ET1", text="En cours d'acheminement")
    third = scan(o.order_id, "6A1", NOW - 2 * H, "MLV", TS.OUT_FOR_DELIVERY, "En livraison")
    assert await store.write_tracking([], [first, reworded, third], []) == 2
    assert await store.tracking_events(o.order_id) == [first, reworded, third]
    [merged] = [s async for s in store.records("shipment")]
    assert merged == dataclasses.replace(
        sent, first_scan_at=NOW - 40 * H, status=TS.IN_TRANSIT, last_event_at=NOW - 30 * H
    )
    assert await store.risks(NOW, signals={"no_tracking"}) == []  # derived again
    assert await store.write_tracking([], [], [check]) == 0


async def test_tracking_due_lists_parcels_to_ask_about(store):
    def parcel(n: int, number: str = "", confirmed=NOW - 2 * D, **fields) -> Shipment:
        return Shipment(f"402-{n}", number or f"NUM{n}", confirmed_at=confirmed, **fields)

    never_asked = parcel(1)
    asked_long_ago = parcel(2, confirmed=NOW - 3 * D, status=TS.IN_TRANSIT)
    asked_recently = parcel(3)
    delivered = parcel(4, status=TS.DELIVERED, delivered_at=NOW - D)
    returned = parcel(5, status=TS.RETURNED)
    too_old = parcel(6, confirmed=NOW - 40 * D)
    untracked = Shipment("402-7", "", confirmed_at=NOW - 2 * D)
    await store.write(
        [never_asked, asked_long_ago, asked_recently, delivered, returned, too_old, untracked]
    )
    await store.write_tracking(
        [],
        [],
        [
            TrackingCheck("402-2", "NUM2", "Colissimo", NOW - 12 * H),
            TrackingCheck("402-3", "NUM3", "Colissimo", NOW - H, error="timeout"),
        ],
    )
    due = await store.tracking_due(confirmed_since=NOW - 30 * D, checked_before=NOW - 6 * H)
    assert sorted(due, key=lambda s: s.key) == [never_asked, asked_long_ago]
    later = await store.tracking_due(confirmed_since=NOW - 30 * D, checked_before=NOW)
    assert sorted(s.order_id for s in later) == ["402-1", "402-2", "402-3"]
    assert await store.tracking_due(confirmed_since=NOW - D, checked_before=NOW) == []


async def test_tracking_events_are_per_order_oldest_first(store):
    a, b = "402-1", "402-2"
    events = [
        scan(a, "N2", NOW - 2 * H, "D", TS.DELIVERED),
        scan(b, "N9", NOW - 5 * H, "X"),
        scan(a, "N1", NOW - 9 * H, "T"),
        scan(a, "N2", NOW - 20 * H, "T"),
        scan(b, "N9", NOW - 30 * H, "P", TS.INFO_RECEIVED),
    ]
    assert await store.write_tracking([], events, []) == 5
    assert await store.tracking_events(a) == [events[3], events[2], events[0]]
    assert await store.tracking_events(b) == [events[4], events[1]]
    assert await store.tracking_events("402-3") == []


async def test_tracking_checks_keep_the_last_answer_of_each_parcel(store):
    assert await store.tracking_checks() == []
    first = TrackingCheck("402-1", "N1", "Colissimo", NOW - 5 * H, error="HTTP 503")
    other = TrackingCheck("402-2", "N2", "Chronopost", NOW - 4 * H)
    await store.write_tracking([], [], [first, other])
    again = TrackingCheck("402-1", "N1", "La Poste", NOW - H)  # the error is gone
    await store.write_tracking([], [], [again])
    checks = await store.tracking_checks()
    assert sorted(checks, key=lambda c: c.order_id) == [again, other]


async def test_alerts_are_enqueued_once_per_channel(store):
    a, b, c = alert("CLM-1"), alert("CLM-2"), alert("CLM-3")
    assert (
        await store.enqueue_alerts([(a, "email", NOW), (b, "email", NOW), (a, "slack", NOW + H)])
        == 3
    )
    assert await store.enqueue_alerts([(a, "email", NOW + D), (c, "email", NOW)]) == 1
    [left] = [o for o in await store.outbox() if (o.alert.id, o.channel) == (a.id, "email")]
    assert (left.status, left.next_at, left.attempts) == ("pending", NOW, 0)  # left as it is
    await store.record_delivery(a.id, "email", sent_at=NOW)
    assert await store.enqueue_alerts([(a, "email", NOW + 2 * D)]) == 0
    box = {(o.alert.id, o.channel): o for o in await store.outbox()}
    assert set(box) == {(a.id, "email"), (b.id, "email"), (a.id, "slack"), (c.id, "email")}
    assert box[a.id, "email"].status == "sent" and box[a.id, "email"].sent_at == NOW
    assert box[a.id, "slack"].alert == a and box[a.id, "slack"].next_at == NOW + H
    assert (box[b.id, "email"].status, box[b.id, "email"].attempts) == ("pending", 0)
    assert await store.enqueue_alerts([]) == 0


async def test_due_alerts_are_those_whose_time_has_come_oldest_first(store):
    early, middle, late = alert("CLM-1"), alert("CLM-2"), alert("CLM-3")
    await store.enqueue_alerts(
        [(late, "email", NOW + H), (middle, "email", NOW - H), (early, "email", NOW - 2 * H)]
    )
    due = await store.due_alerts(NOW)
    assert [(o.alert, o.channel, o.status, o.next_at) for o in due] == [
        (early, "email", "pending", NOW - 2 * H),
        (middle, "email", "pending", NOW - H),
    ]
    assert [o.alert.id for o in await store.due_alerts(NOW, limit=1)] == [early.id]
    assert [o.alert.id for o in await store.due_alerts(NOW + 2 * H)] == [
        early.id,
        middle.id,
        late.id,
    ]
    assert await store.due_alerts(NOW - 3 * H) == []


async def test_a_delivery_is_sent_retried_or_given_up(store):
    sent, retried, dropped = alert("CLM-1"), alert("CLM-2"), alert("CLM-3")
    await store.enqueue_alerts([(x, "webhook", NOW - H) for x in (sent, retried, dropped)])
    await store.record_delivery(sent.id, "webhook", sent_at=NOW)
    await store.record_delivery(
        retried.id, "webhook", sent_at=None, error="HTTP 503", retry_at=NOW + 10 * H
    )
    await store.record_delivery(dropped.id, "webhook", sent_at=None, error="HTTP 404")
    box = {o.alert.id: o for o in await store.outbox()}
    assert (
        box[sent.id].status,
        box[sent.id].attempts,
        box[sent.id].sent_at,
        box[sent.id].last_error,
    ) == ("sent", 1, NOW, None)
    assert (
        box[retried.id].status,
        box[retried.id].attempts,
        box[retried.id].next_at,
        box[retried.id].last_error,
    ) == ("pending", 1, NOW + 10 * H, "HTTP 503")
    assert (
        box[dropped.id].status,
        box[dropped.id].attempts,
        box[dropped.id].sent_at,
        box[dropped.id].last_error,
    ) == ("failed", 1, None, "HTTP 404")
    assert await store.due_alerts(NOW + 9 * H) == []
    assert [o.alert.id for o in await store.due_alerts(NOW + 10 * H)] == [retried.id]
    await store.record_delivery(retried.id, "webhook", sent_at=NOW + 10 * H)
    [done] = [o for o in await store.outbox() if o.alert.id == retried.id]
    assert (done.status, done.attempts, done.sent_at) == ("sent", 2, NOW + 10 * H)
    assert await store.due_alerts(NOW + 400 * D) == []


async def test_snoozes_last_until_their_end_and_can_be_moved(store):
    assert await store.snoozed(NOW) == {}
    await store.snooze("CLM-1", NOW + H)
    await store.snooze("RMA-1", NOW + D)
    assert await store.snoozed(NOW) == {"CLM-1": NOW + H, "RMA-1": NOW + D}
    assert await store.snoozed(NOW + 2 * H) == {"RMA-1": NOW + D}
    await store.snooze("CLM-1", NOW + 3 * D)
    assert await store.snoozed(NOW + 2 * H) == {"CLM-1": NOW + 3 * D, "RMA-1": NOW + D}
    assert await store.snoozed(NOW + 4 * D) == {}


async def test_missed_lists_deadlines_missed_between_two_instants(store):
    def claim(n: int, requested_hours_ago: int, **fields) -> Claim:  # due 72 h after the request
        return Claim(
            f"CLM-{n}",
            f"402-{n}",
            ClaimType.NOT_RECEIVED,
            NOW - 10 * D,
            response_requested_at=NOW - requested_hours_ago * H,
            **fields,
        )

    await store.write(
        [
            claim(1, 74),
            claim(2, 102),
            claim(3, 67),
            claim(4, 73, responded_at=NOW - 2 * H),
            claim(5, 80),
            order(6, latest_ship_date=NOW - 2 * H),
        ]
    )  # overdue, never missed
    await store.write([claim(5, 80, decided_at=NOW - 10 * H, decision=Decision.GRANTED)])
    missed = await store.missed(NOW - D, NOW)
    assert [(d.rule, d.subject, d.due) for d in missed] == [
        ("claim_response", "CLM-1", NOW - 2 * H)
    ]
    assert sorted(d.subject for d in await store.missed(NOW - 2 * D, NOW)) == ["CLM-1", "CLM-2"]
    assert [d.subject for d in await store.missed(NOW - D, NOW + 6 * H)] == ["CLM-1", "CLM-3"]
    assert [d.subject for d in await store.missed(NOW - D, NOW - 2 * H)] == ["CLM-1"]
    assert await store.missed(NOW - 2 * H, NOW) == []  # told once over consecutive spans


async def test_find_orders_takes_like_wildcards_literally(store):
    ids = ["AB%1-000", "AB-1-000", "ABX1-000", "Z-AB_1", "Z-ABC1", "Z-AB%1"]
    await store.write([order(1, order_id=i) for i in ids])
    assert await store.find_orders("B_1") == ["Z-AB_1"]
    assert await store.find_orders("B%1") == ["AB%1-000", "Z-AB%1"]
    assert await store.find_orders("%") == ["AB%1-000", "Z-AB%1"]
    assert await store.find_orders("_") == ["Z-AB_1"]
    assert await store.find_orders("AB%") == ["AB%1-000", "Z-AB%1"]  # the prefix first
    assert await store.find_orders("\\") == []
    assert await store.find_orders("AB", limit=4) == ["AB%1-000", "AB-1-000", "ABX1-000", "Z-AB%1"]
    assert await store.find_orders("AB", limit=2) == ["AB%1-000", "AB-1-000"]


async def test_claims_filed_since_undecided_appealing_or_asked(store):
    old = NOW - 300 * D
    claims = [
        Claim(
            "NEW",
            "402-1",
            ClaimType.OTHER,
            NOW - 5 * D,
            decided_at=NOW - D,
            decision=Decision.DENIED,
        ),
        Claim(
            "AT-LIMIT",
            "402-2",
            ClaimType.OTHER,
            NOW - 30 * D,
            decided_at=NOW - D,
            decision=Decision.DENIED,
        ),
        Claim(
            "APPEAL-DONE",
            "402-3",
            ClaimType.OTHER,
            old,
            decided_at=old + D,
            decision=Decision.GRANTED,
            appeal_filed_at=old + 2 * D,
            appeal_decided_at=old + 9 * D,
            appeal_outcome=AppealOutcome.DENIED,
        ),
        Claim("OLD-UNDECIDED", "402-4", ClaimType.NOT_RECEIVED, old),
        Claim(
            "ASKED", "402-5", ClaimType.OTHER, old, decided_at=old + D, decision=Decision.WITHDRAWN
        ),
    ]
    await store.write(claims)
    found = await store.claims(filed_since=NOW - 30 * D)
    assert sorted(c.claim_id for c in found) == ["AT-LIMIT", "NEW", "OLD-UNDECIDED"]
    found = await store.claims(filed_since=NOW, ids=["ASKED", "APPEAL-DONE"])
    assert sorted(found, key=lambda c: c.claim_id) == [claims[2], claims[4], claims[3]]


async def test_risks_since_and_of_signals(store):
    bare = order(1, **SHIPPED)
    tracked = order(2, **SHIPPED)
    await store.write(
        [
            bare,
            tracked,
            Shipment(bare.order_id, "", confirmed_at=NOW - 2 * D),
            Shipment(tracked.order_id, "6A2", confirmed_at=NOW - 2 * H),
        ]
    )
    untracked = await store.risks(NOW, signals={"no_tracking"})
    assert [(r.order_id, r.subject, r.active_from) for r in untracked] == [
        (bare.order_id, bare.order_id, NOW - 2 * D)
    ]  # 6A2's grace runs until NOW + 22 h
    later = await store.risks(NOW + D, signals={"no_tracking"})
    assert sorted((r.subject, r.active_from) for r in later) == [
        (bare.order_id, NOW - 2 * D),
        ("6A2", NOW + 22 * H),
    ]
    both = await store.risks(NOW, signals={"no_tracking", "unprotected_shipping"})
    assert sorted((r.signal, r.subject) for r in both) == [
        ("no_tracking", bare.order_id),
        ("unprotected_shipping", bare.order_id),
        ("unprotected_shipping", "6A2"),
    ]
    recent = await store.risks(NOW, since=NOW - 2 * D, signals={"unprotected_shipping"})
    assert [r.subject for r in recent] == ["6A2"]  # appeared after, not at, ``since``
    assert await store.risks(NOW, since=NOW - H) == []
    assert await store.risks(NOW, signals={"inr_exposure", "refund_pending"}) == []


async def test_bundles_gathers_each_known_order_at_once(store):
    one, two = order(1, **SHIPPED), order(2)
    ship = Shipment(one.order_id, "6A1", confirmed_at=NOW - 2 * D)
    ret = ReturnRequest("RMA-1", one.order_id, NOW - D)
    claim = Claim("CLM-9", "402-9", ClaimType.OTHER, NOW - D)  # its order not known yet
    await store.write([one, two, ship, ret, claim])
    found = await store.bundles([two.order_id, one.order_id, "402-9", "402-404", one.order_id])
    assert set(found) == {one.order_id, two.order_id, "402-9"}
    assert (
        found[one.order_id].order,
        found[one.order_id].shipments,
        found[one.order_id].returns,
    ) == (one, (ship,), (ret,))
    assert found[two.order_id].order == two and found[two.order_id].shipments == ()
    assert found["402-9"].order is None and found["402-9"].claims == (claim,)
    assert await store.bundles([]) == {}


async def test_meta_values_are_kept_and_replaced(make_store):
    first = await make_store()
    assert await first.get_meta("fingerprint") is None
    await first.set_meta("fingerprint", "abc")
    await first.set_meta("fingerprint", "déf")
    await first.set_meta("other", "1")
    assert await first.get_meta("fingerprint") == "déf"
    await first.close()
    second = await make_store()  # kept in the store, not in the process
    assert (await second.get_meta("fingerprint"), await second.get_meta("other")) == ("déf", "1")
    await second.close()


async def test_counts_give_every_record_type(store):
    empty = dict.fromkeys(
        ("order", "shipment", "return", "claim", "message", "feedback", "chargeback"), 0
    )
    assert await store.counts() == empty
    o = order(1, **SHIPPED)
    await store.write(
        [
            o,
            order(2),
            Shipment(o.order_id, "6A1", confirmed_at=NOW - D),
            BuyerMessage("MSG-1", NOW - H),
            Feedback(o.order_id, NOW - D, 5),
            Feedback(o.order_id, NOW - 2 * D, 1),
            Chargeback(o.order_id, NOW - D),
        ]
    )
    await store.write([order(2)])  # the same order again: still one
    assert await store.counts() == {
        **empty,
        "order": 2,
        "shipment": 1,
        "message": 1,
        "feedback": 2,
        "chargeback": 1,
    }


async def test_records_come_in_key_order(store):
    ids = ["402-0000009-1", "171-0000001-1", "402-0000010-1", "305-5"]
    await store.write([order(1, order_id=i) for i in ids])
    assert [o.order_id async for o in store.records("order")] == sorted(ids)
    shipments = [
        Shipment("402-2", "B", confirmed_at=NOW),
        Shipment("402-1", "Z"),
        Shipment("402-2", "A"),
        Shipment("402-1", ""),
    ]
    feedback = [
        Feedback("402-1", NOW - D, 4),
        Feedback("402-1", NOW - 10 * D, 2),
        Feedback("402-0", NOW, 5),
    ]
    claim_ids = ["clm-b", "CLM-9", "CLM-10", "CLM-A"]
    await store.write(
        [*shipments, *feedback, *(Claim(c, "402-1", ClaimType.OTHER, NOW - D) for c in claim_ids)]
    )
    assert [s.key async for s in store.records("shipment")] == sorted(s.key for s in shipments)
    assert [f.key async for f in store.records("feedback")] == sorted(f.key for f in feedback)
    assert [c.claim_id async for c in store.records("claim")] == sorted(claim_ids)
