"""A large orders file into an empty store takes the bulk path, with the row path's results."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import ClassVar

import pytest

from aztui import importing
from aztui.domain.engine import Engine, Registered
from aztui.domain.policy import Policy, PolicyValue
from aztui.ingest import bulk_csv
from aztui.store.sqlite import SQLiteStore
from tests.cli.test_check import NOW, ORDERS, write
from tests.stores import make_empty_store
from tests.waiting import PATIENCE, in_write_transaction, wait_until

HEADER = (
    "order_id,purchase_date,marketplace,status,fulfillment,order_total,currency,"
    "latest_ship_date,latest_delivery_date,is_prime,cancelled_at,cancelled_by,"
    "buyer_requested_cancel,out_of_stock"
)
TABLES = (
    "orders",
    "shipments",
    "returns",
    "claims",
    "messages",
    "feedback",
    "chargebacks",
    "deadlines",
    "risks",
    "metric_facts",
)


def orders_file(path: Path, count: int, *, seed: int = 7, prefix: str = "403") -> Path:
    """``count`` orders of every kind a seller has: shipped or not, cancelled by whom,
    out of stock, Amazon-fulfilled; instants in UTC, in Paris time and as bare dates."""
    rng = random.Random(seed)
    lines = [HEADER]
    for n in range(count):
        day = 1 + n % 27
        hour = rng.randrange(24)
        bought = (
            f"2026-11-{day:02d}T{hour:02d}:{rng.randrange(60):02d}:00Z"
            if rng.random() < 0.8
            else f"2026-11-{day:02d} {hour:02d}:15:00"
        )
        status = rng.choice(["Shipped", "Shipped", "Unshipped", "Pending", "Canceled", ""])
        cancelled = status == "Canceled"
        ship_by = rng.choice(
            [f"2026-11-{min(day + 2, 28):02d}T22:59:59Z", f"2026-11-{min(day + 1, 28):02d}", ""]
        )
        lines.append(
            ",".join(
                [
                    f"{prefix}-{n:07d}-{rng.randrange(10**7):07d}",
                    bought,
                    rng.choice(["FR", ""]),
                    status,
                    rng.choice(["MFN", "MFN", "AFN", ""]),
                    rng.choice(["9.90", "24.5", "149.00", ""]),
                    "EUR",
                    ship_by,
                    f"2026-11-{min(day + 4, 28):02d}T22:59:59Z",
                    rng.choice(["true", "false", ""]),
                    f"2026-11-{day:02d}T23:00:00Z" if cancelled else "",
                    rng.choice(["seller", "buyer", ""]) if cancelled else "",
                    rng.choice(["true", "false", ""]) if cancelled else "",
                    rng.choice(["true", "", "", "", "false"]),
                ]
            )
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert path.stat().st_size >= importing.BULK_MIN_BYTES
    return path


def contents(db: Path) -> dict[str, list[tuple]]:
    """Every table a check reads, rows sorted; the imports log without its clock time."""
    with sqlite3.connect(db) as conn:
        out = {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in TABLES}
        out["imports"] = conn.execute(
            "SELECT source, kind, records FROM imports ORDER BY id"
        ).fetchall()
    return out


@pytest.fixture
def big(workdir) -> Path:
    return orders_file(workdir / "orders.csv", 45_000)


def same_as_row_by_row(
    aztui, workdir: Path, file: Path, bulk_loads: list[int], monkeypatch
) -> Path:
    """Import ``file`` by the bulk path, then row by row into another store: both stores and
    their ``check --json --all`` must be the same. Returns the row-by-row store."""
    assert aztui("import", str(file)).code == 0
    assert bulk_loads == [1]
    bulk_check = aztui("check", "--json", "--all", "--now", NOW).out
    monkeypatch.setattr(importing, "BULK_MIN_BYTES", 1 << 60)
    rows_db = workdir / "rows.db"
    assert aztui("import", str(file), db_path=rows_db).code == 0
    assert bulk_loads == [1]
    assert contents(workdir / "store.db") == contents(rows_db)
    assert aztui("check", "--json", "--all", "--now", NOW, db_path=rows_db).out == bulk_check
    return rows_db


def test_the_bulk_path_gives_the_row_paths_store_and_check(
    aztui, workdir, big, bulk_loads, monkeypatch
):
    same_as_row_by_row(aztui, workdir, big, bulk_loads, monkeypatch)
    with sqlite3.connect(workdir / "store.db") as conn:
        assert conn.execute("SELECT count(*) FROM deadlines").fetchone()[0] > 10_000
        assert conn.execute("SELECT count(*) FROM risks").fetchone()[0] > 1_000


def test_importing_the_same_big_file_again_changes_nothing(aztui, workdir, big, bulk_loads):
    assert aztui("import", str(big)).code == 0
    before = contents(workdir / "store.db")
    assert aztui("import", str(big)).code == 0
    assert bulk_loads == [1]  # the second time the store holds orders: the row path merges
    after = contents(workdir / "store.db")
    assert after.pop("imports")[:1] == before.pop("imports")
    assert after == before


def test_into_a_store_that_holds_orders_the_rows_are_merged(aztui, workdir, big, bulk_loads):
    assert aztui("import", str(write(workdir, "few.csv", ORDERS))).code == 0
    assert aztui("import", str(big)).code == 0
    assert bulk_loads == []
    with sqlite3.connect(workdir / "store.db") as conn:
        assert conn.execute("SELECT count(*) FROM orders").fetchone()[0] == 45_002


@pytest.mark.usefixtures("in_english")  # the English words of a refused file
def test_a_key_repeated_in_another_batch_is_reported_and_nothing_is_written(
    aztui, workdir, big, bulk_loads, monkeypatch
):
    monkeypatch.setattr(bulk_csv, "CHUNK_BYTES", 200_000)
    lines = big.read_text().splitlines()
    lines.append(lines[1])
    big.write_text("\n".join(lines) + "\n")
    make_empty_store(workdir / "store.db")
    before = contents(workdir / "store.db")
    run = aztui("import", str(big))
    assert run.code == 2
    assert f"orders.csv:{len(lines)}: column order_id" in run.err
    assert "repeats a key already on line 2" in run.err
    assert bulk_loads == [1]
    assert contents(workdir / "store.db") == before


@pytest.mark.usefixtures("in_english")  # the English words of a refused file
def test_a_bad_cell_deep_in_a_big_file_names_its_place(aztui, workdir, big, bulk_loads):
    lines = big.read_text().splitlines()
    cells = lines[40_000].split(",")
    cells[1] = "2026-02-30T10:00:00Z"
    lines[40_000] = ",".join(cells)
    big.write_text("\n".join(lines) + "\n")
    run = aztui("import", str(big))
    assert run.code == 2
    assert "orders.csv:40001: column purchase_date: '2026-02-30T10:00:00Z'" in run.err
    assert not (workdir / "store.db").exists() or contents(workdir / "store.db")["orders"] == []


async def test_a_plugins_rule_keeps_every_write_on_the_row_path(tmp_path: Path) -> None:
    class Extra:
        id = "extra"
        names: ClassVar[dict[str, str]] = {"fr": "Extra", "en": "Extra"}
        policy_defaults: ClassVar[dict[str, PolicyValue]] = {}

        def derive(self, bundle, policy):
            return []

    builtin = Engine(Policy("FR"))
    with_plugin = Engine(Policy("FR"), [*builtin.rules, Registered("example", Extra())])
    for engine, expected in ((builtin, {"order"}), (with_plugin, set())):
        store = SQLiteStore(tmp_path / f"{len(expected)}.db", engine)
        await store.open()
        try:
            assert await store.bulk_types() == expected
        finally:
            await store.close()


def _aztui_process(workdir: Path, *args: str) -> subprocess.Popen:
    env = {**os.environ, "AZTUI_USER_CONFIG": str(workdir / "none.toml")}
    return subprocess.Popen(
        [sys.executable, "-m", "aztui", "--db", str(workdir / "store.db"), *args],
        env=env,
        cwd=workdir,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (Linux ``/proc``)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _writing_child(proc: subprocess.Popen, store: Path) -> int:
    """The bulk writer of ``proc``, once it is inside its one transaction of the store."""

    def writer() -> int | None:
        assert proc.poll() is None, "the import ended before it could be killed"
        return next((c for c in _children(proc.pid) if in_write_transaction(c, store)), None)

    return wait_until(writer, "the bulk writer inside its transaction")


def _gone(pid: int) -> bool:
    """Whether process ``pid`` has ended (or is a zombie: ended, not yet waited for)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except FileNotFoundError:
        return True


@pytest.mark.slow
@pytest.mark.parametrize("victim", ["aztui", "its bulk writer"])
def test_a_bulk_import_killed_midway_leaves_the_store_exactly_as_it_was(aztui, workdir, victim):
    make_empty_store(workdir / "store.db")
    before = contents(workdir / "store.db")
    big = orders_file(workdir / "big.csv", 400_000)
    proc = _aztui_process(workdir, "import", str(big))
    writer = _writing_child(proc, workdir / "store.db")
    os.kill(proc.pid if victim == "aztui" else writer, signal.SIGKILL)
    _out, err = proc.communicate(timeout=PATIENCE)
    wait_until(lambda: _gone(writer), "the bulk writer to end with the import")
    if victim != "aztui":
        assert proc.returncode == 2 and "bulk load" in err
    assert contents(workdir / "store.db") == before
    assert aztui("import", str(big)).code == 0  # and the store takes the file afterwards
    assert len(contents(workdir / "store.db")["orders"]) == 400_000


@pytest.mark.slow
def test_two_big_imports_into_one_empty_store_at_once_both_succeed(aztui, workdir):
    files = [
        orders_file(workdir / f"{p}.csv", 45_000, seed=int(p), prefix=p) for p in ("404", "405")
    ]
    make_empty_store(workdir / "store.db")
    procs = [_aztui_process(workdir, "import", str(f)) for f in files]
    for proc in procs:
        _out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
    together = contents(workdir / "store.db")
    assert len(together["orders"]) == 90_000
    one_by_one = workdir / "one_by_one.db"
    for f in files:
        assert aztui("import", str(f), db_path=one_by_one).code == 0
    separate = contents(one_by_one)
    assert sorted(together.pop("imports")) == sorted(separate.pop("imports"))
    assert together == separate
