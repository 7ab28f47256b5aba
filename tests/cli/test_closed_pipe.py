"""A reader that goes away (``aztui export | head -1``) ends a command quietly, with 141.

Real processes on real pipes: the test reads what it wants, closes its end, and looks at the
exit status and at standard error.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from aztui.cli import commands
from aztui.cli.pipe import EXIT_CLOSED_PIPE
from aztui.errors import EXIT_BUG
from tests.waiting import PATIENCE

ORDERS = 3000
"""Enough orders that an export is far more than a pipe holds (64 KiB on Linux)."""


@pytest.fixture
def store(aztui, workdir: Path) -> Path:
    orders = workdir / "orders.csv"
    with orders.open("w") as out:
        out.write("order_id,purchase_date,latest_ship_date,status\n")
        for n in range(ORDERS):
            out.write(f"402-{n:07d}-0000000,2026-11-20T10:00:00Z,2026-11-22T10:00:00Z,Unshipped\n")
    assert aztui("import", str(orders)).code == 0
    return workdir / "store.db"


def run_closed(workdir: Path, db: Path, *args: str, read_first_line: bool) -> tuple[int, str]:
    """Run ``aztui`` with standard output on a pipe that is closed, either at once or after
    its first line; its exit status and standard error."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "aztui", "--db", str(db), *args],
        env={**os.environ, "AZTUI_USER_CONFIG": str(workdir / "none.toml"), "COLUMNS": "200"},
        cwd=workdir,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    if read_first_line:
        assert proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read().decode()
    return proc.wait(timeout=PATIENCE), err


@pytest.mark.slow
@pytest.mark.parametrize(
    "args", [("export",), ("export", "--format", "csv", "--type", "order")], ids=" ".join
)
def test_export_into_a_pipe_closed_after_one_line(store, workdir, args) -> None:
    code, err = run_closed(workdir, store, *args, read_first_line=True)
    assert err == ""
    assert code == EXIT_CLOSED_PIPE


@pytest.mark.slow
@pytest.mark.parametrize(
    "args", [("check",), ("check", "--json", "--all"), ("plugins",)], ids=" ".join
)
def test_commands_writing_into_a_closed_pipe(store, workdir, args) -> None:
    code, err = run_closed(workdir, store, *args, read_first_line=False)
    assert err == ""
    assert code == EXIT_CLOSED_PIPE


def test_a_broken_pipe_that_is_not_standard_output_is_a_bug_said_so(aztui, monkeypatch) -> None:
    """A connection of aztui's own that breaks is not a reader gone away: never silent."""

    def broken(args: object) -> int:
        raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(commands, "cmd_plugins", broken, raising=True)
    run = aztui("plugins")
    assert run.code == EXIT_BUG
    assert "BrokenPipeError" in run.err and "this is a bug" in run.err
