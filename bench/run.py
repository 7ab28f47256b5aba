"""aztui benchmarks: every figure is a ratio against a baseline measured in the same run.

    uv run python bench/run.py                                # full size: 1,000,000 orders
    uv run python bench/run.py --orders 20000 --only 1,2,7    # a quicker look

Imports (issue 18), each ``aztui import`` against the ``sqlite3`` shell's ``.import`` of the same
files into bare tables (best of ``--repeat`` each), with the peak memory (max RSS) of the aztui
process beside the files' size. The data is a seller's who ships their own orders: the demo
dataset's ``--orders`` orders (three years of settled history and 90 days of recent activity,
``aztui.demo.write_dataset``) every one merchant-fulfilled, then the days that follow
(``bench/import_data.py``). Rows are numbered as the list of issue 18:

(1)  the ``--orders`` orders into an empty store (target ≤ 2×); (1b) the demo's own file,
     98 % fulfilled by Amazon, likewise;
(2)  a twentieth as many new orders into the store (1) leaves (≤ 3×);
(3)  as many orders into the store (2) leaves, half of them its new orders now shipped, with
     their ship confirmations (≤ 3×);
(4)  a tenth as many shipments into the store (1) leaves (≤ 3×); (4b) a fiftieth as many
     claims after them (≤ 3×);
(5)  the file of (2) again into the store (2) leaves: nothing changes (≤ 1.5×); (5b) the file
     of (1) again into the store (1) leaves (≤ 1.5×);
(6)  a generated Amazon all-orders report of ``--orders`` lines (Windows-1252, items grouped
     into orders, merchant-fulfilled) into the store (1) leaves (≤ 2.5×);
(8)  the file of (1) with one bad line at the end, into the store (1) leaves: refused whole,
     its peak memory ≤ 400 MiB; (8b) the report of (6) likewise.
(7)  ``check --json`` on the store (4b) leaves against a 1,000-order store (the same recent
     activity without the history; median of max(``--repeat``, 5); ≤ 1.5×), its peak memory,
     and (7b) the same on the demo's store (1b with the shipments and claims; ≤ 1.3×).

Each store a case starts from is built once in the run (by the row that leaves it, or untimed
when ``--only`` skips that row) and copied for each import. Then the same rows on PostgreSQL
against SQLite (skip with ``--no-postgres``): ``$AZTUI_TEST_POSTGRES`` (a URL on which
databases may be created), or a server started with ``.ci/postgres.sh`` and stopped at the end;
a store is copied there with ``CREATE DATABASE … TEMPLATE``. Markdown tables end the output.

Needs the ``sqlite3`` shell (Debian: ``apt-get install sqlite3``). Not part of the tests.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from aztui.demo import write_dataset

sys.path.insert(0, str(Path(__file__).resolve().parent))
from amazon_report import write_all_orders
from import_cases import RECIPES, Bench, Case, Figures, Stores, cases
from import_data import merchant_fulfilled, write_daily
from proc import REPO, aztui, fresh, run

__all__ = ["REPO", "aztui", "fresh", "run"]  # the other benchmarks' helpers


def target(ratio: float, limit: float | None) -> str:
    if limit is None:
        return "reported"
    return f"≤ {limit:g}×" + ("" if ratio <= limit else " (not met)")


def peak(mib: int, limit: int | None) -> str:
    if limit is None:
        return f"{mib:,} MiB"
    return f"{mib:,} MiB (≤ {limit} MiB" + (")" if mib <= limit else ", not met)")


def size(paths: list[Path]) -> str:
    mib = sum(p.stat().st_size for p in paths) / 2**20
    return f"{mib:,.0f} MiB" if mib >= 10 else f"{mib:.1f} MiB"


def with_bad_line(path: Path, out: Path, line: bytes) -> Path:
    """A copy of ``path`` with ``line`` at the end."""
    shutil.copyfile(path, out)
    with out.open("ab") as end:
        end.write(line)
    return out


def write_files(
    work: Path, args: argparse.Namespace, now: datetime, report: bool, bad: bool
) -> dict:
    start = time.perf_counter()
    data = write_dataset(
        work / "data",
        now,
        orders=args.orders,
        shipments=args.orders // 10,
        claims=args.orders // 50,
    )
    small = write_dataset(work / "small", now, orders=1000)
    files = {
        "fba": data["orders"],
        "mfn": merchant_fulfilled(data["orders"], work / "data" / "orders-mfn.csv"),
        "shipments": data["shipments"],
        "claims": data["claims"],
        **write_daily(work / "data", now, history=args.orders, orders=args.orders // 20),
        **{f"small_{kind}": path for kind, path in small.items()},
    }
    if report:
        files["report"] = work / "data" / "all-orders.txt"
        write_all_orders(files["report"], args.orders, now, channels=("Merchant",))
    if bad:
        files["mfn_bad"] = with_bad_line(
            files["mfn"], work / "data" / "orders-bad.csv", b"402-0000000-0000000,yesterday\n"
        )
    if bad and report:
        files["report_bad"] = with_bad_line(
            files["report"],
            work / "data" / "all-orders-bad.txt",
            b"402-0000000-0000000\tyesterday\r\n",
        )
    print(f"data generated in {time.perf_counter() - start:.1f} s; now = {now.isoformat()}")
    return files


def import_rows(bench: Bench, selected: list[Case], pg: Bench | None) -> list[str]:
    """Each case on SQLite against ``.import`` (and on PostgreSQL): markdown rows."""
    lite, post = [], []
    for case in selected:
        paths = [bench.files[f] for f in case.files]
        base = bench.baseline(case)
        ours = bench.measure(case, "SQLite")
        ratio = ours.seconds / base
        print(
            f"({case.key}) {case.name}: sqlite3 .import {base:.2f} s, aztui {ours.seconds:.2f} s"
            f" → {ratio:.2f}× ({target(ratio, case.target)}), {peak(ours.mib, case.memory)}",
            flush=True,
        )
        lite.append(
            f"| ({case.key}) {case.name} | {size(paths)} | {base:.2f} s | {ours.seconds:.2f} s "
            f"| {ratio:.2f}× | {target(ratio, case.target)} | {peak(ours.mib, case.memory)} |"
        )
        if pg is not None:
            theirs = pg.measure(case, "PostgreSQL")
            print(f"    PostgreSQL {theirs.seconds:.2f} s, {theirs.mib} MiB", flush=True)
            post.append(pg_row(case.key, case.name, ours, theirs))
    return lite + post


def pg_row(key: str, name: str, lite: Figures, pg: Figures, digits: int = 2) -> str:
    return (
        f"| ({key}) {name} | {lite.seconds:.{digits}f} s | {pg.seconds:.{digits}f} s "
        f"| {pg.seconds / lite.seconds:.2f}× | {lite.mib:,} MiB / {pg.mib:,} MiB |"
    )


def check_rows(bench: Bench, now: str, orders: int, pg: Bench | None) -> list[str]:
    rows, post = [], []
    stores = [("7", "full", 1.5, "all-merchant-fulfilled"), ("7b", "fba_full", 1.3, "demo's")]
    for key, big, limit, kind in stores:
        small, large = bench.check("SQLite", ["small", big], now)
        ratio = large.seconds / small.seconds
        name = (
            f"`check --json`, the {kind} {orders:,}-order store ({orders // 10:,} shipments, "
            f"{orders // 50:,} claims) against a 1,000-order store"
        )
        print(
            f"({key}) {name}: {small.seconds:.3f} s against {large.seconds:.3f} s → "
            f"{ratio:.2f}× ({target(ratio, limit)}); {small.mib} MiB against {large.mib} MiB",
            flush=True,
        )
        rows.append(
            f"| ({key}) {name} | — | 1,000 orders: {small.seconds:.3f} s | {large.seconds:.3f} s "
            f"| {ratio:.2f}× | {target(ratio, limit)} | {small.mib:,} MiB / {large.mib:,} MiB |"
        )
        if pg is not None and key == "7":
            (theirs,) = pg.check("PostgreSQL", [big], now)
            print(f"    PostgreSQL {theirs.seconds:.3f} s, {theirs.mib} MiB", flush=True)
            post.append(pg_row(key, name, large, theirs, digits=3))
    return rows + post


def print_tables(rows: list[str]) -> None:
    print("\n| benchmark | files | `sqlite3 .import` | aztui | ratio | target | peak memory |")
    print("|---|---|---|---|---|---|---|")
    print("\n".join(r for r in rows if r.count("|") == 8))
    post = [r for r in rows if r.count("|") == 6]
    if post:
        print("\n| benchmark | SQLite | PostgreSQL | PostgreSQL / SQLite | peak memory |")
        print("|---|---|---|---|---|")
        print("\n".join(post))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--orders", type=int, default=1_000_000, help="size of the history")
    parser.add_argument("--repeat", type=int, default=1, help="best of this many runs")
    parser.add_argument(
        "--only", help="rows by number, comma separated: 1,2,…,8 (4 is 4 and 4b), or 1b, 5b…"
    )
    parser.add_argument("--no-postgres", action="store_true", help="SQLite rows only")
    parser.add_argument("--keep", type=Path, help="keep the data and stores in this directory")
    args = parser.parse_args()
    if args.orders < 2000:
        parser.error("--orders: at least 2000")
    only = set(args.only.split(",")) if args.only else None
    n = args.orders
    every = cases(n, n // 20, n // 10, n // 50, n)
    selected = [c for c in every if only is None or {c.key, c.key.rstrip("b")} & only]
    now = datetime.now(UTC).replace(microsecond=0)
    work = args.keep or Path(tempfile.mkdtemp(prefix="aztui-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    print(
        f"SQLite {sqlite3.sqlite_version}, {os.cpu_count()} CPUs, "
        f"load average {os.getloadavg()[0]:.2f} at the start"
    )
    folder, pg = None, None
    try:
        keys = {c.key for c in selected}
        files = write_files(
            work, args, now, report=bool(keys & {"6", "8b"}), bad=bool(keys & {"8", "8b"})
        )
        bench = Bench(work, files, args.repeat, {"SQLite": Stores(work)}, RECIPES + every)
        if not args.no_postgres:
            from postgres import start_server

            server = os.environ.get("AZTUI_TEST_POSTGRES")
            if not server:
                server, folder = start_server()
            pg = Bench(
                work, files, args.repeat, {"PostgreSQL": Stores(work, server)}, RECIPES + every
            )
        rows = import_rows(bench, selected, pg)
        if only is None or "7" in only:
            rows += check_rows(bench, now.isoformat(), args.orders, pg)
        print(f"\nload average {os.getloadavg()[0]:.2f} at the end")
        print_tables(rows)
    finally:
        if pg is not None and args.keep is None:
            pg.backends["PostgreSQL"].drop_all()
        if folder is not None:
            from postgres import stop_server

            stop_server(folder)
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
