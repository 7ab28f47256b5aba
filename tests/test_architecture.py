"""The layering of CONTRIBUTING.md holds: dependencies point inwards, the core never pulls in the
screen, the domain stays pure, and a command imports only what it uses."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.stores import make_empty_store

HEAVY = {
    "polars",
    "adbc_driver_sqlite",
    "psycopg",
    "apprise",
    "httpx",
    "textual",
    "dkim",
    "plotext",
    "textual_plotext",
}


def imported_after(statement: str) -> set[str]:
    """Every module (full dotted names) loaded by a fresh interpreter running ``statement``."""
    code = f"import sys; {statement}; print('\\n'.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(out.stdout.split())


def tops(modules: set[str]) -> set[str]:
    return {name.split(".")[0] for name in modules}


def aztui_packages(modules: set[str]) -> set[str]:
    """``aztui.store.sql`` → ``store``; ``aztui.service`` → ``service``."""
    return {name.split(".")[1] for name in modules if name.startswith("aztui.") and "." in name}


@pytest.mark.parametrize(
    "module",
    [
        "aztui.domain.engine",
        "aztui.domain.forecasts",
        "aztui.store.sqlite",
        "aztui.hookspecs",
        "aztui.service",
        "aztui.cli.commands",
        "aztui.channels.send",
        "aztui.carriers.run",
    ],
)
def test_the_core_does_not_import_textual(module):
    assert "textual" not in tops(imported_after(f"import {module}"))


def test_the_domain_is_pure():
    modules = imported_after(
        "import aztui.domain.engine, aztui.domain.forecasts, aztui.domain.lifecycle, "
        "aztui.domain.risks, aztui.domain.alerts, aztui.domain.actions"
    )
    assert not tops(modules) & {
        "pluggy",
        "aiosqlite",
        "sqlite3",
        "rich",
        "pydantic",
        "textual",
        "httpx",
        "asyncio",
    }
    assert aztui_packages(modules) <= {"domain", "errors"}


@pytest.mark.parametrize(
    ("layer", "allowed"),
    [
        ("aztui.store.sqlite, aztui.store.move", {"store", "domain", "errors", "files", "redact"}),
        ("aztui.ingest, aztui.ingest.bulk_csv", {"ingest", "domain", "errors", "files", "redact"}),
        ("aztui.config", {"config", "domain", "errors", "files", "redact"}),
        (
            "aztui.carriers, aztui.channels, aztui.sources",
            {"carriers", "channels", "sources", "domain", "errors", "files", "redact"},
        ),
        (
            "aztui.mail.reading, aztui.mail.write, aztui.mail.files",
            {"mail", "domain", "errors"},
        ),
    ],
)
def test_dependencies_point_inwards(layer, allowed):
    """The store and the readers never import each other, the service, the CLI or the screen;
    a plugin API module imports only the domain."""
    assert aztui_packages(imported_after(f"import {layer}")) <= allowed


def test_the_domain_is_documented_in_the_repository():
    root = Path(__file__).resolve().parents[1]
    assert (root / "docs" / "rules.md").is_file()
    assert (root / "CONTRIBUTING.md").is_file()


def run_cli(args: list[str], cwd: Path) -> set[str]:
    """The modules ``aztui ARGS`` loaded, run in a fresh interpreter."""
    code = (
        "import sys, io, contextlib\n"
        "from aztui.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    status = main({args!r})\n"
        "assert status in (0, 1), status\n"
        "print('\\n'.join(sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={"PATH": "/usr/bin:/bin", "AZTUI_USER_CONFIG": str(cwd / "none.toml")},
    )
    assert out.returncode == 0, out.stderr
    return set(out.stdout.split())


def test_check_json_and_plugins_import_nothing_heavy(tmp_path):
    """No carrier, channel or PostgreSQL store configured: none of their libraries loads,
    although their plugins are installed (they register ``lazy`` factories)."""
    db = str(make_empty_store(tmp_path / "aztui.db"))
    check = run_cli(["--db", db, "check", "--json", "--now", "2026-11-26T09:00:00Z"], tmp_path)
    assert not tops(check) & (HEAVY | {"rich"})
    plugins = run_cli(["--db", db, "plugins"], tmp_path)
    assert not tops(plugins) & HEAVY
    assert {"aztui_channel_apprise", "aztui_postgres", "aztui_carrier_ups"} <= tops(plugins)


def test_help_imports_no_store_and_no_plugin(tmp_path):
    code = (
        "import sys\nfrom aztui.cli import main\ntry:\n    main(['--help'])\n"
        "except SystemExit:\n    pass\nprint('\\n'.join(sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(out.stdout.split())
    assert not tops(loaded) & (HEAVY | {"pydantic", "pluggy", "aiosqlite", "rich", "asyncio"})
    assert not {"aztui.domain.deadlines", "aztui.domain.metrics"} & loaded  # no rule needed


def test_import_of_a_daily_file_loads_no_columnar_library(tmp_path):
    """The seller's daily file, too small to be read on columns, is read row by row without
    loading polars or pyarrow: into an empty store, then again into the store holding it."""
    from aztui.demo import write_dataset
    from aztui.importing import MERGE_MIN_BYTES

    files = write_dataset(tmp_path / "data", datetime(2026, 11, 30, 9, tzinfo=UTC), orders=1000)
    orders = files["orders"]
    assert MERGE_MIN_BYTES // 20 < orders.stat().st_size < MERGE_MIN_BYTES
    db = str(tmp_path / "aztui.db")
    for _ in range(2):
        loaded = run_cli(["--db", db, "import", str(orders)], tmp_path)
        assert not tops(loaded) & (HEAVY | {"pyarrow"})


def test_no_part_of_aztui_imports_its_testing_helpers():
    """``aztui.testing`` (and pytest with it) is for tests: no module of aztui outside it
    imports it, so no command ever loads it."""
    import ast

    package = Path(__file__).resolve().parents[1] / "aztui"
    importers = []
    for path in package.rglob("*.py"):
        if path.is_relative_to(package / "testing"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            if any(n == "aztui.testing" or n.startswith("aztui.testing.") for n in names):
                importers.append(str(path.relative_to(package.parent)))
    assert importers == []
