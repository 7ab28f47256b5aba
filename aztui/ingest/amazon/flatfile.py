"""Amazon flat files (formats.md §1): tab-separated, a header line, columns found by name.

Each report is a ``Report``: the columns aztui needs (by Amazon's header name), how each cell
is parsed, and how the parsed rows become records (an order's items are grouped into one
order, for instance). A column Amazon adds later is ignored and never read, so the names,
addresses, phones and e-mails these files carry never leave the reader; a required column
that is missing is an error naming it. Tabs have no quoting: a ``"`` is an ordinary character.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from aztui.domain.model import Record
from aztui.domain.words import fold
from aztui.ingest.columns import ParseContext
from aztui.ingest.decode import TextSource
from aztui.ingest.errors import ImportFailed, ImportProblem, fail, problem
from aztui.ingest.result import Collector, Handover, ReadResult
from aztui.ingest.values import BadValue, Parser, explain, seen_only


@dataclass(frozen=True, slots=True)
class Column:
    """One column a report needs: Amazon's header name, the name rows use, its parser."""

    header: str
    name: str
    parser: Callable[[ParseContext], Parser]
    required: bool = True

    def reader(self, ctx: ParseContext) -> Parser:
        """The cell's parser, refusing first what no cell may hold (``values.unseen``)."""
        return seen_only(self.parser(ctx))


@dataclass(slots=True)
class Row:
    """The parsed cells of one line, by column name, and the line itself."""

    line: int
    values: dict[str, Any]
    raw: dict[str, str] = field(repr=False)


Build = Callable[[list[Row], ParseContext, "Problems"], list[tuple[Record, int]]]
"""Rows to records, each with the line it starts on (an order's first item, say)."""


@dataclass(frozen=True, slots=True)
class Report:
    """One kind of Amazon download."""

    kind: str
    title: str
    """Amazon's report type, for messages and docs."""
    columns: tuple[Column, ...]
    build: Build
    signature: str | None = None
    """A column only this report has: a header holding it but not every required column is
    an incomplete file of this report (the error names what is missing)."""
    headers: Callable[[Sequence[str]], dict[str, int] | None] | None = None
    """How to find the columns when their names are localised (feedback): column name →
    position, or None when the header is not this report's. Default: by ``Column.header``."""
    states_marketplace: bool = True
    """False when nothing in the file says its marketplace (no sales channel): its records
    take the file's (``aztui import --marketplace``, else the configuration's), and the
    import says which it took."""

    @property
    def name(self) -> str:
        """The title without Amazon's report type: ``unshipped orders``."""
        return self.title.split(" (", 1)[0]

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(c.header for c in self.columns if c.required)

    def positions(self, names: Sequence[str]) -> dict[str, int] | None:
        """Column name → index in a row, or None when a required column is missing."""
        if self.headers is not None:
            return self.headers(names)
        folded = {fold(n): i for i, n in reversed(list(enumerate(names)))}
        found = {c.name: folded[fold(c.header)] for c in self.columns if fold(c.header) in folded}
        if any(c.required and c.name not in found for c in self.columns):
            return None
        return found

    def signed(self, names: Sequence[str]) -> bool:
        """Whether the header holds this report's signature column."""
        return self.signature is not None and fold(self.signature) in {fold(n) for n in names}


PIECE_ROWS = 20_000
"""Rows of a large report built into records at a time."""


class Problems:
    """Where a report's ``build`` reports what is wrong with a row."""

    def __init__(self, out: Collector) -> None:
        self.out = out

    def add(self, row: Row, column: str | None, message: str, *, show: bool = True) -> None:
        value = row.raw.get(column) if (column is not None and show) else None
        self.out.problem(row.line, column, value or None, message)


def read_flat_file(
    source: TextSource,
    report: Report,
    ctx: ParseContext,
    *,
    skip_invalid: bool = False,
    keep: int | None = None,
    whole: bool = False,
    handover: Handover | None = None,
) -> ReadResult:
    """Every record of an Amazon flat file of ``report``'s kind, or ``ImportFailed``.

    With ``keep`` (see ``result.Collector``), rows are built into records ``PIECE_ROWS`` at a
    time, never cutting an order's items apart, so that memory stays bounded: Amazon lists an
    order's items together. A file that lists them apart is read again ``whole``
    (``ReadResult.apart``). ``handover``: see ``result.Collector``."""
    out = Collector(source.name, skip_invalid, keep, handover)
    size = None if whole or (keep is None and handover is None) else PIECE_ROWS
    rows_read = pieces = 0
    with source.open() as text:
        reader = csv.reader(text, delimiter="\t", quoting=csv.QUOTE_NONE, strict=True)
        header_line, names = _header(reader, source.name)
        positions = report.positions(names)
        if positions is None:
            raise missing_columns(report, names, source.name, header_line)
        parsers = {c.name: c.reader(ctx) for c in report.columns}
        headers = {
            c.name: names[positions[c.name]].strip() or c.header
            for c in report.columns
            if c.name in positions
        }
        for rows in _pieces(_rows(reader, positions, parsers, headers, out), size):
            rows_read, pieces = rows_read + len(rows), pieces + 1
            for record, line in report.build(rows, ctx, Problems(out)):
                out.add(record, line, None, _NO_SOURCE)
    if pieces > 1:
        out.settle()
        if out.repeated:  # an order's items apart, or a repeated key: told from one piece
            result = read_flat_file(
                source, report, ctx, skip_invalid=skip_invalid, keep=keep, whole=True
            )
            result.apart = True
            return result
    return out.result(report.kind, rows_read)


def _pieces(rows: Iterator[Row], size: int | None) -> Iterator[list[Row]]:
    """Rows in lists of about ``size`` (all of them when ``None``), cut only between two
    orders."""
    piece: list[Row] = []
    for row in rows:
        if (
            size is not None
            and len(piece) >= size
            and row.values.get("order_id") != piece[-1].values.get("order_id")
        ):
            yield piece
            piece = []
        piece.append(row)
    if piece:
        yield piece


def _header(reader: Any, file: str) -> tuple[int, list[str]]:
    for names in reader:
        if any(cell.strip() for cell in names):
            return reader.line_num, names
    raise fail(file, problem("no_header"))


def missing_columns(report: Report, names: Sequence[str], file: str, line: int) -> ImportFailed:
    if report.headers is not None:
        return fail(file, problem("amazon_not_header", report=report.title), line=line)
    folded = {fold(n) for n in names}
    return ImportFailed(
        [
            ImportProblem(
                file,
                line,
                c.header,
                None,
                problem("amazon_column_missing", report=report.title),
            )
            for c in report.columns
            if c.required and fold(c.header) not in folded
        ]
    )


def _rows(
    reader: Any,
    positions: dict[str, int],
    parsers: dict[str, Parser],
    headers: dict[str, str],
    out: Collector,
) -> Iterator[Row]:
    width = max(positions.values()) + 1
    start = reader.line_num + 1
    try:
        for cells in reader:
            line, start = start, reader.line_num + 1
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) < width:
                out.problem(
                    line,
                    None,
                    None,
                    problem("flat_row_short", count=len(cells)),
                )
                continue
            raw = {name: cells[index] for name, index in positions.items()}
            values: dict[str, Any] = dict.fromkeys(parsers)
            bad = False
            for name, cell in raw.items():
                try:
                    values[name] = parsers[name](cell)
                except BadValue as exc:
                    out.problem(line, headers[name], cell.strip() or None, explain(cell, exc))
                    bad = True
            if not bad:
                yield Row(line, values, {headers[n]: v for n, v in raw.items()})
    except csv.Error as exc:
        out.problem(reader.line_num, None, None, problem("flat_malformed", why=str(exc)))


class _NoSource:
    """Amazon records are built from several rows: duplicates are reported by key only."""

    def column_of(self, field_name: str) -> str:
        return field_name

    def raw(self, row: Any, field_name: str) -> str | None:
        return None


_NO_SOURCE = _NoSource()
