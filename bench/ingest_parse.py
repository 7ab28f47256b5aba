"""Parse cost of ``read_csv`` on a million order rows (~120 MB): prints rows per second.

Run with ``uv run python bench/ingest_parse.py [rows]``. Not a test: it only measures.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from aztui.ingest import read_csv

HEADER = (
    "order_id,purchase_date,marketplace,status,fulfillment,order_total,currency,"
    "latest_ship_date,latest_delivery_date,is_prime,cancelled_at,cancelled_by,"
    "buyer_requested_cancel,out_of_stock\n"
)


def generate(path: Path, rows: int) -> None:
    rng = random.Random(7)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    statuses = ["Shipped", "Unshipped", "Pending", "Canceled", "PartiallyShipped"]
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(HEADER)
        for n in range(rows):
            bought = start + timedelta(seconds=rng.randrange(330 * 86400))
            ship = bought + timedelta(days=2)
            status = rng.choice(statuses)
            cancelled = status == "Canceled"
            out.write(
                f"{400 + n % 100}-{n:07d}-{rng.randrange(10**7):07d},"
                f"{bought.isoformat().replace('+00:00', 'Z')},FR,{status},MFN,"
                f"{rng.randrange(100, 50000) / 100:.2f},EUR,"
                f"{ship.date().isoformat()},{(ship + timedelta(days=3)).date().isoformat()},"
                f"{rng.choice(['true', 'false'])},"
                f"{(bought + timedelta(hours=5)).isoformat() if cancelled else ''},"
                f"{'buyer' if cancelled else ''},{'false' if cancelled else ''},\n"
            )


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "orders.csv"
        generate(path, rows)
        size = path.stat().st_size / 1e6
        began = time.perf_counter()
        result = read_csv(path, marketplace_zone="Europe/Paris", default_marketplace="FR")
        elapsed = time.perf_counter() - began
    print(
        f"{len(result.records):,} orders, {size:.0f} MB in {elapsed:.2f} s: "
        f"{len(result.records) / elapsed:,.0f} rows/s"
    )


if __name__ == "__main__":
    main()
