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
        named = set(ticker.changed(now))
        for key, due in dues.items():
            text = shown(due, now)
            if text != texts[key]:
                assert key in named, (key, texts[key], text)
            texts[key] = text


def test_a_quiet_second_names_nothing():
    dues = {"a": NOW + timedelta(hours=5, seconds=17), "b": NOW - timedelta(minutes=3, seconds=40)}
    ticker = Ticker()
    ticker.reset(dues, NOW)
    assert list(ticker.changed(NOW + timedelta(seconds=1))) == []
    assert list(ticker.changed(NOW + timedelta(seconds=2))) == []
    assert list(ticker.changed(NOW + timedelta(seconds=17))) == ["a"]  # a minute boundary of a
    assert list(ticker.changed(NOW + timedelta(seconds=18))) == ["a"]  # its second again
    assert list(ticker.changed(NOW + timedelta(seconds=19))) == []
    assert list(ticker.changed(NOW + timedelta(seconds=20, microseconds=5))) == ["b"]
    assert list(ticker.changed(NOW + timedelta(seconds=95))) == ["a", "b"]  # a minute later
