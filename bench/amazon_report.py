"""A generated Amazon all-orders report (``GET_FLAT_FILE_ALL_ORDERS_DATA_BY_ORDER_DATE_GENERAL``)
for the benchmarks: Windows-1252, CRLF, one line per item (one to three per order), French
product names with accents and ``€``, and the buyer-side columns Amazon adds."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

HEADER = (
    "amazon-order-id\tmerchant-order-id\tpurchase-date\tlast-updated-date\torder-status\t"
    "fulfillment-channel\tsales-channel\torder-channel\turl\tship-service-level\t"
    "product-name\tsku\tasin\titem-status\tquantity\tcurrency\titem-price\titem-tax\t"
    "shipping-price\tshipping-tax\tgift-wrap-price\tgift-wrap-tax\t"
    "item-promotion-discount\tship-promotion-discount\tship-city\tship-state\t"
    "ship-postal-code\tship-country\tpromotion-ids\tis-business-order\t"
    "purchase-order-number\tprice-designation"
)
PRODUCTS = [
    "Théière en fonte « Kyoto » 1,2 L",
    "Tasses à thé (lot de 2) — édition été",
    "Bouilloire électrique 1,7 L",
    "Filtre à thé inox",
    "Coffret découverte 24 €",
]
CITIES = [
    ("Saint-Étienne", "Loire", "42000"),
    ("Lyon", "Rhône", "69003"),
    ("Nantes", "Loire-Atlantique", "44000"),
    ("Paris", "Île-de-France", "75011"),
]


def write_all_orders(
    path: Path,
    lines: int,
    now: datetime,
    seed: int = 11,
    channels: tuple[str, ...] = ("Merchant", "Merchant", "Amazon"),
) -> int:
    """Write about ``lines`` item lines, each order's fulfilment channel drawn from
    ``channels``; returns how many orders they make."""
    rng = random.Random(seed)
    start = now - timedelta(days=90)
    written = orders = 0
    with path.open("w", encoding="cp1252", newline="\r\n") as out:
        out.write(HEADER + "\n")
        while written < lines:
            orders += 1
            bought = start + timedelta(seconds=rng.randrange(90 * 86400))
            stamp = bought.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")
            status = rng.choice(["Shipped", "Shipped", "Shipped", "Pending", "Cancelled"])
            channel = rng.choice(channels)
            city, state, postcode = rng.choice(CITIES)
            order_id = f"{rng.randrange(402, 409)}-{orders:07d}-{rng.randrange(10**7):07d}"
            for item in range(min(rng.choice([1, 1, 1, 2, 3]), lines - written)):
                price = "" if status == "Cancelled" else f"{rng.randrange(300, 15000) / 100:.2f}"
                out.write(
                    "\t".join(
                        [
                            order_id,
                            "",
                            stamp,
                            stamp,
                            status,
                            channel,
                            "Amazon.fr",
                            "",
                            "",
                            "Standard",
                            rng.choice(PRODUCTS),
                            f"SKU-{item}",
                            f"B0TEA{item:05d}",
                            status,
                            "1",
                            "EUR",
                            price,
                            "",
                            rng.choice(["0.00", "4.90"]),
                            "",
                            "",
                            "",
                            "",
                            "",
                            city,
                            state,
                            postcode,
                            "FR",
                            "",
                            "false",
                            "",
                            "",
                        ]
                    )
                    + "\n"
                )
                written += 1
    return orders
