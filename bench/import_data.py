"""The files of the import benchmarks (issue 18), around ``now``: a seller who ships their own
orders (every order merchant-fulfilled) and imports the last days' files into years of history.

- ``merchant_fulfilled``: the demo dataset's orders (``aztui.demo.write_dataset``), every one
  shipped by the seller: the history of the store every other file goes into.
- ``write_daily``: the days that follow. ``new.csv``: new orders, bought over the last three
  days, not shipped yet. ``updates.csv``: half of them again, now shipped, and as many new ones;
  ``confirmations.csv``: the ship confirmations of those shipped.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from aztui.demo import carriers
from aztui.demo.clock import order_id, salt
from aztui.demo.csvfiles import header

DAY = 86400


def merchant_fulfilled(orders: Path, out: Path) -> Path:
    """The same orders, every one shipped by the seller: a ship-confirmation deadline each,
    and every order in both metric indexes."""
    with orders.open(encoding="utf-8") as src, out.open("w", encoding="utf-8") as dst:
        for line in src:
            dst.write(line.replace(",AFN,", ",MFN,"))
    return out


@dataclass(frozen=True)
class _Order:
    order_id: str
    bought: int
    ship_by: int
    deliver_by: int
    amount: str
    prime: str

    def row(self, status: str) -> str:
        return (
            f"{self.order_id},{_stamp(self.bought)},FR,{status},MFN,{self.amount},EUR,"
            f"{_stamp(self.ship_by)},{_stamp(self.deliver_by)},{self.prime},,,,\n"
        )


def _stamp(epoch: int) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(epoch))


def _orders(rng: random.Random, now: int, first: int, count: int) -> list[_Order]:
    """``count`` unshipped orders from index ``first`` (past the history's), bought over the
    three days before ``now``; ship by the end of the next day or the one after."""
    order_salt = salt(1, 1)
    out = []
    for index in range(first, first + count):
        bought = now - 1 - rng.randrange(3 * DAY)
        ship_by = (bought // DAY + 1 + rng.randrange(1, 3)) * DAY - 1
        out.append(
            _Order(
                order_id(order_salt, index),
                bought,
                ship_by,
                ship_by + DAY * rng.randrange(2, 6),
                f"{rng.randrange(500, 20000) / 100:.2f}",
                "true" if rng.random() < 0.08 else "false",
            )
        )
    return out


def _confirmation(rng: random.Random, order: _Order, now: int) -> str:
    service = carriers.pick(rng, high_value=float(order.amount) >= 150)
    confirmed = order.bought + 1 + rng.randrange(max(1, now - order.bought - 1))
    protected = rng.random() < 0.40
    bought_label = protected or rng.random() < 0.05
    return (
        f"{order.order_id},{_stamp(confirmed)},{service.carrier},{service.tracking(rng)},"
        f"{service.service},{'true' if bought_label else 'false'},"
        f"{'true' if protected else 'false'},{'true' if service.signature else 'false'},,\n"
    )


def write_daily(
    directory: Path, now: datetime, *, history: int, orders: int = 50_000, seed: int = 5
) -> dict[str, Path]:
    """``new.csv`` (``orders`` new orders), ``updates.csv`` (half of them shipped, and as many
    new ones) and ``confirmations.csv`` (those shipped); order ids follow the ``history``
    orders of ``write_dataset`` (same seed of ids), so none is in it."""
    rng = random.Random(seed)
    epoch = int(now.timestamp())
    fresh = _orders(rng, epoch, history, orders)
    shipped = fresh[: orders // 2]
    more = _orders(rng, epoch, history + orders, orders - len(shipped))
    paths = {name: directory / f"{name}.csv" for name in ("new", "updates", "confirmations")}
    with paths["new"].open("w", encoding="utf-8", newline="") as out:
        out.write(header("orders"))
        out.writelines(o.row("Unshipped") for o in fresh)
    with paths["updates"].open("w", encoding="utf-8", newline="") as out:
        out.write(header("orders"))
        out.writelines(o.row("Shipped") for o in shipped)
        out.writelines(o.row("Unshipped") for o in more)
    with paths["confirmations"].open("w", encoding="utf-8", newline="") as out:
        out.write(header("shipments"))
        out.writelines(_confirmation(rng, o, epoch) for o in shipped)
    return paths
