"""What bench/tui.py uses to see the app's frames: a pseudo-terminal that keeps what a child
writes to it (with arrival times), and two programs it runs as children.

    python bench/tui_frames.py first-frame DB   # headless: prints when the data was painted
    python bench/tui_frames.py clock            # the floor: a bare Textual app ticking a clock
    python bench/tui_frames.py table N          # the floor: a bare app showing one DataTable

Times are ``time.monotonic()`` values, which on Linux are comparable between processes.
"""

from __future__ import annotations

import asyncio
import fcntl
import json
import os
import pty
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path
from typing import ClassVar

WIDTH, HEIGHT = 120, 40
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


class Terminal:
    """A child process on a ``WIDTH``×``HEIGHT`` pseudo-terminal (``xterm-256color``); a
    thread drains the master side, keeping every byte with the time it arrived."""

    def __init__(self, argv: list[str], cwd: Path, env: dict[str, str] | None = None) -> None:
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", HEIGHT, WIDTH, 0, 0))
        env = {
            **(os.environ if env is None else env),
            "TERM": "xterm-256color",
            "COLUMNS": str(WIDTH),
            "LINES": str(HEIGHT),
        }
        self.started = time.monotonic()
        self.proc = subprocess.Popen(
            argv, cwd=cwd, env=env, stdin=slave, stdout=slave, stderr=slave, start_new_session=True
        )
        os.close(slave)
        self.master = master
        self.output = bytearray()
        self.arrivals: list[tuple[int, float]] = []
        """(length of ``output`` after a read, when that read returned)."""
        self.changed = threading.Condition()
        self.reader = threading.Thread(target=self._drain, daemon=True)
        self.reader.start()

    def _drain(self) -> None:
        while True:
            try:
                data = os.read(self.master, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not data:
                break
            now = time.monotonic()
            with self.changed:
                self.output += data
                self.arrivals.append((len(self.output), now))
                self.changed.notify_all()

    @property
    def written(self) -> int:
        """Bytes the child has written so far."""
        with self.changed:
            return len(self.output)

    def send(self, keys: bytes) -> tuple[float, int]:
        """Type ``keys``; returns when, and how much output there was before."""
        offset = self.written
        at = time.monotonic()
        os.write(self.master, keys)
        return at, offset

    def wait_for(self, pattern: bytes, start: int = 0, timeout: float = 60.0) -> float:
        """When the read that completed ``pattern`` (first found at or after byte ``start``)
        returned."""
        deadline = time.monotonic() + timeout
        with self.changed:
            while (found := self.output.find(pattern, start)) < 0:
                left = deadline - time.monotonic()
                if left <= 0 or (self.proc.poll() is not None and not self.reader.is_alive()):
                    tail = bytes(self.output[-2000:])
                    raise TimeoutError(f"{pattern!r} never came; the output ended with {tail!r}")
                self.changed.wait(min(left, 0.5))
            end = found + len(pattern)
            return next(at for length, at in self.arrivals if length >= end)

    def style_before(self, text: bytes) -> bytes:
        """The SGR sequence (``ESC [ … m``) the last drawing of ``text`` was written in."""
        with self.changed:
            found = self.output.rfind(text)
            if found < 0:
                raise ValueError(f"{text!r} was never drawn")
            return bytes(self.output[self.output.rfind(b"\x1b[", 0, found) : found])

    def cpu_seconds(self) -> float:
        """User and system CPU time of the child so far (every thread)."""
        stat = Path(f"/proc/{self.proc.pid}/stat").read_text()
        fields = stat[stat.rfind(")") + 2 :].split()
        return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS

    def close(self, quit_key: bytes = b"q") -> None:
        if self.proc.poll() is None:
            os.write(self.master, quit_key)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.terminate()
                try:
                    self.proc.wait(5)
                except subprocess.TimeoutExpired:
                    self.proc.kill()
                    self.proc.wait()
        self.reader.join(5)
        os.close(self.master)


async def first_frame(db: str) -> dict[str, float]:
    """Run the app headless (``run_test``, 120×40) on ``db`` until the first snapshot is in
    the panes and the screen has been painted with it."""
    from aztui.config import load_config
    from aztui.tui.app import AztuiApp

    config = load_config(cli_overrides={"db": db})
    constructed = time.monotonic()
    app = AztuiApp(config)
    async with app.run_test(size=(WIDTH, HEIGHT)):
        # AztuiApp has no event for its first snapshot: polled every millisecond
        while app.refresher.version is None or app.refresher.refreshing:  # noqa: ASYNC110
            await asyncio.sleep(0.001)
        await app.wait_for_refresh()
        painted = time.monotonic()
    return {"constructed": constructed, "painted": painted}


def clock_app() -> None:
    """A bare Textual app whose one label shows the time, updated every second: what any
    app with a one-second countdown costs."""
    from textual.app import App, ComposeResult
    from textual.binding import BindingType
    from textual.widgets import Static

    class Clock(App[None]):
        BINDINGS: ClassVar[list[BindingType]] = [("q", "quit", "Quit")]

        def compose(self) -> ComposeResult:
            yield Static(id="clock")

        def on_mount(self) -> None:
            self.set_interval(1, self.tick)
            self.tick()

        def tick(self) -> None:
            self.query_one(Static).update(time.strftime("%H:%M:%S"))

    Clock().run()


def table_app(rows: int) -> None:
    """A bare Textual app showing one ``DataTable`` with Today's columns and the screen's
    worth of ``rows`` busy-day rows (bench/tui_busy.py): the floor of a first frame."""
    from textual.app import App, ComposeResult
    from textual.binding import BindingType
    from textual.widgets import DataTable

    class Table(App[None]):
        BINDINGS: ClassVar[list[BindingType]] = [("q", "quit", "Quit")]

        def compose(self) -> ComposeResult:
            yield DataTable(cursor_type="row", zebra_stripes=True)

        def on_mount(self) -> None:
            table = self.query_one(DataTable)
            table.add_columns("Reste", "Date limite", "Échéance", "Objet", "Commande")
            for k in range(min(rows, HEIGHT)):
                order = f"402-{k:07d}-{k:07d}"
                table.add_row("dans 1 h 00", "07/12 10:00", "Expédier", order, order)

    Table().run()


def main() -> None:
    if sys.argv[1:2] == ["first-frame"] and len(sys.argv) == 3:
        print(json.dumps(asyncio.run(first_frame(sys.argv[2]))))
    elif sys.argv[1:] == ["clock"]:
        clock_app()
    elif sys.argv[1:2] == ["table"] and len(sys.argv) == 3:
        table_app(int(sys.argv[2]))
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main()
