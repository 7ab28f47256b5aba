"""aztui PostgreSQL benchmark: the PostgreSQL store against the SQLite store, both measured in
the same run (SQLite is the baseline of every ratio).

    uv run python bench/postgres.py                    # full size: 1,000,000 orders
    uv run python bench/postgres.py --orders 100000    # a quicker look

The data is bench/run.py's: a generated aztui CSV of ``--orders`` orders, a tenth as many
shipments and a fiftieth as many claims, around the current UTC second.

(a) import: ``aztui --db STORE import orders.csv shipments.csv claims.csv`` into a fresh store,
    a SQLite file against a fresh PostgreSQL database (best of ``--repeat``), with the peak
    memory (max RSS) of the aztui process. Reported, no target.
(b) check: ``aztui --db STORE check --json --now NOW`` on the two stores: one warm-up each,
    then the median of max(``--repeat``, 5) alternating runs (target: PostgreSQL ≤ 3× SQLite),
    and its peak memory. The aztui process only: the PostgreSQL server's own memory is not
    counted, its time is (wall time of the command).
(c) the two ``check --json`` outputs must be byte-identical: the run fails if they are not.
(d) moving the imported store: ``aztui migrate`` from the SQLite store into a fresh PostgreSQL
    database, and from PostgreSQL into a fresh SQLite file, each against importing the files
    into that backend (a). Reported, no target.

The server is ``$AZTUI_TEST_POSTGRES`` (a URL on which databases may be created) or, without
it, one started with ``.ci/postgres.sh`` and stopped at the end. Each import gets a database of
its own, dropped afterwards (kept with ``--keep`` on a given server). Children run without a
user configuration. A markdown table ends the output. Not part of the tests.
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import psycopg

from aztui.demo import write_dataset

sys.path.insert(0, str(Path(__file__).resolve().parent))
from proc import REPO, aztui, fresh, run
from table import Row, print_table

TARGET = 3.0
BACKENDS = ("SQLite", "PostgreSQL")
DATABASES: list[str] = []
"""The databases this run created and has not dropped yet."""


def start_server() -> tuple[str, Path]:
    """A throwaway server from ``.ci/postgres.sh``: its URL and its folder."""
    done = subprocess.run(
        ["bash", str(REPO / ".ci" / "postgres.sh")], capture_output=True, text=True, check=False
    )
    if done.returncode:
        raise SystemExit(f"no PostgreSQL server: .ci/postgres.sh failed:\n{done.stderr}")
    print(done.stderr.strip())
    where = re.search(r" in (\S+), port", done.stderr)
    if where is None:
        raise SystemExit(f".ci/postgres.sh did not say where its server is:\n{done.stderr}")
    return done.stdout.strip(), Path(where[1])


def stop_server(folder: Path) -> None:
    """``pg_ctl stop -m fast`` as the script's server user, then remove the folder."""
    data = folder / "data"
    major = (data / "PG_VERSION").read_text().strip()
    user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    subprocess.run(
        [*user, f"/usr/lib/postgresql/{major}/bin/pg_ctl", "-D", str(data), "stop", "-m", "fast"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    shutil.rmtree(folder, ignore_errors=True)


def sql(server: str, statement: str) -> None:
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(statement)


def create_database(server: str) -> str:
    """A fresh database on the server; its URL."""
    name = f"aztui_bench_{uuid.uuid4().hex[:12]}"
    sql(server, f'CREATE DATABASE "{name}"')
    DATABASES.append(urlsplit(server)._replace(path=f"/{name}").geturl())
    return DATABASES[-1]


def drop_databases(server: str) -> None:
    while DATABASES:
        name = urlsplit(DATABASES.pop()).path[1:]
        sql(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def measure(
    work: Path,
    stores: dict[str, str],
    args: list[str],
    times: dict[str, list[float]],
    memory: dict[str, list[int]],
) -> None:
    """One ``aztui --db STORE ARGS…`` run on each backend, in turn: wall time and peak RSS."""
    for backend, store in stores.items():
        elapsed, rss = run(aztui(store, *args), work)
        times[backend].append(elapsed)
        memory[backend].append(rss)


def check_output(work: Path, store: str, now: str) -> bytes:
    """The bytes ``check --json`` writes (the warm-up run)."""
    env = {**os.environ, "AZTUI_USER_CONFIG": str(work / "no-user-config.toml")}
    done = subprocess.run(
        aztui(store, "check", "--json", "--now", now),
        cwd=work,
        env=env,
        capture_output=True,
        check=False,
    )
    if done.returncode not in (0, 1):
        raise SystemExit(f"check on {store} failed:\n{done.stderr.decode()}")
    return done.stdout


def difference(outputs: dict[str, bytes]) -> str:
    """The first lines where the two outputs differ."""
    lite, pg = (outputs[b].decode(errors="replace").splitlines() for b in BACKENDS)
    diff = difflib.unified_diff(lite, pg, *BACKENDS, lineterm="", n=1)
    return "\n".join(line[:200] for line in list(diff)[:30])


def row(name: str, figures: Mapping[str, float], form: str, target: str = "reported") -> Row:
    """A table row: each backend's figure (``form`` formats it) and PostgreSQL/SQLite."""
    lite, pg = figures["SQLite"], figures["PostgreSQL"]
    return Row(
        name,
        f"SQLite {form.format(lite)}",
        f"PostgreSQL {form.format(pg)}",
        f"{pg / lite:.2f}×",
        target,
    )


def bench(work: Path, server: str, args: argparse.Namespace) -> bool:
    """Both backends measured, the table printed; whether the two outputs are identical."""
    now = datetime.now(UTC).replace(microsecond=0)
    shipments, claims = max(args.orders // 10, 1000), max(args.orders // 50, 200)
    start = time.perf_counter()
    files = write_dataset(
        work / "data", now, orders=args.orders, shipments=shipments, claims=claims
    )
    sizes = f"{args.orders:,} orders, {shipments:,} shipments, {claims:,} claims"
    print(
        f"data: {sizes} generated in {time.perf_counter() - start:.1f} s; now = {now.isoformat()}"
    )
    times: dict[str, list[float]] = {b: [] for b in BACKENDS}
    memory: dict[str, list[int]] = {b: [] for b in BACKENDS}
    for _ in range(args.repeat):
        drop_databases(server)
        stores = {"SQLite": str(fresh(work / "store.db")), "PostgreSQL": create_database(server)}
        measure(work, stores, ["import", *map(str, files.values())], times, memory)
    imported = {b: min(t) for b, t in times.items()}
    import_rss = {b: max(m) for b, m in memory.items()}
    lite, pg = imported["SQLite"], imported["PostgreSQL"]
    print(f"(a) import: SQLite {lite:.2f} s, PostgreSQL {pg:.2f} s → {pg / lite:.2f}×")
    checks, instant = max(args.repeat, 5), now.isoformat()
    outputs = {backend: check_output(work, store, instant) for backend, store in stores.items()}
    times, memory = {b: [] for b in BACKENDS}, {b: [] for b in BACKENDS}
    for _ in range(checks):
        measure(work, stores, ["check", "--json", "--now", instant], times, memory)
    checked = {b: statistics.median(t) for b, t in times.items()}
    check_rss = {b: max(m) for b, m in memory.items()}
    lite, pg = checked["SQLite"], checked["PostgreSQL"]
    ratio = pg / lite
    print(
        f"(b) check --json: SQLite {lite:.3f} s, PostgreSQL {pg:.3f} s → {ratio:.2f}× "
        f"(target ≤ {TARGET:g}×: {'met' if ratio <= TARGET else 'MISSED'})"
    )
    same = outputs["SQLite"] == outputs["PostgreSQL"]
    print(f"(c) check --json outputs byte-identical: {'yes' if same else 'NO'}")
    moved = {
        "PostgreSQL": run(
            aztui(stores["SQLite"], "migrate", "--to", create_database(server)), work
        )[0],
        "SQLite": run(
            aztui(
                stores["SQLite"],
                "migrate",
                "--from",
                stores["PostgreSQL"],
                "--to",
                str(fresh(work / "moved.db")),
            ),
            work,
        )[0],
    }
    print(
        f"(d) migrate SQLite → PostgreSQL {moved['PostgreSQL']:.2f} s, "
        f"PostgreSQL → SQLite {moved['SQLite']:.2f} s"
    )
    print_table(
        [
            row(f"(a) import {sizes} (best of {args.repeat})", imported, "{:.2f} s"),
            row("(a) peak memory of import (aztui process)", import_rss, "{} MiB"),
            row(f"(b) check --json (median of {checks})", checked, "{:.3f} s", f"≤ {TARGET:g}×"),
            row("(b) peak memory of check (aztui process)", check_rss, "{} MiB"),
            Row(
                "(c) check --json outputs",
                f"SQLite {len(outputs['SQLite']):,} bytes",
                f"PostgreSQL {len(outputs['PostgreSQL']):,} bytes",
                "identical" if same else "DIFFERENT",
                "byte-identical",
            ),
            *(
                Row(
                    f"(d) migrate into {b} (the whole store)",
                    f"import into {b} {imported[b]:.2f} s",
                    f"{moved[b]:.2f} s",
                    f"{moved[b] / imported[b]:.2f}×",
                    "reported",
                )
                for b in ("PostgreSQL", "SQLite")
            ),
        ]
    )
    if not same:
        print(f"\ncheck --json differs between the backends:\n{difference(outputs)}")
    return same


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--orders", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument(
        "--keep",
        type=Path,
        help="keep the data and stores in this directory "
        "(the PostgreSQL database too, on a server given by AZTUI_TEST_POSTGRES)",
    )
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="aztui-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    server, folder = os.environ.get("AZTUI_TEST_POSTGRES"), None
    try:
        if not server:
            server, folder = start_server()
        with psycopg.connect(server) as conn:
            answer = conn.execute("SHOW server_version").fetchone()
        version = answer[0] if answer else "?"
        print(f"PostgreSQL {version} at {server}")
        same = bench(work, server, args)
    finally:
        if folder is not None:
            stop_server(folder)
        elif server and args.keep is None:
            drop_databases(server)
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"kept in {work}" + (f", and {', '.join(DATABASES)}" if folder is None else ""))
    if not same:
        raise SystemExit("FAILED: check --json is not byte-identical on the two backends")


if __name__ == "__main__":
    main()
