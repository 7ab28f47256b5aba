"""A pane's rows as it prepares them once a snapshot, and what orders them: the words a
countdown can hold (for the filter), each cell's sort key, and a ranking by a column that
lays any subset of the rows in order without sorting it again."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal, InvalidOperation
from functools import cache

from aztui.domain.deadlines import Deadline
from aztui.tui.cells import Money, When, countdown
from aztui.tui.drawing import Line


@cache
def clock_letters(language: str) -> frozenset[str]:
    """Every character a countdown can show in ``language`` (a filter word of others cannot
    be in one)."""
    now = datetime(2026, 1, 1, tzinfo=UTC)
    texts = [
        countdown(now + sign * timedelta(seconds=s), now, sign < 0, language, {}).plain
        for s in (30, 7 * 60, 5 * 3600 + 7 * 60, 3 * 86400 + 4 * 3600, 12 * 86400)
        for sign in (1, -1)
    ]
    return frozenset("".join(texts).lower()) | frozenset("0123456789")


KEPT_FILTERS = 64
"""Filters whose rows a pane keeps (a few words typed and erased)."""


@dataclass(slots=True)
class Entry:
    """A row as the pane prepared it: the table's line, its words for the filter (lower
    case, without the countdown), the deadline its countdown shows."""

    line: Line
    words: str
    deadline: Deadline | None


class Ranking:
    """The rows in the order of their ``keys`` (a stable sort, as ``list.sort``), and each
    row's place in it."""

    def __init__(self, keys: list[tuple[int, Decimal | float, str]], *, reverse: bool) -> None:
        self.order = sorted(range(len(keys)), key=keys.__getitem__, reverse=reverse)
        self.ranks = [0] * len(self.order)
        for rank, index in enumerate(self.order):
            self.ranks[index] = rank

    def sort(self, shown: list[int]) -> list[int]:
        """``shown`` (rows in the pane's order) in this order: a few sorted by rank, many
        taken from the sorted whole."""
        if len(shown) * 8 <= len(self.order):
            return sorted(shown, key=self.ranks.__getitem__)
        wanted = bytearray(len(self.order))
        for index in shown:
            wanted[index] = 1
        return [index for index in self.order if wanted[index]]


NUMBER = re.compile(r"[-+]?\d+(?:[.,]\d+)?")


def cell_order(cell: object) -> tuple[int, Decimal | float, str]:
    """Times by instant; numbers (an amount, a rate) by value; then words, case ignored;
    empty cells last."""
    if isinstance(cell, When):
        return (0, cell.at.timestamp(), "")
    if isinstance(cell, Money):
        return (0, cell.value, "")
    text = str(cell).strip()
    if not text:
        return (2, 0, "")
    if (match := NUMBER.match(text)) is not None:
        try:
            return (0, Decimal(match.group().replace(",", ".")), text.lower())
        except InvalidOperation:
            pass
    return (1, Decimal(0), text.lower())


def sort_keys(cells: Iterable[object]) -> list[tuple[int, Decimal | float, str]]:
    """Each cell's ``cell_order``, quicker over a column: an instant read at once, a text
    repeated (a rule's name) ordered once."""
    known: dict[str, tuple[int, Decimal | float, str]] = {}
    keys: list[tuple[int, Decimal | float, str]] = []
    for cell in cells:
        if type(cell) is When:
            keys.append((0, cell.at.timestamp(), ""))
        elif type(cell) is str:
            if (key := known.get(cell)) is None:
                key = known[cell] = cell_order(cell)
            keys.append(key)
        else:
            keys.append(cell_order(cell))
    return keys
