"""Helpers for the ingest tests: read a file, catch its failure, check a problem's message."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypeVar

import pytest

from aztui.ingest import ImportFailed, ReadResult, read_file

R = TypeVar("R")
ZONE = "Europe/Paris"
FIXTURES = Path(__file__).parent / "fixtures"


def read(path: Path | bytes, **options: Any) -> ReadResult:
    options.setdefault("marketplace_zone", ZONE)
    options.setdefault("default_marketplace", "FR")
    return read_file(path, **options)


def failure(path: Path | bytes, **options: Any) -> ImportFailed:
    """The ``ImportFailed`` that reading ``path`` raises."""
    with pytest.raises(ImportFailed) as caught:
        read(path, **options)
    return caught.value


def assert_names(
    message: str,
    *,
    file: str,
    line: int | None,
    column: str | None = None,
    value: str | None = None,
) -> None:
    """The message names the file and line, and the column and value when given."""
    where = f"{file}:{line}:" if line is not None else f"{file}:"
    assert where in message, message
    if column is not None:
        assert f"column {column}" in message, message
    if value is not None:
        assert repr(value) in message, message


def problem_text(error: ImportFailed, contains: str) -> str:
    """The one line of ``error`` that mentions ``contains``."""
    lines = [str(p) for p in error.problems if contains in str(p)]
    assert len(lines) == 1, (contains, str(error))
    return lines[0]


def only(cls: type[R], records: Iterable[object]) -> list[R]:
    """``records``, each checked to be a ``cls`` (and typed so)."""
    checked: list[R] = []
    for record in records:
        assert isinstance(record, cls), f"{record!r} is not a {cls.__name__}"
        checked.append(record)
    return checked
