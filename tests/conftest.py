"""What every test may use: installing a plugin the way pip would, a ``*.dist-info`` with an
``aztui`` entry point on ``sys.path``, so loading goes through ``importlib.metadata`` like a
real installation."""

from __future__ import annotations

import importlib
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest


def forget(package: str) -> None:
    """Drop a package and its modules from ``sys.modules`` (the next test imports it anew)."""
    for name in [m for m in sys.modules if m == package or m.startswith(package + ".")]:
        del sys.modules[name]


@pytest.fixture
def install_plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Path]:
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
