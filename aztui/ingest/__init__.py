"""Reading and writing aztui's own files: CSV per kind and JSON Lines (formats.md §2, §3).

``read_file`` picks the format from the content, Amazon's own downloads included (read by
``aztui.ingest.amazon``); ``export`` writes aztui's formats back. Nothing here touches the
store: a reader returns records, the caller writes them.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import aztui.ingest.result as collecting
from aztui.ingest.amazon import AMAZON_KINDS, REPORT_BY_KIND, detect, read_report
from aztui.ingest.amazon.flatfile import Report
from aztui.ingest.amazon.health import KIND as HEALTH_KIND
from aztui.ingest.amazon.health import is_health_report, read_health
from aztui.ingest.amazon.known import recognise
from aztui.ingest.aztui_csv import read_csv, read_csv_source
from aztui.ingest.columns import SPECS, spec_for
from aztui.ingest.decode import Source, TextSource, open_source
from aztui.ingest.errors import ImportFailed, ImportProblem
from aztui.ingest.export import write_csv, write_jsonl
from aztui.ingest.jsonl import read_jsonl, read_jsonl_source
from aztui.ingest.progress import Progress
from aztui.ingest.result import ReadResult

OPENING_CHARS = 4096
"""What is read of a file that no reader claims, to tell whether Amazon made it."""
KINDS: tuple[str, ...] = tuple(s.kind for s in SPECS) + AMAZON_KINDS + (HEALTH_KIND,)


def read_file(
    path: Source,
    *,
    kind: str | None = None,
    marketplace_zone: str,
    default_marketplace: str | None,
    skip_invalid: bool = False,
    name: str | None = None,
    now: datetime | None = None,
    progress: Progress | None = None,
    bounded: bool = True,
    stream: bool = False,
) -> ReadResult:
    """Read an Amazon download, an aztui CSV or a JSON Lines file, recognised from its first
    line (JSON Lines when it starts with ``{``), or of the ``kind`` given. ``now`` dates an
    account-health report that gives no window; ``progress`` is told how far the reading is.

    ``bounded``: a file of more than ``result.KEEP_RECORDS`` records is first read for its
    problems alone, in bounded memory (``result.Collector``): refused, it never held more.
    Else it is read again whole, or, with ``stream``, an aztui CSV or JSON Lines file comes
    back with its ``batches`` (read again as they are taken) instead of its records."""
    reading = _Reading(path, name, kind, marketplace_zone, default_marketplace, skip_invalid)
    result = reading.read(now, progress, collecting.KEEP_RECORDS if bounded else None)
    if not result.spilled:
        return result
    if not stream or reading.reader is None or result.apart:
        return reading.read(now, progress, None)
    from aztui.ingest.stream import RecordBatches

    repeats = {p.line for p in result.problems if getattr(p.message, "code", "") == "key_repeated"}
    reader = reading.reader
    result.batches = RecordBatches(
        lambda handover: reader(reading.source(progress), handover=handover, **reading.options),
        frozenset(n for n in repeats if n is not None),
    )
    return result


@dataclasses.dataclass
class _Reading:
    """One file to read, maybe twice (``read_file``)."""

    path: Source
    name: str | None
    kind: str | None
    marketplace_zone: str
    default_marketplace: str | None
    skip_invalid: bool
    reader: Callable[..., ReadResult] | None = None
    """The reader of a file that can be read again in batches, once one read it: an aztui CSV
    or JSON Lines file, an Amazon report that states its marketplace (the others' records
    keep the one the store holds, which needs them all at once)."""

    @property
    def options(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "marketplace_zone": self.marketplace_zone,
            "default_marketplace": self.default_marketplace,
            "skip_invalid": self.skip_invalid,
        }

    def source(self, progress: Progress | None) -> TextSource:
        source = open_source(self.path, self.name)
        if progress is not None:
            jsonl = source.first_line().lstrip().startswith("{")
            source = dataclasses.replace(source, progress=progress, header_lines=0 if jsonl else 1)
        return source

    def read(self, now: datetime | None, progress: Progress | None, keep: int | None) -> ReadResult:
        source = self.source(progress)
        first, kind = source.first_line(), self.kind
        if kind == HEALTH_KIND or (kind is None and is_health_report(first)):
            return read_health(
                source,
                marketplace_zone=self.marketplace_zone,
                skip_invalid=self.skip_invalid,
                imported_at=now or datetime.now(UTC),
            )
        options = {k: v for k, v in self.options.items() if k != "kind"}
        try:
            report = REPORT_BY_KIND.get(kind or "") if kind else detect(first, source.name)
        except ImportFailed:
            _recognise(source, first)  # another report sharing columns with one aztui reads
            raise
        if report is not None:
            if report.states_marketplace:
                self.reader = functools.partial(_report_reader, report)
            return read_report(source, report, keep=keep, **options)
        if kind is None:
            _recognise(source, first)
        self.reader = read_jsonl_source if first.lstrip().startswith("{") else read_csv_source
        return self.reader(source, kind=kind, keep=keep, **options)


def _report_reader(
    report: Report, source: TextSource, *, kind: str | None, **options: Any
) -> ReadResult:
    """``read_report`` called as the other readers are."""
    return read_report(source, report, **options)


def _recognise(source: TextSource, first: str) -> None:
    """``ImportFailed`` naming the Amazon download aztui does not read, if it is one."""
    with source.open() as text:
        recognise(first, text.read(OPENING_CHARS), source.name)


__all__ = [
    "KINDS",
    "ImportFailed",
    "ImportProblem",
    "ReadResult",
    "read_csv",
    "read_file",
    "read_jsonl",
    "spec_for",
    "write_csv",
    "write_jsonl",
]
