"""Cell parsers (formats.md §2): text in, domain value out, ``BadValue`` with a reason if not.

Every parser takes the raw cell, trims it, and returns ``None`` for an empty cell (unknown)
unless the field needs a value. Messages are phrased to follow the value in a problem line:
``'2026-02-30' is not a valid date (...)``.

Naive timestamps are read in the marketplace zone with ``fold=0`` (PEP 495): a wall time that
does not exist (the spring-forward gap, e.g. 02:30 on 2026-03-29 in Europe/Paris) is read with
the offset in force before the gap, so it lands one hour later in summer time (03:30+02:00);
an ambiguous one (the autumn overlap, e.g. 02:30 on 2026-10-25) is the first occurrence, in
summer time (02:30+02:00).

Bounds (formats.md, "What a value may hold"): an identifier holds at most ``MAX_ID``
characters, other text ``MAX_TEXT``; no cell keeps a control character, a byte-order mark or a
lone surrogate; an amount is below ``AMOUNT_LIMIT`` with at most two decimals (what Amazon can
charge); an instant falls between ``EARLIEST`` and ``LATEST``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime, time
from decimal import Decimal
from enum import Enum
from typing import Any

from aztui.domain import model
from aztui.domain.timeutil import zone
from aztui.errors import saying
from aztui.ingest.reasons import REASONS

Parser = Callable[[str], Any]

EXAMPLE_TIME = "2026-11-26T09:00:00+01:00"
END_OF_DAY = time(23, 59, 59)
_MEMO_LIMIT = 50_000

MAX_ID = 200
"""Characters in an identifier or tracking number (Amazon's order ids have 19): a key stays
small enough for any index of both stores."""
MAX_TEXT = 1000
"""Characters in other text (a carrier's name, service, status or proof of delivery)."""
AMOUNT_DIGITS = 9
"""Digits before the decimal point: an amount is below 1,000,000,000 (see ``amount``)."""
AMOUNT_LIMIT = Decimal(10) ** AMOUNT_DIGITS
EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
LATEST = datetime(2200, 1, 1, tzinfo=UTC)
"""Instants are read from ``EARLIEST`` up to ``LATEST`` (excluded): Amazon sells since 1995,
and deadlines and windows computed from a date near year 1 or 9999 would not exist."""
_CENT = Decimal("0.01")
BOM = "\ufeff"
UNSEEN = re.compile(r"[\x00-\x1f\x7f-\x9f\ufeff\ud800-\udfff]")
"""Characters no cell keeps: controls (NUL, ESC, line breaks inside a quoted cell …), the
byte-order mark, which at the start of a line means two files were joined, and surrogates
(U+D800–U+DFFF), halves of a UTF-16 pair that no UTF-8 text, and so neither store, can hold:
alone they come only from a JSON ``\\ud800`` escape."""
SPREADSHEET_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet evaluate a cell (the OWASP CSV-injection list)."""
_QUOTED = (*SPREADSHEET_TRIGGERS, "'")


class BadValue(ValueError):
    """A cell that cannot be read; ``reason`` is why, phrased to follow the value: a ``Said``
    (code and values) when aztui gave it, else text already worded."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason

    @classmethod
    def of(cls, code: str, **values: object) -> BadValue:
        """The refusal ``code`` of ``REASONS`` with its values."""
        return cls(saying(REASONS, code, **values))


class _Memo(dict[str, Any]):
    """Parsed cells by raw text: a hit is one C-level lookup, a miss calls the parser."""

    def __init__(self, parse: Parser) -> None:
        super().__init__()
        self.parse = parse

    def __missing__(self, cell: str) -> Any:
        value = self.parse(cell)
        if len(self) >= _MEMO_LIMIT:
            self.clear()
        self[cell] = value
        return value


def memoized(parse: Parser) -> Parser:
    """``parse`` remembering its answers: for columns whose values repeat (codes, dates)."""
    return _Memo(parse).__getitem__


def _missing() -> BadValue:
    return BadValue.of("value_missing")


def unseen(cell: str) -> BadValue | None:
    """Why ``cell`` cannot be kept whatever its column: a byte-order mark, a control
    character or a lone surrogate in it; ``None`` when it has none. The same words on every
    path."""
    found = UNSEEN.search(cell)
    if found is None:
        return None
    char = found.group()
    if char == BOM:
        return BadValue.of("value_bom")
    if "\ud800" <= char <= "\udfff":
        return BadValue.of("value_surrogate", char=f"U+{ord(char):04X}")
    code = "value_nul" if char == "\0" else "value_control"
    return BadValue.of(code, char=f"U+{ord(char):04X}")


def explain(cell: str, error: BadValue) -> str:
    """The reason to give for a refused cell: what ``unseen`` finds, else ``error``."""
    return (unseen(cell.strip()) or error).reason


def text(required: bool = False, limit: int = MAX_TEXT, *, unquote: bool = False) -> Parser:
    """Free text or an identifier, trimmed; at most ``limit`` characters, none ``unseen``.
    With ``unquote`` (aztui CSV), the quote ``csv_cell`` adds is taken off again."""

    def parse(cell: str) -> str | None:
        cell = cell.strip()
        if unquote and cell[:1] == "'" and cell[1:2] in _QUOTED:
            cell = cell[1:].strip()
        if cell:
            return _checked(cell, limit)
        if required:
            raise _missing()
        return None

    return parse


def tracking_number(*, unquote: bool = False) -> Parser:
    """A shipment's tracking number: part of its key, so empty stays ``""``."""
    parse = text(limit=MAX_ID, unquote=unquote)
    return lambda cell: parse(cell) or ""


def seen(cell: str) -> str:
    """``cell``, unless it holds what ``unseen`` refuses (trimmed away, it is no matter)."""
    if not cell.isprintable():  # one C call for the usual cell; the regex only for the rest
        bad = unseen(cell.strip())
        if bad is not None:
            raise bad
    return cell


def seen_only(parse: Parser) -> Parser:
    """``parse`` for a cell that holds nothing ``unseen`` refuses: for parsers that would
    drop such a character unnoticed (Amazon's words are read folded)."""
    return lambda cell: parse(seen(cell))


def _checked(cell: str, limit: int) -> str:
    seen(cell)
    if len(cell) > limit:
        raise BadValue.of("value_too_long", length=len(cell), limit=limit)
    return cell


def code(what: str, length: int | None = None) -> Parser:
    """A short upper-case code (currency ``EUR``, marketplace ``FR``)."""
    pattern = re.compile(f"[A-Z]{{{length}}}" if length else "[A-Z0-9_]+")

    def parse(cell: str) -> str | None:
        cell = cell.strip().upper()
        if not cell:
            return None
        if not pattern.fullmatch(cell):
            if length:
                raise BadValue.of("value_not_currency")
            raise BadValue.of("value_not_code", what=what)
        return cell

    return parse


def timestamp(zone_name: str, *, end_of_day: bool = False, required: bool = False) -> Parser:
    """ISO 8601 instant to aware UTC; naive values are read in ``zone_name`` (see module doc).

    A date alone means the start of that day in the zone, or its end (23:59:59) when
    ``end_of_day``: a promise date means "by the end of that day".
    """
    tz = zone(zone_name)
    day_time = END_OF_DAY if end_of_day else time(0, 0)

    def parse(cell: str) -> datetime | None:
        stripped = cell.strip()
        if not stripped:
            if required:
                raise _missing()
            return None
        try:
            if len(stripped) <= 10:
                value = datetime.combine(date.fromisoformat(stripped), day_time, tzinfo=tz)
            else:
                value = datetime.fromisoformat(stripped)
                if value.tzinfo is None:
                    value = value.replace(tzinfo=tz)
            value = value if value.tzinfo is UTC else value.astimezone(UTC)
        except (ValueError, OverflowError):
            raise _bad_time(stripped) from None
        return in_years(value)

    return parse


def in_years(value: datetime) -> datetime:
    """``value`` (aware) if it falls between ``EARLIEST`` and ``LATEST``; ``BadValue`` if not."""
    if EARLIEST <= value < LATEST:
        return value
    raise BadValue.of("value_out_of_years", earliest=EARLIEST.year, latest=LATEST.year - 1)


def _bad_time(cell: str) -> BadValue:
    if re.fullmatch(r"\d{1,2}[./]\d{1,2}[./]\d{2,4}.*", cell):
        return BadValue.of("value_not_date_year_first", example=EXAMPLE_TIME)
    return BadValue.of("value_not_date", example=EXAMPLE_TIME)


BOOLEANS: Mapping[str, bool] = {
    "true": True,
    "false": False,
    "yes": True,
    "no": False,
    "oui": True,
    "non": False,
    "1": True,
    "0": False,
    "y": True,
    "n": False,
    "vrai": True,
    "faux": False,
}


def boolean(cell: str) -> bool | None:
    """``true/false``, ``yes/no``, ``oui/non``, ``1/0`` (also ``y/n``, ``vrai/faux``)."""
    try:
        return BOOLEANS[cell.strip().lower()]
    except KeyError:
        if not cell.strip():
            return None
        raise BadValue.of("value_not_boolean") from None


def amount(cell: str) -> Decimal | None:
    """A sum of money: ``12.50`` or ``12,50``; no thousands separator, never negative.

    Bounded to what Amazon can charge: below ``AMOUNT_LIMIT`` (a million dollars of goods is
    still under it in yen, the marketplace currency with the most units), and whole cents (at
    most two decimals once trailing zeros are dropped: no Amazon currency has finer units).
    """
    cell = cell.strip()
    if not cell:
        return None
    dotted = cell.replace(",", ".")
    whole, dot, decimals = dotted.partition(".")
    if (
        whole.isdigit()
        and whole.isascii()
        and (not dot or (decimals.isdigit() and decimals.isascii()))
    ):
        if len(whole.lstrip("0")) > AMOUNT_DIGITS:
            raise BadValue.of("value_too_large", limit=f"{AMOUNT_LIMIT - Decimal('0.01'):,}")
        if len(decimals) <= 2:
            return Decimal(dotted)
        if decimals[2:].strip("0"):
            raise BadValue.of("value_too_precise")
        return Decimal(dotted).quantize(_CENT)
    if cell.startswith("-"):
        raise BadValue.of("value_negative")
    if re.fullmatch(r"[\d\s.,\u00a0\u202f]+", cell):
        raise BadValue.of("value_ambiguous_amount")
    raise BadValue.of("value_not_amount")


def amount_in(decimal: str) -> Parser:
    """``amount`` for a file written where ``decimal`` separates the cents (the marketplace's
    decimal separator): there, digits grouped by threes with the other one are read as well,
    ``1.234,50`` where it is ``,`` (amazon.de), ``1,234.50`` where it is ``.`` (amazon.com).
    One group and no decimals (``1.234``) is refused as ambiguous, never read as a thousand:
    a price a thousand times too high is worse than a file refused with its line."""
    group = "," if decimal == "." else "."
    grouped = re.compile(rf"\d{{1,3}}(?:{re.escape(group)}\d{{3}})+(?:{re.escape(decimal)}\d+)?")

    def parse(cell: str) -> Decimal | None:
        stripped = cell.strip()
        if grouped.fullmatch(stripped):
            whole, _, cents = stripped.partition(decimal)
            if not cents and whole.count(group) == 1:  # 1.234: a thousand, or 1.234 units?
                raise BadValue.of("value_ambiguous_group", cell=stripped, decimal=decimal)
            return amount(whole.replace(group, "") + (f".{cents}" if cents else ""))
        return amount(cell)

    return parse


def rating(cell: str) -> int | None:
    """A feedback rating: a whole number from 1 to 5."""
    cell = cell.strip()
    if cell in ("1", "2", "3", "4", "5"):
        return int(cell)
    if not cell:
        raise _missing()
    raise BadValue.of("value_not_rating")


def _fold(word: str) -> str:
    return word.strip().lower().replace("_", "").replace("-", "").replace(" ", "")


ENUM_ALIASES: Mapping[type[Enum], Mapping[str, Enum]] = {
    model.Fulfillment: {
        "merchant": model.Fulfillment.MFN,
        "fbm": model.Fulfillment.MFN,
        "amazon": model.Fulfillment.AFN,
        "fba": model.Fulfillment.AFN,
    },
    model.OrderStatus: {"cancelled": model.OrderStatus.CANCELED},
    model.ReturnStatus: {"authorized": model.ReturnStatus.AUTHORISED},
    model.CountsInOdr: {
        "true": model.CountsInOdr.YES,
        "false": model.CountsInOdr.NO,
        "oui": model.CountsInOdr.YES,
        "non": model.CountsInOdr.NO,
        "1": model.CountsInOdr.YES,
        "0": model.CountsInOdr.NO,
    },
}


def enumeration(enum: type[Enum], what: str, required: bool = False) -> Parser:
    """A member of a domain enum, matched ignoring case, spaces, ``_`` and ``-``."""
    table: dict[str, Any] = {_fold(m.value): m for m in enum}
    table.update({_fold(k): v for k, v in ENUM_ALIASES.get(enum, {}).items()})
    expected = ", ".join(m.value for m in enum)

    def parse(cell: str) -> Any:
        try:
            return table[_fold(cell)]
        except KeyError:
            if not cell.strip():
                if required:
                    raise _missing() from None
                return None
            raise BadValue.of("value_not_choice", what=what, expected=expected) from None

    return parse


def csv_cell(value: Any) -> str:
    """``format_cell`` for a CSV file a spreadsheet may open: text that starts with one of
    ``SPREADSHEET_TRIGGERS``, or with a quote, gets a leading ``'`` (``text(unquote=True)``
    takes it off again). Only text needs it: aztui writes amounts (never negative), instants, codes
    and yes/no values starting with a digit or a letter."""
    cell = format_cell(value)
    if isinstance(value, str) and not isinstance(value, Enum) and cell.startswith(_QUOTED):
        return "'" + cell
    return cell


def format_cell(value: Any) -> str:
    """The inverse of the parsers: how aztui writes a value (``""`` for unknown).

    Times as UTC ``Z`` (microseconds only when there are some), amounts with at least two
    decimals (``12.50``), yes/no values as ``true``/``false``, enums as their value.
    """
    if value is None:
        return ""
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, Decimal):
        whole, _, decimals = format(value, "f").partition(".")
        return f"{whole}.{decimals.ljust(2, '0')}"
    return str(value)
