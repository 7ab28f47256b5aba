"""Property tests: deadlines never depend on ``now``, statuses follow their definitions exactly,
records merge field by field."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from aztui.domain.deadlines import DeadlineStatus as S
from aztui.domain.metrics import Bound, headroom, metric_status
from aztui.domain.metrics import MetricStatus as M
from aztui.domain.model import (
    AppealOutcome,
    CancelledBy,
    ClaimType,
    Decision,
    Fulfillment,
    FundedBy,
    Order,
    OrderStatus,
    ReturnStatus,
)
from aztui.domain.policy import Policy

from .builders import bundle, claim, deadlines, message, order, return_request, shipment

BASE = datetime(2026, 1, 1, tzinfo=UTC)
POLICIES = st.sampled_from([Policy("FR"), Policy("UK"), Policy("FR", {"day_mode": "end_of_day"})])

# Instants over 2026, at whole seconds: both DST changes included.
instants = st.integers(0, 365 * 86_400).map(lambda s: BASE + timedelta(seconds=s))


def maybe(strategy):
    return st.none() | strategy


@st.composite
def bundles(draw):
    the_order = order(
        status=draw(maybe(st.sampled_from(OrderStatus))),
        fulfillment=draw(maybe(st.sampled_from(Fulfillment))),
        latest_ship_date=draw(maybe(instants)),
        cancelled_at=draw(st.none() | st.none() | instants),
    )
    ships = [
        shipment(tracking_number=str(i), confirmed_at=draw(maybe(instants)))
        for i in range(draw(st.integers(0, 2)))
    ]
    decided = draw(maybe(instants))
    appeal_outcome = draw(maybe(st.sampled_from(AppealOutcome)))
    the_claim = claim(
        type=draw(st.sampled_from(ClaimType)),
        response_requested_at=draw(maybe(instants)),
        responded_at=draw(maybe(instants)),
        decided_at=decided,
        decision=draw(st.sampled_from(Decision)) if decided else None,
        funded_by=draw(maybe(st.sampled_from(FundedBy))),
        appeal_filed_at=draw(maybe(instants)),
        appeal_info_requested_at=draw(maybe(instants)),
        appeal_info_responded_at=draw(maybe(instants)),
        appeal_decided_at=draw(instants) if appeal_outcome else None,
        appeal_outcome=appeal_outcome,
    )
    the_return = return_request(
        requested_at=draw(instants),
        acted_at=draw(maybe(instants)),
        status=draw(maybe(st.sampled_from(ReturnStatus))),
    )
    the_message = message(
        received_at=draw(instants),
        answered_at=draw(maybe(instants)),
        no_response_needed=draw(maybe(st.booleans())),
    )
    return bundle(
        the_order, shipments=ships, claims=[the_claim], returns=[the_return], messages=[the_message]
    )


@settings(max_examples=300, deadline=None)
@given(bundles(), POLICIES, st.lists(instants, min_size=2, max_size=12))
def test_due_never_depends_on_now_and_status_only_moves_forward(the_bundle, policy, nows):
    derived = deadlines(the_bundle, policy=policy)
    assert derived == deadlines(the_bundle, policy=policy)  # derived once, without a clock
    for d in derived:
        assert d.due.utcoffset() == timedelta(0) or d.rule == "ship_confirmation"
        statuses = [d.status(now) for now in sorted(nows)]
        for now in nows:  # the due read back from remaining time is always the same instant
            assert now + timedelta(seconds=d.remaining_seconds(now)) == d.due
        # open → overdue / missed, never back; met and missed never change
        first_closed = next((i for i, s in enumerate(statuses) if s is not S.OPEN), len(statuses))
        assert all(s is S.OPEN for s in statuses[:first_closed])
        assert len(set(statuses[first_closed:])) <= 1
        if d.done:
            assert set(statuses) <= {S.MET, S.MISSED} and len(set(statuses)) == 1
        elif not d.closed:
            assert statuses == [S.OPEN if d.due > now else d.after_due for now in sorted(nows)]


# --- metric status against its definition in exact fractions --------------------------------------

targets = st.sampled_from(["0.01", "0.04", "0.025", "0.95", "0.97", "0.10"]) | st.integers(
    1, 999
).map(lambda n: f"0.{n:03d}")
ratios = st.integers(10, 20).map(lambda n: Decimal(n) / 20)  # 0.5, 0.55, …, 1


def expected_status(bound, num, den, target, ratio):
    if den == 0:
        return M.OK
    value = Fraction(num, den)
    share, limit = (
        (value, Fraction(target)) if bound is Bound.UPPER else (1 - value, 1 - Fraction(target))
    )
    if share >= limit:
        return M.BREACH
    if share >= Fraction(ratio) * limit:
        return M.AT_RISK
    return M.OK


@st.composite
def counts(draw):
    den = draw(st.integers(0, 3000))
    return draw(st.integers(0, den)), den


@settings(max_examples=500, deadline=None)
@given(st.sampled_from(Bound), counts(), targets, ratios)
def test_status_matches_the_definition(bound, num_den, target, ratio):
    num, den = num_den
    assert metric_status(bound, num, den, Decimal(target), ratio) is expected_status(
        bound, num, den, Decimal(target), ratio
    )


@settings(max_examples=500, deadline=None)
@given(st.sampled_from(Bound), counts().filter(lambda c: c[1] > 0), targets)
def test_headroom_is_exactly_one_defect_from_a_breach(bound, num_den, target_text):
    num, den = num_den
    target = Decimal(target_text)
    room = headroom(bound, num, den, target)

    def breach(defects, population):
        good = population - defects
        n = defects if bound is Bound.UPPER else good
        return metric_status(bound, n, population, target, Decimal("0.75")) is M.BREACH

    defects = room.defects
    assert defects == (num if bound is Bound.UPPER else den - num)
    if not breach(defects, den):
        assert room.good_needed_to_recover == 0
        assert not breach(defects + room.more_defects_before_breach, den)
        if defects + room.more_defects_before_breach + 1 <= den:
            assert breach(defects + room.more_defects_before_breach + 1, den)
    else:
        assert room.more_defects_before_breach == 0
        g = room.good_needed_to_recover
        assert g >= 1 and not breach(defects, den + g) and breach(defects, den + g - 1)


# --- merging records ------------------------------------------------------------------------------

OPTIONAL = {
    "marketplace": st.sampled_from(["FR", "DE"]),
    "status": st.sampled_from(OrderStatus),
    "fulfillment": st.sampled_from(Fulfillment),
    "order_total": st.decimals(0, 10_000, places=2),
    "currency": st.sampled_from(["EUR", "GBP"]),
    "latest_ship_date": instants,
    "latest_delivery_date": instants,
    "is_prime": st.booleans(),
    "cancelled_at": instants,
    "cancelled_by": st.sampled_from(CancelledBy),
    "buyer_requested_cancel": st.booleans(),
    "out_of_stock": st.booleans(),
}
orders = st.builds(
    Order,
    order_id=st.just("402-1234567-1234567"),
    purchase_date=instants,
    **{name: maybe(strategy) for name, strategy in OPTIONAL.items()},
)


@settings(max_examples=300, deadline=None)
@given(orders, orders)
def test_merge_keeps_old_values_where_the_newer_record_has_none(old, newer):
    merged = old.merged_with(newer)
    for f in dataclasses.fields(Order):
        new_value = getattr(newer, f.name)
        expected = getattr(old, f.name) if new_value is None else new_value
        assert getattr(merged, f.name) == expected, f.name
    assert merged.key == old.key
    assert merged.merged_with(newer) == merged  # re-importing the same row changes nothing
    assert old.merged_with(old) == old
