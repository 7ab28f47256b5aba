"""A piece of a large aztui CSV file converted to columns (polars), exactly as the row reader
(``aztui_csv``) would read each cell: the half of ``bulk_csv`` that needs polars, imported only
once a file is large enough to be read on columns (``bulk_csv`` says how each column is
converted, and what sends a file back to the row reader)."""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from enum import Enum
from typing import Any

import polars as pl

from aztui.domain.bulk_rules import NotColumnar
from aztui.ingest.columns import HeaderMap, ParseContext, ParserFactory, _ident, _promise, _time
from aztui.ingest.values import MAX_ID, BadValue, Parser

_UTC_INSTANT = r"^(19[7-9]\d|2[01]\d\d)-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(Z|\+00:00)$"
"""The instant shape converted on columns: UTC, as aztui (``Z``) and Amazon (``+00:00``) write
it, in the years the row parser reads (``values.EARLIEST`` to ``LATEST``). A day that does
not exist (02-30) comes out null from polars and goes to the row parser, which refuses it."""
_UTC_FORMAT = "%Y-%m-%dT%H:%M:%S"
_AS_WRITTEN = r"^[\s\x1c-\x1f']|[\s\x1c-\x1f]$|[\x00-\x1f\x7f-\x9f\ufeff]"
"""Cells an identifier is not simply the cell of: padded (``str.strip`` also strips the
separators 0x1c–0x1f), after a spreadsheet quote, holding a character no cell keeps
(``values.UNSEEN``), or too long. The row parser reads (or refuses) them."""


class Plan:
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
