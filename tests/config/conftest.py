"""Helpers for the configuration tests: a project folder, a private user file, no real env."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from aztui.config import Config, load_config


@pytest.fixture
def project(tmp_path: Path) -> Path:
    folder = tmp_path / "shop"
    folder.mkdir()
    return folder


@pytest.fixture
def user_file(tmp_path: Path) -> Path:
    """Where the user's file is looked for: never the real one of whoever runs the tests."""
    return tmp_path / "home" / "aztui" / "aztui.toml"


@pytest.fixture
def write() -> Callable[[Path, str], Path]:
    def write(path: Path, text: str) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture
def load(project: Path, user_file: Path) -> Callable[..., Config]:
    """``load_config`` from the project folder with an empty environment by default."""

    def load(**kwargs: Any) -> Config:
        kwargs.setdefault("cwd", project)
        kwargs.setdefault("env", {})
        kwargs.setdefault("user_config_path", user_file)
        return load_config(**kwargs)

    return load
