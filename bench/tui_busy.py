"""A busy day (issue 17): 5,000 and 50,000 open orders due within 48 hours, all on Today.

Each store is opened in a real pseudo-terminal (``aztui --db X tui``, 120×40), by today's code
and, with ``--baseline-tree DIR`` (a ``git worktree`` of an earlier commit), by that code in the
same run, both with the installed plugins disabled (an older tree cannot load plugins written
for today's API). Every ship-by time is on a whole minute, as Amazon's are, so every countdown turns
over at the same second.

5. First complete frame: from process start to the arrival of the first row, against a bare
   Textual app showing one ``DataTable`` of the same columns (one screen of rows), median of
   ``--repeat`` starts each.
6. Longest frame during a minute turnover: arrow keys typed from a second before the minute
   to two and a half seconds after, each once the previous one was drawn; the longest time
   from a key to the frame drawing the row it moved to. The keys before that window give the
   cursor's median (7).
8. Filter keystroke to frame: ``/``, ``402-000`` (every row), then the digits of an order
   number one by one and back with Backspace; each key's time runs to the frame drawing the
   row the cursor is on after it (the first row the filter keeps, or the one it was on);
   Enter then gives the keys back to the rows, the filter holding every row.
9. Sort: ``S`` through the columns; each key's time runs to the frame drawing the column's
   ``▲`` and the cursor's row.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from importlib.metadata import entry_points
from pathlib import Path

from run import aztui, fresh, run
from table import Row
from tui_frames import Terminal

FRAMES = Path(__file__).resolve().parent / "tui_frames.py"
DOWN, UP, BACKSPACE = b"\x1b[B", b"\x1b[A", b"\x7f"
SORTED = "▲".encode()
SIZES = (5000, 50000)
CLEAR_ROWS = 15
"""The cursor goes through the first rows only: an alert's toast (one each minute on a busy
day, for twelve seconds) covers the right end of the rows near the bottom, and a key's frame
is the one drawing the row it moved to."""


def order_id(index: int) -> str:
    return f"402-{index:07d}-{index:07d}"


def build_busy_store(work: Path, count: int, now: datetime) -> Path:
    """``count`` unshipped merchant-fulfilled orders due from one hour to 48 hours on, on whole
    minutes, in order (row ``k`` of Today is ``order_id(k)``)."""
    csv = work / f"busy-{count}.csv"
    start = now.replace(second=0, microsecond=0) + timedelta(hours=1)
    bought = (now - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    with csv.open("w", encoding="utf-8") as out:
        out.write(
            "order_id,purchase_date,status,fulfillment,order_total,currency,latest_ship_date\n"
        )
        for k in range(count):
            due = start + timedelta(minutes=k * 2820 // count)
            out.write(f"{order_id(k)},{bought},Unshipped,MFN,12.50,EUR,{due:%Y-%m-%dT%H:%M:%SZ}\n")
    store = fresh(work / f"busy-{count}.db")
    run(aztui(store, "import", str(csv)), work)
    return store


def row_drawn(index: int) -> bytes:
    """A row's order cell as the table draws it (an alert toast naming the order is not)."""
    return f" {order_id(index)} \x1b[0m".encode()


class Session:
    """One app on a busy store in a pseudo-terminal, on Today, its table given the keys."""

    def __init__(self, argv: list[str], work: Path, env: dict[str, str]) -> None:
        self.term = Terminal(argv, work, env)
        self.first = self.term.wait_for(row_drawn(0), timeout=600) - self.term.started
        _, offset = self.term.send(b"1")  # Today, its rows in focus
        self.term.wait_for(row_drawn(0), offset, timeout=60)
        time.sleep(1)
        self.cursor = self.focus()
        self.position = 0

    def focus(self) -> bytes:
        """The style the cursor row is drawn in, once a ``down`` moved it."""
        for _ in range(3):
            _, offset = self.term.send(DOWN)
            try:
                self.term.wait_for(row_drawn(1), offset, timeout=10)
            except TimeoutError:
                self.term.send(b"\t")
                time.sleep(1)
                continue
            cursor = self.term.style_before(row_drawn(1))
            _, offset = self.term.send(UP)
            self.term.wait_for(cursor + row_drawn(0), offset, timeout=60)
            return cursor
        raise SystemExit("the Today table never took the arrow keys")

    def key(self, keys: bytes, *patterns: bytes, timeout: float = 600) -> float:
        """Seconds from typing ``keys`` to the frame that drew every one of ``patterns``."""
        sent, offset = self.term.send(keys)
        return max(self.term.wait_for(p, offset, timeout=timeout) for p in patterns) - sent

    def move(self, target: int) -> float:
        keys = DOWN if target > self.position else UP
        self.position = target
        return self.key(keys, self.cursor + row_drawn(target))

    def turnover(self, rows: int) -> tuple[list[float], list[float]]:
        """Arrow keys from 20 s before the next whole minute to 2.5 s after: the times of
        those before the last second, and of those around the turnover."""
        minute = (int(time.time()) // 60 + 1) * 60
        if minute - time.time() < 22:
            minute += 60
        time.sleep(max(0.0, minute - 20 - time.time()))
        pause = random.Random(17)
        quiet: list[float] = []
        turning: list[float] = []
        step = 1
        while (now := time.time()) < minute + 2.5:
            if not 0 <= self.position + step < min(rows, CLEAR_ROWS):
                step = -step
            latency = self.move(self.position + step)
            (turning if now >= minute - 1 else quiet).append(latency)
            time.sleep(pause.uniform(0.05, 0.15) if now < minute - 1 else 0.03)
        return quiet, turning

    def filter(self, rows: int, cycles: int) -> list[float]:
        """Filter keystrokes: narrowing to an order number digit by digit, and back."""
        digits = len(str(rows - 1))
        base = "402-" + "0" * (7 - digits)
        self.term.send(b"/")
        time.sleep(0.5)
        self.term.send(base.encode())
        time.sleep(2)
        cursor = self.term.style_before(row_drawn(self.position))  # the table out of focus
        choose, latencies = random.Random(8), []
        for _ in range(cycles):
            first = choose.randint(1, (rows - 1) // 10 ** (digits - 1))
            number = str(first) + "".join(str(choose.randint(1, 9)) for _ in range(digits - 1))
            typed = [base + number[: i + 1] for i in range(digits)]
            typed += [base + number[:i] for i in range(digits - 1, -1, -1)]
            keys_typed = [c.encode() for c in number] + [BACKSPACE] * digits
            for text, keys in zip(typed, keys_typed, strict=True):
                kept = int(text[len(base) :].ljust(digits, "0") or 0)
                stays = order_id(self.position)[: len(text)] == text
                self.position = self.position if stays else kept
                latencies.append(self.key(keys, cursor + row_drawn(self.position)))
                time.sleep(0.1)
        self.term.send(b"\r")  # back to the rows, the filter kept (it holds every row)
        time.sleep(2)
        return latencies

    def sort(self, presses: int) -> list[float]:
        latencies = []
        for _ in range(presses):
            latencies.append(self.key(b"S", SORTED, self.cursor + row_drawn(self.position)))
            time.sleep(0.2)
        return latencies

    def close(self) -> None:
        self.term.close()


def first_frame(argv: list[str], work: Path, env: dict[str, str]) -> float:
    term = Terminal(argv, work, env)
    try:
        return term.wait_for(row_drawn(0), timeout=600) - term.started
    finally:
        term.close()


@dataclass(frozen=True)
class Plan:
    repeat: int = 3
    """Starts of each app for the first frame."""
    filter_cycles: int = 2
    sorts: int = 1


def measure(
    label: str, argv: list[str], work: Path, env: dict[str, str], rows: int, plan: Plan
) -> dict[str, list[float]]:
    session = Session(argv, work, env)
    try:
        firsts = [session.first]
        quiet, turning = session.turnover(rows)
        figures = {
            "quiet": quiet,
            "turning": turning,
            "sort": session.sort(plan.sorts),
            "filter": session.filter(rows, plan.filter_cycles),
        }
    finally:
        session.close()
    for _ in range(plan.repeat - 1):
        firsts.append(first_frame(argv, work, env))
    figures["first"] = firsts
    print(
        f"   {label}, {rows:,} rows: first frame {statistics.median(firsts):.3f} s, turnover "
        f"max {max(turning) * 1000:.0f} ms, cursor median {statistics.median(quiet) * 1000:.1f}"
        f" ms, filter median {statistics.median(figures['filter']) * 1000:.1f} ms, sort median "
        f"{statistics.median(figures['sort']) * 1000:.0f} ms",
        flush=True,
    )
    return figures


def without_plugins(work: Path) -> Path:
    """A user configuration that disables every installed plugin: both apps run the same
    code paths, and an older tree is not handed plugins written for today's API (their
    failure told in a toast would cover the rows a key's frame waits for)."""
    names = sorted({ep.name for ep in entry_points(group="aztui")})
    user = work / "user-config-no-plugins.toml"
    user.write_text(f"[plugins]\ndisabled = {json.dumps(names)}\n", encoding="utf-8")
    return user


def bench_busy(work: Path, now: datetime, baseline: Path | None, plan: Plan) -> list[Row]:
    """Sections 5 to 9, for each size: today's code, the baseline tree's, the bare table."""
    env = {**os.environ, "AZTUI_USER_CONFIG": str(without_plugins(work))}
    base_env = None if baseline is None else {**env, "PYTHONPATH": str(baseline.resolve())}
    rows: list[Row] = []
    for size in SIZES:
        store = build_busy_store(work, size, now)
        bare = [
            first_frame([sys.executable, str(FRAMES), "table", str(size)], work, env)
            for _ in range(plan.repeat)
        ]
        ours = measure("aztui", aztui(store, "tui"), work, env, size, plan)
        before = (
            measure("baseline", aztui(store, "tui"), work, base_env, size, plan)
            if base_env is not None
            else None
        )
        rows += busy_rows(size, statistics.median(bare), ours, before)
    return rows


def busy_rows(
    size: int, bare: float, ours: dict[str, list[float]], before: dict[str, list[float]] | None
) -> list[Row]:
    def ms(values: list[float], pick: Callable[[list[float]], float]) -> str:
        return f"{pick(values) * 1000:,.1f} ms"

    def was(name: str, pick: Callable[[list[float]], float]) -> str:
        return "—" if before is None else f"before: {ms(before[name], pick)}"

    def ratio(name: str, pick: Callable[[list[float]], float]) -> str:
        if before is None:
            return ms(ours[name], pick)
        return f"{ms(ours[name], pick)} ({pick(before[name]) / pick(ours[name]):,.0f}× faster)"

    median, longest = statistics.median, max
    first = median(ours["first"])
    return [
        Row(
            f"5. first complete frame, {size:,}-row Today (pty, median of {len(ours['first'])})",
            f"bare DataTable app: {bare:.3f} s"
            + ("" if before is None else f"; before: {median(before['first']):.3f} s"),
            f"{first:.3f} s",
            f"{first / bare:.2f}× the bare app",
            "≤ 2×",
        ),
        Row(
            f"6. longest frame in a minute turnover, {size:,} rows ({len(ours['turning'])} keys)",
            was("turning", longest),
            ms(ours["turning"], longest),
            ratio("turning", longest),
            "< 50 ms",
        ),
        Row(
            f"7. cursor key → frame, {size:,} rows (median of {len(ours['quiet'])})",
            was("quiet", median),
            ms(ours["quiet"], median),
            ratio("quiet", median),
            "median < 30 ms",
        ),
        Row(
            f"8. filter keystroke → frame, {size:,} rows (median of {len(ours['filter'])})",
            was("filter", median),
            ms(ours["filter"], median),
            ratio("filter", median),
            "median < 50 ms",
        ),
        Row(
            f"9. sort (`S`) → frame, {size:,} rows (median of {len(ours['sort'])})",
            was("sort", median),
            ms(ours["sort"], median),
            ratio("sort", median),
            "< 200 ms",
        ),
    ]
