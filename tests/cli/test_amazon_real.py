"""Real all-orders downloads through ``aztui import``, each stored order checked field by field.

The files are under ``tests/ingest/fixtures/amazon/real/`` (``SOURCES.md`` names their origin
and the cities and postcodes replaced by fakes). Both give every instant with ``+00:00``, so
the marketplace's zone changes nothing: the stored instant is the one written.
"""

from __future__ import annotations

import json

from aztui import importing
from tests.cli.test_bulk_import import same_as_row_by_row
from tests.ingest.helpers import FIXTURES

REAL = FIXTURES / "amazon" / "real"
US_FBA = REAL / "all_orders_us_fba.txt"
IT_SCRUBBED = REAL / "all_orders_it_scrubbed.txt"

US_ORDERS = {
    # order id: purchase date (UTC), total of item-price + shipping-price (item-tax apart)
    "114-4892924-3377867": ("2020-02-18T05:05:21Z", "7.49"),
    "113-9925451-0581038": ("2020-02-18T05:02:46Z", "25.99"),
    "111-3357289-8092261": ("2020-02-18T04:49:04Z", "7.49"),
    "112-4197184-1505047": ("2020-02-18T04:38:23Z", "103.96"),  # 4 units, one line
    "112-6474735-6981805": ("2020-02-18T04:37:50Z", "7.49"),
    "114-1842682-5713050": ("2020-02-18T04:01:09Z", "14.98"),
    "111-7668629-1498608": ("2020-02-18T03:52:22Z", "7.49"),
    "114-3698762-8109021": ("2020-02-18T03:45:42Z", "25.99"),
    "111-4219154-4775464": ("2020-02-18T03:41:42Z", "14.98"),
    "114-0514444-5702662": ("2020-02-18T03:31:55Z", "14.98"),
    "111-1357150-2051438": ("2020-02-18T03:27:11Z", "7.49"),
    "114-9172604-4691450": ("2020-02-18T03:18:04Z", "25.99"),
    "113-6888348-8537012": ("2020-02-18T03:12:30Z", "7.49"),
}
NEVER_STORED = ["FAKE CITY", "00000-0000", "Trendy Home", "Hypoallergenic", "th1218", "TOWNNAME"]
"""The replaced cities and postcodes, product names and SKUs: columns aztui does not read."""


def stored_orders(aztui, **db) -> dict[str, dict]:
    """The orders ``aztui export`` gives, by id (``db_path=`` another store)."""
    exported = aztui("export", "--format", "jsonl", **db)
    assert exported.code == 0
    lines = [json.loads(line) for line in exported.out.splitlines()]
    return {r["order_id"]: r for r in lines if r["type"] == "order"}


def test_a_us_fba_all_orders_report_is_stored_field_by_field(aztui, workdir):
    run = aztui("import", str(US_FBA))
    assert run.code == 0, run.err
    orders = stored_orders(aztui)
    assert orders == {
        order_id: {
            "type": "order",
            "order_id": order_id,
            "purchase_date": purchased,
            "marketplace": "US",  # sales-channel Amazon.com, whatever the configured one
            "status": "Shipped",
            "fulfillment": "AFN",  # fulfillment-channel Amazon
            "order_total": total,
            "currency": "USD",
        }
        for order_id, (purchased, total) in US_ORDERS.items()
    }
    for path in workdir.glob("store.db*"):
        for value in NEVER_STORED:
            assert value.encode() not in path.read_bytes()


def test_a_cancelled_items_price_is_not_in_the_order_total(aztui, workdir):
    # The only line of a shipped Amazon.it order is an item Amazon cancelled, still priced
    # 89.95: nothing of it was charged, and no other item of the order is in the file.
    assert aztui("import", str(IT_SCRUBBED)).code == 0
    assert stored_orders(aztui) == {
        "scrubbed": {
            "type": "order",
            "order_id": "scrubbed",
            "purchase_date": "2017-06-17T08:04:21Z",
            "marketplace": "IT",
            "status": "Shipped",
            "fulfillment": "AFN",
            "currency": "EUR",
        }
    }


def test_the_bulk_path_reads_the_real_reports_as_the_row_path_does(
    aztui, workdir, bulk_loads, monkeypatch
):
    both = workdir / "both.txt"
    lines = US_FBA.read_text(encoding="utf-8").splitlines()
    lines += IT_SCRUBBED.read_text(encoding="utf-8").splitlines()[1:]
    both.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    monkeypatch.setattr(importing, "BULK_MIN_BYTES", 0)
    rows_db = same_as_row_by_row(aztui, workdir, both, bulk_loads, monkeypatch)
    assert stored_orders(aztui) == stored_orders(aztui, db_path=rows_db)
    assert "order_total" not in stored_orders(aztui)["scrubbed"]
