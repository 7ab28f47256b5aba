"""Reading and writing aztui's own files: CSV per kind and JSON Lines (formats.md §2, §3).

``read_file`` picks the format from the content, Amazon's own downloads included (read by
``aztui.ingest.amazon``); ``export`` writes aztui's formats back. Nothing here touches the
store: a reader returns records, the caller writes them.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

from aztui.ingest.amazon import AMAZON_KINDS, REPORT_BY_KIND, detect, read_report
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
from aztui.ingest.result import KEEP_RECORDS, ReadResult

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
    keep: int | None = KEEP_RECORDS,
) -> ReadResult:
    """Read an Amazon download, an aztui CSV or a JSON Lines file, recognised from its first
    line (JSON Lines when it starts with ``{``), or of the ``kind`` given. ``now`` dates an
    account-health report that gives no window; ``progress`` is told how far the reading is.

    A file of more than ``keep`` records is first read for its problems alone, in bounded
    memory (``result.Collector``): refused, it never held more; else it is read again whole."""
    result = _read(
        path, kind, marketplace_zone, default_marketplace, skip_invalid, name, now, progress, keep
    )
    if result.spilled:
        result = _read(
            path,
            kind,
            marketplace_zone,
            default_marketplace,
            skip_invalid,
            name,
            now,
            progress,
            None,
        )
    return result


def _read(
    path: Source,
    kind: str | None,
    marketplace_zone: str,
    default_marketplace: str | None,
    skip_invalid: bool,
    name: str | None,
    now: datetime | None,
    progress: Progress | None,
    keep: int | None,
) -> ReadResult:
    source = open_source(path, name)
    first = source.first_line()
    if progress is not None:
        jsonl = first.lstrip().startswith("{")
        source = dataclasses.replace(source, progress=progress, header_lines=0 if jsonl else 1)
    options = {
        "marketplace_zone": marketplace_zone,
        "default_marketplace": default_marketplace,
        "skip_invalid": skip_invalid,
    }
    if kind == HEALTH_KIND or (kind is None and is_health_report(first)):
        return read_health(
            source,
            marketplace_zone=marketplace_zone,
            skip_invalid=skip_invalid,
            imported_at=now or datetime.now(UTC),
        )
    try:
        report = REPORT_BY_KIND.get(kind or "") if kind else detect(first, source.name)
    except ImportFailed:
        _recognise(source, first)  # another report sharing columns with one aztui reads
        raise
    if report is not None:
        return read_report(source, report, keep=keep, **options)  # type: ignore[arg-type]
    if kind is None:
        _recognise(source, first)
    read = read_jsonl_source if first.lstrip().startswith("{") else read_csv_source
    return read(source, kind=kind, keep=keep, **options)  # type: ignore[arg-type]


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
