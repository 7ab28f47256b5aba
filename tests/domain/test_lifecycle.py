"""The claim lifecycle (docs/rules.md §3): stages, the steps a seller records, refused steps."""

from __future__ import annotations

import pytest

from aztui.domain.lifecycle import (
    AppealDecided,
    AppealFiled,
    AppealInfoRequested,
    AppealInfoResponded,
    Decided,
    Responded,
    ResponseRequested,
    TransitionRefused,
    apply_event,
    claim_problems,
    is_appealable,
    stage,
)
from aztui.domain.lifecycle import (
    ClaimStage as St,
)
from aztui.domain.model import AppealOutcome, CountsInOdr, Decision, FundedBy

from .builders import DAY, FR, SECOND, at, claim

FILED = at("2026-11-30T09:00Z")  # the default claim's filed_at
NOW = at("2027-03-01T09:00Z")


def step(c, event, now=NOW):
    return apply_event(c, event, now, FR)


def t(days: int):
    """``days`` after the claim was filed."""
    return FILED + days * DAY


# --- stage ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({}, St.FILED),
        ({"response_requested_at": t(1)}, St.RESPONSE_REQUESTED),
        ({"response_requested_at": t(1), "responded_at": t(2)}, St.UNDER_REVIEW),
        ({"decided_at": t(5), "decision": Decision.GRANTED}, St.GRANTED),
        ({"decided_at": t(5), "decision": Decision.DENIED}, St.DENIED),
        ({"decided_at": t(5), "decision": Decision.WITHDRAWN}, St.WITHDRAWN),
        ({"decided_at": t(5), "decision": Decision.SELLER_REFUNDED}, St.SELLER_REFUNDED),
        ({"decided_at": t(5), "decision": Decision.GRANTED, "appeal_filed_at": t(6)}, St.APPEALED),
        (
            {
                "decided_at": t(5),
                "decision": Decision.GRANTED,
                "appeal_filed_at": t(6),
                "appeal_info_requested_at": t(7),
            },
            St.APPEAL_INFO_REQUESTED,
        ),
        (
            {
                "decided_at": t(5),
                "decision": Decision.GRANTED,
                "appeal_filed_at": t(6),
                "appeal_info_requested_at": t(7),
                "appeal_info_responded_at": t(8),
            },
            St.APPEALED,
        ),
        (
            {
                "decided_at": t(5),
                "decision": Decision.GRANTED,
                "appeal_filed_at": t(6),
                "appeal_decided_at": t(9),
                "appeal_outcome": AppealOutcome.GRANTED,
            },
            St.APPEAL_GRANTED,
        ),
        (
            {
                "decided_at": t(5),
                "decision": Decision.GRANTED,
                "appeal_filed_at": t(6),
                "appeal_decided_at": t(9),
                "appeal_outcome": AppealOutcome.DENIED,
            },
            St.APPEAL_DENIED,
        ),
    ],
)
def test_stage(fields, expected):
    c = claim(**fields)
    assert stage(c) is expected
    assert claim_problems(c) == []


# --- valid steps ----------------------------------------------------------------------------------


def test_the_whole_road_to_a_won_appeal():
    c = claim()
    c = step(c, ResponseRequested(t(1)))
    assert stage(c) is St.RESPONSE_REQUESTED and c.response_requested_at == t(1)
    c = step(c, Responded(t(2)))
    assert stage(c) is St.UNDER_REVIEW and c.responded_at == t(2)
    c = step(c, Decided(t(5), Decision.GRANTED, FundedBy.SELLER, CountsInOdr.YES))
    assert stage(c) is St.GRANTED
    assert (c.decided_at, c.funded_by, c.counts_in_odr) == (t(5), FundedBy.SELLER, CountsInOdr.YES)
    c = step(c, AppealFiled(t(6)))
    assert stage(c) is St.APPEALED
    c = step(c, AppealInfoRequested(t(7)))
    assert stage(c) is St.APPEAL_INFO_REQUESTED
    c = step(c, AppealInfoResponded(t(8)))
    assert stage(c) is St.APPEALED
    c = step(c, AppealDecided(t(9), AppealOutcome.GRANTED))
    assert stage(c) is St.APPEAL_GRANTED and c.appeal_decided_at == t(9)
    assert claim_problems(c) == []


def test_amazon_may_decide_without_asking_the_seller():
    c = step(claim(), Decided(t(3), Decision.DENIED))
    assert stage(c) is St.DENIED and c.funded_by is None


def test_silence_after_a_request_ends_in_a_grant():
    c = step(claim(response_requested_at=t(1)), Decided(t(4), Decision.GRANTED))
    assert stage(c) is St.GRANTED and c.responded_at is None


@pytest.mark.parametrize("decision", [Decision.WITHDRAWN, Decision.SELLER_REFUNDED])
def test_other_decisions(decision):
    assert stage(step(claim(), Decided(t(2), decision))).value == decision.value


def test_steps_do_not_change_the_original_claim():
    c = claim()
    step(c, ResponseRequested(t(1)))
    assert c.response_requested_at is None


def test_a_step_at_now_is_accepted():
    assert step(claim(), ResponseRequested(NOW)).response_requested_at == NOW


def test_appeal_on_the_last_instant_of_the_window():
    decided = claim(decided_at=t(5), decision=Decision.GRANTED)
    closes = t(35)  # decided + 30 × 24 h
    assert step(decided, AppealFiled(closes)).appeal_filed_at == closes


# --- refused steps --------------------------------------------------------------------------------

GRANTED = {"decided_at": t(5), "decision": Decision.GRANTED, "funded_by": FundedBy.SELLER}
APPEALED = {**GRANTED, "appeal_filed_at": t(6)}


@pytest.mark.parametrize(
    ("fields", "event", "reason"),
    [
        ({}, Responded(t(2)), "has not asked for a response"),
        ({"response_requested_at": t(1)}, ResponseRequested(t(2)), "already requested"),
        (
            {"response_requested_at": t(1), "responded_at": t(2)},
            Responded(t(3)),
            "already recorded",
        ),
        (
            {"response_requested_at": t(3)},
            Responded(t(2)),
            "responded_at is before response_requested_at",
        ),
        (GRANTED, Responded(t(6)), "has not asked"),
        ({**GRANTED, "response_requested_at": t(1)}, Responded(t(6)), "already granted"),
        (GRANTED, ResponseRequested(t(6)), "already granted"),
        (GRANTED, Decided(t(6), Decision.DENIED), "already granted"),
        ({"decided_at": t(5), "decision": Decision.DENIED}, Decided(t(6)), "already denied"),
        ({}, Decided(t(-1)), "decided_at is before filed_at"),
        (
            {"decided_at": t(5), "decision": Decision.DENIED},
            AppealFiled(t(6)),
            "only a claim granted and not funded by Amazon.*denied",
        ),
        ({"decided_at": t(5), "decision": Decision.WITHDRAWN}, AppealFiled(t(6)), "withdrawn"),
        (
            {**GRANTED, "funded_by": FundedBy.AMAZON},
            AppealFiled(t(6)),
            "only a claim granted and not funded by Amazon",
        ),
        ({}, AppealFiled(t(1)), "only a claim granted"),
        (GRANTED, AppealFiled(t(35) + SECOND), "appeal window closed at 2027-01-04T09:00:00"),
        (APPEALED, AppealFiled(t(7)), "already filed"),
        (GRANTED, AppealInfoRequested(t(7)), "no appeal"),
        (APPEALED, AppealInfoResponded(t(8)), "has not asked for information"),
        (
            {**APPEALED, "appeal_info_requested_at": t(7)},
            AppealInfoRequested(t(8)),
            "already requested",
        ),
        (
            {**APPEALED, "appeal_info_requested_at": t(7), "appeal_info_responded_at": t(8)},
            AppealInfoResponded(t(9)),
            "already recorded",
        ),
        (GRANTED, AppealDecided(t(9)), "there is no appeal"),
        (
            {**APPEALED, "appeal_decided_at": t(9), "appeal_outcome": AppealOutcome.DENIED},
            AppealDecided(t(10)),
            "already appeal_denied",
        ),
        (
            {**APPEALED, "appeal_decided_at": t(9), "appeal_outcome": AppealOutcome.DENIED},
            AppealInfoRequested(t(10)),
            "already appeal_denied",
        ),
        (APPEALED, AppealDecided(t(5)), "appeal_decided_at is before appeal_filed_at"),
    ],
)
def test_impossible_steps_are_refused_with_a_reason(fields, event, reason):
    with pytest.raises(TransitionRefused, match=reason):
        step(claim(**fields), event)


def test_a_step_dated_in_the_future_is_refused():
    with pytest.raises(TransitionRefused, match="dated in the future"):
        step(claim(), ResponseRequested(NOW + SECOND))


def test_refusal_is_a_value_error():
    assert issubclass(TransitionRefused, ValueError)


# --- whole records --------------------------------------------------------------------------------


def test_is_appealable():
    assert is_appealable(claim(**GRANTED))
    assert is_appealable(claim(**{**GRANTED, "funded_by": None}))
    assert not is_appealable(claim(**{**GRANTED, "funded_by": FundedBy.AMAZON}))
    assert not is_appealable(claim())


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ({"responded_at": t(2)}, "responded_at"),
        ({"response_requested_at": t(-1)}, "response_requested_at"),
        ({"decided_at": t(3)}, "decision"),
        ({"decision": Decision.GRANTED, "decided_at": t(-2)}, "decided_at"),
        ({"appeal_filed_at": t(6)}, "appeal_filed_at"),
        ({**GRANTED, "appeal_filed_at": t(4)}, "appeal_filed_at"),
        (
            {"decided_at": t(5), "decision": Decision.DENIED, "appeal_filed_at": t(6)},
            "appeal_filed_at",
        ),
        ({**GRANTED, "appeal_outcome": AppealOutcome.GRANTED}, "appeal_outcome"),
        ({**APPEALED, "appeal_decided_at": t(9)}, "appeal_outcome"),
        ({**APPEALED, "appeal_info_responded_at": t(8)}, "appeal_info_responded_at"),
        ({**GRANTED, "appeal_info_requested_at": t(8)}, "appeal_info_requested_at"),
        ({"amount": -1}, "amount"),
    ],
)
def test_claim_problems_name_the_inconsistent_field(fields, problem):
    problems = claim_problems(claim(**fields))
    assert problem in [name for name, _ in problems], problems
    assert all(reason for _, reason in problems)


def test_claim_problems_lists_every_problem():
    c = claim(responded_at=t(2), decided_at=t(3), amount=-5)
    assert sorted(name for name, _ in claim_problems(c)) == ["amount", "decision", "responded_at"]
