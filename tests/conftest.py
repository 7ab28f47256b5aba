"""What every core test may use. aztui's pytest plugin (``aztui.testing.pytest_plugin``) adds
``install_plugin``, ``aztui_cli``, ``local_server``, ``postgres_url`` and, for every test, its
own state directory and a fresh redaction layer."""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

from aztui.testing.installing import forget

__all__ = ["forget"]

# Hypothesis: no deadline anywhere (how fast an example runs belongs in bench/; on a loaded
# machine a deadline only makes a test flaky). "ci" is derandomised, so a run is the same on
# every machine, and prints the blob that replays a failure; "dev" explores new examples each
# run. HYPOTHESIS_PROFILE chooses; the default is "ci" under CI, else "dev".
settings.register_profile("ci", deadline=None, derandomize=True, print_blob=True)
settings.register_profile("dev", deadline=None, print_blob=True)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
)


@pytest.fixture
def toasts_stay(monkeypatch: pytest.MonkeyPatch) -> None:
    """Textual's toasts (``app.notify``) never expire during the test.

    A toast shows for some seconds of the wall clock; on a loaded machine a test may take
    longer than that, and a toast it checks (or a snapshot shows) would be gone. Textual reads
    that clock in one place, ``textual.notifications.time``: stopped there, every toast stays
    for as long as it takes."""
    import time

    import textual.notifications

    stopped = time.time()
    monkeypatch.setattr(textual.notifications, "time", lambda: stopped)


@pytest.fixture
def no_timed_looks(monkeypatch: pytest.MonkeyPatch) -> None:
    """The app schedules none of its background looks (alerts 5 s after it starts, then every
    15 s or more; the tracking runs): a test may last that long on a loaded machine, and a
    toast it did not ask for would land in what it checks (a snapshot, the notices it counts).
    A test that wants a look asks for it: ``app.background.look_for_alerts()``, the R key."""
    from aztui.tui.background import Background

    monkeypatch.setattr(Background, "start", lambda self: None)
