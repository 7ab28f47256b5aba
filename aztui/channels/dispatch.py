"""Deciding what to say and where: the due alerts (``aztui.domain.alerts``), routed to each
configured channel that wants them, deferred through quiet hours and snoozes, and put in the
outbox once per stage and channel."""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from aztui.alert_words import AlertWords
from aztui.config.schema import ChannelSettings
from aztui.domain import alerts as decide
from aztui.domain.alerts import Alert, AlertPolicy, Severity
from aztui.domain.deadlines import DeadlineStatus
from aztui.domain.metrics import MetricStatus
from aztui.i18n import named, percent
from aztui.service import Service

ALERTING_SIGNALS = frozenset(
    {
        "no_tracking",
        "not_handed_over",
        "tracking_stalled",
        "delivery_failed",
        "exception",
        "return_to_sender",
        "late_delivery",
        "cancel_out_of_stock",
        "refund_pending",
        "verge_of_late_shipment",
        "verge_of_cancellation",
    }
)
"""Risk signals worth a message: each asks for an action. The others (an unprotected or
unsigned parcel, the claim window) stay in the app and the digest."""
RECENT_RISK = timedelta(days=7)
"""A risk that appeared longer ago than this is not announced (a first start on a long
history would otherwise flood every channel)."""
MISSED_LOOKBACK = timedelta(days=2)
STATUS_KEY = "alerts:metric_status"
"""The metric statuses last alerted on, kept in the store's meta."""
WAKES = ("deadline_overdue", "deadline_missed")
"""What quiet hours do not hold back."""


def clock_time(text: str) -> time:
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


@dataclass(frozen=True)
class Decided:
    alerts: list[Alert]
    queued: int
    """New (alert, channel) entries in the outbox."""


def policy_of(service: Service) -> AlertPolicy:
    settings = service.config.alerts
    return AlertPolicy(
        AlertWords(service.config.language, service.config.timezone),
        windows=tuple(timedelta(hours=h) for h in settings.windows_hours),
        rule_windows={
            rule: tuple(timedelta(hours=h) for h in hours)
            for rule, hours in settings.rule_windows_hours.items()
        },
        timezone=service.config.timezone,
        language=service.config.language,
        domain=service.policy.marketplace.domain,
    )


def accepts(settings: ChannelSettings, alert: Alert) -> bool:
    """Whether a channel's routing takes an alert: severity, then rule ids or kinds."""
    if not settings.enabled or alert.severity.rank < Severity(settings.min_severity).rank:
        return False
    return not settings.rules or alert.rule in settings.rules or alert.kind in settings.rules


async def due_alerts(service: Service, now: datetime, *, remember: bool = True) -> list[Alert]:
    """Every alert due at ``now`` (the outbox drops those already queued). ``remember``:
    keep the metric statuses as the ones last told (the app, which only shows toasts, does
    not, so the daemon still tells a change)."""
    store, engine, policy = service.store, service.engine, policy_of(service)
    lang = policy.language
    names = {r.item.id: named("rule", r.item.id, lang, r.item.names) for r in engine.rules}
    deadlines = await store.deadlines(now)
    missed = await store.missed(now - MISSED_LOOKBACK, now)
    # In a thread: over 50,000 deadlines this takes seconds, and the app must keep drawing.
    found = await asyncio.to_thread(
        decide.deadline_alerts, [*deadlines, *missed], now, policy, names
    )
    results = [await service.metric(d, now) for d in engine.metric_definitions]
    before = json.loads(await store.get_meta(STATUS_KEY) or "{}")
    metric_names = {d.id: named("metric", d.id, lang, d.names) for d in engine.metric_definitions}
    found += decide.metric_alerts(
        results, before, now, policy, metric_names, lambda v: percent(v, policy.language)
    )
    statuses = {r.id: r.status.value for r in results}
    if remember and statuses != before:  # a write only for news: teammates' apps read again
        await store.set_meta(STATUS_KEY, json.dumps(statuses))
    risks = await store.risks(now, since=now - RECENT_RISK, signals=ALERTING_SIGNALS)
    found += decide.risk_alerts(risks, now, policy)
    digest_at = service.config.alerts.digest_at
    if digest_at and now.astimezone(ZoneInfo(policy.timezone)).time() >= clock_time(digest_at):
        found.append(
            decide.digest_alert(
                now,
                policy,
                overdue=sum(d.status(now) is DeadlineStatus.OVERDUE for d in deadlines),
                soon=sum(
                    d.due - now <= timedelta(hours=24)
                    for d in deadlines
                    if d.status(now) is DeadlineStatus.OPEN
                ),
                breach=sum(r.status is MetricStatus.BREACH for r in results),
                at_risk=sum(r.status is MetricStatus.AT_RISK for r in results),
            )
        )
    return found


async def decide_and_queue(
    service: Service, now: datetime, channels: dict[str, ChannelSettings]
) -> Decided:
    """The due alerts, each put in the outbox for every channel that takes it, not before the
    end of quiet hours (unless it is overdue or missed) nor of a snooze."""
    found = await due_alerts(service, now)
    settings = service.config.alerts
    quiet = None
    if settings.quiet_hours:
        start, end = (clock_time(p.strip()) for p in settings.quiet_hours.split("-"))
        quiet = (start, end)
    zone = service.config.timezone
    held_until = (
        decide.quiet_until(now, quiet, zone)
        if quiet and decide.in_quiet_hours(now, quiet, zone)
        else now
    )
    snoozed = await service.store.snoozed(now)
    routed = []
    for alert in found:
        at = now if alert.kind in WAKES else held_until
        for key in (alert.subject, alert.order_id):
            if key in snoozed:
                at = max(at, snoozed[key])
        routed += [(alert, name, at) for name, chan in channels.items() if accepts(chan, alert)]
    return Decided(found, await service.store.enqueue_alerts(routed))
