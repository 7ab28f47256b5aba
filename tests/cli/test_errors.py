"""One error family: a person's error is one message and its exit status; anything else is a
bug, one line (exit 70) or its traceback with ``--debug`` / ``AZTUI_DEBUG=1``."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from aztui.cli import commands
from aztui.config import ConfigError
from aztui.domain.actions import ActionRefused
from aztui.domain.lifecycle import TransitionRefused
from aztui.domain.policy import PolicyError
from aztui.errors import EXIT_BAD_INPUT, EXIT_BUG, AztuiError, UsageError
from aztui.ingest.errors import ImportFailed
from aztui.store.protocol import RecordChanged, RecordConflict, StoreError


@pytest.mark.parametrize(
    "error",
    [
        ConfigError,
        ImportFailed,
        StoreError,
        RecordConflict,
        RecordChanged,
        PolicyError,
        ActionRefused,
        TransitionRefused,
        UsageError,
    ],
)
def test_every_error_a_person_can_cause_is_an_aztui_error(error):
    assert issubclass(error, AztuiError)


def test_a_persons_error_is_one_message_and_exit_2(aztui):
    run = aztui("check", "--now", "yesterday")
    assert run.code == EXIT_BAD_INPUT
    assert run.err.startswith("aztui: --now : 'yesterday' n'est pas un instant ISO 8601")  # FR
    assert "Traceback" not in run.err


def test_the_exit_status_is_the_errors_own(aztui, monkeypatch):
    class Unavailable(AztuiError):
        exit_status = 3

    def refuse(args):
        raise Unavailable("the store is not there")

    monkeypatch.setattr(commands, "cmd_check", refuse)
    run = aztui("check")
    assert (run.code, run.err.strip()) == (3, "aztui: the store is not there")


def explode(args):
    raise RuntimeError("a bug")


def test_a_bug_is_one_line_and_exit_70(aztui, monkeypatch):
    monkeypatch.delenv("AZTUI_DEBUG", raising=False)
    monkeypatch.setattr(commands, "cmd_check", explode)
    run = aztui("check")
    assert run.code == EXIT_BUG
    assert "RuntimeError: a bug" in run.err and "--debug" in run.err
    assert "Traceback" not in run.err


@pytest.mark.parametrize("how", ["flag", "environment"])
def test_debug_shows_the_bugs_traceback(aztui, monkeypatch, how):
    monkeypatch.setattr(commands, "cmd_check", explode)
    if how == "environment":
        monkeypatch.setenv("AZTUI_DEBUG", "1")
        args = ["check"]
    else:
        monkeypatch.delenv("AZTUI_DEBUG", raising=False)
        args = ["--debug", "check"]
    run = aztui(*args)
    assert run.code == EXIT_BUG
    assert "Traceback" in run.err and "RuntimeError: a bug" in run.err


def module_imports(path: Path) -> set[str]:
    """The modules a file imports at its top level (not inside functions)."""
    tree = ast.parse(path.read_text())
    found: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_the_parser_and_the_commands_do_not_import_each_other():
    cli = Path(commands.__file__).parent
    assert not {"aztui.cli.main", "aztui.cli"} & module_imports(cli / "commands.py")
    assert not {"aztui.cli.commands"} & module_imports(cli / "main.py")


@pytest.mark.parametrize(
    "command",
    [
        ("check",),
        ("check", "--json"),
        ("export", "--type", "order"),
        ("watch", "--once"),
        ("track",),
        ("snooze", "402-1111111-1111111", "--for", "2h"),
    ],
)
def test_a_mistyped_store_is_refused_not_shown_empty(aztui, workdir, command):
    """A path where no store is would open an empty one: "nothing due", every deadline hidden."""
    typo = workdir / "stroe.db"
    run = aztui(*command, db_path=typo)
    assert run.code == 2, run.out
    assert f"pas de stock à {typo}" in run.err and "aztui import" in run.err
    assert not typo.exists() and run.out == ""


def test_import_creates_the_store(aztui, workdir):
    (workdir / "orders.csv").write_text(
        "order_id,purchase_date\n402-1111111-1111111,2026-11-20T10:00:00Z\n", encoding="utf-8"
    )
    assert aztui("import", "orders.csv", db_path=workdir / "new.db").code == 0
    assert aztui("check", "--json", db_path=workdir / "new.db").code in (0, 1)
