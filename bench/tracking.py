"""aztui tracking benchmark (issue 5): 10,000 shipments asked of carriers on local servers.

    uv run python bench/tracking.py                    # full size: 10,000 shipments
    uv run python bench/tracking.py --shipments 2000   # a quicker look

A fresh SQLite store gets ``--shipments`` orders, each with one confirmed shipment, spread over
four bench carriers modelled on the real plugins: ``colis`` (like La Poste: 10 numbers a call),
``express`` and ``relais`` (like DHL/UPS and Mondial Relay: one number a call) and ``lot``
(5 a call), with per-second limits raised so the run takes about half a minute. Four shipments
in five name their carrier by one of its aliases (``Colissimo``, ``mondial-relay``…), the fifth
names none and is routed by its number's pattern. Each carrier's API is a real HTTP server on
127.0.0.1 in a process of its own (``bench/tracking_servers.py``): realistic JSON with three to
five events a parcel, and it keeps its own limits (a call beyond ``per_second`` in any sliding
second gets a 429 with ``Retry-After``, a batch too big a 400), so a pacing mistake shows as 429s
and retries below. The carriers are the tests' carrier (``tests/tracking/conftest.py``) under
four names, on a plugin host holding only them; ``Service.track`` runs once, timed alone (the
store already open).

1. Calls: every call the carriers' clients made (retries included) against the fewest the batch
   sizes allow, Σ ceil(parcels / batch) (target: equal); the servers' own count beside it.
2. Refused calls: 429s for going too fast (and 400s for too big a batch) from the servers
   (target 0).
3. Wall time of the run against what the limits permit: the slowest carrier's calls divided by
   its per-second limit (target ≤ 1.2×). Each carrier's own time against its own limit is
   printed above the table.
4. Parcels updated and events kept, against the parcels asked and the events the servers hold
   for them (target: equal); the store is counted afterwards to check.
5. Time spent writing answers to the store (``write_tracking``, waiting for the writer's turn
   included), and the longest stall of the event loop (a 10 ms ticker's worst lateness; each
   of 50 ms or more is listed above the table): both are time the pacing does not control. The
   CPU time of the run (this process: the servers have their own) is printed too.
6. A second run at once: every parcel was just asked, so none is due (target: 0 calls). Then a
   run with ``every_parcel``: the parcels not yet delivered are asked again (calls against the
   minimum for them) and the same events come back, so nothing new is kept (target 0).

``--profile FILE`` writes a cProfile of the first run and prints where its time went.
Not part of the tests.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import json
import math
import os
import pstats
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from unittest import mock

import httpx

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path[:0] = [str(BENCH), str(REPO)]
from run import fresh  # noqa: E402 - beside this script
from table import Row, print_table  # noqa: E402
from tracking_servers import parcel  # noqa: E402

from aztui.carriers import CarrierSpec  # noqa: E402
from aztui.config import load_config  # noqa: E402
from aztui.domain.model import Order, OrderStatus, Shipment  # noqa: E402
from aztui.service import Service  # noqa: E402
from tests.tracking.conftest import TestCarrier, host_with  # noqa: E402

SERVERS = BENCH / "tracking_servers.py"
KEY = "bench-key"


@dataclass(frozen=True)
class BenchCarrier:
    name: str
    like: str
    aliases: tuple[str, ...]
    pattern: str
    number: Callable[[int], str]
    batch: int
    per_second: float
    share: int
    """Shipments out of every ten."""


CARRIERS = (
    BenchCarrier(
        "colis",
        "La Poste",
        ("Colissimo", "La Poste", "COLISSIMO", "Chronopost"),
        r"6A\d{11}",
        lambda j: f"6A{j:011d}",
        batch=10,
        per_second=20,
        share=4,
    ),
    BenchCarrier(
        "express",
        "DHL/UPS",
        ("DHL", "DHL Express", "dhl paket"),
        r"JJD\d{18}",
        lambda j: f"JJD{j:018d}",
        batch=1,
        per_second=100,
        share=3,
    ),
    BenchCarrier(
        "relais",
        "Mondial Relay",
        ("Mondial Relay", "mondial-relay"),
        r"\d{8}",
        lambda j: f"{j:08d}",
        batch=1,
        per_second=50,
        share=1,
    ),
    BenchCarrier(
        "lot",
        "a 5-number API",
        ("Lot Express", "LOT"),
        r"1Z\d{16}",
        lambda j: f"1Z{j:016d}",
        batch=5,
        per_second=40,
        share=2,
    ),
)
"""In order of the digit of a shipment's index that picks it (0-3 colis, 4-6 express…)."""


def carrier_of(index: int) -> BenchCarrier:
    digit = index % 10
    for carrier in CARRIERS:
        if digit < carrier.share:
            return carrier
        digit -= carrier.share
    raise AssertionError


def records(count: int, now: datetime) -> tuple[list, dict[str, list[str]]]:
    """``count`` shipped orders with one shipment each; every fifth ten names no carrier.
    Also the numbers each carrier should be asked about."""
    out: list = []
    numbers: dict[str, list[str]] = {c.name: [] for c in CARRIERS}
    for i in range(count):
        carrier = carrier_of(i)
        number = carrier.number(len(numbers[carrier.name]) + 1)
        numbers[carrier.name].append(number)
        named = None if (i // 10) % 5 == 0 else carrier.aliases[i // 10 % len(carrier.aliases)]
        order_id = f"402-{i:07d}-{i:07d}"
        shipped = now - timedelta(hours=50, seconds=i)
        out += [
            Order(
                order_id,
                shipped - timedelta(hours=20),
                status=OrderStatus.SHIPPED,
                latest_ship_date=shipped + timedelta(hours=4),
                latest_delivery_date=now + timedelta(days=2),
                order_total=Decimal("24.90"),
                currency="EUR",
            ),
            Shipment(order_id, number, confirmed_at=shipped, carrier=named),
        ]
    return out, numbers


def minimum(numbers: dict[str, list[str]]) -> dict[str, int]:
    batch = {c.name: c.batch for c in CARRIERS}
    return {name: math.ceil(len(n) / batch[name]) for name, n in numbers.items()}


# The servers ----------------------------------------------------------------------------------


class Servers:
    """One server process per carrier."""

    def __init__(self, base: datetime) -> None:
        self.procs: list[subprocess.Popen] = []
        self.urls: dict[str, str] = {}
        for carrier in CARRIERS:
            proc = subprocess.Popen(
                [
                    sys.executable,
                    str(SERVERS),
                    carrier.name,
                    str(carrier.per_second),
                    str(carrier.batch),
                    KEY,
                    str(int(base.timestamp())),
                ],
                stdout=subprocess.PIPE,
                text=True,
            )
            self.procs.append(proc)
            assert proc.stdout is not None  # stdout=PIPE
            line = proc.stdout.readline()
            if not line:
                self.close()
                raise SystemExit(f"the {carrier.name} server did not start")
            self.urls[carrier.name] = f"http://127.0.0.1:{json.loads(line)['port']}"

    def stats(self, *, reset: bool = False) -> dict[str, dict]:
        """What each server saw (``reset``: and start its first/last call afresh)."""
        query = "?reset=1" if reset else ""
        return {
            name: httpx.get(f"{url}/_stats{query}", timeout=5).json()
            for name, url in self.urls.items()
        }

    def close(self) -> None:
        for proc in self.procs:
            proc.terminate()
        for proc in self.procs:
            proc.wait(timeout=10)
            if proc.stdout is not None:
                proc.stdout.close()


def delta(after: dict[str, dict], before: dict[str, dict]) -> dict[str, dict]:
    keys = ("calls", "throttled", "oversize", "unauthorised", "numbers")
    return {
        name: {
            **{k: after[name][k] - before[name][k] for k in keys},
            "span": (after[name]["last"] or 0) - (after[name]["first"] or 0),
        }
        for name in after
    }


# One run --------------------------------------------------------------------------------------


@dataclass
class Measured:
    runs: list
    unmatched: int
    wall: float
    cpu: float
    """CPU time of this process (the servers have their own) during the run."""
    writing: float
    writes: int
    stalls: list[tuple[float, float]]
    server: dict[str, dict]


STALL = 0.05
"""An event-loop stall at least this long is listed (when, how long)."""


async def ticker(stalls: list[tuple[float, float]], period: float = 0.01) -> None:
    """Each lateness of a ``period`` sleep of ``STALL`` or more (seconds from the start, and
    how late): how long the event loop was kept busy."""
    loop = asyncio.get_running_loop()
    origin = loop.time()
    while True:
        start = loop.time()
        await asyncio.sleep(period)
        late = loop.time() - start - period
        if late >= STALL:
            stalls.append((start - origin, late))


async def track(
    service: Service,
    servers: Servers,
    now: datetime,
    *,
    every_parcel: bool = False,
    profile: cProfile.Profile | None = None,
) -> Measured:
    store = service.store
    real = store.write_tracking
    spent, writes = [0.0], [0]

    async def timed(*args, **kwargs):
        start = time.perf_counter()
        try:
            return await real(*args, **kwargs)
        finally:
            spent[0] += time.perf_counter() - start
            writes[0] += 1

    stalls: list[tuple[float, float]] = []
    before = servers.stats(reset=True)
    tick = asyncio.create_task(ticker(stalls))
    await asyncio.sleep(0)
    try:
        with mock.patch.object(store, "write_tracking", timed):
            if profile:
                profile.enable()
            start, cpu = time.perf_counter(), time.process_time()
            runs, unmatched = await service.track(now, every_parcel=every_parcel)
            wall, cpu = time.perf_counter() - start, time.process_time() - cpu
            if profile:
                profile.disable()
    finally:
        tick.cancel()
    return Measured(
        runs, unmatched, wall, cpu, spent[0], writes[0], stalls, delta(servers.stats(), before)
    )


def count_store(db: Path) -> tuple[int, int, int]:
    """Events, checks without error, and shipments with a carrier status, as stored."""
    with sqlite3.connect(db) as conn:
        return tuple(
            conn.execute(sql).fetchone()[0]
            for sql in (
                "SELECT count(*) FROM tracking_events",
                "SELECT count(*) FROM tracking_checks WHERE error IS NULL",
                "SELECT count(*) FROM shipments WHERE carrier_status IS NOT NULL",
            )
        )


# The figures ----------------------------------------------------------------------------------


def report_first(
    first: Measured, numbers: dict[str, list[str]], base: datetime, stored: tuple[int, int, int]
) -> list[Row]:
    least = minimum(numbers)
    by_name = {c.name: c for c in CARRIERS}
    runs = {r.name: r for r in first.runs}
    made = sum(r.calls for r in runs.values())
    print(
        f"first run: {first.wall:.2f} s, {made:,} calls, {first.unmatched} parcels no "
        f"carrier recognised; CPU {first.cpu:.2f} s ({first.cpu / first.wall:.0%} of one "
        f"core, {first.cpu / made * 1000:.2f} ms a call)"
    )
    for name, run in runs.items():
        c, server = by_name[name], first.server[name]
        permitted = least[name] / c.per_second
        detail = f": {run.detail}" if run.detail else ""
        print(
            f"  {name:8} (like {c.like}, batch {c.batch}, {c.per_second:g}/s): "
            f"{run.asked:,} parcels, {run.calls:,} calls (minimum {least[name]:,}; server "
            f"accepted {server['calls']:,}, 429 {server['throttled']}, 400 "
            f"{server['oversize']}), {run.elapsed:.2f} s against {permitted:.2f} s permitted "
            f"→ {run.elapsed / permitted:.3f}× (first to last call on the server "
            f"{server['span']:.2f} s), status {run.status}{detail}"
        )
    print(
        f"  writing to the store: {first.writing:.2f} s in {first.writes} transactions; "
        f"event-loop stalls of {STALL * 1000:.0f} ms or more: {len(first.stalls)}"
        + "".join(f", {late * 1000:.0f} ms at {at:.2f} s" for at, late in first.stalls[:8])
    )

    calls = made
    accepted = sum(s["calls"] for s in first.server.values())
    throttled = sum(s["throttled"] + s["oversize"] for s in first.server.values())
    fewest = sum(least.values())
    slowest = max(CARRIERS, key=lambda c: least[c.name] / c.per_second)
    permitted = least[slowest.name] / slowest.per_second
    asked = sum(len(n) for n in numbers.values())
    served = sum(len(parcel(n, base)["events"]) for ns in numbers.values() for n in ns)
    updated = sum(r.updated for r in runs.values())
    kept = sum(r.new_events for r in runs.values())
    events, ok_checks, with_status = stored
    print(
        f"  the store afterwards: {events:,} events, {ok_checks:,} parcels checked without "
        f"error, {with_status:,} shipments with a carrier status"
    )
    return [
        Row(
            f"1. calls to track {asked:,} parcels (4 carriers, batches 10/1/1/5)",
            f"minimum Σ ceil(parcels/batch): {fewest:,}",
            f"{calls:,} made (servers accepted {accepted:,})",
            ratio(calls, fewest),
            "= 1.00×",
        ),
        Row(
            "2. calls refused by the servers (429 too fast, 400 batch too big)",
            "0",
            f"{throttled}",
            f"{throttled}",
            "0",
        ),
        Row(
            f"3. wall time of the run (slowest carrier: {slowest.name}, {least[slowest.name]:,} "
            f"calls at {slowest.per_second:g}/s)",
            f"limits permit {permitted:.2f} s",
            f"{first.wall:.2f} s",
            f"{first.wall / permitted:.3f}×",
            "≤ 1.2×",
        ),
        Row(
            "4a. parcels updated",
            f"{asked:,} asked",
            f"{updated:,}",
            f"{updated / asked:.3f}×",
            "= 1.00×",
        ),
        Row(
            "4b. events kept (store counted afterwards)",
            f"{served:,} served",
            f"{kept:,} (store: {events:,})",
            f"{kept / served:.3f}×",
            "= 1.00×",
        ),
        Row(
            "5. time writing to the store (write_tracking, turn included)",
            f"run: {first.wall:.2f} s",
            f"{first.writing:.2f} s in {first.writes} transactions; longest loop stall "
            f"{max((late for _, late in first.stalls), default=0) * 1000:.0f} ms",
            f"{first.writing / first.wall:.1%} of the run",
            "reported",
        ),
    ]


def report_again(
    second: Measured, third: Measured, numbers: dict[str, list[str]], base: datetime
) -> list[Row]:
    calls = sum(r.calls for r in second.runs)
    print(
        f"second run at once: {calls} calls, {sum(r.asked for r in second.runs)} parcels "
        f"due, {second.wall:.2f} s"
    )
    open_numbers = {
        name: [n for n in ns if parcel(n, base)["status"] != "delivered"]
        for name, ns in numbers.items()
    }
    least = sum(minimum(open_numbers).values())
    made = sum(r.calls for r in third.runs)
    asked = sum(r.asked for r in third.runs)
    new = sum(r.new_events for r in third.runs)
    refused = sum(s["throttled"] + s["oversize"] for s in third.server.values())
    print(
        f"every_parcel run: {asked:,} parcels not delivered asked again, {made:,} calls "
        f"(minimum {least:,}; 429/400 {refused}), {new} new events, {third.wall:.2f} s"
    )
    return [
        Row("6a. a second run at once (nothing due)", "0 calls", f"{calls} calls", f"{calls}", "0"),
        Row(
            f"6b. every_parcel run ({asked:,} undelivered asked again): calls",
            f"minimum: {least:,}",
            f"{made:,} ({refused} refused)",
            ratio(made, least),
            "= 1.00×",
        ),
        Row(
            "6c. every_parcel run: new events kept (the same events again)",
            "0",
            f"{new}",
            f"{new}",
            "0",
        ),
    ]


def ratio(made: int, least: int) -> str:
    """``1.000×``, or with the calls over the minimum when there are any (never rounded away)."""
    return f"{made / least:.3f}×" if made == least else f"{made / least:.4f}× ({made - least:+})"


async def bench(work: Path, count: int, profile_to: Path | None) -> None:
    now = datetime.now(UTC).replace(microsecond=0)
    base = now - timedelta(days=3)
    os.environ["AZTUI_USER_CONFIG"] = str(work / "no-user-config.toml")
    for carrier in CARRIERS:
        os.environ[f"AZTUI_{carrier.name.upper()}_API_KEY"] = KEY
    db = fresh(work / "tracking.db")
    config = load_config(cwd=work, cli_overrides={"db": str(db)})
    servers = Servers(base)
    try:
        host = host_with(
            *(
                CarrierSpec(
                    c.name,
                    TestCarrier,
                    servers.urls[c.name],
                    aliases=c.aliases,
                    patterns=(c.pattern,),
                    batch_size=c.batch,
                    per_second=c.per_second,
                    secrets=("api_key",),
                )
                for c in CARRIERS
            )
        )
        data, numbers = records(count, now)
        async with Service(config, host=host) as service:
            start = time.perf_counter()
            await service.write(data)
            unnamed = sum(1 for r in data[1::2] if r.carrier is None)
            print(
                f"store: {count:,} orders with one shipment each written in "
                f"{time.perf_counter() - start:.1f} s ({unnamed:,} naming no carrier); "
                f"servers: {', '.join(servers.urls.values())}"
            )
            profile = cProfile.Profile() if profile_to else None
            first = await track(service, servers, now, profile=profile)
            second = await track(service, servers, now)
            third = await track(service, servers, now, every_parcel=True)
        rows = report_first(first, numbers, base, count_store(db))
        rows += report_again(second, third, numbers, base)
        if profile is not None and profile_to is not None:
            profile.dump_stats(profile_to)
            out = io.StringIO()
            pstats.Stats(profile, stream=out).sort_stats("tottime").print_stats(25)
            print(f"\ncProfile of the first run (by own time; all of it in {profile_to}):")
            print(out.getvalue())
        print_table(rows)
    finally:
        servers.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shipments", type=int, default=10_000)
    parser.add_argument("--keep", type=Path, help="keep the store in this directory")
    parser.add_argument("--profile", type=Path, help="write a cProfile of the first run here")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="aztui-bench-tracking-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        asyncio.run(bench(work, args.shipments, args.profile))
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
