"""aztui benchmarks: every figure is a ratio against a baseline measured in the same run.

    uv run python bench/run.py              # the full sizes of issue 2 (1,000,000 orders)
    uv run python bench/run.py --orders 100000 --repeat 1   # a quicker look

(a) import: ``aztui import`` of a generated 1,000,000-order aztui CSV into a fresh store,
    against the ``sqlite3`` shell's ``.import`` of the same file into a bare table (target ≤ 2×);
    then the same file with every order merchant-fulfilled (the heaviest derivation).
(b) check: ``aztui check --json`` on the 1,000,000-order store (with 100,000 shipments and
    20,000 claims) against the same on a 1,000-order store (target ≤ 1.3×). The big store is the
    small one's recent activity plus 999,000 orders of settled history, so the ratio shows what
    history costs a check.
(c) peak memory (max RSS) of (b), big against small (target ≤ 1.2×).
(d) import: ``aztui import`` of a generated 1,000,000-line Amazon all-orders report
    (Windows-1252, items grouped into orders) into a fresh store, against the ``sqlite3``
    shell's ``.import`` of the same file (target ≤ 2.5×).

Needs the ``sqlite3`` shell for (a) (Debian: ``apt-get install sqlite3``). Not part of the tests.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from aztui.demo import write_dataset

sys.path.insert(0, str(Path(__file__).resolve().parent))
from amazon_report import write_all_orders

REPO = Path(__file__).resolve().parents[1]


def run(argv: list[str], cwd: Path) -> tuple[float, int]:
    """Wall time in seconds and peak memory in MiB of one child process."""
    env = {**os.environ, "AZTUI_USER_CONFIG": str(cwd / "no-user-config.toml")}
    start = time.perf_counter()
    proc = subprocess.Popen(
        argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    assert proc.stderr is not None  # stderr=PIPE
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(argv)} failed:\n{proc.stderr.read().decode()}")
    proc.stderr.close()
    return elapsed, usage.ru_maxrss // 1024


def aztui(db: Path | str, *args: str) -> list[str]:
    return [sys.executable, "-m", "aztui", "--db", str(db), *args]


def fresh(path: Path) -> Path:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return path


def import_ratio(
    work: Path, orders: Path, store: Path, repeat: int, tabs: bool = False
) -> tuple[float, float]:
    """Best of ``repeat`` for the ``sqlite3`` shell's ``.import`` and for ``aztui import``."""
    sqlite3 = shutil.which("sqlite3")
    if sqlite3 is None:
        raise SystemExit("the sqlite3 shell is needed for the baseline: apt-get install sqlite3")
    baseline, ours = [], []
    for _ in range(repeat):
        bare = fresh(work / "bare.db")
        baseline.append(
            run(
                [
                    sqlite3,
                    str(bare),
                    ".mode tabs" if tabs else ".mode csv",
                    f".import {orders} orders",
                ],
                work,
            )[0]
        )
        ours.append(run(aztui(fresh(store), "import", str(orders)), work)[0])
    return min(baseline), min(ours)


def all_merchant_fulfilled(orders: Path, out: Path) -> Path:
    """The same orders, every one shipped by the seller: a ship-confirmation deadline each,
    and every order in both metric indexes (the heaviest file of that size)."""
    with orders.open(encoding="utf-8") as src, out.open("w", encoding="utf-8") as dst:
        for line in src:
            dst.write(line.replace(",AFN,", ",MFN,"))
    return out


def bench_import(work: Path, files: dict[str, Path], repeat: int) -> Path:
    rows = sum(1 for _ in files["orders"].open()) - 1
    base, ours = import_ratio(work, files["orders"], work / "big.db", repeat)
    print(
        f"(a) import {rows:,} orders: sqlite3 .import {base:.2f} s, "
        f"aztui import {ours:.2f} s → {ours / base:.2f}× (target ≤ 2×)"
    )
    mfn = all_merchant_fulfilled(files["orders"], work / "orders-mfn.csv")
    base, ours = import_ratio(work, mfn, work / "mfn.db", repeat)
    print(
        f"    the same orders all merchant-fulfilled: sqlite3 .import {base:.2f} s, "
        f"aztui import {ours:.2f} s → {ours / base:.2f}×"
    )
    rest, _ = run(
        aztui(work / "big.db", "import", str(files["shipments"]), str(files["claims"])), work
    )
    print(f"    then shipments and claims into that store: {rest:.2f} s")
    return work / "big.db"


def bench_amazon(work: Path, lines: int, now: datetime, repeat: int) -> None:
    report = work / "all-orders.txt"
    orders = write_all_orders(report, lines, now)
    base, ours = import_ratio(work, report, work / "amazon.db", repeat, tabs=True)
    print(
        f"(d) import a {lines:,}-line all-orders report ({orders:,} orders, cp1252): "
        f"sqlite3 .import {base:.2f} s, aztui import {ours:.2f} s → {ours / base:.2f}× "
        "(target ≤ 2.5×)"
    )


def bench_check(work: Path, big: Path, small: Path, now: str, repeat: int) -> None:
    times: dict[Path, list[float]] = {big: [], small: []}
    memory: dict[Path, list[int]] = {big: [], small: []}
    run(aztui(small, "check", "--json", "--now", now), work)  # warm the file cache
    run(aztui(big, "check", "--json", "--now", now), work)
    for _ in range(repeat):
        for store in (small, big):
            elapsed, rss = run(aztui(store, "check", "--json", "--now", now), work)
            times[store].append(elapsed)
            memory[store].append(rss)
    t_big, t_small = statistics.median(times[big]), statistics.median(times[small])
    m_big, m_small = max(memory[big]), max(memory[small])
    print(
        f"(b) check --json: 1,000-order store {t_small:.3f} s, big store {t_big:.3f} s "
        f"→ {t_big / t_small:.2f}× (target ≤ 1.3×; median of {repeat})"
    )
    print(
        f"(c) peak memory of check: {m_small} MiB against {m_big} MiB "
        f"→ {m_big / m_small:.2f}× (target ≤ 1.2×)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--orders", type=int, default=1_000_000)
    parser.add_argument("--shipments", type=int)
    parser.add_argument("--claims", type=int)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="keep the data and stores in this directory")
    args = parser.parse_args()
    shipments = args.shipments or max(args.orders // 10, 1000)
    claims = args.claims or max(args.orders // 50, 200)
    now = datetime.now(UTC).replace(microsecond=0)
    work = args.keep or Path(tempfile.mkdtemp(prefix="aztui-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        start = time.perf_counter()
        big_files = write_dataset(
            work / "big-data", now, orders=args.orders, shipments=shipments, claims=claims
        )
        small_files = write_dataset(work / "small-data", now, orders=1000)
        print(
            f"data: {args.orders:,} orders, {shipments:,} shipments, {claims:,} claims "
            f"generated in {time.perf_counter() - start:.1f} s; now = {now.isoformat()}"
        )
        big = bench_import(work, big_files, args.repeat)
        small = fresh(work / "small.db")
        run(aztui(small, "import", *map(str, small_files.values())), work)
        bench_check(work, big, small, now.isoformat(), max(args.repeat, 5))
        bench_amazon(work, args.orders, now, args.repeat)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
