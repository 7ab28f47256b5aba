"""A large orders file into an empty PostgreSQL store takes its bulk path (COPY), with exactly
the rows SQLite's bulk path writes, and the same check; a bad file leaves the store empty."""

from __future__ import annotations

import sqlite3

import psycopg
import pytest
from aztui_postgres import bulk

from aztui.ingest import bulk_csv
from tests.cli.test_bulk_import import TABLES, orders_file
from tests.cli.test_check import NOW


@pytest.fixture
def copies(monkeypatch) -> list[int]:
    """Counts the loads that went through PostgreSQL's bulk path to the end."""
    done: list[int] = []
    real = bulk.load

    async def spy(*args, **kwargs):
        result = await real(*args, **kwargs)
        done.append(1)
        return result

    monkeypatch.setattr(bulk, "load", spy)
    return done


def pg_contents(url: str) -> dict[str, list[tuple]]:
    with psycopg.connect(url) as conn:
        return {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in TABLES}


def sqlite_contents(path) -> dict[str, list[tuple]]:
    with sqlite3.connect(path) as conn:
        return {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in TABLES}


def test_copy_writes_what_sqlites_bulk_path_writes(aztui, workdir, postgres_url, copies):
    big = orders_file(workdir / "orders.csv", 45_000)
    assert aztui("import", str(big)).code == 0
    assert aztui("import", str(big), db_path=postgres_url).code == 0
    assert copies == [1]
    sqlite = sqlite_contents(workdir / "store.db")
    assert len(sqlite["orders"]) == 45_000 and len(sqlite["deadlines"]) > 10_000
    assert pg_contents(postgres_url) == sqlite
    checks = [
        aztui("check", "--json", "--all", "--now", NOW, db_path=db).out
        for db in (workdir / "store.db", postgres_url)
    ]
    assert checks[0] == checks[1]
    assert aztui("import", str(big), db_path=postgres_url).code == 0  # again: merged by rows
    assert copies == [1] and pg_contents(postgres_url) == sqlite


def test_a_key_repeated_across_batches_is_reported_and_nothing_written(
    aztui, workdir, postgres_url, copies, monkeypatch
):
    monkeypatch.setattr(bulk_csv, "CHUNK_BYTES", 200_000)
    monkeypatch.setenv("AZTUI_LANGUAGE", "en")  # the English words of the refusal
    big = orders_file(workdir / "orders.csv", 45_000)
    lines = big.read_text().splitlines()
    lines.append(lines[1])
    big.write_text("\n".join(lines) + "\n")
    run = aztui("import", str(big), db_path=postgres_url)
    assert run.code == 2 and "repeats a key already on line 2" in run.err
    assert copies == []  # COPY met the repeat and rolled back; the rows path named it
    assert all(not rows for rows in pg_contents(postgres_url).values())
