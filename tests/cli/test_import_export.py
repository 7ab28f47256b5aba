"""``aztui import`` and ``aztui export``: all or nothing, idempotent, exact round trips."""

from __future__ import annotations

import gzip
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.conftest import file_digest
from tests.cli.test_check import CLAIMS, NOW, ORDERS, write
from tests.waiting import PATIENCE, wait_until

GOOD = ORDERS
BAD_FILES = {
    "truncated.csv": (GOOD + "402-0000003-0000003,2026-11-2", "truncated.csv:4:"),
    "unknown_column.csv": (
        "order_id,purchase_date,buyer_nam\n402-1-1,2026-11-20T10:00Z,x\n",
        "buyer_nam",
    ),
    "missing_column.csv": (
        "order_id,latest_ship_date\n402-1-1,2026-11-20T10:00Z\n",
        "purchase_date",
    ),
    "impossible_date.csv": (
        "order_id,purchase_date\n402-1-1,2026-02-30T10:00:00Z\n",
        "impossible_date.csv:2: column purchase_date: '2026-02-30T10:00:00Z'",
    ),
    "duplicate_keys.csv": (
        "order_id,purchase_date\n402-1-1,2026-11-20T10:00Z\n402-1-1,2026-11-21T10:00Z\n",
        "duplicate_keys.csv:3: column order_id",
    ),
    "empty.csv": ("", "empty"),
}


def store_state(db: Path) -> tuple[str, list[str]]:
    with sqlite3.connect(db) as conn:
        dump = list(conn.iterdump())
    return file_digest(db), dump


@pytest.mark.usefixtures("in_english")  # the English words of a refused file
@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_input_exits_2_names_the_place_and_leaves_the_store_untouched(aztui, workdir, name):
    assert aztui("import", str(write(workdir, "orders.csv", GOOD))).code == 0
    before = store_state(workdir / "store.db")
    text, expected = BAD_FILES[name]
    run = aztui("import", str(write(workdir, name, text)))
    assert run.code == 2
    assert name in run.err and expected in run.err
    assert store_state(workdir / "store.db") == before


def test_binary_junk_and_wrong_encoding_are_refused(aztui, workdir):
    aztui("import", str(write(workdir, "orders.csv", GOOD)))
    before = store_state(workdir / "store.db")
    junk = workdir / "photo.csv"
    junk.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    run = aztui("import", str(junk))
    assert run.code == 2 and "photo.csv" in run.err
    assert store_state(workdir / "store.db") == before


def test_a_utf16_file_is_refused_with_a_hint(aztui, workdir):
    aztui("import", str(write(workdir, "orders.csv", GOOD)))
    before = store_state(workdir / "store.db")
    wide = workdir / "excel-unicode.csv"
    wide.write_text(GOOD, encoding="utf-16")
    run = aztui("import", str(wide))
    assert run.code == 2 and "excel-unicode.csv" in run.err and "UTF-8" in run.err
    assert store_state(workdir / "store.db") == before


def test_the_demo_builds_a_store_dated_around_now(aztui, workdir):
    run = aztui("demo", "--now", NOW, "--json", db_path=workdir / "demo.db")
    assert run.code == 0
    data = run.json
    assert data["now"] == NOW
    assert {d["rule"] for d in data["deadlines"]} >= {
        "ship_confirmation",
        "return_request_response",
        "claim_response",
        "buyer_message_response",
    }
    assert data["metrics"]["order_defect_rate"]["denominator"] > 100


def test_a_file_that_is_good_in_part_is_refused_whole_unless_skip_invalid(aztui, workdir):
    mixed = write(workdir, "mixed.csv", GOOD + "402-0000009-0000009,not a date,,,,\n")
    run = aztui("import", str(mixed))
    assert run.code == 2 and "mixed.csv, ligne 4, colonne purchase_date" in run.err
    assert aztui("check", "--now", NOW, "--json").json["deadlines"] == []
    run = aztui("import", "--skip-invalid", str(mixed))
    assert run.code == 0 and "1 ligne(s) ignorée(s)" in run.err and "mixed.csv, ligne 4" in run.err
    assert len(aztui("check", "--now", NOW, "--json").json["deadlines"]) == 2


def test_importing_the_same_file_twice_changes_nothing(aztui, workdir):
    files = [str(write(workdir, "orders.csv", ORDERS)), str(write(workdir, "claims.csv", CLAIMS))]
    aztui("import", *files)
    first = aztui("check", "--now", NOW, "--json", "--all").out
    aztui("import", *files)
    assert aztui("check", "--now", NOW, "--json", "--all").out == first
    with sqlite3.connect(workdir / "store.db") as conn:
        assert conn.execute("SELECT count(*) FROM orders").fetchone() == (2,)


def test_semicolons_cp1252_gzip_and_naive_paris_times(aztui, workdir):
    text = (
        "order_id;purchase_date;latest_ship_date;order_total;currency\r\n"
        "402-0000001-0000001;2026-11-24 10:00;2026-11-26;149,90;EUR\r\n"
    )
    path = workdir / "commandes.csv.gz"
    path.write_bytes(gzip.compress(text.encode("cp1252")))
    assert aztui("import", str(path)).code == 0
    [deadline] = aztui("check", "--now", NOW, "--json").json["deadlines"]
    assert deadline["due"] == "2026-11-26T22:59:59Z"  # end of the promised day, Paris time


def test_export_then_import_into_an_empty_store_gives_the_same_check(aztui, workdir):
    aztui(
        "import",
        str(write(workdir, "orders.csv", ORDERS)),
        str(write(workdir, "claims.csv", CLAIMS)),
    )
    expected = aztui("check", "--now", NOW, "--json", "--all").out
    assert aztui("export", "--format", "jsonl", "--output", str(workdir / "all.jsonl")).code == 0
    other = workdir / "other.db"
    assert aztui("import", str(workdir / "all.jsonl"), db_path=other).code == 0
    assert aztui("check", "--now", NOW, "--json", "--all", db_path=other).out == expected


def test_csv_export_writes_one_file_per_type(aztui, workdir):
    aztui("import", str(write(workdir, "orders.csv", ORDERS)))
    out = workdir / "export"
    out.mkdir()
    assert aztui("export", "--format", "csv", "--output", str(out)).code == 0
    assert (out / "orders.csv").read_text().splitlines()[0].startswith("order_id,")
    run = aztui("export", "--format", "csv", "--type", "order")
    assert run.out.count("402-") == 2
    assert aztui("export", "--format", "csv").code == 2


@pytest.mark.slow
def test_an_import_killed_midway_leaves_the_store_exactly_as_it_was(aztui, workdir):
    aztui("import", str(write(workdir, "orders.csv", ORDERS)))
    before = store_state(workdir / "store.db")
    big = workdir / "big.csv"
    with big.open("w") as out:
        out.write("order_id,purchase_date,latest_ship_date\n")
        for n in range(400_000):
            out.write(
                f"403-{n:07d}-0000000,2026-11-{1 + n % 25:02d}T10:00:00Z,"
                f"2026-11-{2 + n % 25:02d}T10:00:00Z\n"
            )
    env = {**os.environ, "AZTUI_USER_CONFIG": str(workdir / "none.toml")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "aztui", "--db", str(workdir / "store.db"), "import", str(big)],
        env=env,
        cwd=workdir,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    wal = workdir / "store.db-wal"
    wait_until(  # megabytes of rows in the store's WAL, their transaction not committed
        lambda: proc.poll() is not None or (wal.exists() and wal.stat().st_size >= 4_000_000),
        "the import writing into the store",
    )
    assert proc.poll() is None, "the import ended before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=PATIENCE)
    assert store_state(workdir / "store.db")[1] == before[1]


def test_every_command_has_help(aztui, monkeypatch):
    monkeypatch.setenv("AZTUI_LANGUAGE", "en")  # else the locale's (tests/cli/test_french_words)
    for command in ("import", "check", "export", "demo", "plugins", "config"):
        run = aztui(command, "--help", db_path=None)
        assert run.code == 0 and "usage: aztui" in run.out
