"""The claim lifecycle (docs/rules.md §3): stages, and steps that are refused with a reason.

``claim_problems`` checks a whole claim record (an import); ``apply_event`` checks one step the
seller records (an action in the app), including the windows Amazon enforces.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from aztui.domain.model import AppealOutcome, Claim, CountsInOdr, Decision, FundedBy
from aztui.domain.policy import Policy
from aztui.domain.refusals import Refusal
from aztui.domain.timeutil import add_calendar_days
from aztui.errors import saying


class ClaimStage(StrEnum):
    FILED = "filed"
    RESPONSE_REQUESTED = "response_requested"
    UNDER_REVIEW = "under_review"
    GRANTED = "granted"
    DENIED = "denied"
    WITHDRAWN = "withdrawn"
    SELLER_REFUNDED = "seller_refunded"
    APPEALED = "appealed"
    APPEAL_INFO_REQUESTED = "appeal_info_requested"
    APPEAL_GRANTED = "appeal_granted"
    APPEAL_DENIED = "appeal_denied"


class TransitionRefused(Refusal):
    """An impossible step in a claim's life; its code says why (``aztui.domain.refusals``)."""


def stage(claim: Claim) -> ClaimStage:
    if claim.appeal_outcome is not None:
        return ClaimStage(f"appeal_{claim.appeal_outcome.value}")
    if claim.appeal_info_requested_at and not claim.appeal_info_responded_at:
        return ClaimStage.APPEAL_INFO_REQUESTED
    if claim.appeal_filed_at is not None:
        return ClaimStage.APPEALED
    if claim.decision is not None:
        return ClaimStage(claim.decision.value)
    if claim.responded_at is not None:
        return ClaimStage.UNDER_REVIEW
    if claim.response_requested_at is not None:
        return ClaimStage.RESPONSE_REQUESTED
    return ClaimStage.FILED


def is_appealable(claim: Claim) -> bool:
    """Granted and not paid by Amazon: the seller may contest within the appeal window."""
    return claim.decision is Decision.GRANTED and claim.funded_by is not FundedBy.AMAZON


CLAIM_PROBLEMS: dict[str, str] = {
    "claim_not_filed": "the claim must be filed first",
    "response_not_asked": (
        "a response is only possible once Amazon asked for one (response_requested_at)"
    ),
    "appeal_needs_decision": "an appeal needs a decision (decided_at)",
    "info_needs_appeal": "information is only requested on an appeal",
    "answer_needs_request": "an answer needs a request for information (appeal_info_requested_at)",
    "appeal_decision_needs_appeal": "an appeal decision needs an appeal (appeal_filed_at)",
    "field_before": "{field} is before {after}",
    "decision_missing": "decided_at is set but the decision is missing",
    "appeal_not_appealable": "only a claim granted and not funded by Amazon can be appealed",
    "outcome_needs_appeal": "an appeal outcome needs an appeal (appeal_filed_at)",
    "appeal_outcome_missing": "appeal_decided_at is set but the outcome is missing",
    "amount_negative": "the amount cannot be negative",
}
"""Why a claim record is inconsistent, in English, by code: ``claim_problems`` gives them as
``Said`` (the interface words them from ``problem_<code>``)."""

# Each timestamp field: the field it follows, and the problem's code when that one is missing.
_ORDER: tuple[tuple[str, str, str], ...] = (
    ("response_requested_at", "filed_at", "claim_not_filed"),
    ("responded_at", "response_requested_at", "response_not_asked"),
    ("decided_at", "filed_at", "claim_not_filed"),
    ("appeal_filed_at", "decided_at", "appeal_needs_decision"),
    ("appeal_info_requested_at", "appeal_filed_at", "info_needs_appeal"),
    ("appeal_info_responded_at", "appeal_info_requested_at", "answer_needs_request"),
    ("appeal_decided_at", "appeal_filed_at", "appeal_decision_needs_appeal"),
)


def claim_problems(claim: Claim) -> list[tuple[str, str]]:
    """Every inconsistency of a claim record, as (field, reason) pairs; empty when valid. Each
    reason is a ``Said`` of ``CLAIM_PROBLEMS``."""
    problems: list[tuple[str, str]] = []

    def found(name: str, code: str, **values: object) -> None:
        problems.append((name, saying(CLAIM_PROBLEMS, code, **values)))

    for name, after, missing in _ORDER:
        value, before = getattr(claim, name), getattr(claim, after)
        if value is None:
            continue
        if before is None:
            found(name, missing)
        elif value < before:
            found(name, "field_before", field=name, after=after)
    if claim.decided_at is not None and claim.decision is None:
        found("decision", "decision_missing")
    if (
        claim.appeal_filed_at is not None
        and claim.decision is not None
        and not is_appealable(claim)
    ):
        found("appeal_filed_at", "appeal_not_appealable")
    if claim.appeal_outcome is not None and claim.appeal_filed_at is None:
        found("appeal_outcome", "outcome_needs_appeal")
    if claim.appeal_decided_at is not None and claim.appeal_outcome is None:
        found("appeal_outcome", "appeal_outcome_missing")
    if claim.amount is not None and claim.amount < 0:
        found("amount", "amount_negative")
    return problems


@dataclass(frozen=True, slots=True)
class ClaimEvent:
    """One step the seller records; ``at`` is when it happened."""

    at: datetime


@dataclass(frozen=True, slots=True)
class ResponseRequested(ClaimEvent):
    pass


@dataclass(frozen=True, slots=True)
class Responded(ClaimEvent):
    pass


@dataclass(frozen=True, slots=True)
class Decided(ClaimEvent):
    decision: Decision = Decision.GRANTED
    funded_by: FundedBy | None = None
    counts_in_odr: CountsInOdr | None = None


@dataclass(frozen=True, slots=True)
class AppealFiled(ClaimEvent):
    pass


@dataclass(frozen=True, slots=True)
class AppealInfoRequested(ClaimEvent):
    pass


@dataclass(frozen=True, slots=True)
class AppealInfoResponded(ClaimEvent):
    pass


@dataclass(frozen=True, slots=True)
class AppealDecided(ClaimEvent):
    outcome: AppealOutcome = AppealOutcome.GRANTED


def _refuse_if(condition: bool, code: str, **values: object) -> None:
    if condition:
        raise TransitionRefused(code, **values)


def apply_event(claim: Claim, event: ClaimEvent, now: datetime, policy: Policy) -> Claim:
    """The claim after ``event``, or ``TransitionRefused`` saying why the step is impossible."""
    _refuse_if(event.at > now, "step_in_future")
    current = stage(claim)
    changes: dict[str, Any]  # the fields of ``Claim`` the step sets, each of its own type
    match event:
        case ResponseRequested():
            _refuse_if(claim.decision is not None, "claim_already_decided", stage=current)
            _refuse_if(claim.response_requested_at is not None, "response_already_requested")
            changes = {"response_requested_at": event.at}
        case Responded():
            _refuse_if(claim.response_requested_at is None, "response_not_requested")
            _refuse_if(claim.decision is not None, "claim_already_decided", stage=current)
            _refuse_if(claim.responded_at is not None, "response_already_recorded")
            changes = {"responded_at": event.at}
        case Decided():
            _refuse_if(claim.decision is not None, "claim_already_decided", stage=current)
            changes = {
                "decided_at": event.at,
                "decision": event.decision,
                "funded_by": event.funded_by,
                "counts_in_odr": event.counts_in_odr,
            }
        case AppealFiled():
            _refuse_if(not is_appealable(claim), "not_appealable", stage=current)
            _refuse_if(claim.appeal_filed_at is not None, "appeal_already_filed")
            if claim.decided_at is not None:
                closes = add_calendar_days(
                    claim.decided_at,
                    policy.get("appeal.days", claim.decided_at),
                    policy.day_mode_at(claim.decided_at),
                    policy.timezone,
                )
                _refuse_if(event.at > closes, "appeal_window_closed", closes=closes)
            changes = {"appeal_filed_at": event.at}
        case AppealInfoRequested():
            _refuse_if(claim.appeal_filed_at is None, "no_appeal")
            _refuse_if(claim.appeal_outcome is not None, "appeal_already_decided", stage=current)
            _refuse_if(claim.appeal_info_requested_at is not None, "appeal_info_already_requested")
            changes = {"appeal_info_requested_at": event.at}
        case AppealInfoResponded():
            _refuse_if(claim.appeal_info_requested_at is None, "appeal_info_not_requested")
            _refuse_if(claim.appeal_info_responded_at is not None, "appeal_answer_already_recorded")
            changes = {"appeal_info_responded_at": event.at}
        case AppealDecided():
            _refuse_if(claim.appeal_filed_at is None, "no_appeal")
            _refuse_if(claim.appeal_outcome is not None, "appeal_already_decided", stage=current)
            changes = {"appeal_decided_at": event.at, "appeal_outcome": event.outcome}
        case _:
            raise TransitionRefused("unknown_step", step=type(event).__name__)
    updated = dataclasses.replace(claim, **{k: v for k, v in changes.items() if v is not None})
    for name, after, _ in _ORDER:
        value, before = getattr(updated, name), getattr(updated, after)
        _refuse_if(
            name in changes and value is not None and before is not None and value < before,
            "step_before_previous",
            field=name,
            after=after,
            previous=before,
        )
    problems = claim_problems(updated)
    if problems:
        raise TransitionRefused("inconsistent_claim", problem=problems[0][1])
    return updated


__all__ = [
    "AppealDecided",
    "AppealFiled",
    "AppealInfoRequested",
    "AppealInfoResponded",
    "ClaimEvent",
    "ClaimStage",
    "Decided",
    "Responded",
    "ResponseRequested",
    "TransitionRefused",
    "apply_event",
    "claim_problems",
    "is_appealable",
    "stage",
]
