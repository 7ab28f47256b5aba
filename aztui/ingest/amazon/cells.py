"""Cell parsers of Amazon's reports, as ``Column`` wants them: ``ParseContext`` → parser.

They wrap the parsers of aztui's own files (``aztui.ingest.values``), so a cell reads the same
wherever it comes from, and add Amazon's own spellings (its status words, ``Amazon.fr``) and
the numbers of the file's marketplace (``ParseContext.marketplace``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aztui.domain.marketplaces import marketplace_of
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
            raise BadValue.of("value_not_known", what=what, expected=expected) from None

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
    """An amount; ``1.234,50`` is read as the file's marketplace writes numbers."""
    place = ctx.marketplace
    return values.memoized(values.amount_in(place.decimal_separator) if place else values.amount)


def currency(ctx: ParseContext) -> Parser:
    return values.memoized(values.code("currency", 3))


def flag(ctx: ParseContext) -> Parser:
    """``Y``/``N``, ``true``/``false`` and the other spellings of ``values.boolean``."""
    return values.memoized(values.boolean)


def marketplace(ctx: ParseContext) -> Parser:
    """A row's sales channel (``Amazon.com.be`` → ``BE``, ``aztui.domain.marketplaces``); a row
    with none, or another channel (``Non-Amazon``), has the file's marketplace."""
    return values.memoized(lambda cell: marketplace_of(cell) or ctx.default_marketplace)
