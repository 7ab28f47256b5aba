"""aztui TUI benchmarks (issues 4 and 17): each figure beside a baseline measured in the same run.

    uv run python bench/tui.py                                   # full size: 1,000,000 orders
    uv run python bench/tui.py --orders 20000 --idle-seconds 10  # a quicker look
    git worktree add --detach /tmp/before <commit>               # the code to compare with
    uv run python bench/tui.py --busy-only --baseline-tree /tmp/before  # 5-9 only

The stores are built as bench/run.py builds them (its helpers are imported): a 1,000-order store
and a big one, the same recent activity plus settled history (``--orders`` in all, with a
tenth as many shipments and a fiftieth as many claims).

1. First complete frame: from process start to the first frame showing the data (the first
   snapshot read, put in the panes and painted), on the big store against the 1,000-order
   store (target ≤ 1.3×). Each repetition is a fresh ``python bench/tui_frames.py
   first-frame`` process running ``AztuiApp`` headless (``App.run_test``, 120×40); the time
   from the app's construction is shown too. Median of ``--repeat``, after one warm-up run
   of each (file cache).
2. Cursor key to frame: a store whose Shipments pane (key ``4``) has 5,000 open rows; in a real
   pseudo-terminal (``aztui --db X tui``, 120×40) the pane is shown, its table given the keys
   (Tab if ``4`` did not) and ``down`` typed 200 times, each after a random 50-150 ms pause (so
   keys fall anywhere between two countdown ticks). A key's time runs from writing it to the
   terminal to the arrival of the bytes drawing the row it moved to in the cursor's colours.
   Median and p95 (target: median < 30 ms), against the same keys in a 50-row pane (down to
   the last row, then up).
3. Idle CPU: ``aztui --db X tui`` in a pseudo-terminal on the Today pane, countdowns ticking;
   the user+system CPU time of the process (``/proc/PID/stat``) over ``--idle-seconds``,
   counted from ``--settle`` seconds after the data appeared. Percent of one core (target
   < 2 %), for the big and the 1,000-order store, beside a bare Textual app that ticks a clock
   every second (the floor of any app with a one-second countdown).
4. Bytes written to the terminal per second over the same idle window (the countdowns change
   every second, so some are expected), beside the same clock app.
5.-9. A busy day, 5,000 and 50,000 rows on Today: first frame, the longest frame in a minute
   turnover, cursor, filter keystroke and sort, each beside the ``--baseline-tree`` code's in
   the same run (bench/tui_busy.py says how each is measured).

Not part of the tests.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import aztui, fresh, run
from table import Row, print_table
from tui_busy import Plan, bench_busy
from tui_frames import Terminal

from aztui.config import load_config
from aztui.demo import write_small_and_big
from aztui.i18n import metric_name
from aztui.service import Service

FRAMES = Path(__file__).resolve().parent / "tui_frames.py"
DOWN, UP, TAB = b"\x1b[B", b"\x1b[A", b"\t"


def stamp(instant: datetime) -> str:
    return instant.strftime("%Y-%m-%dT%H:%M:%SZ")


def open_order_id(index: int) -> str:
    return f"402-{index:07d}-{index:07d}"


def build_history_stores(work: Path, orders: int, now: datetime) -> dict[str, Path]:
    """The 1,000-order store and the big one (recent activity plus settled history)."""
    data = write_small_and_big(
        work / "data",
        now,
        orders=orders,
        shipments=max(orders // 10, 1000),
        claims=max(orders // 50, 200),
    )
    stores = {}
    for size, files in data.items():
        stores[size] = fresh(work / f"{size}.db")
        run(aztui(stores[size], "import", *map(str, files.values())), work)
    return stores


def build_open_orders_store(work: Path, count: int, now: datetime) -> Path:
    """``count`` unshipped merchant-fulfilled orders, due one a minute from three days on
    (none on Today, all in Shipments), so row ``k`` of Shipments is ``open_order_id(k)``."""
    csv = work / f"open-{count}.csv"
    bought = stamp(now - timedelta(hours=1))
    with csv.open("w", encoding="utf-8") as out:
        out.write(
            "order_id,purchase_date,status,fulfillment,order_total,currency,latest_ship_date\n"
        )
        for k in range(count):
            due = stamp(now + timedelta(days=3, minutes=k))
            out.write(f"{open_order_id(k)},{bought},Unshipped,MFN,12.50,EUR,{due}\n")
    store = fresh(work / f"open-{count}.db")
    run(aztui(store, "import", str(csv)), work)
    return store


def data_marker(work: Path, store: Path) -> bytes:
    """Text the Today pane shows only once the first snapshot is in: the first metric's
    acronym (or name) in the headline, in the language configured for the app (run in
    ``work``)."""
    config = load_config(cwd=work, cli_overrides={"db": str(store)})
    first = Service(config).build_engine().metric_definitions[0]
    return (first.short or metric_name(first, config.language)).encode()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


# 1. First complete frame ----------------------------------------------------------------------


def first_frame(work: Path, store: Path) -> tuple[float, float]:
    """Seconds from process start, and from the app's construction, to the painted data."""
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, str(FRAMES), "first-frame", str(store)],
        cwd=work,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"first-frame on {store} failed:\n{done.stderr}")
    times = json.loads(done.stdout.splitlines()[-1])
    return times["painted"] - started, times["painted"] - times["constructed"]


def bench_first_frame(work: Path, small: Path, big: Path, orders: int, repeat: int) -> list[Row]:
    first_frame(work, small)  # warm the file cache and the bytecode
    first_frame(work, big)
    runs: dict[Path, list[tuple[float, float]]] = {small: [], big: []}
    for _ in range(repeat):
        for store in (small, big):
            runs[store].append(first_frame(work, store))
    rows = []
    for index, since in enumerate(("process start", "app construction")):
        t_small = statistics.median(r[index] for r in runs[small])
        t_big = statistics.median(r[index] for r in runs[big])
        print(
            f"1. first complete frame, from {since}: 1,000 orders {t_small:.3f} s, "
            f"{orders:,} orders {t_big:.3f} s → {t_big / t_small:.2f}× "
            f"(target ≤ 1.3×; headless, median of {repeat})"
        )
        rows.append(
            Row(
                f"1{'ab'[index]}. first complete frame, from {since} "
                f"(headless, median of {repeat})",
                f"1,000 orders: {t_small:.3f} s",
                f"{orders:,} orders: {t_big:.3f} s",
                f"{t_big / t_small:.2f}×",
                "≤ 1.3×",
            )
        )
    return rows


# 2. Cursor key to frame -----------------------------------------------------------------------


def bounce(rows: int, presses: int) -> list[int]:
    """The row the cursor is on after each press: down, and back up from the last row."""
    position, step, targets = 0, 1, []
    for _ in range(presses):
        if not 0 <= position + step < rows:
            step = -step
        position += step
        targets.append(position)
    return targets


def focus_table(term: Terminal) -> bytes:
    """Make the table shown take the arrow keys (Tab until a ``down`` moves its cursor);
    returns the style the cursor row is drawn in."""
    first, second = (f" {open_order_id(k)} ".encode() for k in (0, 1))
    for _ in range(3):
        cursor = term.style_before(first)
        _, offset = term.send(DOWN)
        try:
            term.wait_for(cursor + second, offset, timeout=2)
        except TimeoutError:
            term.send(TAB)
            time.sleep(1)
            continue
        _, offset = term.send(UP)
        term.wait_for(cursor + first, offset, timeout=2)
        return cursor
    raise SystemExit("neither the pane's key nor Tab gave the arrow keys to its table")


def cursor_latencies(
    work: Path, store: Path, rows: int, presses: int, marker: bytes
) -> list[float]:
    """Seconds from typing each arrow key to the arrival of the row it moved to, drawn in
    the cursor's colours, in a real pseudo-terminal."""
    term = Terminal(aztui(store, "tui"), work)
    try:
        term.wait_for(marker)
        _, offset = term.send(b"4")
        term.wait_for(f" {open_order_id(0)} ".encode(), offset)
        time.sleep(1)  # the tab underline's animation
        cursor = focus_table(term)
        pause = random.Random(4)
        latencies, position = [], 0
        for target in bounce(rows, presses):
            time.sleep(pause.uniform(0.05, 0.15))
            sent, offset = term.send(DOWN if target > position else UP)
            drawn = term.wait_for(
                cursor + f" {open_order_id(target)} ".encode(), offset, timeout=10
            )
            latencies.append(drawn - sent)
            position = target
        return latencies
    finally:
        term.close()


def bench_cursor(work: Path, now: datetime, presses: int) -> list[Row]:
    stats = {}
    for rows in (50, 5000):
        store = build_open_orders_store(work, rows, now)
        latencies = cursor_latencies(work, store, rows, presses, data_marker(work, store))
        stats[rows] = (statistics.median(latencies) * 1000, percentile(latencies, 0.95) * 1000)
    (m_base, p_base), (m_big, p_big) = stats[50], stats[5000]
    print(
        f"2. cursor key → frame, in a pseudo-terminal, {presses} presses: 50-row pane "
        f"median {m_base:.1f} ms (p95 {p_base:.1f}), 5,000-row pane median {m_big:.1f} ms "
        f"(p95 {p_big:.1f}) → {m_big / m_base:.2f}× (target: median < 30 ms)"
    )
    return [
        Row(
            f"2. cursor key → frame, 5,000-row pane (pty, {presses} keys; median, p95)",
            f"50 rows: {m_base:.1f} ms, {p_base:.1f} ms",
            f"5,000 rows: {m_big:.1f} ms, {p_big:.1f} ms",
            f"{m_big:.1f} ms ({m_big / m_base:.2f}×)",
            "median < 30 ms",
        )
    ]


# 3 and 4. Idle --------------------------------------------------------------------------------


def idle(
    work: Path, argv: list[str], marker: bytes | None, settle: float, seconds: float
) -> tuple[float, float, float | None]:
    """CPU (percent of one core) and bytes per second written to the terminal over
    ``seconds``, from ``settle`` seconds after ``marker`` appeared; and when it appeared
    (seconds from process start: the first frame, as a real terminal sees it)."""
    term = Terminal(argv, work)
    try:
        shown = term.wait_for(marker) - term.started if marker else None
        time.sleep(settle)
        cpu, written, start = term.cpu_seconds(), term.written, time.monotonic()
        time.sleep(seconds)
        cpu, written = term.cpu_seconds() - cpu, term.written - written
        elapsed = time.monotonic() - start
        return 100 * cpu / elapsed, written / elapsed, shown
    finally:
        term.close()


def bench_idle(
    work: Path, stores: dict[str, Path], orders: int, settle: float, seconds: float
) -> list[Row]:
    marker = data_marker(work, stores["small"])
    floor = idle(work, [sys.executable, str(FRAMES), "clock"], None, settle, seconds)
    print(
        f"3./4. idle {seconds:.0f} s in a pseudo-terminal: a bare Textual app ticking a clock "
        f"every second uses {floor[0]:.2f} % of one core and writes {floor[1]:,.0f} B/s"
    )
    cpu_rows: list[Row] = []
    byte_rows: list[Row] = []
    for part, (size, label) in zip("ab", (("big", f"{orders:,}"), ("small", "1,000")), strict=True):
        cpu, rate, shown = idle(work, aztui(stores[size], "tui"), marker, settle, seconds)
        print(
            f"    {label}-order store: {cpu:.2f} % of one core, {rate:,.0f} B/s "
            f"(data on screen {shown:.2f} s after process start)"
        )
        cpu_rows.append(
            Row(
                f"3{part}. idle CPU, {label}-order store (pty, {seconds:.0f} s)",
                f"clock app: {floor[0]:.2f} %",
                f"{cpu:.2f} %",
                f"{cpu:.2f} % of one core",
                "< 2 %",
            )
        )
        byte_rows.append(
            Row(
                f"4{part}. bytes to the terminal while idle, {label}-order store",
                f"clock app: {floor[1]:,.0f} B/s",
                f"{rate:,.0f} B/s",
                f"{rate:,.0f} B/s ({rate / max(floor[1], 1):.0f}× the clock app)",
                "low (reported)",
            )
        )
    return cpu_rows + byte_rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--orders", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5, help="first-frame runs per store")
    parser.add_argument("--presses", type=int, default=200)
    parser.add_argument("--idle-seconds", type=float, default=60)
    parser.add_argument("--settle", type=float, default=5, help="seconds before idle counts")
    parser.add_argument("--keep", type=Path, help="keep the data and stores in this directory")
    parser.add_argument("--busy-only", action="store_true", help="only the busy day (5–9)")
    parser.add_argument(
        "--baseline-tree",
        type=Path,
        help="a checkout of earlier code (git worktree) measured beside today's in 5–9",
    )
    parser.add_argument("--busy-repeat", type=int, default=3, help="starts for 5, per app")
    parser.add_argument("--filter-cycles", type=int, default=2)
    parser.add_argument(
        "--sorts", type=int, default=1, help="S presses (code before 425b389 hid the 2nd mark)"
    )
    args = parser.parse_args()
    now = datetime.now(UTC).replace(microsecond=0)
    work = args.keep or Path(tempfile.mkdtemp(prefix="aztui-bench-tui-"))
    work.mkdir(parents=True, exist_ok=True)
    os.environ["AZTUI_USER_CONFIG"] = str(work / "no-user-config.toml")  # as bench/run.py
    try:
        plan = Plan(args.busy_repeat, args.filter_cycles, args.sorts)
        if args.busy_only:
            print_table(bench_busy(work, now, args.baseline_tree, plan))
            return
        start = time.perf_counter()
        stores = build_history_stores(work, args.orders, now)
        print(
            f"stores: 1,000 and {args.orders:,} orders, built in "
            f"{time.perf_counter() - start:.1f} s; now = {now.isoformat()}"
        )
        rows = bench_first_frame(work, stores["small"], stores["big"], args.orders, args.repeat)
        rows += bench_cursor(work, now, args.presses)
        rows += bench_idle(work, stores, args.orders, args.settle, args.idle_seconds)
        rows += bench_busy(work, now, args.baseline_tree, plan)
        print_table(rows)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
