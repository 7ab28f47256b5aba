"""How far ``aztui import`` is, file by file (``--progress``).

On a terminal, a file whose import has run ``AFTER`` seconds gets a rich progress bar: rows
read, rows a second, time left (from the bytes read). Elsewhere (a log, a pipe), such a file
gets one plain line when it is done. ``always`` shows either from the start, ``never`` neither.
Rich's progress is imported only when a bar is shown.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress

AFTER = 1.0
"""Seconds a file's import runs before its progress is shown (``--progress auto``)."""
MODES = ("auto", "always", "never")


class FileProgress:
    """The progress of one file's import: a ``aztui.ingest.progress.Progress`` callback (it
    may be called from a worker thread), used as a context around the import."""

    def __init__(
        self,
        console: Console,
        name: str,
        mode: str = "auto",
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.console, self.name, self.clock = console, name, clock
        self.after = {"auto": AFTER, "always": 0.0}.get(mode)  # None: never shown
        self.started = clock()
        self.done = self.total = self.rows = 0
        self._lock = threading.Lock()
        self._bar: Progress | None = None
        self._task: Any = None
        self._timer: threading.Timer | None = None
        self._closed = False

    def __enter__(self) -> FileProgress:
        self.started = self.clock()
        if self.after is not None and self.console.is_terminal:
            if self.after <= 0:
                self._show()
            else:
                self._timer = threading.Timer(self.after, self._show)
                self._timer.daemon = True
                self._timer.start()
        return self

    def __call__(self, done: int, total: int, rows: int) -> None:
        self.done, self.total, self.rows = done, total, rows
        with self._lock:
            if self._bar is not None:
                self._update(self._bar)

    def _update(self, bar: Progress, final: bool = False) -> None:
        """The bar as the figures stand. Its last step is the one past the file's last byte:
        once every byte is read, the import is writing, and no time left is known."""
        seconds = self.clock() - self.started
        rate = f"{self.rows / seconds:,.0f}" if seconds > 0 else "–"
        if final or not self.done:
            left = ""
        elif self.done >= self.total:
            left = "writing"
        else:
            left = f"{_clock(seconds * (self.total - self.done) / self.done)} left"
        bar.update(
            self._task,
            total=self.total + 1 if self.total else None,
            completed=self.done + final,
            rows=f"{self.rows:,}",
            rate=rate,
            left=left,
        )

    def _show(self) -> None:
        from rich.progress import (
            BarColumn,
            Progress,
            TaskProgressColumn,
            TextColumn,
            TimeElapsedColumn,
        )

        with self._lock:
            if self._closed:
                return
            self._bar = Progress(
                TextColumn("{task.description}", markup=False),
                BarColumn(),
                TaskProgressColumn(),
                TextColumn("{task.fields[rows]} rows, {task.fields[rate]} rows/s"),
                TimeElapsedColumn(),
                TextColumn("{task.fields[left]}"),
                console=self.console,
            )
            self._task = self._bar.add_task(self.name, total=None, rows="0", rate="–", left="")
            self._update(self._bar)
            self._bar.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        with self._lock:
            self._closed = True
            if self._timer is not None:
                self._timer.cancel()
            bar, self._bar = self._bar, None
            if bar is not None:
                self._update(bar, final=True)
                bar.stop()
        seconds = self.clock() - self.started
        if bar or kind or self.after is None or self.console.is_terminal or seconds < self.after:
            return
        rate = f" ({self.rows / seconds:,.0f} rows/s)" if seconds > 0 else ""
        self.console.print(
            f"{self.name}: {self.rows:,} rows read in {seconds:.1f} s{rate}", markup=False
        )


def _clock(seconds: float) -> str:
    minutes, second = divmod(round(seconds), 60)
    hours, minute = divmod(minutes, 60)
    return f"{hours}:{minute:02d}:{second:02d}"
