"""Alerts decided, routed and sent at least once per stage and channel, through outages."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from aztui.channels.dispatch import decide_and_queue
from aztui.channels.send import make_channels, send_due
from aztui.domain.model import Order, OrderStatus
from aztui.service import Service
from tests.notify.conftest import SENT, recording_host

NOW = datetime(2026, 11, 26, 9, tzinfo=UTC)  # 10:00 in Paris
H = timedelta(hours=1)
CHANNELS = """
[channels.ops]
type = "recorder"
[channels.boss]
type = "recorder"
min_severity = "critical"
"""


def to_ship(n: int, due: datetime) -> Order:
    return Order(
        f"402-000000{n}-0000000", NOW - 30 * H, status=OrderStatus.UNSHIPPED, latest_ship_date=due
    )


async def one_pass(config, host, now, records=()):
    async with Service(config, host=host) as service:
        if records:
            await service.write(list(records))
        decided = await decide_and_queue(service, now, config.channels)
        channels = make_channels(config.channels, host, config.language)
        sent = await send_due(service.store, channels, now)
        return decided, sent, await service.store.outbox()


async def test_each_stage_is_sent_once_per_channel_and_routing_holds(configure):
    config, host = configure(CHANNELS), recording_host()
    records = [to_ship(1, NOW + 5 * H), to_ship(2, NOW - H)]
    _decided, _sent, _ = await one_pass(config, host, NOW, records)
    ids = sorted(a.id for a in SENT["ops"] if a.kind.startswith("deadline"))
    assert ids == [
        "deadline:ship_confirmation:402-0000001-0000000:6h",
        "deadline:ship_confirmation:402-0000002-0000000:overdue",
    ]
    assert "metric:late_shipment_rate_10d:breach:2026-11-26" in {a.id for a in SENT["ops"]}
    assert {a.severity.value for a in SENT["boss"]} == {"critical"}  # critical only
    assert ids[1] in {a.id for a in SENT["boss"]} and ids[0] not in {a.id for a in SENT["boss"]}
    told = len(SENT["ops"])
    overdue = next(a for a in SENT["ops"] if a.kind == "deadline_overdue")
    assert overdue.link == "https://sellercentral.amazon.fr/orders-v3/order/402-0000002-0000000"
    assert "EN RETARD" in overdue.title
    await one_pass(config, host, NOW + 10 * timedelta(minutes=1))
    assert len(SENT["ops"]) == told  # deciding again queues nothing new
    await one_pass(config, host, NOW + 4 * H + 30 * 60 * timedelta(seconds=1))
    assert SENT["ops"][-1].id == "deadline:ship_confirmation:402-0000001-0000000:1h"


async def test_an_outage_delays_but_loses_nothing(configure):
    config = configure('[channels.ops]\ntype = "recorder"\noptions = { fail = 2 }\n')
    host = recording_host()
    _, sent, outbox = await one_pass(config, host, NOW, [to_ship(1, NOW + 5 * H)])
    assert [s.delivered for s in sent] == [False] and sent[0].retry_at == NOW + 30 * timedelta(
        seconds=1
    )
    assert outbox[0].status == "pending" and outbox[0].attempts == 1
    _, sent, _ = await one_pass(config, host, NOW + 10 * timedelta(seconds=1))
    assert sent == []  # not before its retry time
    _, sent, _ = await one_pass(config, host, NOW + 40 * timedelta(seconds=1))
    assert sent[0].retry_at == NOW + 40 * timedelta(seconds=1) + timedelta(minutes=1)  # backoff
    _, sent, outbox = await one_pass(config, host, NOW + 2 * H)  # the server is back
    assert outbox[0].status == "sent" and outbox[0].attempts == 3 and len(SENT["ops"]) == 1
    _, sent, _ = await one_pass(config, host, NOW + 3 * H)
    assert sent == [] and len(SENT["ops"]) == 1  # sent once


async def test_a_refusal_is_given_up_and_a_broken_channel_does_not_stop_the_others(configure):
    config = configure("""
[channels.bad]
type = "recorder"
options = { mode = "refuse" }
[channels.raising]
type = "recorder"
options = { mode = "raise" }
[channels.hanging]
type = "recorder"
options = { mode = "hang" }
[channels.good]
type = "recorder"
""")  # a type no plugin registers is a configuration error (tests/plugin_system)
    _, sent, outbox = await one_pass(config, recording_host(), NOW, [to_ship(1, NOW - H)])
    by_channel = {s.channel: s for s in sent}
    assert by_channel["good"].delivered
    assert by_channel["bad"].retry_at is None and by_channel["bad"].detail == "address refused"
    assert by_channel["raising"].detail == "RuntimeError: broken channel"
    assert by_channel["hanging"].detail == "no answer within 0.5 s"
    status = {o.channel: o.status for o in outbox}
    assert status == {
        "bad": "failed",
        "raising": "pending",
        "hanging": "pending",
        "good": "sent",
    }


async def test_quiet_hours_hold_a_warning_but_not_an_overdue_deadline(configure):
    config = configure('[alerts]\nquiet_hours = "22:00-07:00"\n[channels.ops]\ntype = "recorder"\n')
    night = datetime(2026, 11, 26, 23, tzinfo=UTC)  # midnight in Paris
    _, _, outbox = await one_pass(
        config, recording_host(), night, [to_ship(1, night + 5 * H), to_ship(2, night - H)]
    )
    held = {o.alert.kind: o for o in outbox}
    assert held["deadline_overdue"].status == "sent"
    assert held["deadline_window"].status == "pending"
    assert held["deadline_window"].next_at == datetime(2026, 11, 27, 6, tzinfo=UTC)  # 07:00


async def test_a_snoozed_item_waits_and_a_metric_change_is_told(configure):
    config = configure('[channels.ops]\ntype = "recorder"\n')
    host = recording_host()
    async with Service(config, host=host) as service:
        await service.store.snooze("402-0000001-0000000", NOW + 3 * H)
    _, _, outbox = await one_pass(
        config, host, NOW, [to_ship(1, NOW - H), to_ship(3, NOW - 60 * H)]
    )
    snoozed = next(o for o in outbox if o.alert.subject == "402-0000001-0000000")
    assert snoozed.status == "pending" and snoozed.next_at == NOW + 3 * H
    metric = [o.alert for o in outbox if o.alert.kind == "metric_status"]
    late = next(a for a in metric if a.rule == "late_shipment_rate_10d")
    assert late.title.endswith("dépassé (100,00 %)") and late.severity.value == "critical"
    assert "est passé de « OK » à « dépassé »" in late.body


async def test_routing_by_rule_or_kind_and_one_digest_a_day(configure):
    config = configure("""[alerts]
digest_at = "08:00"
[channels.shipping]
type = "recorder"
rules = ["ship_confirmation"]
[channels.daily]
type = "recorder"
rules = ["digest"]
""")
    host = recording_host()
    await one_pass(config, host, NOW, [to_ship(1, NOW - H), to_ship(2, NOW + 3 * H)])
    assert {a.rule for a in SENT["shipping"]} == {"ship_confirmation"}
    (digest,) = SENT["daily"]
    assert digest.id == "digest:2026-11-26" and digest.title == "aztui — le point du 26/11/2026"
    assert digest.body.startswith("1 échéance(s) en retard, 1 dans les 24 h")
    await one_pass(config, host, NOW + 5 * H)
    assert len(SENT["daily"]) == 1  # once a day
    await one_pass(config, host, NOW + 24 * H)
    assert [a.id for a in SENT["daily"]][-1] == "digest:2026-11-27"


def test_an_alert_retried_for_days_waits_an_hour_between_tries():
    """The doubling stops at an hour however many tries failed (a channel removed from the
    configuration is retried for ever; the daemon must not fail on the 42nd try)."""
    from aztui.channels.send import backoff

    assert [backoff(n) for n in (0, 1, 6)] == [
        timedelta(seconds=30),
        timedelta(minutes=1),
        timedelta(minutes=32),
    ]
    assert backoff(7) == backoff(42) == backoff(10_000) == timedelta(hours=1)
