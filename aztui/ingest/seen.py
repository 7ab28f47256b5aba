"""The keys of a file too large to hold, kept on disk while it is read.

A reader checks that each key appears once per file. For a file of a few hundred thousand
records a dictionary does it; for one of millions the dictionary alone would take most of a
gigabyte. ``DiskKeys`` keeps each key with its line in a private temporary SQLite database
(on disk, in SQLite's own temporary directory, gone when closed) and finds the repeated ones
in one query once the file is read: memory stays bounded whatever the file's size.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

CACHE_KIB = 16_384
"""SQLite's page cache for the keys (and its sorter's memory), in KiB."""


@dataclass(frozen=True, slots=True)
class Repeat:
    """A key seen again: its record type, the key as shown, the first line and this one."""

    record_type: str
    key: str
    first: int
    line: int


class DiskKeys:
    """Keys by record type, each with the line it was read on; keys are compared as text
    (the caller shows a key's parts the one way that tells two keys apart)."""

    def __init__(self) -> None:
        self._db = sqlite3.connect("")  # "": a private database in a temporary file
        self._db.executescript(
            f"PRAGMA cache_size = -{CACHE_KIB}; PRAGMA temp_store = FILE;"
            "CREATE TABLE seen (type TEXT NOT NULL, key TEXT NOT NULL, line INTEGER NOT NULL)"
        )

    def add(self, record_type: str, keys: Iterable[tuple[str, int]]) -> None:
        """Keys (as text) and their lines, of one record type."""
        self._db.executemany(
            "INSERT INTO seen VALUES (?, ?, ?)", ((record_type, k, n) for k, n in keys)
        )

    def repeats(self) -> Iterator[Repeat]:
        """Every key read on more than one line, at each line after its first, by line."""
        rows = self._db.execute(
            "SELECT type, key, line, min(line) OVER (PARTITION BY type, key) AS first "
            "FROM seen WHERE (type, key) IN "
            "(SELECT type, key FROM seen GROUP BY type, key HAVING count(*) > 1) "
            "ORDER BY line"
        )
        for record_type, key, line, first in rows:
            if line != first:
                yield Repeat(record_type, key, first, line)

    def close(self) -> None:
        self._db.close()
