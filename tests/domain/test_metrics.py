"""The metric engine (docs/rules.md §5): statuses at the exact edges, windows, headroom."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest

from aztui.domain.metrics import (
    BUILTIN_METRICS,
    Bound,
    Headroom,
    Window,
    evaluate,
    headroom,
    metric_status,
    status_edges,
)
from aztui.domain.metrics import (
    MetricStatus as M,
)
from aztui.domain.policy import Policy

from .builders import DAY, FR, PARIS, SECOND, at

NOW = at("2026-11-26T09:00Z")
METRIC = {m.id: m for m in BUILTIN_METRICS}
RATIO = Decimal("0.75")


def upper(num, den, target="0.01"):
    return metric_status(Bound.UPPER, num, den, Decimal(target), RATIO)


def lower(num, den, target="0.95"):
    return metric_status(Bound.LOWER, num, den, Decimal(target), RATIO)


# --- status at the edges --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("num", "den", "status"),
    [
        (1, 100, M.BREACH),  # 0.01 = target: breach (value ≥ target)
        (3, 400, M.AT_RISK),  # 0.0075 = 0.75 × 0.01
        (2, 400, M.OK),  # 0.005
        (74, 10_000, M.OK),  # 0.0074 just under 0.0075
        (75, 10_000, M.AT_RISK),
        (99, 10_000, M.AT_RISK),  # 0.0099
        (0, 100, M.OK),
        (0, 0, M.OK),  # empty population
    ],
)
def test_order_defect_rate_status(num, den, status):
    assert upper(num, den) is status


@pytest.mark.parametrize(
    ("num", "den", "status"),
    [
        (1, 25, M.BREACH),  # 0.04 = target
        (3, 100, M.AT_RISK),  # 0.03 = 0.75 × 0.04
        (2, 100, M.OK),
    ],
)
def test_late_shipment_rate_status(num, den, status):
    assert upper(num, den, "0.04") is status


@pytest.mark.parametrize(
    ("num", "den", "status"),
    [
        (19, 20, M.BREACH),  # defect share 1/20 = 0.05 ≥ 1 − 0.95 (spec: same rule on 1 − value)
        (38, 40, M.BREACH),  # 2/40 = 0.05
        (77, 80, M.AT_RISK),  # 3/80 = 0.0375 = 0.75 × 0.05
        (39, 40, M.OK),  # 1/40 = 0.025 < 0.0375
        (20, 20, M.OK),
        (0, 0, M.OK),
    ],
)
def test_valid_tracking_rate_status(num, den, status):
    assert lower(num, den) is status


def test_at_risk_ratio_is_a_setting():
    assert metric_status(Bound.UPPER, 1, 200, Decimal("0.01"), Decimal("0.5")) is M.AT_RISK
    assert metric_status(Bound.UPPER, 1, 200, Decimal("0.01"), Decimal("0.75")) is M.OK


# --- evaluate -------------------------------------------------------------------------------------


def test_evaluate_reports_value_counts_window_target_status():
    r = evaluate(METRIC["order_defect_rate"], 1, 100, NOW, FR)
    assert (r.id, r.value, r.numerator, r.denominator) == ("order_defect_rate", 0.01, 1, 100)
    assert r.target == Decimal("0.01") and r.status is M.BREACH and r.bound is Bound.UPPER
    assert not r.advisory


def test_denominator_zero_gives_no_value_and_ok():
    r = evaluate(METRIC["valid_tracking_rate"], 0, 0, NOW, FR)
    assert r.value is None and r.status is M.OK
    assert r.headroom == Headroom(0, None, 0)


def test_evaluate_reads_the_policy():
    policy = Policy("FR", {"order_defect_rate.target": "0.02", "at_risk_ratio": "0.5"})
    r = evaluate(METRIC["order_defect_rate"], 1, 100, NOW, policy)  # 0.01 ≥ 0.5 × 0.02
    assert r.target == Decimal("0.02") and r.status is M.AT_RISK


def test_advisory_metrics():
    assert {m.id for m in BUILTIN_METRICS if m.advisory} == {
        "on_time_delivery_rate",
        "late_response_rate",
    }
    assert {m.id for m in BUILTIN_METRICS if m.bound is Bound.LOWER} == {
        "valid_tracking_rate",
        "on_time_delivery_rate",
    }


# --- windows --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("metric", "start", "end"),
    [
        # 60 days ending now − 14 days: Nov 12 − 30 = Oct 13, − 30 = Sep 13
        ("order_defect_rate", "2026-09-13T09:00Z", "2026-11-12T09:00Z"),
        ("late_shipment_rate_10d", "2026-11-16T09:00Z", "2026-11-26T09:00Z"),
        ("late_shipment_rate_30d", "2026-10-27T09:00Z", "2026-11-26T09:00Z"),
        ("pre_fulfillment_cancel_rate", "2026-11-19T09:00Z", "2026-11-26T09:00Z"),
        ("valid_tracking_rate", "2026-10-27T09:00Z", "2026-11-26T09:00Z"),
        ("on_time_delivery_rate", "2026-11-12T09:00Z", "2026-11-26T09:00Z"),
        ("late_response_rate", "2026-10-27T09:00Z", "2026-11-26T09:00Z"),
        ("return_dissatisfaction_rate", "2026-09-27T09:00Z", "2026-11-26T09:00Z"),
    ],
)
def test_default_windows(metric, start, end):
    assert METRIC[metric].window(NOW, FR) == Window(at(start), at(end))


def test_windows_are_half_open():
    w = METRIC["order_defect_rate"].window(NOW, FR)
    assert w.start in w and (w.end - SECOND) in w
    assert (w.start - SECOND) not in w and w.end not in w


def test_lag_and_length_are_policy():
    policy = Policy("FR", {"order_defect_rate.lag_days": 0, "order_defect_rate.window_days": 90})
    w = METRIC["order_defect_rate"].window(NOW, policy)
    assert (w.start, w.end) == (NOW - 90 * DAY, NOW)


def test_window_across_dst_counts_elapsed_days_whatever_the_zone_of_now():
    now = datetime(2026, 11, 26, 10, 0, tzinfo=PARIS)  # the same instant as NOW
    w = METRIC["order_defect_rate"].window(now, FR)
    assert (w.start, w.end) == (at("2026-09-13T09:00Z"), at("2026-11-12T09:00Z"))


# --- headroom -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("bound", "num", "den", "target", "expected"),
    [
        # 0 of 200 at 1 %: a breach at 2 defects (2/200 = 0.01), so 1 more is absorbed
        (Bound.UPPER, 0, 200, "0.01", Headroom(0, 1, 0)),
        # 0 of 100: the first defect is 1/100 = 0.01, a breach: nothing to absorb
        (Bound.UPPER, 0, 100, "0.01", Headroom(0, 0, 0)),
        # 0 of 150: 0.01 × 150 = 1.5, so 2 defects breach and 1 is absorbed (1/150 ≈ 0.0067)
        (Bound.UPPER, 0, 150, "0.01", Headroom(0, 1, 0)),
        # 1 of 100 (breach): 1/(100 + g) < 0.01 ⇔ g > 0, so 1 good order recovers (1/101)
        (Bound.UPPER, 1, 100, "0.01", Headroom(1, 0, 1)),
        # 3 of 200: 3/(200 + g) < 0.01 ⇔ g > 100: 101 (3/301 ≈ 0.00997; 3/300 is still 0.01)
        (Bound.UPPER, 3, 200, "0.01", Headroom(3, 0, 101)),
        # late shipments 1 of 100 at 4 %: breach at 4, so 2 more are absorbed (3/100 = at risk)
        (Bound.UPPER, 1, 100, "0.04", Headroom(1, 2, 0)),
        # valid tracking 40 of 40 at 95 %: 2 invalid of 40 = 0.05 breaches, 1 is absorbed
        (Bound.LOWER, 40, 40, "0.95", Headroom(0, 1, 0)),
        # 18 of 20 valid (2 invalid): 2/(20 + g) < 0.05 ⇔ g > 20: 21 (39/41 ≈ 0.951)
        (Bound.LOWER, 18, 20, "0.95", Headroom(2, 0, 21)),
        (Bound.LOWER, 0, 0, "0.95", Headroom(0, None, 0)),
    ],
)
def test_headroom(bound, num, den, target, expected):
    assert headroom(bound, num, den, Decimal(target)) == expected


def test_headroom_numbers_agree_with_the_status():
    # 0 of 200 absorbs 1: 1/200 is at most at risk, 2/200 a breach
    assert upper(1, 200) is not M.BREACH and upper(2, 200) is M.BREACH
    # 3 of 200 recovers with 101 more good orders, not 100
    assert upper(3, 301) is not M.BREACH and upper(3, 300) is M.BREACH
    # 18 of 20 valid recovers with 21 more valid shipments, not 20
    assert lower(39, 41) is not M.BREACH and lower(38, 40) is M.BREACH


def test_evaluate_carries_headroom():
    r = evaluate(METRIC["late_shipment_rate_10d"], 1, 100, NOW, FR)
    assert r.headroom == Headroom(1, 2, 0) and r.status is M.OK


# --- forecast helper on the definition ------------------------------------------------------------


def test_leaves_window_at_is_basis_plus_window_plus_lag():
    basis = at("2026-09-01T10:00Z")
    leaves = METRIC["order_defect_rate"].leaves_window_at(basis, FR)
    assert leaves == at("2026-11-14T10:00Z")  # + 74 days: Sep 1 + 29 = Sep 30, + 31, + 14
    assert basis in METRIC["order_defect_rate"].window(leaves - SECOND, FR)
    assert basis not in METRIC["order_defect_rate"].window(leaves + SECOND, FR)
    late = METRIC["late_shipment_rate_10d"].leaves_window_at(basis, FR)
    assert late == basis + 10 * DAY  # no lag


@pytest.mark.parametrize(
    ("bound", "target"), [(Bound.UPPER, "0.01"), (Bound.UPPER, "0.04"), (Bound.LOWER, "0.95")]
)
def test_status_edges_are_where_the_status_changes(bound, target):
    """The plot's zones: just before the at-risk edge is ok, at it at risk, at the breach edge
    a breach (the counts are exact fractions, so the edges are hit exactly)."""
    at_risk, breach = status_edges(bound, Decimal(target), RATIO)
    den = 100_000
    step = 1 if bound is Bound.UPPER else -1
    for value, status in (
        (at_risk * den - step, M.OK),
        (at_risk * den, M.AT_RISK),
        (breach * den - step, M.AT_RISK),
        (breach * den, M.BREACH),
    ):
        assert value.denominator == 1
        assert metric_status(bound, int(value), den, Decimal(target), RATIO) is status
