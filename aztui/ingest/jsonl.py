"""JSON Lines (formats.md §3): one object per line, ``{"type": "order", ...}``.

Keys are the CSV column names, except a claim's own type, written ``claim_type`` because
``type`` names the object. Reading goes through the same parsers and checks as CSV, with the
key as the column. Writing gives times as UTC ``Z`` strings, amounts as strings (``"12.50"``),
yes/no values as JSON booleans, and leaves out unknown (``None``) values.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable
from decimal import Decimal
from enum import Enum
from typing import Any, TextIO

from aztui.domain.model import Record
from aztui.ingest.bounds import MAX_LINE, bounded_lines, depth_message, too_deep
from aztui.ingest.columns import SPEC_BY_RECORD, SPECS, KindSpec, ParseContext, spec_for
from aztui.ingest.decode import Source, TextSource, open_source
from aztui.ingest.errors import problem
from aztui.ingest.result import Collector, Handover, ReadResult
from aztui.ingest.values import BOM, BadValue, Parser, explain, format_cell, unseen

TYPE_KEY = "type"


def read_jsonl(
    path: Source,
    *,
    marketplace_zone: str,
    default_marketplace: str | None,
    kind: str | None = None,
    skip_invalid: bool = False,
    name: str | None = None,
) -> ReadResult:
    """Every record of a JSON Lines file (several kinds mixed), or ``ImportFailed``.

    Same parameters as ``read_csv``; ``kind`` here only accepts lines of that kind.
    """
    return read_jsonl_source(
        open_source(path, name),
        marketplace_zone=marketplace_zone,
        default_marketplace=default_marketplace,
        kind=kind,
        skip_invalid=skip_invalid,
    )


def read_jsonl_source(
    source: TextSource,
    *,
    marketplace_zone: str,
    default_marketplace: str | None,
    kind: str | None = None,
    skip_invalid: bool = False,
    keep: int | None = None,
    handover: Handover | None = None,
) -> ReadResult:
    """``read_jsonl`` on an already opened source (see ``decode.open_source``); ``keep`` and
    ``handover``: see ``result.Collector``."""
    ctx = ParseContext(marketplace_zone, default_marketplace)
    only = spec_for(kind) if kind else None
    readers = {s.record_type: _KindReader(s, ctx) for s in SPECS}
    readers.update({s.kind: readers[s.record_type] for s in SPECS})
    out = Collector(source.name, skip_invalid, keep, handover)
    count = 0
    with source.open() as text:
        for line, raw in bounded_lines(text):
            if raw is None:
                count += 1
                out.problem(line, None, None, problem("line_too_long", limit=MAX_LINE))
                continue
            if not raw.strip():
                continue
            count += 1
            obj = _load(raw, line, out)
            if obj is None:
                continue
            reader = _reader_for(obj, line, out, readers, only)
            if reader is not None:
                reader.read(obj, line, out)
    return out.result(None, count)


def _load(raw: str, line: int, out: Collector) -> dict[str, Any] | None:
    if raw.startswith(BOM):
        out.problem(line, None, None, str(unseen(BOM)))
        return None
    deep = too_deep(raw)
    if deep is not None:
        out.problem(line, deep.key, None, depth_message())
        return None
    try:
        obj = _DECODER.decode(raw)
    except _Refused as exc:
        out.problem(line, exc.key, None, exc.reason)
        return None
    except json.JSONDecodeError as exc:
        out.problem(line, None, None, problem("json_invalid", why=exc.msg, column=exc.colno))
        return None
    except ValueError:  # an integer of more digits than Python converts (sys.int_info)
        out.problem(line, None, None, problem("json_number_too_long"))
        return None
    if not isinstance(obj, dict):
        out.problem(line, None, None, problem("json_not_object"))
        return None
    return obj


class _Refused(ValueError):
    """JSON that ``json`` reads but aztui refuses: a key given twice in one object (which a
    ``\\u`` escape can hide: ``order_id`` and ``order\\u005fid``), ``NaN`` or ``Infinity``."""

    def __init__(self, key: str | None, reason: str) -> None:
        super().__init__(reason)
        self.key = key
        self.reason = reason


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) < len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _Refused(key, "is given twice in one object: which value is meant?")
            seen.add(key)
    return obj


def _constant(name: str) -> Any:
    raise _Refused(None, f"is not valid JSON ({name} is not a number JSON allows)")


_DECODER = json.JSONDecoder(
    parse_float=Decimal, parse_constant=_constant, object_pairs_hook=_object
)


def _reader_for(
    obj: dict[str, Any],
    line: int,
    out: Collector,
    readers: dict[str, _KindReader],
    only: KindSpec | None,
) -> _KindReader | None:
    type_name = obj.get(TYPE_KEY)
    if type_name is None:
        out.problem(line, TYPE_KEY, None, problem("json_type_missing"))
        return None
    if not isinstance(type_name, str):
        out.problem(line, TYPE_KEY, None, problem("json_type_not_string"))
        return None
    reader = readers.get(type_name.strip().lower())
    if reader is None:
        types = ", ".join(s.record_type for s in SPECS)
        out.problem(line, TYPE_KEY, type_name, problem("json_type_unknown", types=types))
        return None
    if only is not None and reader.spec is not only:
        out.problem(
            line, TYPE_KEY, type_name, problem("json_type_not_asked", kind=only.record_type)
        )
        return None
    return reader


class _KindReader:
    """Reads the objects of one kind: key → column and parser."""

    def __init__(self, spec: KindSpec, ctx: ParseContext) -> None:
        self.spec = spec
        parsers = spec.parsers(ctx)
        self.keys: dict[str, tuple[str, Parser]] = {
            c.json_name: (c.field, parsers[c.name]) for c in spec.columns
        }
        self.names = {c.field: c.json_name for c in spec.columns}

    def column_of(self, field: str) -> str:
        return self.names[field]

    def raw(self, row: dict[str, Any], field: str) -> str | None:
        value = row.get(self.names[field])
        return None if value is None else _show(value)

    def read(self, obj: dict[str, Any], line: int, out: Collector) -> None:
        unknown = [k for k in obj if k != TYPE_KEY and k not in self.keys]
        for key in unknown:
            close = difflib.get_close_matches(key, list(self.keys), n=1, cutoff=0.6)
            kind = self.spec.record_type
            said = (
                problem("key_unknown_close", kind=kind, close=close[0])
                if close
                else problem("key_unknown", kind=kind)
            )
            out.problem(line, key, None, said)
        values: dict[str, Any] = {}
        bad = bool(unknown)
        for key, (field, parse) in self.keys.items():
            value = obj.get(key)
            try:
                values[field] = parse(_cell(value))
            except BadValue as exc:
                bad = True
                reason = explain(value, exc) if isinstance(value, str) else exc.reason
                out.problem(line, key, None if value is None else _show(value), reason)
        if not bad:
            out.add(self.spec.record(**values), line, obj, self)


def _cell(value: Any) -> str:
    """A JSON value as the text a CSV cell would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, int | Decimal):
        return str(value)
    raise BadValue.of("value_not_single")


def _show(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)


def to_json_object(record: Record) -> dict[str, Any]:
    """The JSON Lines object of ``record``: ``type`` first, then its columns in spec order."""
    spec = SPEC_BY_RECORD[type(record)]
    obj: dict[str, Any] = {TYPE_KEY: spec.record_type}
    for column in spec.columns:
        value = getattr(record, column.field)
        if value is not None:
            obj[column.json_name] = json_value(value)
    return obj


def json_value(value: Any) -> Any:
    """A value as JSON: booleans and ratings as themselves, everything else as its cell text."""
    if isinstance(value, bool | int) and not isinstance(value, Enum):
        return value
    return format_cell(value)


def write_jsonl_lines(records: Iterable[Record], stream: TextIO) -> int:
    """Write one line per record; returns how many."""
    count = 0
    for record in records:
        stream.write(json.dumps(to_json_object(record), ensure_ascii=False))
        stream.write("\n")
        count += 1
    return count
