"""What every test may use: installing a plugin the way pip would, a ``*.dist-info`` with an
``aztui`` entry point on ``sys.path``, so loading goes through ``importlib.metadata`` like a
real installation."""

from __future__ import annotations

import hashlib
import importlib
import os
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import settings

# Hypothesis: no deadline anywhere (how fast an example runs belongs in bench/; on a loaded
# machine a deadline only makes a test flaky). "ci" is derandomised, so a run is the same on
# every machine, and prints the blob that replays a failure; "dev" explores new examples each
# run. HYPOTHESIS_PROFILE chooses; the default is "ci" under CI, else "dev".
settings.register_profile("ci", deadline=None, derandomize=True, print_blob=True)
settings.register_profile("dev", deadline=None, print_blob=True)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
)


def forget(package: str) -> None:
    """Drop a package and its modules from ``sys.modules`` (the next test imports it anew)."""
    for name in [m for m in sys.modules if m == package or m.startswith(package + ".")]:
        del sys.modules[name]


@pytest.fixture
def install_plugin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Callable[..., Path]]:
    site = tmp_path / "site"
    site.mkdir()
    monkeypatch.syspath_prepend(str(site))
    modules: list[str] = []

    def install(
        name: str,
        module: str,
        *,
        source: str | None = None,
        source_dir: Path | None = None,
        distribution: str | None = None,
        version: str = "1.2.3",
    ) -> Path:
        dist = distribution or f"aztui-{name.replace('_', '-')}"
        if source is not None:
            (site / f"{module}.py").write_text(textwrap.dedent(source))
        if source_dir is not None:
            monkeypatch.syspath_prepend(str(source_dir))
        info = site / f"{dist.replace('-', '_')}-{version}.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: {version}\n")
        (info / "entry_points.txt").write_text(f"[aztui]\n{name} = {module}\n")
        modules.append(module)
        importlib.invalidate_caches()
        return info

    yield install
    for module in modules:
        forget(module.split(".")[0])


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


@pytest.fixture(autouse=True)
def _own_state_directory(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each test has its own state directory (``aztui.plugin_memory``), made when written:
    parallel tests never read each other's plugin failures, nor the developer's."""
    name = hashlib.sha256(request.node.nodeid.encode()).hexdigest()[:16]
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path_factory.getbasetemp() / "state" / name))


@pytest.fixture(autouse=True)
def _fresh_redactor() -> Iterator[None]:
    """Each test starts as a fresh process does: no secret read yet, no log handler installed
    by an in-process ``aztui`` run (``aztui.redact``)."""
    from aztui import files
    from aztui.logs import uninstall_logging
    from aztui.redact import REDACTOR

    REDACTOR.forget_all()
    files._warned.clear()
    yield
    REDACTOR.forget_all()
    files._warned.clear()
    uninstall_logging()
