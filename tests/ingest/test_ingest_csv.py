"""aztui CSV files: kinds, columns, values, structural problems, and what messages say."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from aztui.domain.model import (
    BuyerMessage,
    Chargeback,
    ChargebackKind,
    Claim,
    ClaimType,
    Decision,
    Feedback,
    Fulfillment,
    Order,
    OrderStatus,
    ReturnRequest,
    ReturnStatus,
    Shipment,
)
from aztui.ingest import ImportFailed, read_csv
from aztui.ingest.aztui_csv import CHUNK_ROWS

from .helpers import FIXTURES, assert_names, failure, only, problem_text, read


def utc(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


@pytest.mark.parametrize(
    ("name", "kind", "cls", "count"),
    [
        ("commandes_fr.csv", "orders", Order, 5),
        ("shipments.csv", "shipments", Shipment, 3),
        ("returns.csv", "returns", ReturnRequest, 2),
        ("claims.csv", "claims", Claim, 2),
        ("messages.csv", "messages", BuyerMessage, 3),
        ("feedback.csv", "feedback", Feedback, 2),
        ("chargebacks.csv", "chargebacks", Chargeback, 2),
    ],
)
def test_every_kind_is_recognised_from_its_header(
    name: str, kind: str, cls: type, count: int
) -> None:
    result = read(FIXTURES / name)
    assert result.kind == kind
    assert result.rows_read == count
    assert len(result.records) == count
    assert all(type(r) is cls for r in result.records)
    assert result.problems == []


def test_french_orders_semicolon_crlf_naive_times_and_promise_dates() -> None:
    first, second, third, spring, autumn = only(Order, read(FIXTURES / "commandes_fr.csv").records)
    assert first == Order(
        order_id="402-1234567-1234567",
        purchase_date=utc(2026, 11, 20, 13, 32, 10),
        marketplace="FR",
        status=OrderStatus.SHIPPED,
        fulfillment=Fulfillment.MFN,
        order_total=Decimal("149.90"),
        currency="EUR",
        latest_ship_date=utc(2026, 11, 22, 22, 59, 59),
        latest_delivery_date=utc(2026, 11, 26, 22, 59, 59),
        is_prime=False,
    )
    assert second.marketplace == "FR"  # empty: the default marketplace
    assert second.order_total == Decimal("12.50") and second.is_prime is True
    assert second.out_of_stock is False
    assert third.cancelled_by is not None
    assert third.cancelled_by.value == "seller" and third.buyer_requested_cancel is False
    assert third.purchase_date == utc(2026, 11, 21, 8)
    assert spring.purchase_date == utc(2026, 3, 29, 1, 30)  # 02:30 does not exist
    assert spring.fulfillment is Fulfillment.AFN and spring.latest_ship_date is None
    assert autumn.purchase_date == utc(2026, 10, 25, 0, 30)  # first 02:30, summer time
    assert autumn.order_total == Decimal("0.99")


def test_fulfillment_left_empty_stays_unknown(write: Callable[..., Path]) -> None:
    path = write("orders.csv", "order_id,purchase_date,fulfillment\n402-1,2026-11-26,\n")
    (order,) = only(Order, read(path).records)
    assert order.fulfillment is None and order.is_mfn


def test_absent_marketplace_column_takes_the_default(write: Callable[..., Path]) -> None:
    path = write("orders.csv", "order_id,purchase_date\n402-1,2026-11-26\n")
    assert only(Order, read(path, default_marketplace="DE").records)[0].marketplace == "DE"


def test_shipments_key_and_values() -> None:
    first, untracked, tracked = only(Shipment, read(FIXTURES / "shipments.csv").records)
    assert first.service == "Colissimo Expert « Signature »"
    assert first.is_protected and first.signature
    assert untracked.tracking_number == "" and untracked.key == ("402-2345678-2345678", "")
    assert tracked.tracking_number == "XW123456789FR"


def test_claims_type_column_and_appeal_info_responded_at() -> None:
    _, claim = only(Claim, read(FIXTURES / "claims.csv").records)
    assert claim.type is ClaimType.NOT_AS_DESCRIBED
    assert claim.amount == Decimal("12.50") and claim.decision is Decision.GRANTED
    assert claim.appeal_info_responded_at == utc(2026, 11, 8, 9)


def test_claim_type_alias_in_csv(write: Callable[..., Path]) -> None:
    path = write("c.csv", "claim_id,order_id,claim_type,filed_at\nC1,402-1,other,2026-11-01\n")
    assert only(Claim, read(path).records)[0].type is ClaimType.OTHER


def test_other_kinds_values() -> None:
    returns = only(ReturnRequest, read(FIXTURES / "returns.csv").records)
    assert returns[0].status is ReturnStatus.AUTHORISED and returns[1].rejection_valid is False
    messages = only(BuyerMessage, read(FIXTURES / "messages.csv").records)
    assert messages[1].order_id is None and messages[2].no_response_needed is True
    feedback = only(Feedback, read(FIXTURES / "feedback.csv").records)
    assert feedback[0].rating == 2 and feedback[0].date == utc(2026, 11, 24, 23)
    chargebacks = only(Chargeback, read(FIXTURES / "chargebacks.csv").records)
    assert chargebacks[0].kind is ChargebackKind.SERVICE and chargebacks[1].kind is None


def test_headers_are_trimmed_case_insensitive_and_in_any_order(write: Callable[..., Path]) -> None:
    path = write("o.csv", " Purchase_Date ,ORDER_ID\n2026-11-26T09:00Z,402-1\n")
    assert only(Order, read(path).records)[0].order_id == "402-1"


def test_kind_forced(write: Callable[..., Path]) -> None:
    path = write("x.csv", "order_id,date\n402-1,2026-11-26\n")
    assert read(path).kind == "chargebacks"
    with pytest.raises(ImportFailed) as caught:
        read(path, kind="feedback")
    message = str(caught.value)
    assert_names(message, file=str(path), line=1, column="rating")
    assert "is missing" in message
    assert read(path, kind="chargeback").kind == "chargebacks"


def test_unknown_column_is_named_with_the_closest_known_one(write: Callable[..., Path]) -> None:
    path = write(
        "orders.csv",
        "order_id,purchase_date,lastest_ship_date,buyer_name\n"
        "402-1,2026-11-26,2026-11-28,Jeanne Dupont\n",
    )
    error = failure(path)
    line = problem_text(error, "lastest_ship_date")
    assert_names(line, file=str(path), line=1, column="lastest_ship_date")
    assert "did you mean latest_ship_date?" in line
    assert_names(problem_text(error, "buyer_name"), file=str(path), line=1, column="buyer_name")
    assert "Jeanne" not in str(error)


def test_missing_required_column(write: Callable[..., Path]) -> None:
    path = write("claims.csv", "claim_id,order_id,filed_at\nC1,402-1,2026-11-01\n")
    message = str(failure(path))
    assert_names(message, file=str(path), line=1, column="type")
    assert "is missing: claims files need this column" in message


def test_headerless_file_does_not_echo_its_first_row(write: Callable[..., Path]) -> None:
    path = write("orders.csv", "402-1,Jeanne Dupont,12 rue des Lilas\n")
    message = str(failure(path))
    assert_names(message, file=str(path), line=1)
    assert "no aztui column" in message and "Jeanne" not in message


def test_duplicated_column(write: Callable[..., Path]) -> None:
    path = write("c.csv", "claim_id,order_id,type,claim_type,filed_at\nC1,402-1,other,other,x\n")
    assert "appears twice in the header (fields 3 and 4)" in str(failure(path))


def test_impossible_date_names_file_line_column_and_value(write: Callable[..., Path]) -> None:
    path = write(
        "orders.csv",
        "order_id,purchase_date,latest_ship_date\n"
        "402-1,2026-11-26,2026-11-28\n"
        "402-2,2026-11-26,2026-02-30T10:00\n",
    )
    message = str(failure(path))
    assert message == (
        f"{path}:3: column latest_ship_date: '2026-02-30T10:00' is not a valid "
        "date (expected ISO 8601, e.g. 2026-11-26T09:00:00+01:00)"
    )


def test_every_bad_cell_is_listed(write: Callable[..., Path]) -> None:
    path = write(
        "orders.csv",
        "order_id;purchase_date;order_total;is_prime;status\n"
        "402-1;2026-11-26T25:00;1.234,50;peut-être;Expédiée\n"
        ";2026-11-26;12,50;oui;Shipped\n",
    )
    error = failure(path)
    assert len(error.problems) == 5
    assert_names(
        problem_text(error, "purchase_date"),
        file=str(path),
        line=2,
        column="purchase_date",
        value="2026-11-26T25:00",
    )
    assert_names(
        problem_text(error, "order_total"),
        file=str(path),
        line=2,
        column="order_total",
        value="1.234,50",
    )
    assert_names(
        problem_text(error, "is_prime"),
        file=str(path),
        line=2,
        column="is_prime",
        value="peut-être",
    )
    assert_names(
        problem_text(error, "status"), file=str(path), line=2, column="status", value="Expédiée"
    )
    required = problem_text(error, "order_id")
    assert_names(required, file=str(path), line=3, column="order_id")
    assert "is empty, but a value is required" in required


def test_day_first_date_in_a_french_cp1252_file() -> None:
    path = FIXTURES / "expeditions_fr.csv"
    message = str(failure(path))
    assert_names(message, file=str(path), line=2, column="confirmed_at", value="21/11/2026 16:00")
    assert "write the year first" in message
    result = read(path, skip_invalid=True)
    shipments = only(Shipment, result.records)
    assert [s.order_id for s in shipments] == ["402-2345678-2345678", "402-3456789-3456789"]
    assert shipments[0].service == "Standard – Économique"
    assert shipments[1].buy_shipping is True and shipments[1].claims_protected is False
    assert shipments[1].service == "Point Relais® 3€ offerts"
    assert result.rows_read == 3 and len(result.problems) == 1


def test_duplicate_keys_name_both_lines(write: Callable[..., Path]) -> None:
    path = write(
        "orders.csv",
        "order_id,purchase_date\n402-1,2026-11-26\n402-2,2026-11-26\n402-1,2026-11-27\n",
    )
    message = str(failure(path))
    assert_names(message, file=str(path), line=4, column="order_id", value="402-1")
    assert "already on line 2" in message


def test_duplicate_composite_keys(write: Callable[..., Path]) -> None:
    path = write(
        "s.csv",
        "order_id,tracking_number,confirmed_at\n402-1,,2026-11-26\n"
        "402-1,TRK1,2026-11-26\n402-1, ,2026-11-27\n",
    )
    message = str(failure(path))
    assert_names(
        message,
        file=str(path),
        line=4,
        column="order_id + tracking_number",
        value="402-1 + (empty)",
    )
    assert "already on line 2" in message


def test_duplicate_far_apart_across_chunks(write: Callable[..., Path]) -> None:
    rows = "".join(f"402-{n},2026-11-26\n" for n in range(CHUNK_ROWS + 10))
    path = write("orders.csv", "order_id,purchase_date\n" + rows + "402-3,2026-11-27\n")
    message = str(failure(path))
    assert_names(message, file=str(path), line=CHUNK_ROWS + 12, column="order_id", value="402-3")
    assert "already on line 5" in message


def test_truncated_last_line(write: Callable[..., Path]) -> None:
    path = write(
        "orders.csv",
        "order_id,purchase_date,currency,order_total\n402-1,2026-11-26,EUR,12.50\n402-2,2026-11",
    )
    message = str(failure(path))
    assert_names(message, file=str(path), line=3)
    assert "has 2 fields but the header has 4 (the file cut short" in message


def test_unclosed_quote_at_the_end(write: Callable[..., Path]) -> None:
    path = write("shipments.csv", 'order_id,confirmed_at,service\n402-1,2026-11-26,"Coli')
    message = str(failure(path))
    assert_names(message, file=str(path), line=2)
    assert "not well-formed CSV" in message


def test_too_many_fields(write: Callable[..., Path]) -> None:
    path = write("orders.csv", "order_id,purchase_date\n402-1,2026-11-26,Jeanne Dupont\n")
    message = str(failure(path))
    assert_names(message, file=str(path), line=2)
    assert "has 3 fields but the header has 2" in message and "Jeanne" not in message


def test_trailing_empty_fields_and_blank_rows_are_tolerated(write: Callable[..., Path]) -> None:
    path = write(
        "orders.csv", "order_id;purchase_date;\n\n402-1;2026-11-26;;\n;;\n\n402-2;2026-11-26\n"
    )
    result = read(path)
    assert [o.order_id for o in only(Order, result.records)] == ["402-1", "402-2"]
    assert result.rows_read == 2


def test_header_only_gives_no_records(write: Callable[..., Path]) -> None:
    result = read(write("claims.csv", "claim_id,order_id,type,filed_at\n"))
    assert result.kind == "claims" and result.records == [] and result.rows_read == 0


def test_line_numbers_count_physical_lines(write: Callable[..., Path]) -> None:
    path = write(
        "shipments.csv",
        "order_id,confirmed_at,service\r\n"
        '402-1,2026-11-26,"two\r\nlines"\r\n'
        "402-2,2026-13-26,x\r\n",
    )
    message = str(failure(path))
    assert_names(message, file=str(path), line=4, column="confirmed_at", value="2026-13-26")


def test_inconsistent_claim(write: Callable[..., Path]) -> None:
    path = write(
        "claims.csv",
        "claim_id,order_id,type,filed_at,responded_at\n"
        "CLM-9,402-1,not_received,2026-11-20T10:00Z,2026-11-22T10:00Z\n",
    )
    message = str(failure(path))
    assert_names(message, file=str(path), line=2, column="responded_at", value="2026-11-22T10:00Z")
    assert "response_requested_at" in message


def test_claim_dates_out_of_order(write: Callable[..., Path]) -> None:
    path = write(
        "claims.csv",
        "claim_id,order_id,type,filed_at,decided_at,decision\n"
        "CLM-9,402-1,other,2026-11-20,2026-11-19,denied\n",
    )
    message = str(failure(path))
    assert_names(message, file=str(path), line=2, column="decided_at", value="2026-11-19")
    assert "decided_at is before filed_at" in message


def test_skip_invalid_keeps_the_good_rows(write: Callable[..., Path]) -> None:
    path = write(
        "orders.csv",
        "order_id,purchase_date,order_total\n402-1,2026-11-26,12.50\n"
        "402-2,2026-11-31,3\n402-3,2026-11-26,-1\n402-1,2026-11-27,1\n"
        "402-4,2026-11-26,4\n",
    )
    result = read(path, skip_invalid=True)
    orders = only(Order, result.records)
    assert [o.order_id for o in orders] == ["402-1", "402-4"]
    assert [p.line for p in result.problems] == [3, 4, 5]
    assert result.rows_read == 5
    assert orders[0].purchase_date == utc(2026, 11, 25, 23)


def test_skip_invalid_still_refuses_a_bad_header(write: Callable[..., Path]) -> None:
    path = write("orders.csv", "order_id,purchase_date,colour\n402-1,2026-11-26,red\n")
    with pytest.raises(ImportFailed):
        read(path, skip_invalid=True)


def test_problems_beyond_the_first_chunk_are_all_reported(write: Callable[..., Path]) -> None:
    rows = [f"402-{n},2026-11-26" for n in range(3 * CHUNK_ROWS)]
    for n in (7, CHUNK_ROWS + 1, 3 * CHUNK_ROWS - 1):
        rows[n] = f"402-{n},2026-11-32"
    path = write("orders.csv", "order_id,purchase_date\n" + "\n".join(rows) + "\n")
    error = failure(path)
    assert [p.line for p in error.problems] == [9, CHUNK_ROWS + 3, 3 * CHUNK_ROWS + 1]
    result = read(path, skip_invalid=True)
    assert len(result.records) == 3 * CHUNK_ROWS - 3


def test_many_problems_are_summarised(write: Callable[..., Path]) -> None:
    rows = "".join(f"402-{n},someday\n" for n in range(120))
    error = failure(write("orders.csv", "order_id,purchase_date\n" + rows))
    assert len(error.problems) == 120
    text = str(error)
    assert text.count("\n") == 50 and text.endswith("... and 70 more problems")


def test_read_csv_on_bytes_with_a_name() -> None:
    result = read_csv(
        b"order_id,date,rating\n402-1,2026-11-26,5\n",
        name="upload.csv",
        marketplace_zone="Europe/Paris",
        default_marketplace="FR",
    )
    assert result.kind == "feedback" and result.file == "upload.csv"


def test_line_of_gives_where_each_record_was_read() -> None:
    result = read(FIXTURES / "shipments.csv")
    assert result.line_of("shipment", ("402-2345678-2345678", "XW123456789FR")) == 4
    assert result.line_of("shipment", ("402-2345678-2345678", "")) == 3
    assert result.line_of("shipment", ("402-0000000-0000000", "")) is None
    claims = read(FIXTURES / "claims.csv")
    assert claims.line_of("claim", ("CLM-2",)) == 3
    assert claims.line_of("order", ("CLM-2",)) is None
