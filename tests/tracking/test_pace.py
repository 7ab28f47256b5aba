"""The pace keeps every sliding window of a carrier's calls within its limit."""

from __future__ import annotations

import itertools

import pytest

from aztui.carriers.http import Pace, QuotaReached


async def test_no_window_holds_more_calls_than_the_limit(virtual_time):
    pace, starts = Pace(per_second=20, clock=virtual_time), []
    for _ in range(45):
        await pace.wait()
        starts.append(virtual_time())
        await virtual_time.sleep(0.002)  # the call itself
        pace.answered()
    busiest = max(sum(1 for t in starts if s <= t < s + 1.0) for s in starts)
    assert busiest <= 20
    assert starts[-1] - starts[0] >= 2.0  # 45 calls at 20 a second: over 2 s
    gaps = [b - a for a, b in itertools.pairwise(starts)]
    assert min(gaps) >= 0.5 / 20 - 1e-9  # never closer than half an interval


async def test_the_window_counts_from_when_answers_came_back(virtual_time):
    pace = Pace(per_second=4, clock=virtual_time)
    await pace.wait()
    await virtual_time.sleep(0.3)  # a slow answer: the carrier saw the call late, maybe
    pace.answered()
    for _ in range(4):
        await pace.wait()
        pace.answered()
    # The fifth call waits a full window after the first answer, not after the first start.
    assert virtual_time() == pytest.approx(1.3)


async def test_the_daily_quota_counts_the_calls_made_before():
    pace = Pace(per_second=100, per_day=3, used_today=2)
    await pace.wait()
    with pytest.raises(QuotaReached):
        await pace.wait()
    assert (pace.calls, pace.made) == (3, 1)
