"""Run ``aztui`` in-process, isolated from the developer's own configuration and data."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from aztui.cli.main import main
from aztui.store import sqlite_bulk


@dataclass
class Run:
    code: int
    out: str
    err: str

    @property
    def json(self):
        return json.loads(self.out)


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("AZTUI_USER_CONFIG", str(tmp_path / "no-user-config.toml"))
    for name in (
        "AZTUI_CONFIG",
        "AZTUI_DB",
        "AZTUI_MARKETPLACE",
        "AZTUI_LANGUAGE",
        "AZTUI_TIMEZONE",
        "AZTUI_STORE",
    ):
        monkeypatch.delenv(name, raising=False)
    # Lines as wide as they come: messages name files by their path in tmp_path, longer under
    # pytest-xdist (…/popen-gw3/…), and a wrapped line would cut a name or a phrase in two.
    monkeypatch.setenv("COLUMNS", "300")
    return tmp_path


@pytest.fixture
def aztui(workdir: Path, capsys: pytest.CaptureFixture) -> Callable[..., Run]:
    db = workdir / "store.db"

    def run(*args: str, db_path: Path | None = db) -> Run:
        argv = (["--db", str(db_path)] if db_path is not None else []) + list(args)
        capsys.readouterr()
        try:
            code = main(argv)
        except SystemExit as exc:  # argparse usage errors and --help
            code = int(exc.code or 0)
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else "absent"


@pytest.fixture
def bulk_loads(monkeypatch) -> list[int]:
    """Counts the loads that went through the bulk path."""
    calls: list[int] = []
    real = sqlite_bulk.bulk_load

    async def spy(*args, **kwargs):
        calls.append(1)
        return await real(*args, **kwargs)

    monkeypatch.setattr(sqlite_bulk, "bulk_load", spy)
    return calls


@pytest.fixture
def in_english(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The command line in English (``language = "en"``): for tests of the English words a
    refused file or setting gives, which stay its ``--json`` and logs words; the French ones
    are tested in test_french_words.py."""
    monkeypatch.setenv("AZTUI_LANGUAGE", "en")
