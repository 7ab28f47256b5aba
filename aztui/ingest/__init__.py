"""Reading and writing aztui's own files: CSV per kind and JSON Lines (formats.md §2, §3).

``read_file`` picks the format from the content; ``export`` writes both formats back.
Nothing here touches the store: a reader returns records, the caller writes them.
"""

from __future__ import annotations

from aztui.ingest.aztui_csv import read_csv, read_csv_source
from aztui.ingest.columns import SPECS, spec_for
from aztui.ingest.decode import Source, open_source
from aztui.ingest.errors import ImportFailed, ImportProblem
from aztui.ingest.export import write_csv, write_jsonl
from aztui.ingest.jsonl import read_jsonl, read_jsonl_source
from aztui.ingest.result import ReadResult

KINDS: tuple[str, ...] = tuple(s.kind for s in SPECS)


def read_file(path: Source, *, kind: str | None = None, marketplace_zone: str,
              default_marketplace: str | None, skip_invalid: bool = False,
              name: str | None = None) -> ReadResult:
    """Read an aztui CSV or JSON Lines file (JSON Lines when it starts with ``{``)."""
    source = open_source(path, name)
    read = read_jsonl_source if source.first_line().lstrip().startswith("{") else read_csv_source
    return read(source, marketplace_zone=marketplace_zone,
                default_marketplace=default_marketplace, kind=kind, skip_invalid=skip_invalid)


__all__ = [
    "KINDS", "ImportFailed", "ImportProblem", "ReadResult", "read_csv", "read_file",
    "read_jsonl", "spec_for", "write_csv", "write_jsonl",
]
