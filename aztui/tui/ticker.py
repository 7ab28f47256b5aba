"""Which countdowns can have changed since the last tick, without looking at every row.

A countdown shows whole minutes (``dans 3 h 05``), so its text can change only when ``now``
passes a whole minute before or after its due instant: within the second of ``now`` whose
seconds are those of the due instant. Rows are grouped by that second; a tick names the
seconds from the last tick's to its own, both included (a row may be named once more than
needed, never missed); every row after a minute or more. A pane asks only about the rows on
screen, so rows off screen cost nothing per tick.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime


class Ticker:
    def __init__(self) -> None:
        self.seconds: dict[str, int] = {}
        """Each row's second of the minute: its due instant's."""
        self.present: frozenset[int] = frozenset()
        self.last: int | None = None

    def reset(self, dues: Mapping[str, datetime], now: datetime) -> None:
        """New rows, their countdowns right as of ``now``."""
        self.seconds = {key: int(due.timestamp()) % 60 for key, due in dues.items()}
        self.present = frozenset(self.seconds.values())
        self.last = int(now.timestamp())

    def turning(self, now: datetime) -> frozenset[int]:
        """The seconds of the minute whose rows may read differently at ``now`` than at the
        last call (empty: no countdown changed)."""
        current = int(now.timestamp())
        last, self.last = self.last, current
        if last is None or current - last >= 60 or current < last:
            return self.present
        return self.present & frozenset(second % 60 for second in range(last, current + 1))

    def changed(self, now: datetime, keys: Iterable[str]) -> Iterator[str]:
        """Those of ``keys`` whose countdown may read differently at ``now`` than at the last
        call (the other keys are not looked at)."""
        seconds = self.turning(now)
        if seconds:
            yield from (key for key in keys if self.seconds.get(key, -1) in seconds)

    def turns(self, key: str, seconds: frozenset[int]) -> bool:
        return self.seconds.get(key, -1) in seconds
