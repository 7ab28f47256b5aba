"""The configuration every TUI test opens: a store in the test's own folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from aztui.config import load_config


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("AZTUI_USER_CONFIG", str(tmp_path / "none.toml"))
    monkeypatch.chdir(tmp_path)
    return load_config(cli_overrides={"db": str(tmp_path / "store.db")})


@pytest.fixture(autouse=True)
def _no_timed_looks(no_timed_looks: None) -> None:
    """Every TUI test: no background look but those it asks for (tests/conftest.py)."""
