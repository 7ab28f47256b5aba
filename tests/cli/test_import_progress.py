"""``aztui import`` tells how far it is: a progress bar on a terminal, a plain line per file
elsewhere, for a file that takes over a second (``--progress always``: from the start)."""

from __future__ import annotations

import io
import re
import shutil
import sys

import pytest
from rich.console import Console

from aztui.cli.progress import AFTER, FileProgress
from tests.cli.test_check import ORDERS, write
from tests.tui.test_terminal import Terminal
from tests.waiting import wait_until

PLAIN = re.compile(r"orders\.csv: 2 rows read in \d+\.\d s \([\d,]+ rows/s\)")


def test_a_plain_line_per_file_when_not_on_a_terminal(aztui, workdir):
    orders = write(workdir, "orders.csv", ORDERS)
    run = aztui("import", "--progress", "always", str(orders))
    assert run.code == 0
    assert PLAIN.search(run.err), run.err
    assert "2 commande(s) importée(s)" in run.out and "rows read" not in run.out


def test_never_shows_no_progress(aztui, workdir):
    run = aztui("import", "--progress", "never", str(write(workdir, "orders.csv", ORDERS)))
    assert run.code == 0 and "rows read" not in run.err


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.mark.parametrize(("seconds", "shown"), [(AFTER / 2, False), (AFTER * 1.5, True)])
def test_auto_tells_a_file_that_took_over_a_second(seconds, shown):
    out, clock = io.StringIO(), Clock()
    with FileProgress(Console(file=out), "orders.csv", "auto", clock) as progress:
        progress(100, 400, 2)
        clock.now += seconds
        progress(400, 400, 2)
    assert bool(PLAIN.search(out.getvalue())) is shown, out.getvalue()


def test_a_failed_import_gets_no_line():
    out, clock = io.StringIO(), Clock()
    with pytest.raises(ValueError), FileProgress(Console(file=out), "orders.csv", "always", clock):
        clock.now += 5
        raise ValueError("refused")
    assert out.getvalue() == ""


def test_a_bar_shows_on_a_terminal_once_the_import_has_run_a_second():
    out = io.StringIO()
    terminal = Console(file=out, force_terminal=True, width=120)
    with FileProgress(terminal, "orders.csv", "auto") as progress:
        progress(200, 400, 1)
        wait_until(lambda: "orders.csv" in out.getvalue(), "the bar on the terminal")
        progress(400, 400, 2)
    shown = out.getvalue()
    assert "100%" in shown and "2 rows," in shown and "rows read" not in shown


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux (apt-get install tmux)")
def test_a_real_terminal_shows_the_bar(tmp_path):
    write(tmp_path, "orders.csv", ORDERS)  # named as typed: the bar's line holds its name
    aztui = [sys.executable, "-m", "aztui", "--db", "s.db", "import", "--progress", "always"]
    command = [*aztui, "orders.csv", ";", "echo", "IMPORT-ENDED;", "cat"]
    env = {"AZTUI_USER_CONFIG": str(tmp_path / "none.toml"), "TERM": "xterm-256color"}
    term = Terminal(command, tmp_path, env)
    try:
        screen = term.wait_for("IMPORT-ENDED")
    finally:
        term.close()
    bar = next(line for line in screen.splitlines() if "━" in line)
    assert "orders.csv" in bar and "100%" in bar and "2 rows," in bar and "rows/s" in bar
    assert "2 commande(s) importée(s)" in screen and "rows read" not in screen
