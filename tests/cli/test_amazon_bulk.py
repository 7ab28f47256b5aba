"""A large all-orders report into an empty store takes the bulk path, with the row path's store."""

from __future__ import annotations

import random
from pathlib import Path

from aztui import importing
from tests.cli.test_bulk_import import contents, same_as_row_by_row

HEADER = (
    "amazon-order-id\tmerchant-order-id\tpurchase-date\tlast-updated-date\torder-status\t"
    "fulfillment-channel\tsales-channel\torder-channel\turl\tship-service-level\t"
    "product-name\tsku\tasin\titem-status\tquantity\tcurrency\titem-price\titem-tax\t"
    "shipping-price\tshipping-tax\tship-city\tship-state\tship-postal-code\tship-country"
)


def all_orders(path: Path, orders: int, *, seed: int = 5, apart: bool = False) -> Path:
    """A Windows-1252 report of ``orders`` orders of one to three items; ``apart`` moves the
    first order's second item to the end of the file."""
    rng = random.Random(seed)
    lines: list[str] = [HEADER]
    late: list[str] = []
    for n in range(orders):
        order_id = f"402-{n:07d}-{rng.randrange(10**7):07d}"
        day, status = 1 + n % 27, rng.choice(["Shipped", "Shipped", "Pending", "Cancelled"])
        channel = rng.choice(["Merchant", "Merchant", "Amazon"])
        for item in range(rng.choice([1, 1, 2, 3]) if n else 2):
            price = "" if status == "Cancelled" else f"{rng.randrange(100, 9000) / 100:.2f}"
            line = "\t".join(
                [
                    order_id,
                    "",
                    f"2026-11-{day:02d}T{rng.randrange(24):02d}:15:00+00:00",
                    f"2026-11-{day:02d}T23:00:00+00:00",
                    status,
                    channel,
                    "Amazon.fr",
                    "",
                    "",
                    "Standard",
                    f'Théière « Kyoto » 1,{item} L — 12" {n} €',
                    f"SKU-{item}",
                    "B0X",
                    status,
                    "1",
                    "EUR",
                    price,
                    "",
                    rng.choice(["0.00", "4.90", ""]),
                    "",
                    "Saint-Étienne",
                    "Loire",
                    "42000",
                    "FR",
                ]
            )
            (late if apart and n == 0 and item == 1 else lines).append(line)
    path.write_bytes(("\r\n".join(lines + late) + "\r\n").encode("cp1252"))
    assert path.stat().st_size >= importing.BULK_MIN_BYTES
    return path


def test_a_big_all_orders_report_gives_the_row_paths_store(aztui, workdir, bulk_loads, monkeypatch):
    report = all_orders(workdir / "Toutes les commandes.txt", 20_000)
    rows_db = same_as_row_by_row(aztui, workdir, report, bulk_loads, monkeypatch)
    assert len(contents(rows_db)["orders"]) == 20_000


def test_items_of_one_order_far_apart_go_row_by_row(aztui, workdir, bulk_loads, monkeypatch):
    report = all_orders(workdir / "orders.txt", 20_000, apart=True)
    monkeypatch.setattr("aztui.ingest.bulk_csv.CHUNK_BYTES", 1 << 20)
    assert aztui("import", str(report)).code == 0
    assert bulk_loads == [1]  # tried, refused by the primary key, then row by row
    orders = {row[0]: row for row in contents(workdir / "store.db")["orders"]}
    assert len(orders) == 20_000
    monkeypatch.setattr(importing, "BULK_MIN_BYTES", 1 << 60)
    rows_db = workdir / "rows.db"
    assert aztui("import", str(report), db_path=rows_db).code == 0
    assert contents(workdir / "store.db") == contents(rows_db)
