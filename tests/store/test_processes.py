"""Real processes on one SQLite file: concurrent writers, and a writer killed mid-write."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.waiting import in_write_transaction, wait_until

pytestmark = pytest.mark.slow

WRITER = textwrap.dedent("""
    import asyncio, sys
    from datetime import UTC, datetime, timedelta
    from aztui.domain.engine import Engine
    from aztui.domain.model import Order
    from aztui.domain.policy import Policy
    from aztui.store.sqlite import SQLiteStore

    path, prefix, batches, size = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    now = datetime(2026, 11, 26, 9, tzinfo=UTC)

    async def main():
        store = SQLiteStore(path, Engine(Policy("FR")))
        await store.open()
        for b in range(batches):
            orders = [Order(f"{prefix}-{b:04d}{i:03d}-0000000", now - timedelta(minutes=i),
                            latest_ship_date=now + timedelta(hours=i))
                      for i in range(size)]
            if size > 1000:
                print("writing", flush=True)
            await store.write(orders)
        await store.close()
        print("done", flush=True)

    asyncio.run(main())
""")


def spawn(tmp_path: Path, *args: object) -> subprocess.Popen:
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    return subprocess.Popen(
        [sys.executable, str(script), *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def dump(path: Path) -> list[str]:
    with sqlite3.connect(path) as db:
        return list(db.iterdump())


def test_two_processes_writing_at_once_both_succeed(tmp_path):
    db = tmp_path / "shared.db"
    writers = [spawn(tmp_path, db, prefix, 40, 25) for prefix in ("401", "402")]
    for writer in writers:
        out, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err
        assert out.strip().endswith("done")
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM orders").fetchone() == (2000,)
        assert conn.execute("SELECT count(*) FROM deadlines").fetchone() == (2000,)


def test_a_write_killed_midway_leaves_the_store_as_it_was(tmp_path):
    db = tmp_path / "store.db"
    first = spawn(tmp_path, db, "401", 1, 50)
    assert first.wait(timeout=60) == 0
    before = dump(db)
    victim = spawn(tmp_path, db, "402", 1, 300_000)
    assert victim.stdout.readline().strip() == "writing"
    wait_until(  # inside the transaction that writes 300,000 orders
        lambda: victim.poll() is not None or in_write_transaction(victim.pid, db),
        "the writer inside its write transaction",
    )
    assert victim.poll() is None, "the write finished before it could be killed"
    os.kill(victim.pid, signal.SIGKILL)
    victim.wait(timeout=10)
    assert dump(db) == before
