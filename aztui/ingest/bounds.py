"""Bounds on JSON input (formats.md, "What a value may hold"): how deep a value nests, how long
a JSON Lines line and the account-health report may be.

Python's ``json`` parses nested values by recursion: a line of ten thousand ``[`` would end in
a ``RecursionError``. aztui's objects are flat and Amazon's report nests four levels, so
anything deeper than ``MAX_DEPTH`` is refused before it is parsed, naming where it is.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TextIO

MAX_DEPTH = 32
"""Objects and lists inside one another: aztui's lines nest 1 deep, Amazon's report 4."""
MAX_LINE = 1 << 16
"""Characters in a JSON Lines line: a record with every text field full is under 8,000."""
MAX_DOCUMENT = 16 << 20
"""Characters in the account-health report (Amazon's are some kilobytes)."""

_TOKENS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"(\s*:)?|[\[\]{}]')
"""A JSON string (with the colon after it when it is a key) or a bracket; strings are
skipped whole, so a bracket inside one is not counted."""


@dataclass(frozen=True, slots=True)
class TooDeep:
    """Where a JSON text first nests deeper than the limit."""

    offset: int
    key: str | None
    """The key of the top-level object the deep value is under, if any."""

    def line_in(self, text: str) -> int:
        return text.count("\n", 0, self.offset) + 1


def too_deep(text: str, limit: int = MAX_DEPTH) -> TooDeep | None:
    """Where ``text`` nests objects and lists more than ``limit`` deep; ``None`` if it does
    not (one ``count`` per bracket kind when there are fewer brackets than the limit)."""
    if text.count("{") + text.count("[") <= limit:
        return None
    depth = 0
    key: str | None = None
    for token in _TOKENS.finditer(text):
        first = token.group()[0]
        if first == '"':
            if depth == 1 and token.group(1):
                key = token.group()[1 : token.group().rindex('"')]
        elif first in "[{":
            depth += 1
            if depth > limit:
                return TooDeep(token.start(), key)
        else:
            depth -= 1
    return None


def depth_message(limit: int = MAX_DEPTH) -> str:
    from aztui.ingest.errors import problem

    return problem("too_deep", limit=limit)


def bounded_lines(text: TextIO, limit: int = MAX_LINE) -> Iterator[tuple[int, str | None]]:
    """Each line of ``text`` with its number; ``None`` in place of a line longer than
    ``limit`` characters, which is skipped without being held in memory."""
    number = 0
    while raw := text.readline(limit + 1):
        number += 1
        if len(raw) <= limit or raw.endswith("\n"):
            yield number, raw
            continue
        while raw and not raw.endswith("\n"):
            raw = text.readline(limit)
        yield number, None
