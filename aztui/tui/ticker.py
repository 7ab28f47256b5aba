"""Which countdowns can have changed since the last tick, without looking at every row.

A countdown shows whole minutes (``dans 3 h 05``), so its text can change only when ``now``
passes a whole minute before or after its due instant: within the second of ``now`` whose
seconds are those of the due instant. Rows are grouped by that second; a tick looks at the
groups of the seconds from the last tick's to its own, both included (a row may be named
once more than needed, never missed); all of them after a minute or more.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping
from datetime import datetime


class Ticker:
    def __init__(self) -> None:
        self.groups: dict[int, list[str]] = {}
        self.keys: list[str] = []
        self.last: int | None = None

    def reset(self, dues: Mapping[str, datetime], now: datetime) -> None:
        """New rows, their countdowns right as of ``now``."""
        groups: dict[int, list[str]] = defaultdict(list)
        for key, due in dues.items():
            groups[int(due.timestamp()) % 60].append(key)
        self.groups, self.keys = dict(groups), list(dues)
        self.last = int(now.timestamp())

    def changed(self, now: datetime) -> Iterator[str]:
        """The keys whose countdown may read differently at ``now`` than at the last call."""
        current = int(now.timestamp())
        last, self.last = self.last, current
        if last is None or current - last >= 60 or current < last:
            yield from self.keys
            return
        for second in range(last, current + 1):
            yield from self.groups.get(second % 60, ())
