"""The import benchmarks of issue 18: each case a file imported into a copy of a store built
once in the run, on SQLite and PostgreSQL, against the ``sqlite3`` shell's ``.import`` of the
same file (``bench/run.py`` prints them)."""

from __future__ import annotations

import shutil
import statistics
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from proc import aztui, fresh, run


@dataclass(frozen=True)
class Case:
    """``files`` imported by one ``aztui import`` into a copy of the store ``start`` (an empty
    one if None); what that leaves is kept as the store ``result``."""

    key: str
    name: str
    files: tuple[str, ...]
    start: str | None
    result: str | None
    target: float | None
    tabs: bool = False
    refused: bool = False
    """The file has a problem: the import must refuse it whole (exit status 2)."""
    memory: int | None = None
    """The peak memory it may take, in MiB."""


def cases(orders: int, daily: int, shipments: int, claims: int, lines: int) -> list[Case]:
    """The rows of the table, in order, numbered as the list of issue 18 (``--only`` picks
    them by key, ``4`` for ``4`` and ``4b``)."""
    return [
        Case(
            "1",
            f"{orders:,} orders, every one merchant-fulfilled, into an empty store",
            ("mfn",),
            None,
            "history",
            2.0,
        ),
        Case(
            "1b",
            f"{orders:,} orders of the demo (98 % fulfilled by Amazon) into an empty store",
            ("fba",),
            None,
            "fba",
            2.0,
        ),
        Case(
            "2",
            f"{daily:,} new orders into the {orders:,}-order store",
            ("new",),
            "history",
            "daily",
            3.0,
        ),
        Case(
            "3",
            f"{daily:,} orders, half of them stored ones now shipped, with their "
            f"{daily // 2:,} ship confirmations, into that store",
            ("updates", "confirmations"),
            "daily",
            None,
            3.0,
        ),
        Case(
            "4",
            f"{shipments:,} shipments into the {orders:,}-order store",
            ("shipments",),
            "history",
            "shipped",
            3.0,
        ),
        Case("4b", f"then {claims:,} claims", ("claims",), "shipped", "full", 3.0),
        Case(
            "5",
            f"the {daily:,} new orders again (nothing changes)",
            ("new",),
            "daily",
            None,
            1.5,
        ),
        Case(
            "5b",
            f"the {orders:,} orders again into the store that holds them (nothing changes)",
            ("mfn",),
            "history",
            None,
            1.5,
        ),
        Case(
            "6",
            f"a {lines:,}-line Amazon all-orders report (cp1252, merchant-fulfilled) "
            "into the store with history",
            ("report",),
            "history",
            None,
            2.5,
            tabs=True,
        ),
        Case(
            "8",
            f"the {orders:,} orders with one bad line at the end (refused) into the store "
            "with history",
            ("mfn_bad",),
            "history",
            None,
            None,
            refused=True,
            memory=400,
        ),
        Case(
            "8b",
            f"the {lines:,}-line Amazon report with one bad line at the end (refused) into "
            "the store with history",
            ("report_bad",),
            "history",
            None,
            None,
            tabs=True,
            refused=True,
            memory=400,
        ),
    ]


RECIPES = [
    Case("small", "", ("small_orders", "small_shipments", "small_claims"), None, "small", None),
    Case("fba_full", "", ("shipments", "claims"), "fba", "fba_full", None),
]
"""Stores the check benchmark needs that no row leaves."""


class Stores:
    """One backend's stores: an empty one, or a copy of one kept under a name."""

    def __init__(self, work: Path, server: str | None = None) -> None:
        self.work, self.server = work, server
        self.kept: dict[str, str] = {}
        self.made: list[str] = []

    def empty(self) -> str:
        return self._new(None)

    def copy(self, name: str) -> str:
        return self._new(self.kept[name])

    def _new(self, source: str | None) -> str:
        if self.server is None:
            path = fresh(self.work / f"store-{uuid.uuid4().hex[:8]}.db")
            if source is not None:
                for suffix in ("", "-wal"):
                    if Path(source + suffix).exists():
                        shutil.copyfile(source + suffix, f"{path}{suffix}")
            self.made.append(str(path))
            return str(path)
        from postgres import sql

        name = f"aztui_bench_{uuid.uuid4().hex[:12]}"
        template = f' TEMPLATE "{urlsplit(source).path[1:]}"' if source else ""
        sql(self.server, f'CREATE DATABASE "{name}"{template}')
        self.made.append(urlsplit(self.server)._replace(path=f"/{name}").geturl())
        return self.made[-1]

    def drop(self, store: str) -> None:
        self.made.remove(store)
        if self.server is None:
            fresh(Path(store))
            return
        from postgres import sql

        sql(self.server, f'DROP DATABASE IF EXISTS "{urlsplit(store).path[1:]}" WITH (FORCE)')

    def drop_all(self) -> None:
        for store in list(self.made):
            self.drop(store)


@dataclass
class Figures:
    """One case on one backend: best time, peak memory."""

    seconds: float
    mib: int


@dataclass
class Bench:
    """Runs the cases, building each store a case starts from once (untimed when no row of
    the run leaves it)."""

    work: Path
    files: dict[str, Path]
    repeat: int
    backends: dict[str, Stores]
    recipes: list[Case] = field(default_factory=list)

    def store(self, backend: str, name: str) -> str:
        stores = self.backends[backend]
        if name not in stores.kept:
            recipe = next(c for c in self.recipes if c.result == name)
            self.measure(recipe, backend, repeat=1)
        return stores.kept[name]

    def measure(self, case: Case, backend: str, repeat: int | None = None) -> Figures:
        """``aztui import`` of the case's files, best of ``repeat``, each into a new copy."""
        stores = self.backends[backend]
        if case.start is not None:
            self.store(backend, case.start)
        times, memory = [], []
        for turn in range(repeat or self.repeat):
            store = stores.copy(case.start) if case.start else stores.empty()
            paths = [str(self.files[f]) for f in case.files]
            ok = (2,) if case.refused else (0, 1)
            seconds, mib = run(aztui(store, "import", *paths), self.work, ok)
            times.append(seconds)
            memory.append(mib)
            last = turn == (repeat or self.repeat) - 1
            if last and case.result and case.result not in stores.kept:
                stores.kept[case.result] = store
            else:
                stores.drop(store)
        return Figures(min(times), max(memory))

    def baseline(self, case: Case) -> float:
        """The ``sqlite3`` shell's ``.import`` of the same files into bare tables, best of
        ``repeat``."""
        sqlite3 = shutil.which("sqlite3")
        if sqlite3 is None:
            raise SystemExit(
                "the sqlite3 shell is needed for the baseline: apt-get install sqlite3"
            )
        mode = ".mode tabs" if case.tabs else ".mode csv"
        imports = [f".import {self.files[f]} t{i}" for i, f in enumerate(case.files)]
        times = []
        for _ in range(self.repeat):
            bare = fresh(self.work / "bare.db")
            times.append(run([sqlite3, str(bare), mode, *imports], self.work)[0])
        fresh(self.work / "bare.db")
        return min(times)

    def check(self, backend: str, stores: list[str], now: str) -> list[Figures]:
        """``check --json`` on each named store: one warm-up each, then the median of
        max(``repeat``, 5) alternating runs, and the peak memory."""
        dbs = [self.store(backend, name) for name in stores]
        argv = ("check", "--json", "--now", now)
        for db in dbs:
            run(aztui(db, *argv), self.work)
        times: list[list[float]] = [[] for _ in dbs]
        memory: list[list[int]] = [[] for _ in dbs]
        for _ in range(max(self.repeat, 5)):
            for i, db in enumerate(dbs):
                seconds, mib = run(aztui(db, *argv), self.work)
                times[i].append(seconds)
                memory[i].append(mib)
        return [Figures(statistics.median(t), max(m)) for t, m in zip(times, memory, strict=True)]
