"""End to end in a real terminal: tmux runs ``aztui demo``, keys are sent, the screen is read.

``.ci/run`` installs tmux; on a machine without it these tests skip and say how to run them.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        shutil.which("tmux") is None, reason="needs tmux (apt-get install tmux; .ci/run does)"
    ),
]


class Terminal:
    """One tmux session of a given size, running one command."""

    def __init__(self, command: list[str], cwd: Path, env: dict[str, str]) -> None:
        self.name = f"aztui-{uuid.uuid4().hex[:8]}"
        exports = " ".join(f"{k}={v}" for k, v in env.items())
        shell = f"cd {cwd} && env {exports} {' '.join(command)}"
        subprocess.run(
            ["tmux", "new-session", "-d", "-s", self.name, "-x", "120", "-y", "36", shell],
            check=True,
        )

    def screen(self) -> str:
        """What the terminal shows; empty once the session has ended."""
        return subprocess.run(
            ["tmux", "capture-pane", "-p", "-t", self.name],
            capture_output=True,
            text=True,
            check=False,
        ).stdout

    def wait_for(self, text: str, timeout: float = 60) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never appeared; the screen was:\n{self.screen()}")

    def keys(self, *keys: str) -> None:
        subprocess.run(["tmux", "send-keys", "-t", self.name, *keys], check=True)

    def close(self) -> None:
        subprocess.run(["tmux", "kill-session", "-t", self.name], check=False)


@pytest.fixture
def terminal(tmp_path: Path):
    opened: list[Terminal] = []

    def open_(*args: str) -> Terminal:
        env = {
            "AZTUI_USER_CONFIG": str(tmp_path / "none.toml"),
            "TERM": "xterm-256color",
            "COLUMNS": "120",
            "LINES": "36",
        }
        term = Terminal(
            [sys.executable, "-m", "aztui", "--db", str(tmp_path / "demo.db"), *args], tmp_path, env
        )
        opened.append(term)
        return term

    yield open_
    for term in opened:
        term.close()


def test_the_demo_opens_the_cockpit_and_keys_move_between_panes(terminal, tmp_path):
    term = terminal("demo")
    screen = term.wait_for("Confirmer l'expédition")
    assert "Aujourd'hui" in screen and "retard" in screen and "dans" in screen
    term.keys("6")
    screen = term.wait_for("les 30 derniers jours")
    assert "Selon Amazon" in screen and "Objectif" in screen
    term.keys("2")
    term.wait_for("Action requise")
    term.keys("q")
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and "aztui" in term.screen():
        time.sleep(0.2)
    assert "aztui" not in term.screen(), "q did not quit"
    with sqlite3.connect(tmp_path / "demo.db") as db:
        assert db.execute("SELECT count(*) FROM orders").fetchone()[0] > 100


def test_a_write_elsewhere_reaches_the_open_screen(terminal, tmp_path):
    term = terminal("demo")
    term.wait_for("Confirmer l'expédition")
    orders = tmp_path / "orders.csv"
    due = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 3 * 3600))
    bought = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - 3600))
    orders.write_text(
        f"order_id,purchase_date,status,latest_ship_date\n"
        f"409-9999999-9999999,{bought},Unshipped,{due}\n",
        encoding="utf-8",
    )
    subprocess.run(
        [sys.executable, "-m", "aztui", "--db", str(tmp_path / "demo.db"), "import", str(orders)],
        check=True,
        cwd=tmp_path,
        env={"AZTUI_USER_CONFIG": str(tmp_path / "none.toml"), "PATH": "/usr/bin:/bin"},
    )
    term.wait_for("409-9999999-9999999", timeout=10)


def test_tracking_typed_in_the_form_is_in_the_store(terminal, tmp_path):
    term = terminal("demo")
    term.wait_for("Confirmer l'expédition")
    term.keys("4")  # Shipments: the order to confirm first is under the cursor
    term.wait_for("Transporteur")
    term.keys("t")
    term.wait_for("numéro de suivi")
    for keys, shown in (
        ("Tab", None),
        ("6A99999999999", "6A99999999999"),
        ("Tab", None),
        ("Colissimo", "Colissimo"),
        ("Enter", "enregistré"),
    ):
        term.keys(keys)  # one at a time, as a person types
        term.wait_for(shown, timeout=20) if shown else time.sleep(0.5)
    with sqlite3.connect(tmp_path / "demo.db") as db:
        rows = db.execute(
            "SELECT order_id, carrier, confirmed_at FROM shipments "
            "WHERE tracking_number = '6A99999999999'"
        ).fetchall()
        assert len(rows) == 1 and rows[0][1] == "Colissimo" and rows[0][2] is not None
        done = db.execute(
            "SELECT done FROM deadlines WHERE rule = 'ship_confirmation' AND subject = ?",
            (rows[0][0],),
        ).fetchone()
    assert done == (1,)  # the ship-by deadline is met

    def row_of_order() -> str:
        """The line of the pane that shows the order (the cursor stays on it)."""
        return next(
            (
                line
                for line in term.screen().splitlines()
                if rows[0][0] in line and "enregistré" not in line
            ),
            "",
        )

    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and row_of_order().lstrip().startswith("retard"):
        time.sleep(0.2)
    assert row_of_order().startswith("    ")  # shipped: no ship-by countdown any more
