"""Read aztui CSV files (formats.md §2) into domain records, fast.

One parser per column is chosen once from the header. Rows are then taken in chunks and
converted column by column (``map`` over a column runs in C, and repetitive columns hit a
memo), and records are built with one ``map`` over the dataclass. A chunk in which anything
is off (a bad cell, a blank or short row, a repeated key, any claim) goes through the row by
row path instead, which finds and names every problem. A million order rows take seconds.
"""

from __future__ import annotations

import csv
import dataclasses
from collections.abc import Iterator
from itertools import repeat
from typing import Any

from aztui.domain.heap import paused_gc
from aztui.domain.model import Claim
from aztui.ingest.columns import HeaderMap, ParseContext, match_header
from aztui.ingest.decode import Source, TextSource, open_source, sniff_delimiter
from aztui.ingest.errors import fail, problem
from aztui.ingest.result import Collector, Handover, ReadResult
from aztui.ingest.values import BadValue, Parser, explain

CHUNK_ROWS = 4096
csv.field_size_limit(1 << 24)

Chunk = tuple[list[list[str]], list[int]]
"""Rows and the physical line each starts on."""


def read_csv(
    path: Source,
    *,
    marketplace_zone: str,
    default_marketplace: str | None,
    kind: str | None = None,
    skip_invalid: bool = False,
    name: str | None = None,
) -> ReadResult:
    """Every record of an aztui CSV file, or ``ImportFailed`` listing every problem.

    ``marketplace_zone`` reads naive times; ``default_marketplace`` fills an order's empty
    marketplace; ``kind`` forces the kind instead of recognising it from the header. With
    ``skip_invalid`` the good rows come back and the bad ones are listed in ``problems``
    (problems with the file or its header still raise). ``name`` is the file in messages.
    """
    return read_csv_source(
        open_source(path, name),
        marketplace_zone=marketplace_zone,
        default_marketplace=default_marketplace,
        kind=kind,
        skip_invalid=skip_invalid,
    )


def read_csv_source(
    source: TextSource,
    *,
    marketplace_zone: str,
    default_marketplace: str | None,
    kind: str | None = None,
    skip_invalid: bool = False,
    keep: int | None = None,
    handover: Handover | None = None,
) -> ReadResult:
    """``read_csv`` on an already opened source (see ``decode.open_source``); ``keep`` and
    ``handover``: see ``result.Collector``."""
    ctx = ParseContext(marketplace_zone, default_marketplace, unquote=True)
    delimiter = sniff_delimiter(source.first_line())
    out = Collector(source.name, skip_invalid, keep, handover)
    with source.open() as text, paused_gc():
        reader = csv.reader(text, delimiter=delimiter, strict=True)
        header_line, names = _header(reader, source.name)
        header = match_header(names, file=source.name, line=header_line, kind=kind)
        plan = _Plan(header, ctx)
        rows_read = sum(plan.convert(rows, starts, out) for rows, starts in _chunks(reader, out))
    return out.result(header.spec.kind, rows_read)


def _header(reader: Any, file: str) -> tuple[int, list[str]]:
    """The first non-blank row and its line."""
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                return reader.line_num, row
    except csv.Error as exc:
        raise fail(file, problem("csv_malformed", why=str(exc)), line=reader.line_num) from None
    raise fail(file, problem("no_header"))


def _chunks(reader: Any, out: Collector) -> Iterator[Chunk]:
    """The data rows in chunks; malformed CSV is reported and reading goes on if it can."""
    rows: list[list[str]] = []
    starts: list[int] = []
    end = reader.line_num
    while True:
        try:
            for row in reader:
                rows.append(row)
                starts.append(end + 1)
                end = reader.line_num
                if len(rows) == CHUNK_ROWS:
                    yield rows, starts
                    rows, starts = [], []
            break
        except csv.Error as exc:
            out.problem(
                reader.line_num,
                None,
                None,
                problem("csv_unclosed", why=str(exc)),
            )
            if reader.line_num == end:
                break
            end = reader.line_num
    if rows:
        yield rows, starts


class _Plan:
    """How the rows under one header become records, chunk by chunk or row by row."""

    def __init__(self, header: HeaderMap, ctx: ParseContext) -> None:
        spec = header.spec
        self.record = spec.record
        self.width = header.width
        self.positions = header.positions
        self.min_width = max(header.positions.values()) + 1
        self.always_check = spec.record is Claim
        self.names = {c.field: c.name for c in spec.columns}
        parsers = spec.parsers(ctx)
        by_field = {c.field: c for c in spec.columns}
        self.fields: list[tuple[int | None, Parser]] = []
        """Per record field: its cell's index (``None``: no column) and parser."""
        self.cells: list[tuple[str, int, Parser]] = []
        for f in dataclasses.fields(spec.record):
            name = by_field[f.name].name
            index = header.positions.get(name)
            self.fields.append((index, parsers[name]))
            if index is not None:
                self.cells.append((name, index, parsers[name]))

    def convert(self, rows: list[list[str]], starts: list[int], out: Collector) -> int:
        """Records of a chunk into ``out``; returns the number of non-blank rows."""
        if self.always_check or set(map(len, rows)) != {self.width}:
            return self._row_by_row(rows, starts, out)
        columns = list(zip(*rows, strict=True))
        try:
            values = [
                repeat(parse(""), len(rows)) if index is None else map(parse, columns[index])
                for index, parse in self.fields
            ]
            records = list(map(self.record, *values))
        except BadValue:
            return self._row_by_row(rows, starts, out)
        if not out.take(self.record, records, starts, self):
            return self._row_by_row(rows, starts, out)
        return len(rows)

    def _row_by_row(self, rows: list[list[str]], starts: list[int], out: Collector) -> int:
        count = 0
        for row, line in zip(rows, starts, strict=True):
            if not any(cell.strip() for cell in row):
                continue
            count += 1
            if len(row) < self.min_width:
                out.problem(
                    line,
                    None,
                    None,
                    problem("row_short", count=len(row), width=self.width),
                )
            elif len(row) > self.width and any(cell.strip() for cell in row[self.width :]):
                out.problem(
                    line,
                    None,
                    None,
                    problem("row_long", count=len(row), width=self.width),
                )
            else:
                try:
                    record = self.record(
                        *[
                            parse(row[index]) if index is not None else parse("")
                            for index, parse in self.fields
                        ]
                    )
                except BadValue:
                    self._diagnose(row, line, out)
                else:
                    out.add(record, line, row, self)
        return count

    def _diagnose(self, row: list[str], line: int, out: Collector) -> None:
        for name, index, parser in self.cells:
            cell = row[index]
            try:
                parser(cell)
            except BadValue as exc:
                out.problem(line, name, cell.strip() or None, explain(cell, exc))

    def column_of(self, field: str) -> str:
        return self.names[field]

    def raw(self, row: list[str], field: str) -> str | None:
        index = self.positions.get(self.names[field])
        return None if index is None else row[index].strip()
