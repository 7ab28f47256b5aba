"""aztui's pytest plugin, loaded by pytest wherever aztui is installed (entry point
``pytest11``): the fixtures a plugin's tests need, without a conftest copied from aztui.

Every test also gets, unasked, what a fresh process has: its own state directory (a plugin's
failures remembered by one test are never read by another, nor written to the developer's),
no ``AZTUI_PLUGINS_DIR`` of the developer's, and no secret remembered by the redaction layer
from an earlier test.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from aztui.testing.http import LocalServer
from aztui.testing.installing import Installer


@pytest.fixture
def install_plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Installer]:
    """``install_plugin(name, module, source=..., source_dir=..., distribution=...,
    version=...)``: a plugin installed as pip would for this test (``Installer``)."""
    installer = Installer(tmp_path / "site", monkeypatch)
    yield installer
    installer.forget_all()


@pytest.fixture
def aztui_cli(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Callable[..., tuple[int, str, str]]:
    """``aztui_cli(*args)``: ``aztui --db tmp_path/store.db ARGS`` run in ``tmp_path`` with no
    user configuration; its exit code, what it printed and what it said on stderr."""
    from aztui.testing.cli import cli_on_store

    return cli_on_store(tmp_path, monkeypatch, capsys)


@pytest.fixture
def local_server() -> Iterator[LocalServer]:
    """A ``LocalServer`` on 127.0.0.1 answering 404 until the test sets its ``handler``;
    stopped after the test, raising what a handler raised."""
    with LocalServer() as server:
        yield server


POSTGRES = "AZTUI_TEST_POSTGRES"
"""The URL of a PostgreSQL server the tests may create databases on (aztui's ``.ci/run``
starts one with ``.ci/postgres.sh``)."""


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """The URL of a fresh, empty database on the server of ``AZTUI_TEST_POSTGRES``, dropped
    after the test (psycopg). Without a server the test skips and says how to get one; under
    CI (``CI`` set) it fails instead."""
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


@pytest.fixture(autouse=True)
def _aztui_own_state_directory(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each test has its own state directory (``aztui.plugin_memory``), made when written:
    parallel tests never read each other's plugin failures, nor the developer's; and no
    folder of one-file plugins (``AZTUI_PLUGINS_DIR``) unless the test sets one."""
    name = hashlib.sha256(request.node.nodeid.encode()).hexdigest()[:16]
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path_factory.getbasetemp() / "state" / name))
    monkeypatch.delenv("AZTUI_PLUGINS_DIR", raising=False)  # nor the developer's own plugins


@pytest.fixture(autouse=True)
def _aztui_fresh_redactor() -> Iterator[None]:
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
