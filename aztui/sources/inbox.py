"""The inbox: a folder where the seller drops Amazon downloads and aztui files.

``aztui import --inbox`` (and, later, the TUI, continuously) imports each file once: a file
that imported goes to ``done/``, one that did not to ``failed/`` with ``<name>.error.txt``
beside it saying why (file, line, column, never a buyer's data). A file still being written
— its size or modification time changed during the settle time — waits for the next look,
and a browser's partial download (``.crdownload``, ``.part`` …) is never touched.

The folder may be shared or synced, so what is in it is not trusted: a symbolic link dropped
there is not imported (it goes to ``failed/``), ``done/`` and ``failed/`` must be folders of
aztui's own, and nothing is written through a link planted in them (``aztui.files``).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

from aztui.files import Filed, FileWriteError, file_into, printable

DONE = "done"
FAILED = "failed"
NOTE = ".error.txt"
PARTIAL_SUFFIXES = frozenset(
    {".crdownload", ".part", ".partial", ".download", ".tmp", ".opdownload", ".!ut"}
)
"""What browsers and download tools name a file they are still writing."""
SETTLE_SECONDS = 2.0


@dataclass(frozen=True, slots=True)
class InboxOutcome:
    """What became of one file of the inbox."""

    name: str
    status: str
    """``imported``, ``failed`` (moved to ``failed/``), ``waiting`` (still being written) or
    ``kept`` (the store could not be written, or the file could not be moved to ``done/`` or
    ``failed/``: it stays for the next look)."""
    detail: str
    moved_to: Path | None = None


class Inbox:
    """One inbox folder; ``done/`` and ``failed/`` are made inside it when first needed."""

    def __init__(self, folder: Path, *, settle_seconds: float = SETTLE_SECONDS) -> None:
        self.folder = folder
        self.settle_seconds = settle_seconds

    def candidates(self) -> list[Path]:
        """The files waiting in the folder, oldest first (hidden, partial and lock files
        left alone)."""
        if not self.folder.is_dir():
            return []
        found = [
            p
            for p in self.folder.iterdir()
            if (p.is_file() or p.is_symlink())
            and p.name not in (DONE, FAILED)
            and not p.name.startswith((".", "~$"))
            and p.suffix.lower() not in PARTIAL_SUFFIXES
        ]
        return sorted(found, key=lambda p: ((_signature(p) or (0, 0))[1], p.name))

    async def settled(self) -> tuple[list[Path], list[Path]]:
        """(files whose size and time held still for the settle time, files still moving)."""
        before = {p: _signature(p) for p in self.candidates()}
        if not before:
            return [], []
        await asyncio.sleep(self.settle_seconds)
        ready: list[Path] = []
        moving: list[Path] = []
        for path, signature in before.items():
            (ready if _signature(path) == signature else moving).append(path)
        return ready, moving

    def done(self, path: Path) -> Filed:
        return file_into(self.folder, path.name, DONE)

    def failed(self, path: Path, reason: str) -> Filed:
        """Into ``failed/``, with ``<name>.error.txt`` beside it saying why."""
        return file_into(self.folder, path.name, FAILED, note=(NOTE, reason.rstrip() + "\n"))

    def _file_away(self, path: Path, status: str, detail: str) -> InboxOutcome:
        try:
            filed = self.failed(path, detail) if status == "failed" else self.done(path)
        except FileNotFoundError:  # another aztui imported and moved it meanwhile
            return InboxOutcome(path.name, status, detail)
        except FileWriteError as exc:
            return InboxOutcome(path.name, "kept", f"{detail}; not moved: {exc}")
        if filed.links_passed:
            links = ", ".join(printable(link) for link in filed.links_passed)
            detail += f" ({links}: a symbolic link, left as it is)"
        return InboxOutcome(path.name, status, detail, filed.path)

    async def run(
        self,
        import_one: Callable[[Path], Awaitable[str]],
        is_file_problem: Callable[[Exception], bool],
    ) -> list[InboxOutcome]:
        """Import every settled file with ``import_one`` (which returns what it imported);
        an exception ``is_file_problem`` says is the file's sends it to ``failed/``."""
        ready, moving = await self.settled()
        outcomes = [InboxOutcome(p.name, "waiting", "still being written") for p in moving]
        for path in ready:
            if path.is_symlink():
                why = "a symbolic link: the inbox imports only files dropped in it"
                outcomes.append(self._file_away(path, "failed", f"{printable(path)}: {why}"))
                continue
            if not path.exists():
                continue  # taken by another aztui meanwhile
            try:
                detail = await import_one(path)
            except Exception as exc:  # noqa: BLE001 - the file's or the store's: reported
                if not is_file_problem(exc):
                    outcomes.append(InboxOutcome(path.name, "kept", str(exc)))
                    continue
                outcomes.append(self._file_away(path, "failed", str(exc)))
            else:
                outcomes.append(self._file_away(path, "imported", detail))
        return outcomes


def _signature(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat(follow_symlinks=False)
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns
