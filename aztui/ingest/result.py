"""What reading a file gives, and the checks shared by every format: duplicate keys within
the file and the claim lifecycle (``claim_problems``).

Reading is all-or-nothing by default: records are only handed back once the whole file has
been read without a problem, so the store can write a file in one transaction or not at all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from operator import attrgetter
from typing import Any, Protocol

from aztui.domain.health import AmazonFigure
from aztui.domain.lifecycle import claim_problems
from aztui.domain.model import Claim, Record
from aztui.domain.timeutil import iso_z
from aztui.ingest.errors import ImportFailed, ImportProblem, problem


@dataclass(slots=True)
class ReadResult:
    """Records read from one file; ``kind`` is ``None`` for JSON Lines (several kinds).

    ``problems`` is empty unless the file was read with ``skip_invalid``: then it lists the
    rows left out. ``rows_read`` counts data rows (or lines), blank ones excluded.
    """

    kind: str | None
    records: list[Record]
    problems: list[ImportProblem] = field(default_factory=list)
    rows_read: int = 0
    file: str = ""
    lines: dict[str, dict[Any, int]] = field(default_factory=dict, repr=False)
    """Per record type, the line each key was read on (a one-field key as its bare value)."""
    figures: list[AmazonFigure] = field(default_factory=list)
    """Amazon's own metric figures (the account-health report), kept as dated snapshots."""
    skipped: list[ImportProblem] = field(default_factory=list)
    """What the file holds and the reader did not keep, though it read the rest: a field of a
    shape it does not know, told rather than dropped silently."""

    def line_of(self, record_type: str, key: tuple[Any, ...]) -> int | None:
        """The line the record of that type and key (``Record.key``) was read on, if any."""
        lines = self.lines.get(record_type, {})
        return lines.get(key[0] if len(key) == 1 else tuple(key))


class RowSource(Protocol):
    """How a reader shows a field of a row in messages: its column and its raw text."""

    def column_of(self, field: str) -> str: ...

    def raw(self, row: Any, field: str) -> str | None: ...


class Collector:
    """Gathers records and problems while a file is read, then hands back a ``ReadResult``."""

    def __init__(self, file: str, skip_invalid: bool) -> None:
        self.file = file
        self.skip_invalid = skip_invalid
        self.records: list[Record] = []
        self.problems: list[ImportProblem] = []
        self._seen: dict[type[Record], dict[Any, int]] = {}
        self._keys: dict[type[Record], Callable[[Record], Any]] = {}

    def problem(
        self, line: int | None, column: str | None, value: str | None, message: str
    ) -> None:
        self.problems.append(ImportProblem(self.file, line, column, value, message))

    def index(self, cls: type[Record]) -> tuple[dict[Any, int], Callable[[Record], Any]]:
        """The first line of each key seen so far for ``cls``, and how to get a record's key:
        lets a fast reader skip ``add`` for the common case of a new key."""
        if cls not in self._keys:
            self._keys[cls] = attrgetter(*cls.key_fields)
            self._seen[cls] = {}
        return self._seen[cls], self._keys[cls]

    def add(self, record: Record, line: int, row: Any, source: RowSource) -> None:
        """Keep ``record`` (read from ``row`` at ``line``) unless its key repeats or, for a
        claim, its dates and decisions contradict each other."""
        seen, key_of = self.index(type(record))
        first = seen.setdefault(key_of(record), line)
        if first != line:
            self._duplicate(record, line, first, source)
            return
        if isinstance(record, Claim) and not self._claim_ok(record, line, row, source):
            return
        if self.skip_invalid or not self.problems:
            self.records.append(record)

    def _duplicate(self, record: Record, line: int, first: int, source: RowSource) -> None:
        names = [source.column_of(f) for f in record.key_fields]
        parts = [_show(getattr(record, f)) or "(empty)" for f in record.key_fields]
        self.problem(
            line,
            " + ".join(names),
            " + ".join(parts),
            problem("key_repeated", first=first, kind=type(record).record_type),
        )

    def _claim_ok(self, claim: Claim, line: int, row: Any, source: RowSource) -> bool:
        found = claim_problems(claim)
        for name, reason in found:
            cell = source.raw(row, name)
            said = problem("claim_inconsistent", reason=reason)
            self.problem(line, source.column_of(name), cell or None, said)
        return not found

    def result(self, kind: str | None, rows_read: int) -> ReadResult:
        """The outcome: ``ImportFailed`` with every problem, unless ``skip_invalid``."""
        if self.problems and not self.skip_invalid:
            raise ImportFailed(self.problems)
        lines = {cls.record_type: seen for cls, seen in self._seen.items()}
        return ReadResult(kind, self.records, self.problems, rows_read, self.file, lines)


def _show(value: Any) -> str:
    if isinstance(value, datetime):
        return iso_z(value) or ""
    return str(value)
