"""aztui alert benchmark (issue 6): deciding the due alerts on the 1,000,000-order store
against deciding them on a 1,000-order store, measured in the same run (target ≤ 1.3×).

    uv run python bench/alerts.py                             # full size: 1,000,000 orders
    uv run python bench/alerts.py --orders 100000 --repeat 3  # a quicker look

The stores are built as bench/tui.py builds them (its ``build_history_stores``, on bench/run.py's
helpers): a 1,000-order store and a big one, the same recent activity plus settled history
(``--orders`` in all, a tenth as many shipments, a fiftieth as many claims). Every evaluation
is at the instant the stores were built around. Every aztui process of the run reads
``alerts.toml`` in the work directory, ``[alerts] digest_at = "00:00"``, so the daily digest
is due at any hour and each step of ``due_alerts`` runs; no channel is configured.

1. ``due_alerts(service, now)``: every alert due (deadline windows, overdue and missed
   deadlines, metric statuses, recent risks, the digest). Each repetition is a fresh
   ``python bench/alerts.py due STORE NOW CONFIG`` process that opens the Service, then
   times the one ``await`` (``perf_counter``), as ``aztui check --notify`` run by cron meets
   it: a new SQLite connection, the file in the OS cache. Median of ``--repeat``, after one
   warm-up run of each (file cache; the warm-up also records the metric statuses, so every
   measured pass is the same steady-state pass: same statuses, same alerts).
2. ``decide_and_queue(service, now, {})``: the same, plus quiet hours, snoozes and the outbox
   transaction (empty: no channel takes anything). Fresh ``… decide …`` processes, as 1.
3. ``due_alerts`` again in the process of 1, right after it: the next pass of ``aztui watch``
   (connection and page cache warm). Reported, no target.
4. The whole ``aztui check --json --notify --now NOW`` command as a subprocess (interpreter
   start, plugins, the check report, then the watcher's one pass: tracking plan, decide,
   send), beside ``aztui check --json --now NOW`` on the same store: what ``--notify`` adds.
   The watcher's pass runs at the wall clock (``--now`` dates only the report), minutes
   after the stores' instant. Median of ``--repeat`` after a warm-up. For context.
5. Where a pass's time goes: each store query and each decision step of one ``due_alerts``
   pass timed separately (the store's methods and ``aztui.domain.alerts``'s functions
   wrapped in a ``… steps …`` child; per-step median of ``--repeat`` fresh processes), small
   against big, with the SQL each step ran and SQLite's plan for the step that history costs most.
   When the target of 1 or 2 is missed (or with ``--profile``), a cProfile of the big
   store's pass too (aiosqlite runs SQL on its own thread: cProfile sees that time as the
   event loop waiting, hence the per-step timings).

A markdown table ends the output. Not part of the tests.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import json
import os
import pstats
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import aztui, run
from table import Row, print_table
from tui import build_history_stores

from aztui.channels.dispatch import decide_and_queue, due_alerts
from aztui.config import load_config
from aztui.domain import alerts as decide
from aztui.service import Service
from aztui.store.sqlite import SQLiteStore

SCRIPT = Path(__file__).resolve()
TARGET = 1.3
CONFIG = '[alerts]\ndigest_at = "00:00"\n'
STORE_STEPS = (
    "deadlines",
    "missed",
    "metric_counts",
    "get_meta",
    "set_meta",
    "risks",
    "snoozed",
    "enqueue_alerts",
)
DECIDE_STEPS = ("deadline_alerts", "metric_alerts", "risk_alerts", "digest_alert")


# The child processes --------------------------------------------------------------------------


def open_service(store: str, config: str) -> Service:
    return Service(
        load_config(config_path=config, cwd=Path(config).parent, cli_overrides={"db": store})
    )


async def one_pass(store: str, now: datetime, config: str, mode: str) -> dict:
    """Open the Service, then time the pass (``due`` or ``decide``), and ``due_alerts`` once
    more in the same process."""
    async with open_service(store, config) as service:
        start = time.perf_counter()
        if mode == "due":
            found = await due_alerts(service, now)
        else:
            found = (await decide_and_queue(service, now, {})).alerts
        first = time.perf_counter() - start
        start = time.perf_counter()
        await due_alerts(service, now)
        second = time.perf_counter() - start
    return {
        "first": first,
        "second": second,
        "alerts": len(found),
        "kinds": Counter(a.kind for a in found),
    }


async def steps(store: str, now: datetime, config: str, profile: bool) -> dict:
    """One ``due_alerts`` pass with each store query and decision step timed, the SQL each
    query ran, and optionally a cProfile of the pass."""
    timed: list[tuple[str, float, int | None]] = []
    sql: dict[str, list[str]] = defaultdict(list)
    current = ["open"]

    def wrap(target: object, name: str, label_of: Callable[[tuple], str]) -> None:
        inner = getattr(target, name)
        is_async = asyncio.iscoroutinefunction(inner)

        def record(args: tuple, start: float, result: object) -> None:
            rows = len(result) if isinstance(result, (list, dict)) else None
            timed.append((label_of(args), time.perf_counter() - start, rows))
            current[0] = "between steps"

        async def awaited(*args, **kwargs):
            current[0] = label_of(args)
            start = time.perf_counter()
            result = await inner(*args, **kwargs)
            record(args, start, result)
            return result

        def called(*args, **kwargs):
            current[0] = label_of(args)
            start = time.perf_counter()
            result = inner(*args, **kwargs)
            record(args, start, result)
            return result

        setattr(target, name, awaited if is_async else called)

    def named(label: str) -> Callable[[tuple], str]:
        return lambda _args: label

    async with open_service(store, config) as service:
        assert isinstance(service.store, SQLiteStore)  # the bench's stores are SQLite files
        db = service.store.db
        await db.set_trace_callback(lambda statement: sql[current[0]].append(statement))
        for name in STORE_STEPS:
            label: Callable[[tuple], str] = (
                (lambda a: f"store.metric_counts({a[0].id})")
                if name == "metric_counts"
                else named(f"store.{name}")
            )
            wrap(service.store, name, label)
        for name in DECIDE_STEPS:
            wrap(decide, name, named(f"decide.{name}"))
        profiler = cProfile.Profile() if profile else None
        current[0] = "between steps"
        start = time.perf_counter()
        if profiler:
            profiler.enable()
        found = await due_alerts(service, now)
        if profiler:
            profiler.disable()
        total = time.perf_counter() - start
        # sqlite3 takes None to stop tracing; aiosqlite's annotation leaves it out
        await db.set_trace_callback(None)  # type: ignore[arg-type]
    text = None
    if profiler:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(25)
        text = out.getvalue()
    return {
        "total": total,
        "alerts": len(found),
        "steps": timed,
        "sql": {k: v for k, v in sql.items() if k != "open"},
        "profile": text,
    }


def child(argv: list[str]) -> None:
    mode, store, now, config, *rest = argv
    when = datetime.fromisoformat(now)
    if mode == "steps":
        result = asyncio.run(steps(store, when, config, profile=bool(rest)))
    else:
        result = asyncio.run(one_pass(store, when, config, mode))
    print(json.dumps(result))


# The parent -----------------------------------------------------------------------------------


def in_child(work: Path, *args: str) -> dict:
    done = subprocess.run(
        [sys.executable, str(SCRIPT), *args], cwd=work, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"bench/alerts.py {' '.join(args)} failed:\n{done.stderr}")
    return json.loads(done.stdout.splitlines()[-1])


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


def label(orders: int) -> str:
    return f"{orders:,} orders"


def bench_passes(
    work: Path, stores: dict[str, Path], now: str, config: Path, orders: int, repeat: int
) -> tuple[list[Row], list[float]]:
    """1, 2 and 3; the ratios of 1 and 2."""
    runs: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for mode in ("due", "decide"):  # warm-up: file cache, bytecode, metric statuses recorded
        for size in ("small", "big"):
            in_child(work, mode, str(stores[size]), now, str(config))
    for _ in range(repeat):
        for mode in ("due", "decide"):
            for size in ("small", "big"):
                runs[mode, size].append(in_child(work, mode, str(stores[size]), now, str(config)))
    rows, ratios = [], []
    for number, (mode, what) in enumerate(
        (("due", "due_alerts(service, now)"), ("decide", "decide_and_queue(service, now, {})")),
        start=1,
    ):
        t_small = statistics.median(r["first"] for r in runs[mode, "small"])
        t_big = statistics.median(r["first"] for r in runs[mode, "big"])
        alerts = {size: runs[mode, size][-1]["alerts"] for size in ("small", "big")}
        kinds = dict(sorted(runs[mode, "big"][-1]["kinds"].items()))
        ratios.append(t_big / t_small)
        print(
            f"{number}. {what}, fresh process: 1,000 orders {ms(t_small)}, "
            f"{label(orders)} {ms(t_big)} → {t_big / t_small:.2f}× (target ≤ {TARGET}×; "
            f"median of {repeat}); {alerts['small']} and {alerts['big']} alerts due "
            f"(big: {kinds})"
        )
        rows.append(
            Row(
                f"{number}. {what}, one pass in a fresh process (median of {repeat})",
                f"1,000 orders: {ms(t_small)}",
                f"{label(orders)}: {ms(t_big)}",
                f"{t_big / t_small:.2f}×",
                f"≤ {TARGET}×",
            )
        )
    t_small = statistics.median(r["second"] for r in runs["due", "small"])
    t_big = statistics.median(r["second"] for r in runs["due", "big"])
    print(
        f"3. due_alerts again in the same process (aztui watch's next pass): 1,000 orders "
        f"{ms(t_small)}, {label(orders)} {ms(t_big)} → {t_big / t_small:.2f}×"
    )
    rows.append(
        Row(
            f"3. due_alerts, next pass in the same process (watch; median of {repeat})",
            f"1,000 orders: {ms(t_small)}",
            f"{label(orders)}: {ms(t_big)}",
            f"{t_big / t_small:.2f}×",
            "reported",
        )
    )
    return rows, ratios


def bench_command(
    work: Path, stores: dict[str, Path], now: str, config: Path, orders: int, repeat: int
) -> list[Row]:
    """4: ``aztui check --json [--notify]`` as a whole, per store."""

    def argv(size: str, notify: bool) -> list[str]:
        return aztui(
            stores[size],
            "--config",
            str(config),
            "check",
            "--json",
            "--now",
            now,
            *(["--notify"] if notify else []),
        )

    times: dict[tuple[str, bool], list[float]] = defaultdict(list)
    for size in ("small", "big"):
        for notify in (False, True):
            run(argv(size, notify), work)  # warm-up
    for _ in range(repeat):
        for size in ("small", "big"):
            for notify in (False, True):
                times[size, notify].append(run(argv(size, notify), work)[0])
    med = {key: statistics.median(values) for key, values in times.items()}
    rows = []
    for notify, what in ((True, "aztui check --json --notify"), (False, "aztui check --json")):
        t_small, t_big = med["small", notify], med["big", notify]
        rows.append(
            Row(
                f"4{'ab'[not notify]}. {what}, whole command (median of {repeat})",
                f"1,000 orders: {t_small:.3f} s",
                f"{label(orders)}: {t_big:.3f} s",
                f"{t_big / t_small:.2f}×",
                "context",
            )
        )
    added = {size: med[size, True] - med[size, False] for size in ("small", "big")}
    print(
        f"4. aztui check --json --notify: 1,000 orders {med['small', True]:.3f} s, "
        f"{label(orders)} {med['big', True]:.3f} s → "
        f"{med['big', True] / med['small', True]:.2f}×; without --notify "
        f"{med['small', False]:.3f} s and {med['big', False]:.3f} s: --notify adds "
        f"{ms(added['small'])} and {ms(added['big'])} (median of {repeat})"
    )
    rows.append(
        Row(
            "4c. what --notify adds (4a − 4b)",
            f"1,000 orders: {ms(added['small'])}",
            f"{label(orders)}: {ms(added['big'])}",
            "—",
            "context",
        )
    )
    return rows


def query_plan(store: Path, statement: str) -> list[str]:
    with closing(sqlite3.connect(f"file:{store}?mode=ro", uri=True)) as db:
        return [row[-1] for row in db.execute(f"EXPLAIN QUERY PLAN {statement}")]


def bench_steps(
    work: Path,
    stores: dict[str, Path],
    now: str,
    config: Path,
    orders: int,
    repeat: int,
    profile: bool,
) -> list[Row]:
    """5: the per-step medians, small against big; the dominant step's SQL and plan; and the
    big store's cProfile when asked."""
    per_step: dict[str, dict[str, list[float]]] = {
        "small": defaultdict(list),
        "big": defaultdict(list),
    }
    rows_of: dict[str, dict[str, int | None]] = {"small": {}, "big": {}}
    totals: dict[str, list[float]] = defaultdict(list)
    sql: dict[str, dict[str, list[str]]] = {}
    for _ in range(repeat):
        for size in ("small", "big"):
            result = in_child(work, "steps", str(stores[size]), now, str(config))
            totals[size].append(result["total"])
            seen: dict[str, float] = defaultdict(float)
            for step, seconds, count in result["steps"]:
                seen[step] += seconds
                rows_of[size][step] = count
            for step, seconds in seen.items():
                per_step[size][step].append(seconds)
            sql[size] = result["sql"]
    medians = {
        size: {step: statistics.median(v) for step, v in per_step[size].items()}
        for size in per_step
    }
    for size in medians:
        medians[size]["python between steps"] = statistics.median(totals[size]) - sum(
            medians[size].values()
        )
    order = sorted(medians["big"], key=lambda s: -medians["big"][s])
    print(
        f"\n5. one due_alerts pass, step by step (median of {repeat} fresh processes; "
        f"rows returned in brackets):"
    )
    print(f"   {'step':<44} {'1,000 orders':>20} {label(orders):>22} {'big − small':>12}")
    for step in order:
        small, big = medians["small"].get(step, 0.0), medians["big"][step]
        counts = [rows_of[s].get(step) for s in ("small", "big")]
        shown = [
            f"{ms(t)}" + (f" [{c}]" if c is not None else "")
            for t, c in zip((small, big), counts, strict=True)
        ]
        print(f"   {step:<44} {shown[0]:>20} {shown[1]:>22} {ms(big - small):>12}")
    t_small, t_big = (statistics.median(totals[s]) for s in ("small", "big"))
    print(
        f"   {'whole pass (instrumented)':<44} {ms(t_small):>20} {ms(t_big):>22} "
        f"{ms(t_big - t_small):>12}"
    )
    dominant = order[0]
    print(
        f"   largest step on the big store: {dominant} ({ms(medians['big'][dominant])}, "
        f"{medians['big'][dominant] / t_big:.0%} of the pass)"
    )
    shown = [dominant]
    costly = max(
        (s for s in medians["big"] if s != "python between steps"),
        key=lambda s: medians["big"][s] - medians["small"].get(s, 0.0),
    )
    delta = medians["big"][costly] - medians["small"].get(costly, 0.0)
    if t_big > t_small and delta > 0:
        print(
            f"   what history costs most: {costly} (+{ms(delta)}; the whole pass "
            f"+{ms(t_big - t_small)})"
        )
        shown.append(costly)
    else:
        print("   no step is slower on the big store beyond the noise")
    for step in dict.fromkeys(shown):
        for statement in sql["big"].get(step, []):
            print(f"   SQL of {step}: {statement}")
            if statement.lstrip().upper().startswith("SELECT"):
                for line in query_plan(stores["big"], statement):
                    print(f"      plan: {line}")
    if profile:
        result = in_child(work, "steps", str(stores["big"]), now, str(config), "profile")
        print(
            f"\n   cProfile of the big store's pass ({ms(result['total'])} under the "
            "profiler; SQL time shows as the event loop waiting on aiosqlite's thread):"
        )
        print("\n".join("   " + line for line in result["profile"].splitlines() if line))
    share = medians["big"][dominant] / t_big
    rows_at = {size: rows_of[size].get(dominant) for size in ("small", "big")}
    shown_rows = {
        size: f" [{rows_at[size]} rows]" if rows_at[size] is not None else "" for size in rows_at
    }
    return [
        Row(
            f"5. largest step of a due_alerts pass: {dominant} (instrumented, median of {repeat})",
            f"1,000 orders: {ms(medians['small'].get(dominant, 0.0))}{shown_rows['small']}",
            f"{label(orders)}: {ms(medians['big'][dominant])}{shown_rows['big']}",
            f"{share:.0%} of the big store's pass",
            "reported",
        )
    ]


def main() -> None:
    if sys.argv[1:2] and sys.argv[1] in ("due", "decide", "steps"):
        child(sys.argv[1:])
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--orders", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5, help="fresh processes per figure")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="cProfile the big store's pass even when the target is met",
    )
    parser.add_argument("--keep", type=Path, help="keep the data and stores in this directory")
    args = parser.parse_args()
    now = datetime.now(UTC).replace(microsecond=0)
    work = args.keep or Path(tempfile.mkdtemp(prefix="aztui-bench-alerts-"))
    work.mkdir(parents=True, exist_ok=True)
    os.environ["AZTUI_USER_CONFIG"] = str(work / "no-user-config.toml")  # as bench/run.py
    config = work / "alerts.toml"
    config.write_text(CONFIG, encoding="utf-8")
    try:
        start = time.perf_counter()
        stores = build_history_stores(work, args.orders, now)
        print(
            f"stores: 1,000 and {args.orders:,} orders, built in "
            f"{time.perf_counter() - start:.1f} s; now = {now.isoformat()}"
        )
        stamp = now.isoformat()
        rows, ratios = bench_passes(work, stores, stamp, config, args.orders, args.repeat)
        rows += bench_command(work, stores, stamp, config, args.orders, args.repeat)
        missed = any(r > TARGET for r in ratios)
        if missed:
            print(f"target ≤ {TARGET}× missed: profiling the big store's pass")
        rows += bench_steps(
            work, stores, stamp, config, args.orders, args.repeat, missed or args.profile
        )
        print_table(rows, "ratio")
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
