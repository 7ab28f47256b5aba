"""Cell parsers of Amazon's reports, as ``Column`` wants them: ``ParseContext`` → parser.

They wrap the parsers of aztui's own files (``aztui.ingest.values``), so a cell reads the same
wherever it comes from, and add Amazon's own spellings (its status words, ``Amazon.fr``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aztui.ingest import values
from aztui.ingest.amazon.flatfile import fold
from aztui.ingest.columns import ParseContext
from aztui.ingest.values import BadValue, Parser

Factory = Callable[[ParseContext], Parser]


def lookup(table: dict[str, Any], what: str) -> Factory:
    """A word of ``table`` (keys folded with ``flatfile.fold``); empty is unknown."""
    expected = ", ".join(sorted({str(v) for v in table.values()}))

    def parse(cell: str) -> Any:
        if not cell.strip():
            return None
        try:
            return table[fold(cell)]
        except KeyError:
            raise BadValue(f"is not a known {what} (read as one of {expected})") from None

    return lambda ctx: values.memoized(parse)


def identifier(ctx: ParseContext) -> Parser:
    return values.text(required=True)


def text(ctx: ParseContext) -> Parser:
    return values.text()


def instant(ctx: ParseContext) -> Parser:
    return values.timestamp(ctx.zone)


def required_instant(ctx: ParseContext) -> Parser:
    return values.timestamp(ctx.zone, required=True)


def promise(ctx: ParseContext) -> Parser:
    """A ship-by date: a bare date means the end of that day."""
    return values.memoized(values.timestamp(ctx.zone, end_of_day=True))


def money(ctx: ParseContext) -> Parser:
    return values.memoized(values.amount)


def currency(ctx: ParseContext) -> Parser:
    return values.memoized(values.code("currency", 3))


def flag(ctx: ParseContext) -> Parser:
    """``Y``/``N``, ``true``/``false`` and the other spellings of ``values.boolean``."""
    return values.memoized(values.boolean)


def sales_channel(cell: str) -> str | None:
    """``Amazon.fr`` → ``FR``, ``Amazon.co.uk`` → ``UK``, ``Amazon.com`` → ``US``; other
    channels (``Non-Amazon``) have no marketplace."""
    host = cell.strip().lower()
    if not host.startswith("amazon."):
        return None
    suffix = host.rsplit(".", 1)[-1].upper()
    return {"COM": "US", "GB": "UK"}.get(suffix, suffix)


def marketplace(ctx: ParseContext) -> Parser:
    return values.memoized(lambda cell: sales_channel(cell) or ctx.default_marketplace)
