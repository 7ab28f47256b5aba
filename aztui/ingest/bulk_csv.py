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
"""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Callable, Collection, Iterator
from datetime import datetime
from decimal import Decimal
from enum import Enum
from typing import Any

import polars as pl

from aztui.domain.bulk_rules import NotColumnar, RecordColumns
from aztui.ingest.columns import (
    HeaderMap,
    ParseContext,
    ParserFactory,
    _ident,
    _promise,
    _time,
    match_header,
)
from aztui.ingest.decode import Source, TextBlocks, sniff_delimiter, text_blocks
from aztui.ingest.errors import ImportFailed
from aztui.ingest.progress import Progress
from aztui.ingest.values import BOM, MAX_ID, BadValue, Parser

_UTC_INSTANT = r"^(19[7-9]\d|2[01]\d\d)-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(Z|\+00:00)$"
"""The instant shape converted on columns: UTC, as aztui (``Z``) and Amazon (``+00:00``) write
it, in the years the row parser reads (``values.EARLIEST`` to ``LATEST``). A day that does
not exist (02-30) comes out null from polars and goes to the row parser, which refuses it."""
_UTC_FORMAT = "%Y-%m-%dT%H:%M:%S"
_AS_WRITTEN = r"^[\s\x1c-\x1f']|[\s\x1c-\x1f]$|[\x00-\x1f\x7f-\x9f\ufeff]"
"""Cells an identifier is not simply the cell of: padded (``str.strip`` also strips the
separators 0x1c–0x1f), after a spreadsheet quote, holding a character no cell keeps
(``values.UNSEEN``), or too long. The row parser reads (or refuses) them."""


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
    plan = _Plan(header, len(names), delimiter, ctx)
    batches = Batches(plan.convert, text, header_end + 1, delimiter.encode(), progress)
    return RecordColumns(header.spec.record_type, batches, text.label)


def _checked(block: bytes, *, quotes: bool) -> bytes:
    """A block as the columnar reader takes it (``\\r\\n`` as ``\\n``), or ``NotColumnar``
    for what only the row reader reads or names: a BOM (polars would drop one that starts a
    piece), a lone ``\\r``, a quote in an aztui CSV."""
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


class _Plan:
    """How the cells under one header become columns of the record's fields."""

    def __init__(self, header: HeaderMap, width: int, delimiter: str, ctx: ParseContext) -> None:
        spec = header.spec
        self.record = spec.record
        self.width = width
        self.delimiter = delimiter
        by_name = {c.name: c for c in spec.columns}
        by_index = {i: by_name[n] for n, i in header.positions.items()}
        # Columns without a vectorised form are read as categories: their distinct cells are
        # few, and each is converted once.
        self.schema = {
            f"c{i}": pl.String()
            if i not in by_index or by_index[i].factory in _VECTORISED
            else pl.Categorical()
            for i in range(width)
        }
        hints = typing.get_type_hints(spec.record)
        parsers = spec.parsers(ctx)
        self.columns = [
            (
                c.field,
                parsers[c.name],
                base_type(hints[c.field]),
                header.positions.get(c.name),
                _VECTORISED.get(c.factory),
            )
            for c in spec.columns
        ]
        self.fields = [f.name for f in dataclasses.fields(spec.record)]
        self.output_schema = {c.field: dtype_of(base_type(hints[c.field])) for c in spec.columns}
        self.key = list(spec.record.key_fields)

    def convert(self, piece: bytes) -> pl.DataFrame:
        """One piece of the file as a frame of the record's fields, sorted by key."""
        separator = self.delimiter.encode()
        empty_row = b"\n" + separator * (self.width - 1) + b"\n"
        if piece.startswith((b"\n", empty_row[1:])) or b"\n\n" in piece or empty_row in piece:
            # Blank lines and rows of empty cells are skipped, as the row reader does.
            piece = b"".join(line + b"\n" for line in piece.split(b"\n") if line.strip(separator))
        if not piece:
            return pl.DataFrame(schema=self.output_schema).select(self.fields)
        try:
            frame = pl.read_csv(
                piece,
                has_header=False,
                separator=self.delimiter,
                quote_char=None,
                schema=self.schema,
                empty_string_is_null=False,
            )
        except pl.exceptions.PolarsError as exc:
            raise NotColumnar(f"not plain CSV ({exc})") from None
        if piece.count(separator) != frame.height * (self.width - 1):
            raise NotColumnar("a row with more or fewer fields than the header")
        out = []
        for name, parse, kind, index, vectorised in self.columns:
            try:
                if index is None:
                    series = pl.repeat(
                        encode(parse("")), frame.height, dtype=dtype_of(kind), eager=True
                    )
                else:
                    series = convert(frame.to_series(index), parse, kind, vectorised)
            except BadValue as exc:
                raise NotColumnar(f"a cell of {name} {exc}") from None
            out.append(series.alias(name))
        records = pl.DataFrame(out).select(self.fields)
        if records.select(self.key).n_unique() != records.height:
            raise NotColumnar("a key seen twice")
        return records.sort(self.key)


def base_type(annotation: Any) -> type:
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    return args[0] if args else annotation


def dtype_of(kind: type) -> pl.DataType:
    return pl.Int64() if kind in (datetime, bool, int) else pl.String()


def encode(value: Any) -> Any:
    """A parsed value as the store keeps it (see ``aztui.store.codec``)."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return int(value.timestamp())
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, Enum | Decimal):
        return str(value)
    return value


def by_parser(cells: pl.Series, parse: Parser, kind: type) -> pl.Series:
    """Each distinct cell through the row parser (raises ``BadValue`` if one is refused)."""
    distinct = cells.unique()
    converted = pl.Series(
        [encode(parse(cell or "")) for cell in distinct.to_list()], dtype=dtype_of(kind)
    )
    if cells.dtype != pl.Categorical():
        return cells.replace_strict(distinct, converted, return_dtype=dtype_of(kind))
    # Look the converted value up by category code: no string is hashed again. An empty cell
    # comes out of the CSV reader as a null category.
    codes, all_codes = distinct.to_physical(), cells.to_physical()
    top = codes.max()  # the highest category code, None when every cell is empty
    size = top + 1 if isinstance(top, int) else 1
    table = pl.repeat(None, size, dtype=dtype_of(kind), eager=True)
    looked_up = table.scatter(codes.drop_nulls(), converted.filter(codes.is_not_null())).gather(
        all_codes
    )
    if not codes.has_nulls():
        return looked_up
    empty = converted.filter(codes.is_null()).item()
    return pl.select(
        pl.when(all_codes.is_null()).then(pl.lit(empty, dtype_of(kind))).otherwise(looked_up)
    ).to_series()


def convert(
    cells: pl.Series, parse: Parser, kind: type, vectorised: Callable[[pl.Series], pl.Series] | None
) -> pl.Series:
    if vectorised is None:
        return by_parser(cells, parse, kind)
    fast = vectorised(cells)
    rest = fast.is_null()
    if not rest.any():
        return fast
    slow = by_parser(cells.filter(rest), parse, kind)
    return fast.scatter(rest.arg_true(), slow)


def utc_instants(cells: pl.Series) -> pl.Series:
    """Epoch seconds of the cells shaped ``_UTC_INSTANT``; null for every other cell."""
    shaped = cells.str.contains(_UTC_INSTANT)
    parsed = cells.str.slice(0, 19).str.strptime(
        pl.Datetime("us", "UTC"), _UTC_FORMAT, strict=False
    )
    return pl.select(pl.when(shaped).then(parsed.dt.epoch("s"))).to_series()


def identifiers(cells: pl.Series) -> pl.Series:
    """Cells that are the identifier as written; the rest (null here) go to the row parser."""
    return pl.select(
        pl.when(
            (cells != "") & ~cells.str.contains(_AS_WRITTEN) & (cells.str.len_chars() <= MAX_ID)
        ).then(cells)
    ).to_series()


_VECTORISED: dict[ParserFactory, Callable[[pl.Series], pl.Series]] = {
    _ident: identifiers,
    _time: utc_instants,
    _promise: utc_instants,
}
"""Vectorised forms by the column's parser: only where the two are known to agree (a promise
date differs from an instant on a bare date only, which is not the shape converted here)."""
