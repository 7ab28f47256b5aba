"""Which alerts are due (pure: ``now`` and the facts are parameters, nothing is sent here).

An alert has a stable id per stage, so deciding again never makes a second alert for the same
thing: a deadline entering its 24 h, 6 h and 1 h windows, becoming overdue, being missed; a
metric changing status (once a day per status at most); a risk signal appearing. When several
windows were entered while aztui was not running, only the tightest is said.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from functools import partial
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from aztui.domain.deadlines import Deadline, DeadlineStatus
from aztui.domain.metrics import MetricResult, MetricStatus
from aztui.domain.risks import Risk


class Severity(StrEnum):
    INFO = "info"
    WARNING = "warning"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        return list(Severity).index(self)


@dataclass(frozen=True, slots=True)
class Alert:
    """One thing the seller must hear about, once per stage."""

    id: str
    """Stable across runs and restarts (``deadline:claim_response:AZ-1:6h``): the same
    stage of the same thing always has the same id, so a receiver can drop duplicates."""
    kind: str
    """``deadline_window``, ``deadline_overdue``, ``deadline_missed``, ``metric_status``,
    ``risk`` or ``digest``."""
    severity: Severity
    title: str
    body: str
    """In the configured language; plain text."""
    created_at: datetime
    order_id: str | None = None
    subject: str | None = None
    """The claim, return, message, parcel or metric it is about."""
    rule: str | None = None
    """The rule, metric or risk signal id (docs/rules.md)."""
    due: datetime | None = None
    link: str | None = None
    """The Seller Central page concerned."""

    def as_dict(self) -> dict[str, Any]:
        """The alert as JSON-ready values (a webhook's payload)."""
        return {
            "id": self.id,
            "kind": self.kind,
            "severity": self.severity.value,
            "title": self.title,
            "body": self.body,
            "created_at": self.created_at.isoformat().replace("+00:00", "Z"),
            "order_id": self.order_id,
            "subject": self.subject,
            "rule": self.rule,
            "due": self.due.isoformat().replace("+00:00", "Z") if self.due else None,
            "link": self.link,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Alert:
        def instant(value: str | None) -> datetime | None:
            return None if value is None else datetime.fromisoformat(value)

        return cls(
            data["id"],
            data["kind"],
            Severity(data["severity"]),
            data["title"],
            data["body"],
            instant(data["created_at"]),  # type: ignore[arg-type]
            data.get("order_id"),
            data.get("subject"),
            data.get("rule"),
            instant(data.get("due")),
            data.get("link"),
        )


@dataclass(frozen=True, slots=True)
class Outgoing:
    """An alert waiting in the outbox for one channel."""

    alert: Alert
    channel: str
    attempts: int = 0
    status: str = "pending"
    """pending (to send at ``next_at``), sent, or failed (given up: trying cannot help)."""
    next_at: datetime | None = None
    sent_at: datetime | None = None
    last_error: str | None = None


DEFAULT_WINDOWS = (timedelta(hours=24), timedelta(hours=6), timedelta(hours=1))

PAGES = {
    "order": "https://sellercentral.{domain}/orders-v3/order/{order}",
    "claim": "https://sellercentral.{domain}/gp/guarantee-claims/home.html",
    "return": "https://sellercentral.{domain}/gp/returns/list/v2",
    "message": "https://sellercentral.{domain}/messaging/inbox",
    "metric": "https://sellercentral.{domain}/performance/dashboard",
}
"""Seller Central pages an alert links to (the marketplace's domain filled in)."""
PAGE_OF_RULE = {
    "claim_response": "claim",
    "appeal": "claim",
    "appeal_info_response": "claim",
    "return_request_response": "return",
    "buyer_message_response": "message",
}


class Wording(Protocol):
    """How the interface words an alert (``aztui.alert_words``): the domain gives the keys
    (``alert_<key>``) and the values, never words."""

    def __call__(self, key: str, **values: object) -> str: ...

    def instant(self, at: datetime) -> str: ...

    def day(self, day: date) -> str: ...

    def signal(self, signal: str) -> str: ...

    def detail(self, detail: str) -> str: ...


@dataclass(frozen=True)
class AlertPolicy:
    words: Wording
    windows: tuple[timedelta, ...] = DEFAULT_WINDOWS
    rule_windows: Mapping[str, tuple[timedelta, ...]] = field(default_factory=dict)
    timezone: str = "Europe/Paris"
    language: str = "fr"
    domain: str = "amazon.fr"

    def windows_of(self, rule: str) -> tuple[timedelta, ...]:
        return tuple(sorted(self.rule_windows.get(rule, self.windows), reverse=True))

    def link(self, page: str, order: str | None = None) -> str:
        return PAGES[page].format(domain=self.domain, order=order or "")


def _hours(window: timedelta) -> str:
    hours = window.total_seconds() / 3600
    return f"{hours:g}h"


def deadline_alerts(
    deadlines: Iterable[Deadline], now: datetime, policy: AlertPolicy, names: Mapping[str, str]
) -> list[Alert]:
    """For each pending deadline, the alert of the stage it is in (if it is in one)."""
    words = policy.words
    out = []
    for d in deadlines:
        status = d.status(now)
        rule = names.get(d.rule, d.rule)
        page = PAGE_OF_RULE.get(d.rule, "order")
        alert = partial(
            Alert,
            created_at=now,
            order_id=d.order_id,
            subject=d.subject,
            rule=d.rule,
            due=d.due,
            link=policy.link(page, d.order_id),
        )
        body = " ".join(
            filter(
                None,
                (
                    words("due", due=words.instant(d.due)),
                    words("order", order=d.order_id) if d.order_id else "",
                ),
            )
        )
        if status is DeadlineStatus.OVERDUE or (status is DeadlineStatus.MISSED and not d.done):
            stage = status.value  # overdue, or missed: too late
            out.append(
                alert(
                    f"deadline:{d.rule}:{d.subject}:{stage}",
                    f"deadline_{stage}",
                    Severity.CRITICAL,
                    words(stage, rule=rule, subject=d.subject),
                    body,
                )
            )
        elif status is DeadlineStatus.OPEN:
            reached = [w for w in policy.windows_of(d.rule) if d.due - now <= w]
            if reached:
                window = reached[-1]  # the tightest window entered
                severity = Severity.WARNING if window <= timedelta(hours=6) else Severity.INFO
                out.append(
                    alert(
                        f"deadline:{d.rule}:{d.subject}:{_hours(window)}",
                        "deadline_window",
                        severity,
                        words("window", rule=rule, subject=d.subject, left=_hours(window)),
                        body,
                    )
                )
    return out


def metric_alerts(
    results: Sequence[MetricResult],
    before: Mapping[str, str],
    now: datetime,
    policy: AlertPolicy,
    names: Mapping[str, str],
    percent: Callable[[float | None], str],
) -> list[Alert]:
    """A metric whose status differs from ``before`` (the last one alerted on)."""
    words = policy.words
    out = []
    local_day = now.astimezone(ZoneInfo(policy.timezone)).date().isoformat()
    for r in results:
        previous = before.get(r.id, MetricStatus.OK.value)
        if r.status.value == previous:
            continue
        severity = {
            MetricStatus.BREACH: Severity.CRITICAL,
            MetricStatus.AT_RISK: Severity.WARNING,
        }.get(r.status, Severity.INFO)
        status, was = words(r.status.value), words(previous)
        name = names.get(r.id, r.id)
        out.append(
            Alert(
                f"metric:{r.id}:{r.status.value}:{local_day}",
                "metric_status",
                severity,
                words("metric", metric=name, status=status, value=percent(r.value)),
                words(
                    "metric_body",
                    metric=name,
                    before=was,
                    status=status,
                    value=percent(r.value),
                    target=percent(float(r.target)),
                ),
                now,
                subject=r.id,
                rule=r.id,
                link=policy.link("metric"),
            )
        )
    return out


def risk_alerts(risks: Iterable[Risk], now: datetime, policy: AlertPolicy) -> list[Alert]:
    """Each active risk signal once (a signal that comes back another day is told again)."""
    words = policy.words
    out = []
    for r in risks:
        name = words.signal(r.signal)
        day = r.active_from.date().isoformat()
        out.append(
            Alert(
                f"risk:{r.signal}:{r.subject}:{day}",
                "risk",
                Severity.WARNING,
                words("risk", signal=name, subject=r.subject),
                words.detail(r.detail),
                now,
                order_id=r.order_id,
                subject=r.subject,
                rule=r.signal,
                link=policy.link("order", r.order_id),
            )
        )
    return out


def digest_alert(
    now: datetime, policy: AlertPolicy, *, overdue: int, soon: int, breach: int, at_risk: int
) -> Alert:
    words = policy.words
    day = now.astimezone(ZoneInfo(policy.timezone)).date()
    return Alert(
        f"digest:{day.isoformat()}",
        "digest",
        Severity.INFO,
        words("digest", day=words.day(day)),
        words("digest_body", overdue=overdue, soon=soon, breach=breach, at_risk=at_risk),
        now,
        link=policy.link("metric"),
    )


def in_quiet_hours(now: datetime, quiet: tuple[time, time] | None, timezone: str) -> bool:
    if quiet is None:
        return False
    start, end = quiet
    local = now.astimezone(ZoneInfo(timezone)).time()
    return start <= local < end if start <= end else local >= start or local < end


def quiet_until(now: datetime, quiet: tuple[time, time], timezone: str) -> datetime:
    """The end of the quiet hours ``now`` is in (an aware instant)."""
    zone = ZoneInfo(timezone)
    local = now.astimezone(zone)
    end = local.replace(hour=quiet[1].hour, minute=quiet[1].minute, second=0, microsecond=0)
    if end <= local:
        end += timedelta(days=1)
    return end.astimezone(now.tzinfo)
