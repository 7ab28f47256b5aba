"""The ticker names every row whose countdown text changes, and (almost) only those."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from aztui.tui.cells import countdown
from aztui.tui.ticker import Ticker

NOW = datetime(2026, 11, 26, 9, tzinfo=UTC)


def shown(due: datetime, now: datetime) -> str:
    return str(countdown(due, now, now >= due, "fr", {}))


@settings(max_examples=300, deadline=None)
@given(
    offsets=st.lists(st.integers(-3 * 86400, 3 * 86400), min_size=1, max_size=30),
    steps=st.lists(st.floats(0.2, 90.0), min_size=1, max_size=40),
    start=st.floats(0, 1),
)
def test_every_countdown_that_changes_is_named(offsets, steps, start):
    dues = {f"row{i}": NOW + timedelta(seconds=s) for i, s in enumerate(offsets)}
    now = NOW + timedelta(seconds=start)
    ticker = Ticker()
    ticker.reset(dues, now)
    texts = {key: shown(due, now) for key, due in dues.items()}
    for step in steps:
        now += timedelta(seconds=step)
        named = set(ticker.changed(now, dues))
        for key, due in dues.items():
            text = shown(due, now)
            if text != texts[key]:
                assert key in named, (key, texts[key], text)
            texts[key] = text


def test_a_quiet_second_names_nothing():
    dues = {"a": NOW + timedelta(hours=5, seconds=17), "b": NOW - timedelta(minutes=3, seconds=40)}
    ticker = Ticker()
    ticker.reset(dues, NOW)
    assert list(ticker.changed(NOW + timedelta(seconds=1), dues)) == []
    assert list(ticker.changed(NOW + timedelta(seconds=2), dues)) == []
    assert list(ticker.changed(NOW + timedelta(seconds=17), dues)) == ["a"]  # a's minute turns
    assert list(ticker.changed(NOW + timedelta(seconds=18), dues)) == ["a"]  # its second again
    assert list(ticker.changed(NOW + timedelta(seconds=19), dues)) == []
    assert list(ticker.changed(NOW + timedelta(seconds=20, microseconds=5), dues)) == ["b"]
    assert list(ticker.changed(NOW + timedelta(seconds=95), dues)) == ["a", "b"]  # a minute on


def test_only_the_rows_asked_about_are_looked_at():
    """A pane asks about the rows on screen: a turning row off screen is not named."""
    dues = {f"row{i}": NOW + timedelta(hours=i) for i in range(1000)}  # all on second 0
    ticker = Ticker()
    ticker.reset(dues, NOW + timedelta(seconds=30))
    assert ticker.turning(NOW + timedelta(seconds=45)) == frozenset()
    assert list(ticker.changed(NOW + timedelta(seconds=60), ["row3", "row7"])) == ["row3", "row7"]
