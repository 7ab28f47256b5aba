"""Amazon's figures beside aztui's: a derived numerator, and when two counts disagree."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from aztui.domain.health import (
    AmazonFigure,
    amazon_only,
    derived_numerator,
    disagrees,
    rounding_slack,
)
from aztui.domain.metrics import BUILTIN_METRICS, evaluate
from aztui.domain.policy import Policy

NOW = datetime(2026, 11, 26, 9, tzinfo=UTC)
ODR = next(d for d in BUILTIN_METRICS if d.id == "order_defect_rate")


@pytest.mark.parametrize(
    ("rate", "count", "numerator"),
    [
        (0.42857142857142855, 7, 3),  # the real DE on-time delivery rate: 3 of 7
        (0.0, 11, 0),
        (1.0, 7, 7),
        (0.009, 539000, 4851),  # Amazon's example says 1078: its rate and counts disagree
        (0.025, 10, 0),  # 0.25 of an order rounds to none
        (0.05, 10, 1),  # half an order rounds up
        (None, 11, None),
        (0.01, None, None),
        (1.5, 10, None),  # not a fraction: no count is made of it
        (-0.1, 10, None),
    ],
)
def test_a_numerator_is_derived_only_from_a_rate_and_a_count(rate, count, numerator):
    assert derived_numerator(rate, count) == numerator


def figure(numerator: int, *, rate: float, denominator: int, derived: bool) -> AmazonFigure:
    return AmazonFigure(
        "FR",
        "order_defect_rate",
        NOW,
        rate=rate,
        numerator=numerator,
        denominator=denominator,
        numerator_derived=derived,
    )


def test_a_derived_count_disagrees_only_beyond_what_the_rates_rounding_explains():
    ours = evaluate(ODR, 4700, 539000, NOW, Policy("FR"))
    derived = figure(4851, rate=0.009, denominator=539000, derived=True)
    assert rounding_slack(derived) == 269  # 0.009 is 0.0085 to 0.0095
    assert not disagrees(ours, derived)
    given = figure(4851, rate=0.009, denominator=539000, derived=False)
    assert rounding_slack(given) == 0 and disagrees(ours, given)
    far = evaluate(ODR, 4500, 539000, NOW, Policy("FR"))
    assert disagrees(far, derived)


def test_a_rate_of_none_or_all_is_exact():
    ours = evaluate(ODR, 3, 4322, NOW, Policy("FR"))
    none = figure(0, rate=0.0, denominator=4322, derived=True)
    assert rounding_slack(none) == 0 and disagrees(ours, none)


def test_amazons_own_figures_come_in_their_order_and_aztuis_stay_beside():
    def of(metric: str) -> AmazonFigure:
        return AmazonFigure("FR", metric, NOW)

    figures = {
        m: of(m)
        for m in ("warning_states", "order_defect_rate", "a_future_metric", "account_status")
    }
    shown = amazon_only(figures, {"order_defect_rate"})
    assert [f.metric for f in shown] == ["account_status", "warning_states", "a_future_metric"]
