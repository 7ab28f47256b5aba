"""Hypothesis strategies for hostile input: any bytes, and valid fixture files mutated so the
fuzzer gets past the header (a cell replaced by something nasty, bytes spliced in, lines cut,
dropped, repeated or joined, a JSON value swapped for another)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from .helpers import FIXTURES

AMAZON = FIXTURES / "amazon"
AZTUI_CSV = {p.name: p for p in sorted(FIXTURES.glob("*.csv"))}
"""One aztui CSV fixture per record type (orders twice: English and French)."""
AMAZON_REPORTS = {p.name: p for p in sorted(AMAZON.glob("*.txt"))}
HEALTH = {p.name: p for p in sorted(AMAZON.glob("*.json"))}

NASTY_CELLS = [
    "",
    " ",
    "\ufeff402-1",
    "402\x001",
    "\x1b[2J",
    "9" * 400,
    "1" * 10 + ".00",
    "12.345",
    "-12.50",
    "1e999",
    "NaN",
    "=1+1",
    "'=1",
    "''",
    '"',
    '"a,b"',
    "x" * 2000,
    "2026-02-30T10:00:00Z",
    "9999-12-31T23:59:59-23:59",
    "0001-01-01T00:00:00+23:59",
    "2026-11-26",
    "31/12/99",
    "29-Feb-2025",
    "10-Jul-0001",
    "13.1.0001",
    "1/13/9999",
    "true",
    "Y",
    "[" * 100,
    "{" * 40 + "}" * 40,
    "Amazon.fr",
    "\u202f12,50",
    "٣",
    "\U0001d7d9\U0001d7da",  # digits to isdigit(), not ASCII
    "402\ud800",  # a lone surrogate: a JSON escape, or bytes that are not UTF-8 in a CSV
    "\udc00\ud800",  # a pair the wrong way round
    "\ud83d\ude00",  # a pair: one character once JSON reads it
]
cells = st.one_of(
    st.sampled_from(NASTY_CELLS),
    st.text(max_size=12),
    st.from_regex(r"-?[0-9]{1,14}([.,][0-9]{0,5})?", fullmatch=True),
    st.from_regex(
        r"[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2})?Z?)?", fullmatch=True
    ),
)
HAZARDS = st.lists(
    st.characters(categories=["Cs", "Cc"]) | st.sampled_from(["\ufeff", "\u2028", "\ud83d\ude00"]),
    min_size=1,
    max_size=3,
).map("".join)
"""Text JSON writes as ``\\u`` escapes: lone surrogates (and a pair, one character once read),
controls with NUL, a byte-order mark, a line separator."""
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**30), 10**30)
    | st.floats(allow_nan=False)
    | st.text(max_size=10)
    | HAZARDS
    | st.sampled_from(NASTY_CELLS),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


def text_of(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252")


def _separator(header: str) -> str:
    return max(("\t", ";", ","), key=header.count)


@st.composite
def mutated_table(draw: st.DrawFn, path: Path) -> bytes:
    """A fixture flat file (aztui CSV or Amazon report) with a few mutations."""
    lines = text_of(path).split("\n")
    separator = _separator(lines[0])
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["cell", "cell", "cell", "splice", "drop", "dup", "cut", "join"]))
        # the header (line 0) is mutated now and then; data lines most of the time
        i = draw(
            st.integers(0, len(lines) - 1) | st.integers(min(1, len(lines) - 1), len(lines) - 1)
        )
        if op == "cell":
            row = lines[i].split(separator)
            j = draw(st.integers(0, len(row) - 1))
            row[j] = draw(cells)
            lines[i] = separator.join(row)
        elif op == "splice":
            at = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:at] + draw(st.text(max_size=4)) + lines[i][at:]
        elif op == "drop" and len(lines) > 1:
            del lines[i]
        elif op == "dup":
            lines.insert(i, lines[i])
        elif op == "cut":
            lines[i] = lines[i][: draw(st.integers(0, len(lines[i])))]
        elif op == "join" and i + 1 < len(lines):
            lines[i : i + 2] = [lines[i] + lines[i + 1]]
    return _encoded(draw, "\n".join(lines))


def _encoded(draw: st.DrawFn, text: str) -> bytes:
    """The text as UTF-8 or Windows-1252, with a BOM or CRLF now and then, gzipped (whole or
    cut short) now and then."""
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    data = text.encode("utf-8", "surrogatepass")
    if draw(st.integers(0, 5)) == 0:
        data = text.encode("cp1252", "replace")
    elif draw(st.booleans()):
        data = b"\xef\xbb\xbf" + data
    if draw(st.integers(0, 7)) == 0:
        data = gzip.compress(data, mtime=0)
        data = data[: draw(st.integers(1, len(data)))]
    return data


def _mutate_json(draw: st.DrawFn, value: Any) -> Any:
    """``value`` with one node somewhere inside replaced (or a key added or dropped)."""
    if isinstance(value, dict) and value and draw(st.integers(0, 3)) > 0:
        key = draw(st.sampled_from(sorted(value)))
        choice = draw(st.sampled_from(["into", "into", "replace", "drop", "add"]))
        out = dict(value)
        if choice == "into":
            out[key] = _mutate_json(draw, value[key])
        elif choice == "replace":
            out[key] = draw(json_values)
        elif choice == "drop":
            del out[key]
        else:
            out[draw(st.sampled_from([*sorted(value), "type", "x"]))] = draw(json_values)
        return out
    if isinstance(value, list) and value and draw(st.integers(0, 3)) > 0:
        i = draw(st.integers(0, len(value) - 1))
        out_list = list(value)
        out_list[i] = _mutate_json(draw, value[i])
        return out_list
    return draw(json_values)


@st.composite
def mutated_jsonl(draw: st.DrawFn, records: list[dict[str, Any]]) -> bytes:
    """JSON Lines of ``records`` with some lines' values changed, some lines mangled."""
    lines: list[str] = []
    for record in records:
        if draw(st.integers(0, 2)) == 0:
            lines.append(json.dumps(_mutate_json(draw, record), ensure_ascii=draw(st.booleans())))
        else:
            lines.append(json.dumps(record))
    if draw(st.booleans()) and lines:
        i = draw(st.integers(0, len(lines) - 1))
        at = draw(st.integers(0, len(lines[i])))
        lines[i] = (
            lines[i][:at] + draw(st.text(max_size=3) | st.sampled_from(NASTY_CELLS)) + lines[i][at:]
        )
    return _encoded(draw, "\n".join(lines) + "\n")


@st.composite
def mutated_health(draw: st.DrawFn, path: Path) -> bytes:
    document = json.loads(path.read_text(encoding="utf-8"))
    for _ in range(draw(st.integers(1, 3))):
        document = _mutate_json(draw, document)
    return _encoded(draw, json.dumps(document, indent=draw(st.sampled_from([None, 2]))))


def _string_paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Where the strings are in a JSON value (keys of objects, indexes of lists)."""
    if isinstance(value, str):
        return [path]
    if isinstance(value, dict | list):
        items = value.items() if isinstance(value, dict) else enumerate(value)
        return [found for k, v in items for found in _string_paths(v, (*path, k))]
    return []


def _with_hazard(draw: st.DrawFn, value: Any) -> Any:
    """``value`` with ``HAZARDS`` put into one of its strings (if it has any)."""
    paths = _string_paths(value)
    if not paths:
        return value
    path = draw(st.sampled_from(paths))

    def put(node: Any, rest: tuple[Any, ...]) -> Any:
        if not rest:
            at = draw(st.integers(0, len(node)))
            return node[:at] + draw(HAZARDS) + node[at:]
        copy = dict(node) if isinstance(node, dict) else list(node)
        copy[rest[0]] = put(node[rest[0]], rest[1:])
        return copy

    return put(value, path)


@st.composite
def escaped_jsonl(draw: st.DrawFn, records: list[dict[str, Any]]) -> bytes:
    """JSON Lines of ``records``, some with ``\\u`` escapes of ``HAZARDS`` in a value: what a
    reader lets through here reaches the store."""
    lines = [json.dumps(_with_hazard(draw, r) if draw(st.booleans()) else r) for r in records]
    return ("\n".join(lines) + "\n").encode()


@st.composite
def escaped_health(draw: st.DrawFn, path: Path) -> bytes:
    """The account-health report ``path`` with ``\\u`` escapes of ``HAZARDS`` in a string."""
    document = json.loads(path.read_text(encoding="utf-8"))
    return json.dumps(_with_hazard(draw, document)).encode()
