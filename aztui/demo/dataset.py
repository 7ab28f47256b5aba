"""Large aztui CSV files for the benchmarks: ``write_dataset(directory, now)``.

Layout (so a check can be shown not to grow with history):

- the *recent* part: the ``recent`` most recent orders, over the 90 days before ``now``, with
  their shipments and claims. It is ``demo_records(now, seed=seed, orders=recent)``, written
  first in every file, so it depends only on ``now``, ``seed`` and ``recent``: the files of
  ``write_dataset(small, now, orders=1000)`` are a prefix of those of
  ``write_dataset(big, now, orders=1_000_000)`` (same seed and ``recent``).
- the *history*: every other order, bought more than 180 days before ``now`` (over the
  ``history_days`` before that), all shipped and settled: shipments delivered, claims decided
  long ago, appeals closed. One shipment per merchant-fulfilled (MFN) order: the number of MFN
  orders is chosen so that ``shipments.csv`` has ``shipments`` rows (about 10 % MFN with the
  defaults), the rest is fulfilled by Amazon. Claims are spread over the MFN orders.

``shipments`` and ``claims`` are totals for the files; the recent part keeps its own counts, and
the history gets the rest (a store of only ``recent`` orders ignores them). Rows are streamed to
disk from epoch seconds and precomputed strings: no object per row.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TextIO

from aztui.demo import carriers
from aztui.demo.clock import (
    WEEKDAY_WEIGHTS,
    at_local,
    claim_id,
    hour_table,
    local_date,
    order_id,
    salt,
    start_of,
)
from aztui.demo.csvfiles import header, rows_by_kind
from aztui.demo.store import demo_records
from aztui.files import open_private, private_dirs

HISTORY_GAP_DAYS = 180
FLUSH = 20_000


class _Calendar:
    """Paris local days as epoch seconds, from ``first`` (a date) for ``count`` days."""

    def __init__(self, first: date, count: int) -> None:
        self.first = first
        days = [first + timedelta(days=k) for k in range(count)]
        self.midnight = [int(at_local(d, 12).timestamp()) - 12 * 3600 for d in days]
        self.eod = [int(at_local(d, 23, 59, 59).timestamp()) for d in days]
        self.business = [d.weekday() < 5 for d in days]
        self.weekday = [d.weekday() for d in days]
        self.month_day = [(d.month, d.day) for d in days]
        nxt = [0] * count
        following = count - 1
        for k in range(count - 1, -1, -1):
            nxt[k] = following
            if self.business[k]:
                following = k
        self.next_business = nxt
        """For each day, the index of the next business day after it."""


class _Stamps:
    """``stamp(epoch)`` -> ``2024-03-15T18:04:05Z`` from two precomputed tables."""

    def __init__(self, first_epoch: int, last_epoch: int) -> None:
        self.base = first_epoch // 86400
        start = datetime.fromtimestamp(self.base * 86400, UTC)
        days = last_epoch // 86400 - self.base + 2
        self.dates = [(start + timedelta(days=k)).strftime("%Y-%m-%dT") for k in range(days)]
        self.times = [f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}Z" for s in range(86400)]

    def __call__(self, epoch: int) -> str:
        day, second = divmod(epoch, 86400)
        return self.dates[day - self.base] + self.times[second]


def _amounts(rng: random.Random, size: int = 4096) -> list[tuple[str, bool]]:
    out = []
    for _ in range(size):
        value = max(int(min(rng.lognormvariate(3.4, 0.8), 890.0)), 5)
        cents = rng.choice((90, 99, 99, 50, 0))
        out.append((f"{value}.{cents:02d}", value >= 150))
    return out


def write_dataset(
    directory: Path,
    now: datetime,
    *,
    orders: int = 1_000_000,
    shipments: int = 100_000,
    claims: int = 20_000,
    seed: int = 1,
    history_days: int = 3 * 365,
    recent: int = 1000,
) -> dict[str, Path]:
    """Write ``orders.csv``, ``shipments.csv`` and ``claims.csv`` into ``directory``.

    Returns the paths by kind (``orders``, ``shipments``, ``claims``).
    """
    now = start_of(now)
    directory = Path(directory)
    private_dirs(directory)
    n_recent = min(recent, orders)
    grouped = rows_by_kind(
        r
        for r in demo_records(now, seed=seed, orders=n_recent)
        if r.record_type in ("order", "shipment", "claim")
    )
    n_history = orders - n_recent
    history_mfn = min(n_history, max(0, shipments - len(grouped["shipments"])))
    history_claims = min(history_mfn, max(0, claims - len(grouped["claims"])))
    paths = {kind: directory / f"{kind}.csv" for kind in ("orders", "shipments", "claims")}
    files = {kind: open_private(path, "w", newline="") for kind, path in paths.items()}
    try:
        for kind, out in files.items():
            out.write(header(kind))
            out.writelines(grouped[kind])
        if n_history:
            _history(
                files,
                now,
                seed,
                n_history,
                history_mfn,
                history_claims,
                history_days,
                first_order=n_recent,
                first_claim=len(grouped["claims"]),
            )
    finally:
        for out in files.values():
            out.close()
    return paths


def write_small_and_big(
    directory: Path,
    now: datetime,
    *,
    orders: int = 1_000_000,
    shipments: int = 100_000,
    claims: int = 20_000,
    seed: int = 1,
    history_days: int = 3 * 365,
    recent: int = 1000,
) -> dict[str, dict[str, Path]]:
    """Both benchmark stores: ``directory/small`` (only the ``recent`` orders) and
    ``directory/big`` (the same recent orders plus the history)."""
    small = write_dataset(Path(directory) / "small", now, orders=recent, seed=seed, recent=recent)
    big = write_dataset(
        Path(directory) / "big",
        now,
        orders=orders,
        shipments=shipments,
        claims=claims,
        seed=seed,
        history_days=history_days,
        recent=recent,
    )
    return {"small": small, "big": big}


def _day_counts(cal: _Calendar, first: int, days: int, total: int) -> list[int]:
    """Orders per day: weekday rhythm, a slow growth, and the Christmas season."""
    weights = []
    for j in range(days):
        month, day = cal.month_day[first + j]
        season = 1.8 if (month == 11 and day >= 20) or (month == 12 and day <= 20) else 1.0
        weights.append(WEEKDAY_WEIGHTS[cal.weekday[first + j]] * (1 + 0.6 * j / days) * season)
    scale = total / sum(weights)
    counts, cumulative, placed = [], 0.0, 0
    for weight in weights:
        cumulative += weight * scale
        upto = min(total, round(cumulative))
        counts.append(upto - placed)
        placed = upto
    counts[-1] += total - placed
    return counts


def _history(
    files: Mapping[str, TextIO],
    now: datetime,
    seed: int,
    n: int,
    n_mfn: int,
    n_claims: int,
    history_days: int,
    first_order: int,
    first_claim: int,
) -> None:
    """Stream the history rows: ``n`` orders (``n_mfn`` of them MFN, each with one
    shipment), ``n_claims`` settled claims on MFN orders."""
    rng = random.Random(seed * 7_777_777 + 4_242)
    rand, randrange = rng.random, rng.randrange
    order_salt, claim_salt = salt(seed, 1), salt(seed, 2)
    history_days = max(1, history_days)
    last_day = local_date(now - timedelta(days=HISTORY_GAP_DAYS))  # bought before this day
    first_day = last_day - timedelta(days=history_days)
    cal = _Calendar(first_day - timedelta(days=1), history_days + 30)
    stamp = _Stamps(cal.midnight[0] - 86400, int(now.timestamp()) + 86400)
    hours = hour_table()
    amounts = _amounts(rng)
    counts = _day_counts(cal, 1, history_days, n)
    services = [
        (
            s,
            s.tracking,
            s.carrier,
            s.service,
            "true" if s.signature else "false",
            s.transit[0],
            s.transit[1] - s.transit[0] + 1,
        )
        for s in carriers.SERVICES
    ]
    signed = [x for x in services if x[0].signature]
    weighted = [x for x in services for _ in range(int(x[0].weight))]
    orders_out, ships_out, claims_out = files["orders"], files["shipments"], files["claims"]
    o_buf: list[str] = []
    s_buf: list[str] = []
    c_buf: list[str] = []
    index = first_order
    claim_index = first_claim
    left, left_mfn, left_claims = n, n_mfn, n_claims
    for j, count in enumerate(counts):
        k = j + 1
        midnight, business = cal.midnight[k], cal.business[k]
        for _ in range(count):
            hour = hours[randrange(len(hours))]
            purchase = midnight + hour * 3600 + randrange(3600)
            handling = 1 if rand() < 0.75 else 2
            ship_day = cal.next_business[k]
            if handling == 2:
                ship_day = cal.next_business[ship_day]
            lsd = cal.eod[ship_day]
            due_day = ship_day + 2 + randrange(4)
            ldd = cal.eod[due_day]
            amount, valuable = amounts[randrange(4096)]
            oid = order_id(order_salt, index)
            index += 1
            mfn = rand() * left < left_mfn
            left -= 1
            if not mfn:
                prime = "true" if rand() < 0.85 else "false"
                o_buf.append(
                    f"{oid},{stamp(purchase)},FR,Shipped,AFN,{amount},EUR,{stamp(lsd)},"
                    f"{stamp(ldd)},{prime},,,,\n"
                )
            else:
                left_mfn -= 1
                prime = "true" if rand() < 0.08 else "false"
                o_buf.append(
                    f"{oid},{stamp(purchase)},FR,Shipped,MFN,{amount},EUR,{stamp(lsd)},"
                    f"{stamp(ldd)},{prime},,,,\n"
                )
                # the shipment
                if rand() < 0.012:  # confirmed late, the day after the latest ship date
                    sent_day = ship_day + 1
                    confirmed = cal.midnight[sent_day] + 32400 + randrange(36000)
                else:
                    sent_day = k if business and hour < 11 else cal.next_business[k]
                    start = 50400 if sent_day == k else 32400
                    confirmed = cal.midnight[sent_day] + start + randrange(68400 - start)
                if valuable and rand() < 0.75:
                    service = signed[randrange(len(signed))]
                else:
                    service = weighted[randrange(len(weighted))]
                scan = confirmed + 5400 + randrange(27000)
                scanned = rand() >= 0.02
                delivered_day = sent_day + service[5] + randrange(service[6])
                if scan >= cal.midnight[sent_day + 1]:
                    delivered_day += 1
                delivered = cal.midnight[delivered_day] + 36000 + randrange(32400)
                if rand() < 0.025:
                    delivered = ldd + 36000 + randrange(180000)
                elif delivered > ldd:
                    delivered = max(scan + 10800, ldd - 3600 - randrange(28800))
                protected = rand() < 0.40
                buy = protected or rand() < 0.05
                s_buf.append(
                    f"{oid},{stamp(confirmed)},{service[2]},{service[1](rng)},{service[3]},"
                    f"{'true' if buy else 'false'},{'true' if protected else 'false'},"
                    f"{service[4]},{stamp(scan) if scanned else ''},{stamp(delivered)}\n"
                )
                if rand() * (left_mfn + 1) < left_claims:
                    left_claims -= 1
                    c_buf.append(
                        _settled_claim(
                            rng,
                            stamp,
                            claim_id(claim_salt, claim_index),
                            oid,
                            amount,
                            ldd,
                            delivered,
                            protected and scanned and scan <= lsd,
                        )
                    )
                    claim_index += 1
            if len(o_buf) >= FLUSH:
                orders_out.write("".join(o_buf))
                o_buf.clear()
                ships_out.write("".join(s_buf))
                s_buf.clear()
                claims_out.write("".join(c_buf))
                c_buf.clear()
    orders_out.write("".join(o_buf))
    ships_out.write("".join(s_buf))
    claims_out.write("".join(c_buf))


def _settled_claim(
    rng: random.Random,
    stamp: _Stamps,
    cid: str,
    oid: str,
    amount: str,
    ldd: int,
    delivered: int,
    protected: bool,
) -> str:
    """A claim decided long ago, whose appeal (if any) is closed."""
    rand, randrange = rng.random, rng.randrange
    roll = rand()
    kind = "not_received" if roll < 0.55 else "not_as_described" if roll < 0.9 else "other"
    filed = max(ldd, delivered) + 259200 + randrange(3456000)
    requested = responded = ""
    decided = filed + 86400 + randrange(864000)
    if rand() < 0.65:
        asked = filed + 7200 + randrange(165600)
        requested = stamp(asked)
        if rand() < 0.92:
            answered = asked + 10800 + randrange(226800)
            responded = stamp(answered)
            decided = max(decided, answered + 86400 + randrange(432000))
        else:  # silent for three days: Amazon decides
            decided = asked + 259200 + randrange(86400)
    roll = rand()
    funded = counts = ""
    appeal = info = appeal_decided = outcome = ""
    if roll < 0.45:
        decision = "granted"
        if kind == "not_received" and protected:
            funded, counts = "amazon", "no"
        else:
            funded = "seller"
            counts = ("", "unknown", "yes", "yes")[randrange(4)]
            if rand() < 0.35:
                filed_appeal = decided + 86400 + randrange(2160000)
                appeal = stamp(filed_appeal)
                if rand() < 0.2:
                    asked_info = filed_appeal + 86400 + randrange(345600)
                    info = stamp(asked_info)
                    closed, outcome = asked_info + 259200 + randrange(604800), "denied"
                else:
                    closed = filed_appeal + 259200 + randrange(1296000)
                    outcome = "granted" if rand() < 0.45 else "denied"
                appeal_decided = stamp(closed)
    elif roll < 0.70:
        decision, counts = "denied", ("", "no")[randrange(2)]
    elif roll < 0.85:
        decision, counts = "withdrawn", ("", "no")[randrange(2)]
    else:
        decision, funded, counts = "seller_refunded", "seller", ("", "unknown", "yes")[randrange(3)]
    return (
        f"{cid},{oid},{kind},{stamp(filed)},{amount},EUR,{requested},{responded},"
        f"{stamp(decided)},{decision},{funded},{counts},{appeal},{info},{appeal_decided},"
        f"{outcome}\n"
    )
