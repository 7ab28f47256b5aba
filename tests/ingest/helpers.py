"""Helpers for the ingest tests: read a file, catch its failure, check a problem's message."""

from __future__ import annotations

from pathlib import Path

import pytest

from aztui.ingest import ImportFailed, ReadResult, read_file

ZONE = "Europe/Paris"
FIXTURES = Path(__file__).parent / "fixtures"


def read(path: Path | bytes, **options: object) -> ReadResult:
    options.setdefault("marketplace_zone", ZONE)
    options.setdefault("default_marketplace", "FR")
    return read_file(path, **options)  # type: ignore[arg-type]


def failure(path: Path | bytes, **options: object) -> ImportFailed:
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
