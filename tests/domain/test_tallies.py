"""``Tallies`` counts as ``tally`` does, at any instant, by bisection (the app's header counts
again every minute over every deadline of the snapshot)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from aztui.domain.deadlines import Deadline, DeadlineStatus, Tallies, tally

NOW = datetime(2026, 11, 26, 22, 30, tzinfo=UTC)

deadlines = st.builds(
    lambda minutes, done, closed, missed: Deadline(
        "ship",
        f"s{minutes}",
        None,
        NOW + timedelta(minutes=minutes),
        done=done,
        closed=closed,
        after_due=DeadlineStatus.MISSED if missed else DeadlineStatus.OVERDUE,
    ),
    st.integers(-5000, 5000),
    st.booleans(),
    st.booleans(),
    st.booleans(),
)


@settings(max_examples=300, deadline=None)
@given(
    many=st.lists(deadlines, max_size=40),
    later=st.lists(st.integers(-3000, 4000), min_size=1, max_size=10),
    zone=st.sampled_from(["Europe/Paris", "UTC", "America/Los_Angeles", "Asia/Tokyo"]),
)
def test_tallies_count_as_tally(many, later, zone):
    tallies = Tallies(many)
    for minutes in later:
        now = NOW + timedelta(minutes=minutes)
        assert tallies.at(now, zone) == tally(many, now, zone)


def test_a_deadline_due_this_instant_is_no_longer_open():
    due = Deadline("ship", "a", None, NOW)
    assert Tallies([due]).at(NOW, "UTC") == tally([due], NOW, "UTC")
    assert Tallies([due]).at(NOW, "UTC").overdue == 1
