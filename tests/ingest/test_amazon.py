"""Amazon's own downloads, as sellers get them: recognised, decoded, grouped, never leaking."""

from __future__ import annotations

import gzip
from decimal import Decimal
from pathlib import Path

import pytest

from aztui.domain.model import (
    Claim,
    ClaimType,
    Feedback,
    Fulfillment,
    Order,
    OrderStatus,
    ReturnRequest,
    ReturnStatus,
)
from tests.domain.builders import at
from tests.ingest.helpers import FIXTURES, assert_names, failure, read

AMAZON = FIXTURES / "amazon"


def by_id(path: Path, **options: object) -> dict[str, object]:
    return {r.key[0]: r for r in read(path, **options).records}


def test_all_orders_group_items_and_sum_their_prices():
    """cp1252 with € and accents, CRLF, an extra column Amazon added later."""
    result = read(AMAZON / "all_orders_fr.txt")
    assert result.kind == "amazon-all-orders" and result.rows_read == 5
    orders = {o.order_id: o for o in result.records}
    assert list(orders) == [
        "402-1111111-1111111",
        "403-2222222-2222222",
        "404-3333333-3333333",
        "171-4444444-4444444",
    ]
    two_items = orders["402-1111111-1111111"]
    assert two_items == Order(
        "402-1111111-1111111",
        at("2026-11-20T09:15:02Z"),
        marketplace="FR",
        status=OrderStatus.SHIPPED,
        fulfillment=Fulfillment.MFN,
        order_total=Decimal("47.40"),
        currency="EUR",
    )
    assert orders["403-2222222-2222222"].status is OrderStatus.PENDING
    assert orders["404-3333333-3333333"].status is OrderStatus.CANCELED
    assert orders["404-3333333-3333333"].order_total is None  # no price on a cancelled item
    fba = orders["171-4444444-4444444"]
    assert (fba.marketplace, fba.fulfillment) == ("DE", Fulfillment.AFN)


def test_unshipped_orders_give_the_ship_by_date_and_amazons_warnings():
    """UTF-8 with a BOM; every row holds a buyer's name, e-mail, phone and address."""
    orders = by_id(AMAZON / "unshipped_fr.txt")
    late = orders["403-2222222-2222222"]
    assert late.latest_ship_date == at("2026-11-26T22:59:59Z")
    assert (late.status, late.fulfillment) == (OrderStatus.UNSHIPPED, Fulfillment.MFN)
    assert (late.verge_of_late_shipment, late.verge_of_cancellation) == (True, False)
    two_items = orders["405-5555555-5555555"]
    assert two_items.latest_ship_date == at("2026-11-27T22:59:59Z")  # the earlier promise
    assert (two_items.verge_of_late_shipment, two_items.verge_of_cancellation) == (False, True)


def test_returns_read_amazons_dates_and_flag_the_a_to_z_claim():
    records = read(AMAZON / "returns_fr.txt").records
    returns = [r for r in records if isinstance(r, ReturnRequest)]
    claims = [r for r in records if isinstance(r, Claim)]
    assert returns[0] == ReturnRequest(
        "DKdKB4DR9RMA",
        "402-1111111-1111111",
        at("2026-11-24T23:00:00Z"),
        in_policy=True,
        status=ReturnStatus.AUTHORISED,
    )
    assert (returns[1].status, returns[1].in_policy) == (ReturnStatus.PENDING, False)
    assert claims == [
        Claim(
            "returns-report:404-3333333-3333333",
            "404-3333333-3333333",
            ClaimType.OTHER,
            at("2026-11-25T23:00:00Z"),
        )
    ]


@pytest.mark.parametrize(
    ("name", "marketplace", "expected"),
    [
        (
            "feedback_fr.txt",
            "FR",
            [
                ("402-1111111-1111111", "2026-11-23T23:00:00Z", 1),
                ("171-4444444-4444444", "2026-11-02T23:00:00Z", 2),
            ],
        ),
        ("feedback_de.txt", "DE", [("171-4444444-4444444", "2026-11-23T23:00:00Z", 1)]),
        ("feedback_us.txt", "US", [("113-7777777-7777777", "2026-11-23T23:00:00Z", 2)]),
    ],
)
def test_feedback_headers_and_dates_in_each_marketplaces_language(name, marketplace, expected):
    records = read(AMAZON / name, default_marketplace=marketplace).records
    assert records == [Feedback(o, at(d), r) for o, d, r in expected]


def test_feedback_dates_in_another_order_than_the_marketplaces_are_refused():
    problem = failure(AMAZON / "feedback_us.txt", default_marketplace="FR").problems[0]
    assert_names(
        str(problem), file=str(AMAZON / "feedback_us.txt"), line=2, column="Date", value="11/24/26"
    )
    assert "set `marketplace`" in problem.message


@pytest.mark.parametrize(
    "name", ["all_orders_fr.txt", "unshipped_fr.txt", "returns_fr.txt", "feedback_fr.txt"]
)
def test_gzip_and_line_endings_change_nothing(tmp_path, name):
    data = (AMAZON / name).read_bytes()
    expected = read(AMAZON / name).records
    for variant in (gzip.compress(data), data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")):
        path = tmp_path / (name + ".gz")
        path.write_bytes(variant)
        assert read(path).records == expected


def test_a_missing_required_column_is_named(tmp_path):
    text = (AMAZON / "unshipped_fr.txt").read_text(encoding="utf-8-sig")
    path = tmp_path / "unshipped.txt"
    path.write_text(text.replace("promise-date", "promised"), encoding="utf-8")
    problems = failure(path).problems
    assert [(p.line, p.column) for p in problems] == [(1, "promise-date")]
    assert "is missing" in problems[0].message


def test_a_bad_cell_names_file_line_column_and_value(tmp_path):
    text = (AMAZON / "all_orders_fr.txt").read_bytes().decode("cp1252")
    path = tmp_path / "orders.txt"
    path.write_text(
        text.replace("2026-11-24T18:40:11+00:00", "2026-11-31T18:40:11+00:00"), encoding="cp1252"
    )
    problem = failure(path).problems[0]
    assert_names(
        str(problem),
        file=str(path),
        line=4,
        column="purchase-date",
        value="2026-11-31T18:40:11+00:00",
    )


def test_a_truncated_file_is_refused(tmp_path):
    data = (AMAZON / "unshipped_fr.txt").read_bytes()
    path = tmp_path / "cut.txt"
    path.write_bytes(data[: data.rindex(b"\t2026-11-25T08:01")])
    problem = failure(path).problems[0]
    assert problem.line == 4 and "fields" in problem.message


def test_kind_can_be_forced(tmp_path):
    assert read(AMAZON / "returns_fr.txt", kind="amazon-returns").kind == "amazon-returns"
    problems = failure(AMAZON / "returns_fr.txt", kind="amazon-all-orders").problems
    assert {p.column for p in problems} >= {"amazon-order-id", "purchase-date"}


def test_account_health_in_either_spelling_gives_the_same_figures():
    first = read(AMAZON / "account_health.json")
    other = read(AMAZON / "account_health_example_spelling.json")
    assert first.kind == other.kind == "amazon-account-health" and first.records == []
    figures = {(f.marketplace, f.metric): f for f in first.figures}
    assert set(figures) == {
        ("FR", "account_status"),
        ("FR", "order_defect_rate"),
        ("FR", "order_defect_rate_afn"),
        ("FR", "late_shipment_rate_30d"),
        ("FR", "pre_fulfillment_cancel_rate"),
        ("FR", "valid_tracking_rate"),
        ("FR", "on_time_delivery_rate"),
        ("FR", "account_health_rating"),
        ("DE", "account_status"),
        ("DE", "late_shipment_rate_10d"),
    }
    odr = figures[("FR", "order_defect_rate")]
    assert (odr.rate, odr.numerator, odr.denominator, odr.target, odr.status) == (
        0.0071,
        3,
        420,
        0.01,
        "bad",
    )
    assert (odr.window_start, odr.window_end) == (at("2026-09-13T00:00Z"), at("2026-11-12T00:00Z"))
    # the other spelling, and times without seconds
    cancel = {f.metric: f for f in other.figures}["pre_fulfillment_cancel_rate"]
    assert (cancel.numerator, cancel.window_end) == (1, at("2026-11-03T23:59Z"))


@pytest.mark.parametrize(
    ("text", "where"),
    [
        (
            '{"performanceMetrics": [\n  {"marketplaceId": "A13V1IB3VIYZZH",\n'
            '  "lateShipmentRate": }]}',
            ":3:",
        ),
        (
            '{"performanceMetrics": [{"marketplaceId": "A13V1IB3VIYZZH", "lateShipmentRate": '
            '{"rate": "high"}}]}',
            "performanceMetrics[0].lateShipmentRate: rate 'high' is not a number",
        ),
        ('{"performanceMetrics": [{"lateShipmentRate": {}}]}', "has no marketplaceId"),
        ('{"accountStatuses": []}', "has no performanceMetrics list"),
    ],
)
def test_a_broken_account_health_report_names_the_place(tmp_path, text, where):
    path = tmp_path / "health.json"
    path.write_text(text, encoding="utf-8")
    assert where in str(failure(path))


@pytest.mark.parametrize(
    ("header", "date", "marketplace"),
    [
        (
            "Date\tRating\tComentarios\tResponse\tNúmero de pedido\tE-mail del cliente",
            "24/11/26",
            "ES",
        ),
        (
            "Data\tValutazione\tCommenti\tRisposta\tNumero ordine\tE-mail del valutatore",
            "24/11/26",
            "IT",
        ),
        ("Date\tRating\tComments\tYour Response\tOrder ID\tRater Email", "24/11/26", "UK"),
        (
            "Datum\tBewertung\tKommentar\tIhre Antwort\tTransaktionsnummer\tE-Mail des Bewertenden",
            "24.11.26",
            "DE",
        ),
    ],
)
def test_feedback_of_each_marketplace(tmp_path, header, date, marketplace):
    path = tmp_path / "feedback.txt"
    path.write_text(
        f"{header}\n{date}\t1\tSehr schlecht / muy mal\t\t402-1111111-1111111\t"
        "a1b2c3@marketplace.amazon.eu\n",
        encoding="utf-8",
    )
    result = read(path, default_marketplace=marketplace)
    assert result.kind == "amazon-feedback"
    assert result.records == [Feedback("402-1111111-1111111", at("2026-11-23T23:00:00Z"), 1)]
