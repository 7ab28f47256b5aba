"""Forecasts (docs/rules.md §5): when defects leave the window, and what-if on a claim."""

from __future__ import annotations

from datetime import UTC

import pytest

from aztui.domain.forecasts import DefectExit, defect_exits, what_if_claim
from aztui.domain.lifecycle import AppealDecided, Decided, TransitionRefused
from aztui.domain.metrics import BUILTIN_METRICS, evaluate
from aztui.domain.metrics import MetricStatus as M
from aztui.domain.model import AppealOutcome, Decision, Fulfillment, FundedBy
from aztui.domain.policy import Policy

from .builders import DAY, FR, at, bundle, claim, feedback, order

ODR = next(m for m in BUILTIN_METRICS if m.id == "order_defect_rate")
NOW = at("2027-01-20T09:00Z")  # ODR window: [2026-11-07T09:00Z, 2027-01-06T09:00Z)
CURRENT = evaluate(ODR, 2, 150, NOW, FR)  # 2/150 ≈ 0.0133: breach
GRANTED = {
    "decided_at": at("2026-12-05T09:00Z"),
    "decision": Decision.GRANTED,
    "funded_by": FundedBy.SELLER,
}
APPEALED = {**GRANTED, "appeal_filed_at": at("2026-12-06T09:00Z")}


# --- defect_exits ---------------------------------------------------------------------------------


def test_each_defect_leaves_the_odr_window_at_purchase_plus_window_plus_lag():
    defects = [("402-A", at("2026-09-01T10:00Z")), ("402-B", at("2026-08-20T10:00Z"))]
    exits = defect_exits(ODR, defects, FR, NOW)
    # Sep 1 + 74 days = Nov 14; Aug 20 + 74 days = Nov 2 (11 + 30 + 31 + 2): soonest first
    assert exits == [
        DefectExit("order_defect_rate", "402-B", at("2026-08-20T10:00Z"), at("2026-11-02T10:00Z")),
        DefectExit("order_defect_rate", "402-A", at("2026-09-01T10:00Z"), at("2026-11-14T10:00Z")),
    ]


def test_defect_exits_follow_the_policy_and_break_ties_by_subject():
    policy = Policy("FR", {"order_defect_rate.window_days": 90, "order_defect_rate.lag_days": 0})
    basis = at("2026-10-01T00:00Z")
    exits = defect_exits(ODR, [("402-Z", basis), ("402-M", basis)], policy, NOW)
    assert [(e.subject, e.leaves_at) for e in exits] == [
        ("402-M", at("2026-12-30T00:00Z")),
        ("402-Z", at("2026-12-30T00:00Z")),
    ]  # Oct 1 + 90
    assert exits[0].leaves_at.tzinfo is UTC


def test_an_exit_date_is_when_the_defect_drops_out_of_the_window():
    basis = at("2026-12-01T12:00Z")
    (exit_,) = defect_exits(ODR, [("402-A", basis)], FR, NOW)
    assert basis in ODR.window(exit_.leaves_at - DAY, FR)
    assert basis not in ODR.window(exit_.leaves_at + DAY, FR)


# --- what_if_claim --------------------------------------------------------------------------------


def test_an_appeal_won_removes_the_defect():
    the_bundle = bundle(claims=[claim(**APPEALED)])
    after = what_if_claim(
        ODR, CURRENT, the_bundle, "CLM-1", AppealDecided(NOW, AppealOutcome.GRANTED), NOW, FR
    )
    assert CURRENT.status is M.BREACH
    assert (after.numerator, after.denominator, after.status) == (1, 150, M.OK)  # 1/150 < 0.0075


def test_an_appeal_lost_changes_nothing():
    the_bundle = bundle(claims=[claim(**APPEALED)])
    after = what_if_claim(
        ODR, CURRENT, the_bundle, "CLM-1", AppealDecided(NOW, AppealOutcome.DENIED), NOW, FR
    )
    assert after.numerator == 2


def test_a_pending_claim_denied_removes_it():
    the_bundle = bundle(claims=[claim()])  # undecided: counted as pending
    after = what_if_claim(ODR, CURRENT, the_bundle, "CLM-1", Decided(NOW, Decision.DENIED), NOW, FR)
    assert after.numerator == 1 and after.status is M.OK


def test_a_pending_claim_granted_changes_nothing():
    the_bundle = bundle(claims=[claim()])
    after = what_if_claim(
        ODR, CURRENT, the_bundle, "CLM-1", Decided(NOW, Decision.GRANTED), NOW, FR
    )
    assert after.numerator == 2 and after.status is M.BREACH


def test_a_pending_claim_granted_by_amazon_funds_removes_it():
    the_bundle = bundle(claims=[claim()])
    event = Decided(NOW, Decision.GRANTED, funded_by=FundedBy.AMAZON)
    assert what_if_claim(ODR, CURRENT, the_bundle, "CLM-1", event, NOW, FR).numerator == 1


def test_an_order_with_another_defect_still_counts():
    the_bundle = bundle(claims=[claim(**APPEALED)], feedback=[feedback(1)])
    after = what_if_claim(
        ODR, CURRENT, the_bundle, "CLM-1", AppealDecided(NOW, AppealOutcome.GRANTED), NOW, FR
    )
    assert after.numerator == 2


@pytest.mark.parametrize(
    "the_order",
    [
        order(purchase_date=at("2026-11-07T08:59:59Z")),  # a second before the window
        order(purchase_date=at("2027-01-06T09:00Z")),  # at the window's (excluded) end
        order(fulfillment=Fulfillment.AFN),
    ],
)
def test_a_claim_outside_the_window_changes_nothing(the_order):
    the_bundle = bundle(the_order, claims=[claim(**APPEALED)])
    after = what_if_claim(
        ODR, CURRENT, the_bundle, "CLM-1", AppealDecided(NOW, AppealOutcome.GRANTED), NOW, FR
    )
    assert (after.numerator, after.denominator, after.status) == (2, 150, M.BREACH)


def test_a_what_if_dated_in_the_future_is_taken_as_now():
    the_bundle = bundle(claims=[claim(**APPEALED)])
    after = what_if_claim(
        ODR,
        CURRENT,
        the_bundle,
        "CLM-1",
        AppealDecided(NOW + 10 * DAY, AppealOutcome.GRANTED),
        NOW,
        FR,
    )
    assert after.numerator == 1


def test_an_impossible_what_if_is_refused():
    the_bundle = bundle(claims=[claim(**GRANTED)])  # no appeal filed
    with pytest.raises(TransitionRefused, match="no appeal"):
        what_if_claim(
            ODR, CURRENT, the_bundle, "CLM-1", AppealDecided(NOW, AppealOutcome.GRANTED), NOW, FR
        )
