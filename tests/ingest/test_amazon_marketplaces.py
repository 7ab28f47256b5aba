"""Amazon's downloads read as their marketplace writes them (aztui/domain/marketplaces.py):
each row's sales channel where the report has one, the file's marketplace where it has none
(unshipped orders, feedback dates), its decimal separator for amounts."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from aztui.domain.model import Feedback, Order, OrderBundle
from aztui.ingest.amazon import MarketplaceTaken, keep_stored, marketplace_taken
from tests.domain.builders import at
from tests.ingest.helpers import FIXTURES, assert_names, failure, read

REAL = FIXTURES / "amazon" / "real"
ALL_ORDERS_HEADER = (
    "amazon-order-id\tpurchase-date\torder-status\tfulfillment-channel\tsales-channel\t"
    "currency\titem-price\tshipping-price\n"
)


def all_orders(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "all_orders.txt"
    path.write_text(ALL_ORDERS_HEADER + "".join(f"{row}\n" for row in rows), encoding="utf-8")
    return path


@pytest.mark.parametrize("marketplace", ["FR", "DE", "US"])
def test_the_real_unshipped_report_takes_the_files_marketplace(marketplace):
    """A real Amazon.in download (SOURCES.md): no sales channel, so no order's marketplace is
    read from it; every one is the marketplace given, never one guessed from an e-mail."""
    result = read(REAL / "unshipped_in.txt", default_marketplace=marketplace)
    assert result.kind == "amazon-unshipped-orders" and result.rows_read == 15
    orders = {o.order_id: o for o in result.records}
    assert len(orders) == 13
    assert {o.marketplace for o in orders.values()} == {marketplace}
    first = orders["408-4870009-9733125"]
    assert first.purchase_date == at("2025-07-30T08:34:47Z")
    assert first.latest_ship_date == at("2025-08-21T18:29:59Z")  # 23:59:59 in India
    assert first.verge_of_cancellation is False and first.verge_of_late_shipment is False


def test_all_orders_keep_each_rows_sales_channel_whatever_the_files_marketplace(tmp_path):
    channels = {
        "Amazon.nl": "NL",
        "Amazon.com.be": "BE",
        "Amazon.pl": "PL",
        "Amazon.se": "SE",
        "Amazon.ie": "IE",
        "Amazon.com": "US",
        "Amazon.co.uk": "UK",
        "Non-Amazon": "DE",  # no Amazon site: the file's marketplace
    }
    path = all_orders(
        tmp_path,
        *(
            f"40{i}-0000000-000000{i}\t2026-11-20T09:15:02+00:00\tShipped\tMerchant\t{channel}\t"
            "EUR\t10.00\t"
            for i, channel in enumerate(channels)
        ),
    )
    for default in ("FR", "DE"):
        found = [o.marketplace for o in read(path, default_marketplace=default).records]
        assert found == [default if c == "Non-Amazon" else code for c, code in channels.items()]


@pytest.mark.parametrize(
    ("marketplace", "price", "total"),
    [
        ("DE", "1.234,50", Decimal("1234.50")),
        ("PL", "12.345.678,90", Decimal("12345678.90")),
        ("US", "1,234.50", Decimal("1234.50")),
        ("DE", "1.234.567", Decimal("1234567")),
        ("DE", "12.50", Decimal("12.50")),  # two decimals: a decimal point, wherever
        ("US", "12,50", Decimal("12.50")),
    ],
)
def test_amounts_grouped_as_the_marketplace_writes_numbers(tmp_path, marketplace, price, total):
    path = all_orders(
        tmp_path,
        f"402-1111111-1111111\t2026-11-20T09:15:02+00:00\tShipped\tMerchant\t\tEUR\t{price}\t",
    )
    (order,) = read(path, default_marketplace=marketplace).records
    assert order.order_total == total


@pytest.mark.parametrize(
    ("marketplace", "price"),
    [("UK", "1.234,50"), ("FR", "1,234.50"), ("DE", "1.234"), ("UK", "1,234"), ("FR", "15.000")],
)
def test_a_grouping_the_marketplace_does_not_write_is_refused(tmp_path, marketplace, price):
    path = all_orders(
        tmp_path,
        f"402-1111111-1111111\t2026-11-20T09:15:02+00:00\tShipped\tMerchant\t\tEUR\t{price}\t",
    )
    problem = failure(path, default_marketplace=marketplace).problems[0]
    assert_names(str(problem), file=str(path), line=2, column="item-price", value=price)
    assert "ambiguous" in problem.message


FEEDBACK_HEADER = "Date\tRating\tComments\tResponse\tOrder ID\tRater Email\n"


@pytest.mark.parametrize(
    ("marketplace", "cell"),
    [
        ("NL", "24-11-2026"),
        ("BE", "24/11/26"),
        ("PL", "24.11.2026"),
        ("IE", "24/11/2026"),
        ("SE", "2026-11-24"),
        ("US", "11/24/26"),
        ("US", "24.11.26"),  # a dotted date is day first everywhere
    ],
)
def test_feedback_dates_in_each_marketplaces_order(tmp_path, marketplace, cell):
    path = tmp_path / "feedback.txt"
    path.write_text(f"{FEEDBACK_HEADER}{cell}\t5\t\t\t402-1111111-1111111\t\n", encoding="utf-8")
    records = read(path, default_marketplace=marketplace, marketplace_zone="UTC").records
    assert records == [Feedback("402-1111111-1111111", at("2026-11-24T00:00:00Z"), 5)]


@pytest.mark.parametrize(
    ("marketplace", "cell", "expected"),
    [
        ("SE", "24/11/26", "expected year-month-day, e.g. 2026-01-13, as Amazon.se writes"),
        ("US", "24/11/26", "expected month/day/year, e.g. 1/13/26, as Amazon.com writes"),
        ("NL", "11/24/26", "expected day/month/year, e.g. 13/1/26 (or 13.1.26), as Amazon.nl"),
    ],
)
def test_feedback_dates_out_of_the_marketplaces_order_are_refused(
    tmp_path, marketplace, cell, expected
):
    path = tmp_path / "feedback.txt"
    path.write_text(f"{FEEDBACK_HEADER}{cell}\t5\t\t\t402-1111111-1111111\t\n", encoding="utf-8")
    problem = failure(path, default_marketplace=marketplace).problems[0]
    assert_names(str(problem), file=str(path), line=2, column="Date", value=cell)
    assert expected in problem.message and "--marketplace" in problem.message


def test_only_reports_that_never_say_their_marketplace_tell_the_one_taken():
    taken = marketplace_taken("amazon-unshipped-orders", "FR", "the configuration")
    assert str(taken) == "unshipped orders report: marketplace FR (from the configuration)"
    assert str(marketplace_taken("amazon-feedback", "US", "--marketplace")) == (
        "feedback report: marketplace US (from --marketplace)"
    )
    for kind in ("amazon-all-orders", "amazon-returns", "orders", None):
        assert marketplace_taken(kind, "FR", "the configuration") is None


def test_an_order_the_store_holds_keeps_its_marketplace():
    taken = MarketplaceTaken("unshipped orders", "FR", "the configuration")
    read_now = [
        Order("A", at("2026-11-20T09:00:00Z"), marketplace="FR"),
        Order("B", at("2026-11-20T09:00:00Z"), marketplace="FR"),
        Order("C", at("2026-11-20T09:00:00Z"), marketplace="FR"),
    ]
    held = {
        "A": OrderBundle("A", Order("A", at("2026-11-20T09:00:00Z"), marketplace="DE")),
        "B": OrderBundle("B", Order("B", at("2026-11-20T09:00:00Z"), marketplace="FR")),
    }
    records, told = keep_stored(list(read_now), held, taken)
    assert [r.marketplace for r in records if isinstance(r, Order)] == [None, None, "FR"]
    assert told.kept == 1
    assert str(told).endswith("; 1 order(s) keep the marketplace the store already holds")
