"""Read aztui CSV files (formats.md §2) into domain records, fast.

One parser per column is chosen once from the header; each row is then a list comprehension
over those parsers and one dataclass call. Only a row that fails goes through the slow path
that finds every bad cell and names it. A million order rows parse in a few seconds.
"""

from __future__ import annotations

import csv
import dataclasses
import gc
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from aztui.domain.model import Claim
from aztui.ingest.columns import HeaderMap, ParseContext, match_header
from aztui.ingest.decode import Source, TextSource, open_source, sniff_delimiter
from aztui.ingest.errors import fail
from aztui.ingest.result import Collector, ReadResult
from aztui.ingest.values import BadValue, Parser

csv.field_size_limit(1 << 24)


def read_csv(path: Source, *, marketplace_zone: str, default_marketplace: str | None,
             kind: str | None = None, skip_invalid: bool = False,
             name: str | None = None) -> ReadResult:
    """Every record of an aztui CSV file, or ``ImportFailed`` listing every problem.

    ``marketplace_zone`` reads naive times; ``default_marketplace`` fills an order's empty
    marketplace; ``kind`` forces the kind instead of recognising it from the header. With
    ``skip_invalid`` the good rows come back and the bad ones are listed in ``problems``
    (problems with the file or its header still raise). ``name`` is the file in messages.
    """
    return read_csv_source(open_source(path, name), marketplace_zone=marketplace_zone,
                           default_marketplace=default_marketplace, kind=kind,
                           skip_invalid=skip_invalid)


def read_csv_source(source: TextSource, *, marketplace_zone: str,
                    default_marketplace: str | None, kind: str | None = None,
                    skip_invalid: bool = False) -> ReadResult:
    """``read_csv`` on an already opened source (see ``decode.open_source``)."""
    ctx = ParseContext(marketplace_zone, default_marketplace)
    delimiter = sniff_delimiter(source.first_line())
    out = Collector(source.name, skip_invalid)
    with source.open() as text, _no_gc():
        reader = csv.reader(text, delimiter=delimiter, strict=True)
        header_line, names = _header(reader, source.name)
        header = match_header(names, file=source.name, line=header_line, kind=kind)
        rows_read = _read_rows(reader, _RowPlan(header, ctx), out)
    return out.result(header.spec.kind, rows_read)


@contextmanager
def _no_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector: a million new records (and no cycles among them)
    would otherwise trigger it over and over, for about a third of the time."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _header(reader: Any, file: str) -> tuple[int, list[str]]:
    """The first non-blank row and its line."""
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                return reader.line_num, row
    except csv.Error as exc:
        raise fail(file, f"is not well-formed CSV ({exc})", line=reader.line_num) from None
    raise fail(file, "empty file: no header line")


class _RowPlan:
    """The parsers of one header, in the order of the record's fields."""

    def __init__(self, header: HeaderMap, ctx: ParseContext) -> None:
        spec = header.spec
        self.spec = header.spec
        self.record = spec.record
        self.width = header.width
        self.positions = header.positions
        parsers = spec.parsers(ctx)
        by_field = {c.field: c for c in spec.columns}
        self.fields: list[tuple[int, Parser]] = []
        self.cells: list[tuple[str, int, Parser]] = []
        for f in dataclasses.fields(spec.record):  # type: ignore[arg-type]
            column = by_field[f.name]
            parser = parsers[column.name]
            index = header.positions.get(column.name)
            if index is None:
                self.fields.append((0, _constant(parser(""))))
            else:
                self.fields.append((index, parser))
                self.cells.append((column.name, index, parser))
        self.names = {c.field: c.name for c in spec.columns}
        self.min_width = max(header.positions.values()) + 1
        self.always_check = spec.record is Claim

    def diagnose(self, row: list[str], line: int, out: Collector) -> None:
        for name, index, parser in self.cells:
            cell = row[index]
            try:
                parser(cell)
            except BadValue as exc:
                out.problem(line, name, cell.strip() or None, str(exc))

    def column_of(self, field: str) -> str:
        return self.names[field]

    def raw(self, row: list[str], field: str) -> str | None:
        index = self.positions.get(self.names[field])
        return None if index is None else row[index].strip()


def _constant(value: Any) -> Parser:
    return lambda _cell: value


def _read_rows(reader: Any, plan: _RowPlan, out: Collector) -> int:
    """Parse every data row into ``out``; returns how many non-blank rows there were."""
    fields, width, min_width, record = plan.fields, plan.width, plan.min_width, plan.record
    seen, key_of = out.index(record)
    records, problems = out.records, out.problems
    keep_all, slow = out.skip_invalid, plan.always_check
    count = 0
    end = reader.line_num
    short: tuple[int, int] | None = None
    while True:
        try:
            for row in reader:
                line, end = end + 1, reader.line_num
                if not row:
                    continue
                if short is not None:
                    _short_row(out, short, width, last=False)
                    short = None
                count += 1
                if len(row) != width:
                    if not any(cell.strip() for cell in row):
                        count -= 1
                        continue
                    if len(row) < min_width:
                        short = (line, len(row))
                        continue
                    if len(row) > width and any(cell.strip() for cell in row[width:]):
                        out.problem(line, None, None, f"has {len(row)} fields but the header "
                                                      f"has {width} (a stray delimiter or quote?)")
                        continue
                try:
                    rec = record(*[parse(row[i]) for i, parse in fields])
                except BadValue:
                    if not any(cell.strip() for cell in row):
                        count -= 1
                    else:
                        plan.diagnose(row, line, out)
                    continue
                if slow or seen.setdefault(key_of(rec), line) != line:
                    out.add(rec, line, row, plan)
                elif keep_all or not problems:
                    records.append(rec)
            break
        except csv.Error as exc:
            out.problem(reader.line_num, None, None,
                        f"is not well-formed CSV ({exc}: an unclosed quote, or a file cut short?)")
            if reader.line_num == end:
                break
            end = reader.line_num
    if short is not None:
        _short_row(out, short, width, last=True)
    return count


def _short_row(out: Collector, short: tuple[int, int], width: int, *, last: bool) -> None:
    line, found = short
    hint = "the file seems cut short" if last else "a missing delimiter?"
    out.problem(line, None, None, f"has {found} fields but the header has {width} ({hint})")
