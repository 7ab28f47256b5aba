"""Two teammates, two real terminals (tmux), one PostgreSQL store: a tracking number typed
in one app takes the order off the other's screen at once."""

from __future__ import annotations

import shutil
import subprocess
import sys

import psycopg
import pytest

from tests.tui.test_terminal import Terminal

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        shutil.which("tmux") is None, reason="needs tmux (apt-get install tmux; .ci/run does)"
    ),
]


def test_a_form_saved_in_one_terminal_updates_the_other(postgres_url, tmp_path):
    env = {
        "AZTUI_USER_CONFIG": str(tmp_path / "none.toml"),
        "TERM": "xterm-256color",
        "COLUMNS": "120",
        "LINES": "36",
    }
    aztui = [sys.executable, "-m", "aztui"]
    subprocess.run(
        [*aztui, "--db", str(tmp_path / "demo.db"), "demo", "--report"],
        cwd=tmp_path,
        env={**env, "PATH": "/usr/bin:/bin"},
        check=True,
        capture_output=True,
    )
    subprocess.run(
        [*aztui, "migrate", "--from", str(tmp_path / "demo.db"), "--to", postgres_url],
        cwd=tmp_path,
        env={**env, "PATH": "/usr/bin:/bin"},
        check=True,
        capture_output=True,
    )
    with psycopg.connect(postgres_url) as conn:  # the first order to confirm
        first = conn.execute(
            "SELECT subject FROM deadlines WHERE rule = 'ship_confirmation' "
            "AND done = 0 AND closed = 0 ORDER BY due LIMIT 1"
        ).fetchone()[0]
    alice = Terminal([*aztui, "--db", postgres_url, "tui"], tmp_path, env)
    bob = Terminal([*aztui, "--db", postgres_url, "tui"], tmp_path, env)
    try:
        bob.wait_for(first)  # on Bob's Today pane, to confirm
        alice.wait_for("Confirmer l'expédition")
        alice.keys("4")  # Shipments: the order to confirm first is under the cursor
        # Its rows, read after Today's (a key before them finds no order on its line).
        alice.wait_until(lambda s: "Acheminement" in s and "Livré " in s, "the Shipments rows")
        alice.keys("t")
        alice.wait_for(f"{first} : numéro de suivi")
        # One at a time, as a person types, each seen before the next.
        alice.focus_field("Numéro de suivi")
        alice.keys("6A99999999999")
        alice.wait_for("6A99999999999")
        alice.focus_field("Transporteur")
        alice.keys("Colissimo")
        alice.wait_for("Colissimo")
        alice.keys("Enter")
        alice.wait_for("enregistré")
        # Told through the store (NOTIFY), Bob's app takes the order off his screen; how soon
        # is for bench/, and tests/postgres/test_live.py checks it comes with no tick.
        bob.wait_until(
            lambda screen: first not in screen, "Bob's screen to drop the order Alice shipped"
        )
    finally:
        alice.close()
        bob.close()
    with psycopg.connect(postgres_url) as conn:
        assert conn.execute(
            "SELECT carrier FROM shipments WHERE tracking_number = '6A99999999999'"
        ).fetchall() == [("Colissimo",)]
