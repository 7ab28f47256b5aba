"""What reading a file gives, and the checks shared by every format: duplicate keys within
the file and the claim lifecycle (``claim_problems``).

Reading is all-or-nothing by default: records are only handed back once the whole file has
been read without a problem, so the store can write a file in one transaction or not at all.
A reader given ``keep`` holds at most that many records: past it, the records are let go, the
keys go to disk (``seen.DiskKeys``) and the file is read to its end for its problems only, in
bounded memory (``ReadResult.spilled``). A reader given a ``Handover`` instead reads a file so
checked again, handing its records over a batch at a time (``stream.RecordBatches``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from operator import attrgetter
from typing import TYPE_CHECKING, Any, Protocol

from aztui.domain.health import AmazonFigure
from aztui.domain.lifecycle import claim_problems
from aztui.domain.model import Claim, Record
from aztui.domain.timeutil import iso_z
from aztui.ingest.errors import ImportFailed, ImportProblem, problem
from aztui.ingest.seen import DiskKeys

if TYPE_CHECKING:
    from aztui.ingest.stream import RecordBatches

KEEP_RECORDS = 200_000
"""Records a reader holds at most when told to keep memory bounded (about 100 MiB of orders)."""
_SEP, _NONE = "\x1f", "\x00"
"""How a key's parts are joined, and an absent part written, in ``DiskKeys``."""


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
    spilled: bool = False
    """The file held more records than the reader was told to keep: it was read whole and
    its problems are all here, but ``records`` and ``lines`` are empty (read it again)."""
    batches: RecordBatches | None = None
    """For a spilled file read to be written in batches: its records, read again."""
    apart: bool = False
    """An Amazon report that lists an order's items apart: built from the whole file only."""

    def line_of(self, record_type: str, key: tuple[Any, ...]) -> int | None:
        """The line the record of that type and key (``Record.key``) was read on, if any."""
        lines = self.lines.get(record_type, {})
        return lines.get(key[0] if len(key) == 1 else tuple(key))


class RowSource(Protocol):
    """How a reader shows a field of a row in messages: its column and its raw text."""

    def column_of(self, field: str) -> str: ...

    def raw(self, row: Any, field: str) -> str | None: ...


@dataclass(frozen=True, slots=True)
class Handover:
    """Where a reader hands the records of a file already checked (by a reading with
    ``keep``), with the line each starts on, in lists of ``size``; their keys are not checked
    again, and the lines of ``skip`` (the repeats that reading found and skipped) are left
    out."""

    sink: Callable[[list[Record], list[int]], None]
    skip: frozenset[int] = frozenset()
    size: int = 20_000


class Collector:
    """Gathers records and problems while a file is read, then hands back a ``ReadResult``."""

    def __init__(
        self,
        file: str,
        skip_invalid: bool,
        keep: int | None = None,
        handover: Handover | None = None,
    ) -> None:
        self.file = file
        self.skip_invalid = skip_invalid
        self.keep = keep
        self.handover = handover
        self._lines: list[int] = []
        self.records: list[Record] = []
        self.problems: list[ImportProblem] = []
        self.repeated = 0
        """Keys seen twice so far."""
        self._seen: dict[type[Record], dict[Any, int]] = {}
        self._keys: dict[type[Record], Callable[[Record], Any]] = {}
        self._sources: dict[type[Record], RowSource] = {}
        self._held = 0
        self._disk: DiskKeys | None = None
        self._spilled = False

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
        if self.handover is not None:
            if line not in self.handover.skip and (
                not isinstance(record, Claim) or self._claim_ok(record, line, row, source)
            ):
                self._hand([record], [line])
            return
        if self._disk is not None:
            if not isinstance(record, Claim) or self._claim_ok(record, line, row, source):
                self._to_disk(type(record), [record], [line], source)
            return
        seen, key_of = self.index(type(record))
        first = seen.setdefault(key_of(record), line)
        if first != line:
            self._duplicate(record, line, first, source)
            return
        if isinstance(record, Claim) and not self._claim_ok(record, line, row, source):
            return
        self._sources.setdefault(type(record), source)
        if self.skip_invalid or not self.problems:
            self.records.append(record)
        self._held += 1
        if self.keep is not None and self._held > self.keep:
            self._spill()

    def take(
        self, cls: type[Record], records: list[Record], lines: list[int], source: RowSource
    ) -> bool:
        """Records of ``cls`` read together (``lines``: where each starts), kept at once; or
        ``False``, keeping none, when a key repeats (the caller then adds them one by one,
        which names the repeat)."""
        if self.handover is not None:
            skip = self.handover.skip
            kept = [(r, n) for r, n in zip(records, lines, strict=True) if n not in skip]
            self._hand([r for r, _ in kept], [n for _, n in kept])
            return True
        if self._disk is not None:
            self._to_disk(cls, records, lines, source)
            return True
        seen, key_of = self.index(cls)
        fresh = dict(zip(map(key_of, records), lines, strict=True))
        if len(fresh) != len(records) or not seen.keys().isdisjoint(fresh):
            return False
        seen.update(fresh)
        self._sources.setdefault(cls, source)
        if self.skip_invalid or not self.problems:
            self.records.extend(records)
        self._held += len(records)
        if self.keep is not None and self._held > self.keep:
            self._spill()
        return True

    def _hand(self, records: list[Record], lines: list[int], *, last: bool = False) -> None:
        """Records handed over once a batch is full (``last``: whatever is left)."""
        assert self.handover is not None  # only when handing over
        self.records += records
        self._lines += lines
        size = self.handover.size
        while len(self.records) >= size or (last and self.records):
            self.handover.sink(self.records[:size], self._lines[:size])
            self.records, self._lines = self.records[size:], self._lines[size:]

    def _spill(self) -> None:
        """Let the records go and move the keys to disk: from here the file is only checked."""
        self.records = []
        self._disk = DiskKeys()
        for cls, seen in self._seen.items():
            self._disk.add(cls.record_type, ((_key_text(k), n) for k, n in seen.items()))
        self._seen = {cls: {} for cls in self._seen}

    def _to_disk(
        self, cls: type[Record], records: list[Record], lines: list[int], source: RowSource
    ) -> None:
        assert self._disk is not None  # only once spilled
        self._sources.setdefault(cls, source)
        key_of = self.index(cls)[1]
        keys = ((_key_text(key_of(r)), n) for r, n in zip(records, lines, strict=True))
        self._disk.add(cls.record_type, keys)

    def settle(self) -> None:
        """Once the file is read: the keys repeated on disk told, every problem by line."""
        if self._disk is None:
            return
        by_type = {cls.record_type: cls for cls in self._sources}
        for repeat in self._disk.repeats():
            cls = by_type[repeat.record_type]
            source = self._sources[cls]
            parts = [("None" if p == _NONE else p) or "(empty)" for p in repeat.key.split(_SEP)]
            self.repeated += 1
            self.problem(
                repeat.line,
                " + ".join(source.column_of(f) for f in cls.key_fields),
                " + ".join(parts),
                problem("key_repeated", first=repeat.first, kind=repeat.record_type),
            )
        self._disk.close()
        self._disk = None
        self._spilled = True
        self.problems.sort(key=lambda p: p.line or 0)

    def _duplicate(self, record: Record, line: int, first: int, source: RowSource) -> None:
        self.repeated += 1
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
        if self.handover is not None:
            self._hand([], [], last=True)
        self.settle()
        if self.problems and not self.skip_invalid:
            raise ImportFailed(self.problems)
        lines = {cls.record_type: seen for cls, seen in self._seen.items() if not self._spilled}
        return ReadResult(
            kind, self.records, self.problems, rows_read, self.file, lines, spilled=self._spilled
        )


def _key_text(key: Any) -> str:
    """A key as ``DiskKeys`` compares it: its parts as shown, an absent one marked."""
    parts = key if isinstance(key, tuple) else (key,)
    return _SEP.join(_NONE if p is None else _show(p) for p in parts)


def _show(value: Any) -> str:
    if isinstance(value, datetime):
        return iso_z(value) or ""
    return str(value)
