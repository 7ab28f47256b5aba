"""End to end in a real terminal: tmux runs ``aztui demo``, keys are sent, the screen is read.

``.ci/run`` installs tmux; on a machine without it these tests skip and say how to run them.
"""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.waiting import PATIENCE, wait_until

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        shutil.which("tmux") is None, reason="needs tmux (apt-get install tmux; .ci/run does)"
    ),
]


class Terminal:
    """One tmux session of a given size, running one command, on a tmux server of its own
    (its own socket, ``tmux -L``, no configuration file): tests running in parallel never
    share a server, a session or an environment."""

    def __init__(self, command: list[str], cwd: Path, env: dict[str, str]) -> None:
        self.name = f"aztui-{uuid.uuid4().hex[:12]}"
        self.tmux = ["tmux", "-L", self.name, "-f", "/dev/null"]
        exports = " ".join(f"{k}={v}" for k, v in env.items())
        shell = f"cd {cwd} && env {exports} {' '.join(command)}"
        subprocess.run(
            [*self.tmux, "new-session", "-d", "-s", self.name, "-x", "120", "-y", "36", shell],
            check=True,
        )
        self.socket = subprocess.run(
            [*self.tmux, "display-message", "-p", "#{socket_path}"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()

    def screen(self) -> str:
        """What the terminal shows; empty once the session has ended."""
        return subprocess.run(
            [*self.tmux, "capture-pane", "-p", "-t", self.name],
            capture_output=True,
            text=True,
            check=False,
        ).stdout

    def wait_for(self, text: str, timeout: float = PATIENCE) -> str:
        """The screen, once it shows ``text``."""
        return wait_until(
            lambda: screen if text in (screen := self.screen()) else "",
            lambda: f"{text!r} on the screen; it shows:\n{self.screen()}",
            timeout,
            interval=0.1,
        )

    def wait_until(self, condition: Callable[[str], bool], what: str) -> str:
        """The screen, once ``condition`` holds of it."""
        [screen] = wait_until(  # in a list: an empty screen (the app has quit) may be it
            lambda: [screen] if condition(screen := self.screen()) else None,
            lambda: f"{what}; the screen shows:\n{self.screen()}",
            interval=0.1,
        )
        return screen

    def keys(self, *keys: str) -> None:
        subprocess.run([*self.tmux, "send-keys", "-t", self.name, *keys], check=True)

    def cursor(self) -> str:
        """Where the terminal's cursor is: Textual puts it in the focused field."""
        return subprocess.run(
            [*self.tmux, "display-message", "-p", "-t", self.name, "#{cursor_x},#{cursor_y}"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()

    def cursor_leaves(self, where: str, patience: float = PATIENCE) -> None:
        """Wait until the cursor is no longer at ``where``."""
        wait_until(
            lambda: self.cursor() != where,
            lambda: f"the cursor to leave {where}; the screen:\n{self.screen()}",
            patience,
            interval=0.1,
        )

    def in_field(self, label: str) -> bool:
        """Whether the cursor (so the focus) is in the form's field under ``label``."""
        lines = self.screen().splitlines()
        row = next((i for i, line in enumerate(lines) if f"│ {label}" in line), None)
        _, _, y = self.cursor().partition(",")
        return row is not None and y.isdigit() and row < int(y) <= row + 3

    def focus_field(self, label: str) -> None:
        """Tab from field to field until the focus is in the one under ``label``.

        The form's first focus may still be settling when its title shows, so the number of
        Tabs is not known in advance. A Tab that moves the cursor has landed; one that does
        not has put the focus on a list (a Select shows no cursor), or on the first field of a
        form still settling: the next look decides, and Tab again."""
        for _ in range(12):
            if self.in_field(label):
                return
            before = self.cursor()
            self.keys("Tab")
            with contextlib.suppress(AssertionError):
                self.cursor_leaves(before, patience=15)
        wait_until(
            lambda: self.in_field(label),
            lambda: f"the focus in the field {label!r}; the screen:\n{self.screen()}",
            interval=0.1,
        )

    def close(self) -> None:
        subprocess.run([*self.tmux, "kill-server"], check=False, capture_output=True)
        Path(self.socket).unlink(missing_ok=True)


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
    term.wait_until(lambda screen: "aztui" not in screen, "q to quit")
    with sqlite3.connect(tmp_path / "demo.db") as db:
        assert db.execute("SELECT count(*) FROM orders").fetchone()[0] > 100


def test_the_first_keys_reach_the_rows(terminal):
    """Down and Enter work at once: the rows have the focus, not the tab bar."""
    term = terminal("demo")
    term.wait_for("Confirmer l'expédition")
    term.keys("Down")
    term.wait_for(" 2/")  # the footer's position: the second row
    term.keys("Enter")
    term.wait_for("Échap Fermer")  # the order detail, with its own keys


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
    term.wait_for("409-9999999-9999999")


def test_tracking_typed_in_the_form_is_in_the_store(terminal, tmp_path):
    term = terminal("demo")
    term.wait_for("Confirmer l'expédition")
    term.keys("4")  # Shipments: the order to confirm first is under the cursor
    # Its rows, read after Today's (a key before them finds no order on its line).
    term.wait_until(lambda s: "Acheminement" in s and "Livré " in s, "the Shipments rows")
    term.keys("t")
    term.wait_for("numéro de suivi")
    # One at a time, as a person types, each seen before the next.
    term.focus_field("Numéro de suivi")
    term.keys("6A99999999999")
    term.wait_for("6A99999999999")
    term.focus_field("Transporteur")
    term.keys("Colissimo")
    term.wait_for("Colissimo")
    term.keys("Enter")
    term.wait_for("enregistré")
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

    wait_until(  # shipped and on its way: nothing left to do, the order leaves the pane
        lambda: row_of_order() == "",
        lambda: f"the shipped order to leave the pane; its row reads {row_of_order()!r}",
    )
