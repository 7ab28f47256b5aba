"""Write aztui's own files: CSV per kind (formats.md §2) and JSON Lines (§3).

What is written reads back to equal domain objects: times as UTC ``Z`` with every digit kept,
amounts as ``12.50``, yes/no values as ``true``/``false``, unknown values as empty cells. In
CSV, text a spreadsheet would evaluate (``=1+1``, ``-x``, ``@x``) is written after a ``'``,
which aztui's CSV reader takes off (``values.csv_cell``).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import TextIO

from aztui.domain.model import Record
from aztui.ingest.columns import spec_for
from aztui.ingest.jsonl import write_jsonl_lines
from aztui.ingest.values import csv_cell


def write_csv(kind: str, records: Iterable[Record], stream: TextIO) -> int:
    """Write a comma-separated file of one kind, header first, columns in spec order.

    ``kind`` is ``orders`` (or ``order``) etc.; every record must be of that kind.
    Open ``stream`` with ``newline=""`` and UTF-8. Returns the number of records written.
    """
    spec = spec_for(kind)
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow([c.name for c in spec.columns])
    fields = [c.field for c in spec.columns]
    count = 0
    for record in records:
        if type(record) is not spec.record:
            raise TypeError(f"cannot write a {type(record).__name__} in a {spec.kind} file")
        writer.writerow([csv_cell(getattr(record, f)) for f in fields])
        count += 1
    return count


def write_jsonl(records: Iterable[Record], stream: TextIO) -> int:
    """Write one JSON object per line, ``{"type": "order", ...}``, records of any kind."""
    return write_jsonl_lines(records, stream)
