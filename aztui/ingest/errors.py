"""Import problems: where (file, line, column), what value, and why, in one readable line.

Messages never carry buyer personal data: a value is shown only for aztui's own columns, whose
contents are ids, dates, amounts and codes. An unknown column is named, its values never shown.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from aztui.errors import AztuiError
from aztui.files import printable

MAX_LISTED = 50
"""How many problems ``ImportFailed`` spells out before summarising the rest."""
_MAX_VALUE = 80


@dataclass(frozen=True, slots=True)
class ImportProblem:
    """One problem in an input file.

    ``line`` is the physical line (the header is line 1), ``None`` for the whole file.
    ``value`` is the offending cell as read, ``None`` when there is none to show.
    ``message`` is phrased to follow the value: ``is not a valid date (...)``.
    """

    file: str
    line: int | None
    column: str | None
    value: str | None
    message: str

    def __str__(self) -> str:
        file = printable(self.file)  # a file's name, or a column's, may hold anything
        where = file if self.line is None else f"{file}:{self.line}"
        parts = [where]
        if self.column is not None:
            parts.append(f"column {printable(_cut(self.column))}")
        text = self.message
        if self.value is not None:
            text = f"{_cut(self.value)!r} {text}"
        parts.append(text)
        return ": ".join(parts)


def _cut(text: str) -> str:
    """A cell or a column name in a message: a hostile file's may be thousands long."""
    return text if len(text) <= _MAX_VALUE else text[:_MAX_VALUE] + "…"


class ImportFailed(AztuiError):
    """Reading a file failed; ``problems`` lists every problem found (nothing was kept)."""

    def __init__(self, problems: Iterable[ImportProblem]) -> None:
        self.problems: list[ImportProblem] = list(problems)
        super().__init__(self._describe())

    def _describe(self) -> str:
        lines = [str(p) for p in self.problems[:MAX_LISTED]]
        hidden = len(self.problems) - MAX_LISTED
        if hidden > 0:
            lines.append(f"... and {hidden} more problem{'s' if hidden > 1 else ''}")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self._describe()


def fail(
    file: str,
    message: str,
    line: int | None = None,
    column: str | None = None,
    value: str | None = None,
) -> ImportFailed:
    """An ``ImportFailed`` with a single problem, ready to raise."""
    return ImportFailed([ImportProblem(file, line, column, value, message)])
