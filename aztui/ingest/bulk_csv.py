"""Read a large aztui CSV file as columns (polars), a piece at a time, for a store's bulk and
merge paths.

The result holds exactly the values the row reader (``aztui_csv``) would give, in the store's
encoding. Each column is converted one of two ways, both exact by construction:

- identifiers and instants take a vectorised form for the one shape it recognises (a trimmed
  identifier; an instant written ``2026-11-26T09:00:00Z``, the form aztui and Amazon export),
  and every other cell goes through the row reader's own parser, once per distinct cell;
- every other column (codes, flags, amounts: few distinct cells) goes through the row reader's
  parser once per distinct cell.

Whatever the row reader would treat differently — a quoted field, a ragged row, a cell the
parser refuses, a byte-order mark past the file's start, a key seen twice — makes
``read_columns`` answer ``None`` or its batches raise ``NotColumnar`` (a key repeated across
batches is left to the store's primary key): the caller then reads the file with the row
reader, which names every problem with its line and column.

The conversion itself, on polars, is ``bulk_convert``: it is imported only once a file is
large enough to be read on columns, so a small file never loads polars.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Collection, Iterator
from typing import TYPE_CHECKING

from aztui.ingest.columns import ParseContext, match_header
from aztui.ingest.decode import Source, TextBlocks, sniff_delimiter, text_blocks
from aztui.ingest.errors import ImportFailed
from aztui.ingest.progress import Progress
from aztui.ingest.values import BOM

if TYPE_CHECKING:
    import polars as pl

    from aztui.domain.bulk_rules import RecordColumns

CHUNK_BYTES = 8 << 20
"""About 70,000 order rows: parsed while the previous chunk is being written."""


def read_columns(
    path: Source,
    *,
    marketplace_zone: str,
    default_marketplace: str | None,
    kind: str | None = None,
    record_types: Collection[str] = (),
    min_bytes: int = 0,
    name: str | None = None,
    progress: Progress | None = None,
) -> RecordColumns | None:
    """The records of an aztui CSV file as batches of columns, or ``None`` when the row reader
    must read it: not CSV, under ``min_bytes``, a record type not in ``record_types``. The
    file is read a piece at a time as the batches are taken (never whole in memory); a batch
    whose rows the row reader would report or read differently (see the module doc) raises
    ``NotColumnar`` instead. ``progress`` is told how far the batches taken are.
    """
    text = text_blocks(path, name)
    if text is None:
        return None
    blocks, data = text.read(max(CHUNK_BYTES, min_bytes)), b""
    for block, _ in blocks:  # the first block, or as many as hold the header and a row
        data += block
        if (end := data.find(b"\n")) >= 0 and data[end + 1 :].strip():
            break
    blocks.close()
    if len(data) < min_bytes:
        return None
    from aztui.domain.bulk_rules import NotColumnar, RecordColumns
    from aztui.ingest.bulk_convert import Plan

    try:
        data = _checked(data, quotes=False)  # a quote is checked once the header is known
    except NotColumnar:
        return None
    header_end = data.find(b"\n")
    header_text = data[: header_end if header_end >= 0 else len(data)].decode()
    if header_end < 0 or not header_text.strip() or not data[header_end + 1 :].strip():
        return None
    if "\t" in header_text:
        from aztui.ingest.amazon.bulk_orders import report_columns

        amazon = ParseContext(marketplace_zone, default_marketplace)
        found = report_columns(text, header_end, header_text, amazon, kind, record_types, progress)
        if found is not None or (kind or "").startswith("amazon-"):
            return found
    if b'"' in data or header_text.lstrip().startswith("{"):
        return None
    delimiter = sniff_delimiter(header_text)
    names = header_text.split(delimiter)
    try:
        header = match_header(names, file=text.label, line=1, kind=kind)
    except ImportFailed:
        return None
    if header.spec.record_type not in record_types:
        return None
    ctx = ParseContext(marketplace_zone, default_marketplace, unquote=True)
    plan = Plan(header, len(names), delimiter, ctx)
    batches = Batches(plan.convert, text, header_end + 1, delimiter.encode(), progress)
    return RecordColumns(header.spec.record_type, batches, text.label)


def _checked(block: bytes, *, quotes: bool) -> bytes:
    """A block as the columnar reader takes it (``\\r\\n`` as ``\\n``), or ``NotColumnar``
    for what only the row reader reads or names: a BOM (polars would drop one that starts a
    piece), a lone ``\\r``, a quote in an aztui CSV."""
    from aztui.domain.bulk_rules import NotColumnar

    if BOM.encode() in block or (quotes and b'"' in block):
        raise NotColumnar("a byte-order mark or a quote")
    if b"\r" in block:
        block = block.replace(b"\r\n", b"\n")
        if b"\r" in block:
            raise NotColumnar("a line ending the row reader reads")
    return block


@dataclasses.dataclass(frozen=True, slots=True)
class Batches:
    """A file's pieces from byte ``start`` of its text, each converted as it is taken, and
    taken again from the start at each iteration (a write tried again after a lost
    connection)."""

    convert: Callable[[bytes], pl.DataFrame]
    text: TextBlocks
    start: int
    separator: bytes
    progress: Progress | None = None
    quotes: bool = True
    """Whether a quote sends the file to the row reader (aztui CSV; not Amazon's reports)."""

    def __iter__(self) -> Iterator[pl.DataFrame]:
        return map(self.convert, self.pieces())

    def pieces(self) -> Iterator[bytes]:
        """Pieces of about ``CHUNK_BYTES``, cut at line ends, and never between two lines that
        begin with the same first field (the items of one order): the last run of lines of a
        block that share one waits for the next block."""
        carry, rows, skip = b"", 0, self.start
        for block, done in self.text.read(CHUNK_BYTES):
            data = carry + _checked(block, quotes=self.quotes)[skip:]
            skip = 0
            cut = _last_run(data, self.separator)
            carry = data[cut:]
            if cut:
                yield data[:cut]
                if self.progress is not None:
                    rows += data.count(b"\n", 0, cut)
                    self.progress(done, self.text.total, rows)
        if carry:
            yield carry
            if self.progress is not None:
                self.progress(self.text.total, self.text.total, rows + carry.count(b"\n"))


def _last_run(data: bytes, separator: bytes) -> int:
    """Where the last run of lines of ``data`` that begin with the same first field starts."""
    end = len(data) - 1 if data.endswith(b"\n") else len(data)
    start = data.rfind(b"\n", 0, end) + 1
    first_end = data.find(separator, start, end)
    key = data[start : first_end if first_end >= 0 else end] + separator
    while start > 0:
        previous = data.rfind(b"\n", 0, start - 1) + 1
        if not data.startswith(key, previous):
            break
        start = previous
    return start
