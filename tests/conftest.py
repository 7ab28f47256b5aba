"""What every core test may use. aztui's pytest plugin (``aztui.testing.pytest_plugin``) adds
``install_plugin``, ``aztui_cli`` and, for every test, its own state directory and a fresh
redaction layer."""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

from aztui.testing.installing import forget

__all__ = ["forget", "postgres_url"]

# Hypothesis: no deadline anywhere (how fast an example runs belongs in bench/; on a loaded
# machine a deadline only makes a test flaky). "ci" is derandomised, so a run is the same on
# every machine, and prints the blob that replays a failure; "dev" explores new examples each
# run. HYPOTHESIS_PROFILE chooses; the default is "ci" under CI, else "dev".
settings.register_profile("ci", deadline=None, derandomize=True, print_blob=True)
settings.register_profile("dev", deadline=None, print_blob=True)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
)


POSTGRES = "AZTUI_TEST_POSTGRES"
"""The URL of a PostgreSQL server the tests may create databases on (``.ci/run`` starts one
with ``.ci/postgres.sh``)."""


@pytest.fixture
def postgres_url():
    """A fresh, empty database on the test server, dropped afterwards.

    Without a server the test skips and says how to run it; under CI it may not skip."""
    import os
    import uuid

    server = os.environ.get(POSTGRES)
    if not server:
        if os.environ.get("CI"):
            pytest.fail(f"CI must provide PostgreSQL: {POSTGRES} is not set (.ci/run sets it)")
        pytest.skip(
            f"no PostgreSQL server: start one with "
            f'`export {POSTGRES}="$(bash .ci/postgres.sh)"`, then run the tests again'
        )
    import psycopg

    name = f"aztui_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield server.rsplit("/", 1)[0] + "/" + name
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


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
