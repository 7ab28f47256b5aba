"""The seller's daily files both ways, in one process: the set-based path against the row path.

    uv run python bench/daily.py                       # 100,000 orders of history
    uv run python bench/daily.py --orders 20000 --lines 200,2000

Issue 18 asks for one write path that is fast for every file, so a small daily file must not
be slower merged set-based (``Store.merge_load``: read on columns, ``aztui.store.sql_merge``)
than written row by row (``read_file`` then ``Store.write``). Each file (the first ``--lines``
lines of the bench's new orders, shipments and claims, ``bench/import_data.py``) is imported
into a copy of a store of ``--orders`` merchant-fulfilled orders (built once, by the bulk path)
both ways, best of ``--repeat``; the ratio is the set-based time over the row path's. Start-up
is not counted: beside the table, the time a fresh process takes to import polars, which only
the set-based path loads. Not part of the tests.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from aztui.demo import write_dataset
from aztui.domain.engine import Engine
from aztui.domain.policy import Policy
from aztui.ingest import read_file
from aztui.ingest.bulk_csv import read_columns
from aztui.store.sqlite import SQLiteStore

sys.path.insert(0, str(Path(__file__).resolve().parent))
from import_data import merchant_fulfilled, write_daily

ZONE = "Europe/Paris"


async def opened(path: Path, work: Callable[[SQLiteStore], Awaitable[object]]) -> float:
    """Seconds ``work`` takes on the store at ``path``."""
    store = SQLiteStore(path, Engine(Policy("FR")))
    await store.open()
    try:
        start = time.perf_counter()
        await work(store)
        return time.perf_counter() - start
    finally:
        await store.close()


async def rows(store: SQLiteStore, *, file: Path) -> None:
    read = read_file(file, marketplace_zone=ZONE, default_marketplace="FR")
    await store.write(read.records, source=read.file)


async def merged(store: SQLiteStore, *, file: Path) -> None:
    types = await store.merge_types()
    columns = read_columns(
        file, marketplace_zone=ZONE, default_marketplace="FR", record_types=types
    )
    assert columns is not None, f"{file} cannot be read on columns"
    assert await store.merge_load(columns) is not None, f"{file} was not merged"


async def history(work: Path, orders: Path) -> Path:
    store = work / "history.db"

    async def load(s: SQLiteStore) -> None:
        types = await s.bulk_types()
        columns = read_columns(
            orders, marketplace_zone=ZONE, default_marketplace="FR", record_types=types
        )
        assert columns is not None
        await s.bulk_load(columns)

    await opened(store, load)
    return store


def head(source: Path, lines: int, out: Path) -> Path:
    with source.open(encoding="utf-8") as text, out.open("w", encoding="utf-8") as kept:
        for number, line in enumerate(text):
            if number > lines:
                break
            kept.write(line)
    return out


def polars_start() -> float:
    """What importing polars adds to a fresh process (best of three)."""

    def took(code: str) -> float:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        return time.perf_counter() - start

    return min(took("import polars") - took("pass") for _ in range(3))


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--orders", type=int, default=100_000, help="size of the history")
    parser.add_argument("--lines", default="200,2000,20000", help="file sizes, comma separated")
    parser.add_argument("--repeat", type=int, default=3, help="best of this many runs")
    args = parser.parse_args()
    now = datetime.now(UTC).replace(microsecond=0)
    work = Path(tempfile.mkdtemp(prefix="aztui-daily-"))
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} at the start")
    try:
        n = args.orders
        data = write_dataset(work, now, orders=n, shipments=n // 5, claims=n // 20)
        sources = {
            "new orders": write_daily(work, now, history=n, orders=n // 5)["new"],
            "shipments": data["shipments"],
            "claims": data["claims"],
        }
        store = await history(work, merchant_fulfilled(data["orders"], work / "mfn.csv"))
        table = []
        for kind, source in sources.items():
            for lines in map(int, args.lines.split(",")):
                file = head(source, lines, work / f"{kind}-{lines}.csv")
                best = {}
                for way, write in (("rows", rows), ("merged", merged)):
                    times = []
                    for _ in range(args.repeat):
                        copy = work / "copy.db"
                        shutil.copy(store, copy)
                        times.append(await opened(copy, partial(write, file=file)))
                        copy.unlink()
                    best[way] = min(times)
                ratio = best["merged"] / best["rows"]
                table.append(
                    f"| {lines:,} {kind} | {best['rows']:.3f} s | {best['merged']:.3f} s "
                    f"| {ratio:.2f}× |"
                )
                print(table[-1], flush=True)
        print(
            f"\nload average {os.getloadavg()[0]:.2f} at the end; importing polars adds "
            f"{polars_start():.2f} s to a fresh process (the set-based path only)"
        )
        print(f"\n| file into {n:,} orders | row path | set-based | set-based / rows |")
        print("|---|---|---|---|")
        print("\n".join(table))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    asyncio.run(main())
