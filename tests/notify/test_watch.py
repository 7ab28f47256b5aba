"""``aztui watch`` as a process: one line per action, a clean stop on SIGTERM and SIGINT."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.stores import make_empty_store
from tests.waiting import PATIENCE, wait_until


def start(tmp_path: Path, *args: str, config: str = "") -> subprocess.Popen:
    (tmp_path / "aztui.toml").write_text(
        f'db = "store.db"\n{config}[alerts]\n'
        f"check_seconds = 0.5\n[tracking]\n"
        f"interval_minutes = 0\n"
    )
    make_empty_store(tmp_path / "store.db")  # watch keeps a store, it does not make one
    env = {**os.environ, "AZTUI_USER_CONFIG": str(tmp_path / "none.toml")}
    return subprocess.Popen(
        [sys.executable, "-m", "aztui", *args],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def orders_csv(tmp_path: Path) -> Path:
    now = datetime.now(UTC)
    path = tmp_path / "orders.csv"
    path.write_text(
        "order_id,purchase_date,status,latest_ship_date\n"
        f"402-1111111-1111111,{(now - timedelta(days=2)).isoformat()},Unshipped,"
        f"{(now - timedelta(hours=1)).isoformat()}\n"
    )
    return path


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_watch_logs_and_stops_cleanly(tmp_path, sig):
    process = start(tmp_path, "watch")
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(process.stderr), daemon=True)
    reader.start()
    # Its first lines are logged once it listens for signals; then it makes its passes.
    wait_until(lambda: any("no [channels.<id>] table" in line for line in lines), "watching")
    process.send_signal(sig)
    process.wait(PATIENCE)
    reader.join(PATIENCE)
    err = "".join(lines)
    assert process.returncode == 0, err
    lines = err.strip().splitlines()
    assert "watching" in lines[0] and lines[-1].endswith("stopped")
    assert any("no [channels.<id>] table" in line for line in lines)
    assert all(line[:4].isdigit() for line in lines)  # each line stamped


def test_watch_imports_the_inbox_and_queues_the_alerts(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    orders_csv(tmp_path).rename(inbox / "orders.csv")
    old = time.time() - 60
    os.utime(inbox / "orders.csv", (old, old))  # settled: written a minute ago
    process = start(tmp_path, "watch", "--once", config=f'inbox = "{inbox}"\n')
    _, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert "inbox orders.csv: imported" in err
    assert (inbox / "done" / "orders.csv").exists()


def test_snooze_holds_an_items_alerts(tmp_path):
    (tmp_path / "aztui.toml").write_text('db = "store.db"\n')
    make_empty_store(tmp_path / "store.db")
    env = {**os.environ, "AZTUI_USER_CONFIG": str(tmp_path / "none.toml")}
    done = subprocess.run(
        [sys.executable, "-m", "aztui", "snooze", "402-1111111-1111111", "--for", "2h"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0 and "402-1111111-1111111 : aucune alerte avant" in done.stdout
    bad = subprocess.run(
        [sys.executable, "-m", "aztui", "snooze", "X", "--for", "soon"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert bad.returncode == 2 and "une durée est attendue, comme 30m, 4h ou 2d" in bad.stderr
