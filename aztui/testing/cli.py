"""The ``aztui`` command line run in-process inside a test's folder, as a fresh user runs it:
no user or team configuration from the developer's machine, and lines as wide as they come (a
message names a file by its path in ``tmp_path`` and must not be wrapped mid-name)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest


def isolate_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Work in ``tmp_path`` with no user configuration and no ``AZTUI_*`` settings."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("AZTUI_USER_CONFIG", str(tmp_path / "none.toml"))
    for name in ("AZTUI_CONFIG", "AZTUI_DB", "AZTUI_MARKETPLACE", "AZTUI_PLUGINS_DIR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COLUMNS", "300")


def cli_on_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Callable[..., tuple[int, str, str]]:
    """``aztui(*args)`` on ``tmp_path/store.db``: its exit code, what it printed and what it
    said on stderr."""
    from aztui.cli.main import main

    isolate_cli(tmp_path, monkeypatch)

    def aztui(*args: str) -> tuple[int, str, str]:
        capsys.readouterr()
        code = main(["--db", str(tmp_path / "store.db"), *args])
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return aztui
