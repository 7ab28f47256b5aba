"""The deadline engine (docs/rules.md §4): each rule turns an order's bundle into deadlines.

A deadline's ``due`` depends on the object and the policy, never on ``now``: it is derived when
the object is written and stored. ``now`` only decides the status.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Protocol, runtime_checkable
from zoneinfo import ZoneInfo

from aztui.domain.lifecycle import is_appealable
from aztui.domain.metrics import OWN_WORDS
from aztui.domain.model import OrderBundle, OrderStatus
from aztui.domain.policy import Policy, PolicyValue
from aztui.domain.timeutil import add_calendar_days, utc


class DeadlineStatus(StrEnum):
    OPEN = "open"
    OVERDUE = "overdue"
    MET = "met"
    MISSED = "missed"


ACTIVE = (DeadlineStatus.OPEN, DeadlineStatus.OVERDUE)
SOON = timedelta(hours=48)
"""What ``aztui check`` and the app's header call due soon."""


@dataclass(frozen=True, slots=True)
class Deadline:
    """One thing the seller must do by ``due``.

    ``closed`` means it can no longer be done (a claim decided before the seller responded).
    ``after_due`` is what an undone deadline becomes once due: ``overdue`` (still worth doing)
    or ``missed`` (too late, the consequence stands).
    """

    rule: str
    subject: str
    order_id: str | None
    due: datetime
    starts_at: datetime | None = None
    done: bool = False
    done_at: datetime | None = None
    closed: bool = False
    after_due: DeadlineStatus = DeadlineStatus.OVERDUE

    @property
    def pending(self) -> bool:
        """Neither done nor closed: its status still changes with time."""
        return not self.done and not self.closed

    def status(self, now: datetime) -> DeadlineStatus:
        if self.done:
            if self.done_at is None or self.done_at <= self.due:
                return DeadlineStatus.MET
            return DeadlineStatus.MISSED
        if self.closed:
            return DeadlineStatus.MISSED
        if self.due > now:
            return DeadlineStatus.OPEN
        return self.after_due

    def remaining_seconds(self, now: datetime) -> int:
        return int((self.due - now).total_seconds())


@dataclass(frozen=True, slots=True)
class Tally:
    """What ``aztui check`` and the app's header count of the deadlines at ``now``."""

    overdue: int
    today: int
    """Open and due before midnight where the marketplace is (``zone``)."""
    soon: int
    """Open and due within ``SOON``."""


def tally(deadlines: Iterable[Deadline], now: datetime, zone: str) -> Tally:
    midnight = (now.astimezone(ZoneInfo(zone)) + timedelta(days=1)).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    overdue = today = soon = 0
    for deadline in deadlines:
        status = deadline.status(now)
        if status is DeadlineStatus.OVERDUE:
            overdue += 1
        elif status is DeadlineStatus.OPEN:
            today += deadline.due < midnight
            soon += deadline.due - now <= SOON
    return Tally(overdue, today, soon)


class Tallies:
    """``tally`` of the same deadlines at any ``now``, each by bisection: the app's header
    counts again every minute, which over 50,000 deadlines took longer than a frame."""

    def __init__(self, deadlines: Iterable[Deadline]) -> None:
        pending = sorted((d for d in deadlines if not d.done and not d.closed), key=_due)
        self.dues = [d.due for d in pending]
        self.overdue = [0]
        """How many of the first ``k`` pending deadlines turn overdue once due."""
        for deadline in pending:
            late = deadline.after_due is DeadlineStatus.OVERDUE
            self.overdue.append(self.overdue[-1] + late)

    def at(self, now: datetime, zone: str) -> Tally:
        midnight = (now.astimezone(ZoneInfo(zone)) + timedelta(days=1)).replace(
            hour=0, minute=0, second=0, microsecond=0
        )
        due = bisect_right(self.dues, now)  # due <= now: no longer open
        today = max(bisect_left(self.dues, midnight) - due, 0)
        return Tally(self.overdue[due], today, bisect_right(self.dues, now + SOON) - due)


def _due(deadline: Deadline) -> datetime:
    return deadline.due


@runtime_checkable
class DeadlineRule(Protocol):
    """What a deadline rule provides; register one through ``aztui_register_deadline_rules``.

    ``policy_defaults`` holds the policy keys the rule reads, so ``aztui.toml`` can override them.
    ``names`` is what a person reads, by language (``{"fr": …, "en": …}``, or a plugin
    catalog's ``names(key)``).
    """

    id: str
    names: Mapping[str, str]
    policy_defaults: dict[str, PolicyValue]

    def derive(self, bundle: OrderBundle, policy: Policy) -> Iterable[Deadline]: ...


class _BuiltinRule:
    """The built-in rules read the marketplace policy tables, so they bring no defaults; their
    words are aztui's catalogs' (``rule_<id>``)."""

    id: str
    names: Mapping[str, str]
    policy_defaults: dict[str, PolicyValue]

    def __init__(self) -> None:
        # per instance, as the DeadlineRule protocol declares them: never a shared mutable default
        self.names = OWN_WORDS
        self.policy_defaults = {}


def _days(policy: Policy, rule: str, start: datetime) -> datetime:
    return add_calendar_days(
        start, policy.get(f"{rule}.days", start), policy.day_mode_at(start), policy.timezone
    )


def _hours(policy: Policy, rule: str, start: datetime) -> datetime:
    """Clock hours, elapsed: added in UTC so a zone-aware trigger is not shifted by DST."""
    return utc(start) + timedelta(hours=policy.get(f"{rule}.hours", start))


class ShipConfirmation(_BuiltinRule):
    id = "ship_confirmation"

    def derive(self, bundle: OrderBundle, policy: Policy) -> Iterator[Deadline]:
        order = bundle.order
        if (
            order is None
            or not order.is_mfn
            or order.latest_ship_date is None
            or order.status is OrderStatus.PENDING
            or order.is_cancelled
        ):
            return
        confirmed = [s.confirmed_at for s in bundle.shipments if s.confirmed_at is not None]
        shipped = bool(confirmed) or order.status is OrderStatus.SHIPPED
        yield Deadline(
            self.id,
            order.order_id,
            order.order_id,
            order.latest_ship_date,
            done=shipped,
            done_at=min(confirmed) if confirmed else None,
        )


class ReturnRequestResponse(_BuiltinRule):
    id = "return_request_response"

    def derive(self, bundle: OrderBundle, policy: Policy) -> Iterator[Deadline]:
        for ret in bundle.returns:
            yield Deadline(
                self.id,
                ret.return_id,
                ret.order_id,
                _days(policy, self.id, ret.requested_at),
                starts_at=ret.requested_at,
                done=ret.is_acted_on,
                done_at=ret.acted_at,
            )


class ClaimResponse(_BuiltinRule):
    id = "claim_response"

    def derive(self, bundle: OrderBundle, policy: Policy) -> Iterator[Deadline]:
        for claim in bundle.claims:
            start = claim.response_requested_at
            if start is None:
                continue
            yield Deadline(
                self.id,
                claim.claim_id,
                claim.order_id,
                _days(policy, self.id, start),
                starts_at=start,
                done=claim.responded_at is not None,
                done_at=claim.responded_at,
                closed=claim.decision is not None,
                after_due=DeadlineStatus.MISSED,
            )


class Appeal(_BuiltinRule):
    id = "appeal"

    def derive(self, bundle: OrderBundle, policy: Policy) -> Iterator[Deadline]:
        for claim in bundle.claims:
            if not is_appealable(claim) or claim.decided_at is None:
                continue
            yield Deadline(
                self.id,
                claim.claim_id,
                claim.order_id,
                _days(policy, self.id, claim.decided_at),
                starts_at=claim.decided_at,
                done=claim.appeal_filed_at is not None,
                done_at=claim.appeal_filed_at,
                after_due=DeadlineStatus.MISSED,
            )


class AppealInfoResponse(_BuiltinRule):
    id = "appeal_info_response"

    def derive(self, bundle: OrderBundle, policy: Policy) -> Iterator[Deadline]:
        for claim in bundle.claims:
            start = claim.appeal_info_requested_at
            if start is None:
                continue
            yield Deadline(
                self.id,
                claim.claim_id,
                claim.order_id,
                _hours(policy, self.id, start),
                starts_at=start,
                done=claim.appeal_info_responded_at is not None,
                done_at=claim.appeal_info_responded_at,
                closed=claim.appeal_outcome is not None,
                after_due=DeadlineStatus.MISSED,
            )


class BuyerMessageResponse(_BuiltinRule):
    id = "buyer_message_response"

    def derive(self, bundle: OrderBundle, policy: Policy) -> Iterator[Deadline]:
        for message in bundle.messages:
            if message.no_response_needed:
                continue
            yield Deadline(
                self.id,
                message.message_id,
                message.order_id,
                _hours(policy, self.id, message.received_at),
                starts_at=message.received_at,
                done=message.answered_at is not None,
                done_at=message.answered_at,
            )


BUILTIN_RULES: tuple[DeadlineRule, ...] = (
    ShipConfirmation(),
    ReturnRequestResponse(),
    ClaimResponse(),
    Appeal(),
    AppealInfoResponse(),
    BuyerMessageResponse(),
)
