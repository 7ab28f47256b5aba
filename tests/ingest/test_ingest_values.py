"""Cell parsers: timestamps (zones, DST, date-only), yes/no, amounts, enums, ratings."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from aztui.domain.model import ChargebackKind, CountsInOdr, Fulfillment, OrderStatus
from aztui.ingest import values
from aztui.ingest.values import BadValue

PARIS = "Europe/Paris"


def ts(cell: str, **options: bool) -> datetime | None:
    return values.timestamp(PARIS, **options)(cell)


def utc(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("2026-11-26T09:00:00+01:00", utc(2026, 11, 26, 8)),
        ("2026-11-26T09:00:00Z", utc(2026, 11, 26, 9)),
        ("2026-11-26T09:00:00.250Z", datetime(2026, 11, 26, 9, 0, 0, 250000, tzinfo=UTC)),
        ("2026-11-26 09:00", utc(2026, 11, 26, 8)),  # naive: Paris winter time
        ("2026-07-01T09:00", utc(2026, 7, 1, 7)),  # naive: Paris summer time
        ("  2026-11-26T09:00:00Z  ", utc(2026, 11, 26, 9)),
    ],
)
def test_timestamps(cell: str, expected: datetime) -> None:
    value = ts(cell)
    assert value == expected
    assert value is not None and value.tzinfo is UTC


def test_naive_time_in_the_spring_gap_is_read_with_the_winter_offset() -> None:
    # 2026-03-29 02:30 does not exist in Paris (clocks jump 02:00 → 03:00): fold=0 reads it
    # with the offset before the gap, +01:00, which is 03:30 summer time.
    assert ts("2026-03-29T02:30") == utc(2026, 3, 29, 1, 30)


def test_ambiguous_naive_time_in_the_autumn_overlap_is_the_first_occurrence() -> None:
    # 2026-10-25 02:30 happens twice in Paris: fold=0 takes the first, summer time (+02:00).
    assert ts("2026-10-25T02:30") == utc(2026, 10, 25, 0, 30)
    assert ts("2026-10-25T02:30+01:00") == utc(2026, 10, 25, 1, 30)


def test_date_only_is_start_of_day_or_end_of_day_for_promises() -> None:
    assert ts("2026-11-26") == utc(2026, 11, 25, 23)
    assert ts("2026-11-26", end_of_day=True) == utc(2026, 11, 26, 22, 59, 59)
    assert ts("2026-07-14", end_of_day=True) == utc(2026, 7, 14, 21, 59, 59)
    # The end of the day the clocks change is still 23:59:59 local.
    assert ts("2026-03-29", end_of_day=True) == utc(2026, 3, 29, 21, 59, 59)


@pytest.mark.parametrize(
    "cell",
    [
        "2026-02-30T10:00",
        "2026-11-26T25:00",
        "2026-02-30",
        "26/11/2026",
        "tomorrow",
        "2026-13-01T00:00Z",
        "0001-01-01",
        "9999-12-31T23:00:00-05:00",
    ],
)
def test_impossible_or_unreadable_dates_are_refused(cell: str) -> None:
    with pytest.raises(BadValue, match=r"is not a valid date .*ISO 8601"):
        ts(cell)


def test_day_first_dates_get_a_hint() -> None:
    with pytest.raises(BadValue, match="year first"):
        ts("26/11/2026 10:00")


def test_empty_timestamp_is_unknown_unless_required() -> None:
    assert ts("") is None
    assert ts("   ") is None
    with pytest.raises(BadValue, match="a value is required"):
        values.timestamp(PARIS, required=True)("")


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("true", True),
        ("FALSE", False),
        ("Yes", True),
        ("no", False),
        (" oui ", True),
        ("NON", False),
        ("1", True),
        ("0", False),
        ("", None),
    ],
)
def test_booleans(cell: str, expected: bool | None) -> None:
    assert values.boolean(cell) is expected


def test_not_a_boolean() -> None:
    with pytest.raises(BadValue, match="not a yes/no value"):
        values.boolean("peut-être")


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("12.50", Decimal("12.50")),
        ("12,50", Decimal("12.50")),
        ("12", Decimal("12")),
        (" 0,5 ", Decimal("0.5")),
        ("1234.56", Decimal("1234.56")),
        ("", None),
    ],
)
def test_amounts(cell: str, expected: Decimal | None) -> None:
    assert values.amount(cell) == expected


@pytest.mark.parametrize(
    ("cell", "reason"),
    [
        ("1.234,50", "ambiguous"),
        ("1,234.50", "ambiguous"),
        ("1 234,50", "ambiguous"),
        ("12.5.0", "ambiguous"),
        ("-12.50", "negative"),
        ("12 €", "not an amount"),
        ("NaN", "not an amount"),
        ("1e3", "not an amount"),
    ],
)
def test_bad_amounts(cell: str, reason: str) -> None:
    with pytest.raises(BadValue, match=reason):
        values.amount(cell)


def test_enumerations_ignore_case_and_accept_amazon_words() -> None:
    status = values.enumeration(OrderStatus, "order status")
    assert status("Shipped") is status("shipped") is OrderStatus.SHIPPED
    assert status("partially_shipped") is OrderStatus.PARTIALLY_SHIPPED
    assert status("") is None
    channel = values.enumeration(Fulfillment, "fulfillment channel")
    assert channel("mfn") is channel("Merchant") is Fulfillment.MFN
    assert channel("AFN") is channel("Amazon") is Fulfillment.AFN
    assert values.enumeration(CountsInOdr, "x")("oui") is CountsInOdr.YES
    with pytest.raises(BadValue, match="expected one of service, fraud"):
        values.enumeration(ChargebackKind, "chargeback kind")("friendly")
    with pytest.raises(BadValue, match="a value is required"):
        values.enumeration(ChargebackKind, "chargeback kind", required=True)(" ")


def test_ratings() -> None:
    assert values.rating(" 4 ") == 4
    for cell in ("0", "6", "4.5", "four"):
        with pytest.raises(BadValue, match="1 to 5"):
            values.rating(cell)


def test_codes_are_upper_cased_and_checked() -> None:
    currency = values.code("currency", 3)
    assert currency(" eur ") == "EUR"
    with pytest.raises(BadValue, match="not a valid currency"):
        currency("€")


def test_memoized_parser_gives_the_same_answers_and_errors() -> None:
    parse = values.memoized(values.amount)
    assert parse("12,50") == Decimal("12.50")
    assert parse("12,50") == Decimal("12.50")
    for _ in range(2):
        with pytest.raises(BadValue):
            parse("-1")


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("12.5"), "12.50"),
        (Decimal("12"), "12.00"),
        (Decimal("0.125"), "0.125"),
        (Decimal("1E+2"), "100.00"),
        (True, "true"),
        (False, "false"),
        (None, ""),
        (OrderStatus.SHIPPED, "Shipped"),
        (utc(2026, 11, 26, 9), "2026-11-26T09:00:00Z"),
        (datetime(2026, 11, 26, 9, 0, 0, 5, tzinfo=UTC), "2026-11-26T09:00:00.000005Z"),
    ],
)
def test_format_cell(value: object, text: str) -> None:
    assert values.format_cell(value) == text
