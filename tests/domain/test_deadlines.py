"""Deadline rules of docs/rules.md §4: when each exists, its due instant, its status at ``now``."""

from __future__ import annotations

from datetime import timedelta

import pytest

from aztui.domain.deadlines import DeadlineStatus as S
from aztui.domain.model import (
    AppealOutcome,
    Decision,
    Fulfillment,
    FundedBy,
    OrderStatus,
    ReturnStatus,
)
from aztui.domain.policy import Policy

from .builders import (
    DAY,
    ORDER_ID,
    SECOND,
    at,
    bundle,
    claim,
    deadlines,
    message,
    only,
    order,
    return_request,
    shipment,
)

LSD = at("2026-11-22T22:59:59Z")  # the default order's latest_ship_date


# --- ship_confirmation --------------------------------------------------------------------


def test_ship_confirmation_is_due_at_latest_ship_date():
    d = only(bundle(), "ship_confirmation")
    assert (d.subject, d.order_id, d.due) == (ORDER_ID, ORDER_ID, LSD)
    assert d.status(LSD - SECOND) is S.OPEN
    # Not confirmed once due: overdue (ship late rather than never), not missed.
    assert d.status(LSD) is S.OVERDUE
    assert d.status(LSD + 30 * DAY) is S.OVERDUE


def test_ship_confirmation_exists_when_fulfillment_unknown():
    assert only(bundle(order(fulfillment=None)), "ship_confirmation").due == LSD


@pytest.mark.parametrize(
    "changes",
    [
        {"fulfillment": Fulfillment.AFN},
        {"status": OrderStatus.PENDING},
        {"status": OrderStatus.CANCELED},
        {"cancelled_at": at("2026-11-21T08:00Z")},  # cancelled, status not updated yet
        {"latest_ship_date": None},
    ],
    ids=["AFN", "Pending", "Canceled", "cancelled_at", "no latest_ship_date"],
)
def test_ship_confirmation_does_not_exist(changes):
    assert deadlines(bundle(order(**changes)), "ship_confirmation") == []


def test_ship_confirmation_needs_an_order():
    assert deadlines(bundle(no_order=True, messages=[message()]), "ship_confirmation") == []


@pytest.mark.parametrize(
    ("confirmed", "status"),
    [
        (LSD - DAY, S.MET),
        (LSD, S.MET),  # at latest_ship_date: on time
        (LSD + SECOND, S.MISSED),  # done after due
    ],
)
def test_ship_confirmation_done(confirmed, status):
    d = only(bundle(shipments=[shipment(confirmed_at=confirmed)]), "ship_confirmation")
    assert d.done and d.done_at == confirmed
    for now in (confirmed, LSD + 10 * DAY):
        assert d.status(now) is status


def test_ship_confirmation_earliest_of_several_shipments_counts():
    late, early = (
        shipment(tracking_number="B", confirmed_at=LSD + DAY),
        shipment(tracking_number="A", confirmed_at=LSD - DAY),
    )
    d = only(bundle(shipments=[late, early]), "ship_confirmation")
    assert d.done_at == LSD - DAY and d.status(LSD + 2 * DAY) is S.MET


def test_shipment_without_confirmation_is_not_done():
    d = only(bundle(shipments=[shipment(confirmed_at=None)]), "ship_confirmation")
    assert not d.done and d.status(LSD) is S.OVERDUE


def test_status_shipped_without_shipment_record_is_met_time_unknown():
    d = only(bundle(order(status=OrderStatus.SHIPPED)), "ship_confirmation")
    assert d.done and d.done_at is None
    assert d.status(LSD - DAY) is S.MET and d.status(LSD + 10 * DAY) is S.MET


# --- return_request_response ---------------------------------------------------------------

REQUESTED = at("2026-11-28T09:00Z")
RETURN_DUE = at("2026-11-30T09:00Z")  # + 2 × 24 h


def test_return_request_response_due_two_days_later():
    d = only(bundle(returns=[return_request()]), "return_request_response")
    assert (d.subject, d.order_id, d.starts_at, d.due) == ("RMA-1", ORDER_ID, REQUESTED, RETURN_DUE)
    assert d.status(RETURN_DUE - SECOND) is S.OPEN
    assert d.status(RETURN_DUE) is S.OVERDUE  # open only while due > now


def test_every_return_request_has_a_deadline_even_on_an_afn_order():
    the_bundle = bundle(
        order(fulfillment=Fulfillment.AFN),
        returns=[return_request(), return_request(return_id="RMA-2")],
    )
    assert [d.subject for d in deadlines(the_bundle, "return_request_response")] == [
        "RMA-1",
        "RMA-2",
    ]


@pytest.mark.parametrize(
    ("fields", "status"),
    [
        ({"acted_at": RETURN_DUE - SECOND}, S.MET),
        ({"acted_at": RETURN_DUE}, S.MET),
        ({"acted_at": RETURN_DUE + SECOND}, S.MISSED),
        ({"status": ReturnStatus.AUTHORISED}, S.MET),  # done, time unknown
        ({"status": ReturnStatus.REFUNDED}, S.MET),
        ({"status": ReturnStatus.CLOSED}, S.MET),
        ({"status": ReturnStatus.REJECTED}, S.MET),
        ({"status": ReturnStatus.PENDING}, S.OVERDUE),  # pending is not acted on
    ],
)
def test_return_request_response_status(fields, status):
    d = only(bundle(returns=[return_request(**fields)]), "return_request_response")
    assert d.status(RETURN_DUE + 5 * DAY) is status


# --- claim_response ----------------------------------------------------------------------------

ASKED = at("2026-12-01T09:00Z")
CLAIM_DUE = at("2026-12-04T09:00Z")  # + 3 × 24 h


def test_no_claim_response_deadline_without_a_request():
    assert deadlines(bundle(claims=[claim()]), "claim_response") == []


def test_claim_response_due_three_days_after_the_request():
    d = only(bundle(claims=[claim(response_requested_at=ASKED)]), "claim_response")
    assert (d.subject, d.starts_at, d.due) == ("CLM-1", ASKED, CLAIM_DUE)
    assert d.status(CLAIM_DUE - SECOND) is S.OPEN
    # Silent past the due: Amazon grants the claim, too late to act.
    assert d.status(CLAIM_DUE) is S.MISSED


@pytest.mark.parametrize(
    ("responded", "status"),
    [(CLAIM_DUE - DAY, S.MET), (CLAIM_DUE, S.MET), (CLAIM_DUE + SECOND, S.MISSED)],
)
def test_claim_response_done(responded, status):
    d = only(
        bundle(claims=[claim(response_requested_at=ASKED, responded_at=responded)]),
        "claim_response",
    )
    assert d.status(CLAIM_DUE + DAY) is status


def test_claim_decided_before_the_seller_responded_is_missed_before_due():
    c = claim(response_requested_at=ASKED, decided_at=ASKED + DAY, decision=Decision.GRANTED)
    d = only(bundle(claims=[c]), "claim_response")
    assert d.status(ASKED + 2 * DAY) is S.MISSED  # due is still a day ahead


def test_claim_responded_then_decided_is_met():
    c = claim(
        response_requested_at=ASKED,
        responded_at=ASKED + DAY,
        decided_at=ASKED + 2 * DAY,
        decision=Decision.DENIED,
    )
    assert only(bundle(claims=[c]), "claim_response").status(CLAIM_DUE + DAY) is S.MET


# --- appeal ---------------------------------------------------------------------------------------

DECIDED = at("2026-12-05T09:00Z")
APPEAL_DUE = at("2027-01-04T09:00Z")  # + 30 × 24 h: Dec 5 + 26 = Dec 31, + 4 = Jan 4


def granted(**fields):
    values = {"decided_at": DECIDED, "decision": Decision.GRANTED, "funded_by": FundedBy.SELLER}
    values.update(fields)
    return claim(**values)


@pytest.mark.parametrize("funded_by", [FundedBy.SELLER, None])
def test_appeal_due_thirty_days_after_a_granted_claim(funded_by):
    d = only(bundle(claims=[granted(funded_by=funded_by)]), "appeal")
    assert (d.subject, d.starts_at, d.due) == ("CLM-1", DECIDED, APPEAL_DUE)
    assert d.status(APPEAL_DUE - SECOND) is S.OPEN
    assert d.status(APPEAL_DUE) is S.MISSED  # the decision and its ODR impact stand


@pytest.mark.parametrize(
    "fields",
    [
        {"funded_by": FundedBy.AMAZON},
        {"decision": Decision.DENIED},
        {"decision": Decision.WITHDRAWN},
        {"decision": Decision.SELLER_REFUNDED},
        {"decided_at": None},
        {"decision": None, "decided_at": None},
    ],
    ids=["amazon-funded", "denied", "withdrawn", "seller_refunded", "no decided_at", "undecided"],
)
def test_no_appeal_deadline(fields):
    assert deadlines(bundle(claims=[granted(**fields)]), "appeal") == []


@pytest.mark.parametrize(
    ("filed", "status"),
    [(APPEAL_DUE - DAY, S.MET), (APPEAL_DUE, S.MET), (APPEAL_DUE + SECOND, S.MISSED)],
)
def test_appeal_done(filed, status):
    d = only(bundle(claims=[granted(appeal_filed_at=filed)]), "appeal")
    assert d.status(APPEAL_DUE + 10 * DAY) is status


# --- appeal_info_response -------------------------------------------------------------------------

INFO_ASKED = at("2026-12-10T09:00Z")


def test_no_appeal_info_deadline_without_a_request():
    assert (
        deadlines(bundle(claims=[granted(appeal_filed_at=DECIDED + DAY)]), "appeal_info_response")
        == []
    )


@pytest.mark.parametrize(("marketplace", "hours"), [("FR", 72), ("DE", 72), ("UK", 48)])
def test_appeal_info_response_due(marketplace, hours):
    c = granted(appeal_filed_at=DECIDED + DAY, appeal_info_requested_at=INFO_ASKED)
    d = only(bundle(claims=[c]), "appeal_info_response", Policy(marketplace))
    assert d.due == INFO_ASKED + timedelta(hours=hours)
    assert d.status(d.due - SECOND) is S.OPEN
    assert d.status(d.due) is S.MISSED  # the appeal fails


@pytest.mark.parametrize(
    ("responded", "status"),
    [(INFO_ASKED + timedelta(hours=72), S.MET), (INFO_ASKED + timedelta(hours=73), S.MISSED)],
)
def test_appeal_info_response_done(responded, status):
    c = granted(
        appeal_filed_at=DECIDED + DAY,
        appeal_info_requested_at=INFO_ASKED,
        appeal_info_responded_at=responded,
    )
    assert only(bundle(claims=[c]), "appeal_info_response").status(INFO_ASKED + 9 * DAY) is status


def test_appeal_decided_before_the_information_came_is_missed():
    c = granted(
        appeal_filed_at=DECIDED + DAY,
        appeal_info_requested_at=INFO_ASKED,
        appeal_decided_at=INFO_ASKED + DAY,
        appeal_outcome=AppealOutcome.DENIED,
    )
    assert only(bundle(claims=[c]), "appeal_info_response").status(INFO_ASKED + DAY) is S.MISSED


# --- buyer_message_response -----------------------------------------------------------------------

RECEIVED = at("2026-11-21T09:00Z")
ANSWER_DUE = at("2026-11-22T09:00Z")  # + 24 h


@pytest.mark.parametrize("no_response_needed", [False, None])
def test_buyer_message_response_due_24_hours_later(no_response_needed):
    d = only(
        bundle(messages=[message(no_response_needed=no_response_needed)]), "buyer_message_response"
    )
    assert (d.subject, d.starts_at, d.due) == ("MSG-1", RECEIVED, ANSWER_DUE)
    assert d.status(ANSWER_DUE - SECOND) is S.OPEN
    assert d.status(ANSWER_DUE) is S.OVERDUE  # still worth answering


def test_no_deadline_for_a_message_needing_no_response():
    assert (
        deadlines(bundle(messages=[message(no_response_needed=True)]), "buyer_message_response")
        == []
    )


def test_pre_order_question_without_an_order_has_a_deadline():
    msg = message(order_id=None)
    d = only(bundle(no_order=True, order_id="", messages=[msg]), "buyer_message_response")
    assert d.order_id is None and d.due == ANSWER_DUE


@pytest.mark.parametrize(
    ("answered", "status"), [(ANSWER_DUE, S.MET), (ANSWER_DUE + SECOND, S.MISSED)]
)
def test_buyer_message_answered(answered, status):
    d = only(bundle(messages=[message(answered_at=answered)]), "buyer_message_response")
    assert d.status(ANSWER_DUE + DAY) is status


def test_remaining_seconds():
    d = only(bundle(messages=[message()]), "buyer_message_response")
    assert d.remaining_seconds(RECEIVED) == 86_400
    assert d.remaining_seconds(ANSWER_DUE + 60 * SECOND) == -60
