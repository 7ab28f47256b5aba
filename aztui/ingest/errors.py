"""Import problems: where (file, line, column), what value, and why, in one readable line.

Messages never carry buyer personal data: a value is shown only for aztui's own columns, whose
contents are ids, dates, amounts and codes. An unknown column is named, its values never shown.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from aztui.errors import AztuiError, Said, saying
from aztui.files import printable

MAX_LISTED = 50
"""How many problems ``ImportFailed`` spells out before summarising the rest."""
_MAX_VALUE = 80


REASONS: dict[str, str] = {
    "column_unknown": "is not a column of {kind} files (known: {known})",
    "column_unknown_close": "is not a column of {kind} files; did you mean {close}?",
    "column_twice": "appears twice in the header (fields {first} and {second})",
    "column_missing": "is missing: {kind} files need this column",
    "header_several_kinds": (
        "the header fits several kinds of file ({kinds}): say which with --kind"
    ),
    "header_no_column": (
        "the header line has no aztui column (is it missing?); expected e.g. {examples}"
    ),
    "key_unknown": "is not a key of {kind} objects",
    "key_unknown_close": "is not a key of {kind} objects; did you mean {close}?",
    "amazon_column_missing": "is missing: Amazon {report} files have this column",
    "amazon_not_header": "the header is not that of an Amazon {report} report",
    "no_header": "empty file: no header line",
    "key_repeated": "repeats a key already on line {first} (each {kind} may appear once per file)",
    "claim_inconsistent": "is inconsistent: {reason}",
    "file_not_gzip": "not a valid gzip file ({why})",
    "file_unreadable": "cannot be read: {why}",
    "file_gzip_damaged": "not a valid gzip file: it is truncated or damaged ({why})",
    "file_utf16": "is UTF-16 text, which aztui does not read: save it as CSV UTF-8",
    "file_nul": "not a text file (NUL byte at offset {offset})",
    "file_bad_byte": (
        "not a text file (byte {byte} at offset {offset} is neither UTF-8 nor Windows-1252)"
    ),
    "file_not_text": "not a text file (neither UTF-8 nor Windows-1252)",
    "csv_malformed": "is not well-formed CSV ({why})",
    "csv_unclosed": "is not well-formed CSV ({why}: an unclosed quote, or a file cut short?)",
    "row_short": (
        "has {count} fields but the header has {width} (the file cut short, or a missing "
        "delimiter?)"
    ),
    "row_long": "has {count} fields but the header has {width} (a stray delimiter or quote?)",
    "flat_row_short": "has {count} fields where the header has more (the file cut short?)",
    "flat_malformed": "is not a well-formed flat file ({why})",
    "line_too_long": "is longer than {limit} characters",
    "json_invalid": "is not valid JSON ({why} at column {column})",
    "json_number_too_long": "is not valid JSON (a number too long to read)",
    "json_not_object": 'is not a JSON object (expected {{"type": ..., ...}})',
    "json_type_missing": "is missing: every line needs the type of its object",
    "json_type_not_string": "is not a string",
    "json_type_unknown": "is not a known type (expected {types})",
    "json_type_not_asked": "is not {kind}, the kind asked",
    "health_not_date": "{name} {value} is not a date",
    "health_value": "{name} {value} {reason}",
    "health_not_number": "{name} {value} is not a number",
    "health_not_rate": "{name} {value} is not a rate or a target",
    "health_not_finite": "{name} {value} is not a finite number",
    "health_not_count": "{name} {value} is not a count (a whole number from 0)",
    "health_not_word": "{name} {value} is not a word",
    "health_no_warning_type": "has no warningType",
    "health_no_marketplace": "has no marketplaceId",
    "health_no_status": "has no status",
    "too_deep": "nests objects or lists more than {limit} deep (aztui reads flat values)",
    "health_no_metrics": "has no performanceMetrics list: is it {report}?",
    "health_too_long": "is longer than {limit} characters: no report is",
    "health_not_json": "is not valid JSON ({why})",
    "health_number_too_long": "is not valid JSON (a number too long to read)",
    "health_json_list": "is a JSON list, not {report}, an object with a performanceMetrics list",
    "health_json_value": (
        "is a JSON value, not {report}, an object with a performanceMetrics list"
    ),
    "health_report": "the account-health report (GET_V2_SELLER_PERFORMANCE_REPORT)",
    "health_unknown_field": "not read: a field aztui does not know (skipped)",
    "health_not_list_skipped": "is not a list: a shape aztui does not know (skipped)",
    "health_kind_not_list": "is {kind}, not a list: a shape aztui does not know (skipped)",
    "health_kind_not_object": "is {kind}, not an object: a shape aztui does not know (skipped)",
    "health_kind_not_warning": "is {kind}, not a warning ({{warningType, status}})",
    "health_status_not_object": "is not an object ({{marketplaceId, status}})",
    "health_entry_not_object": "is not an object (one marketplace's figures)",
    "health_window_not_object": "{name} is not an object: {kind}",
    "health_kind_list": "a list",
    "health_kind_object": "an object",
    "health_kind_empty": "empty",
    "health_twice": "has the same {metric} and window as {first}: {why}; neither is kept",
    "health_twice_late": "aztui cannot tell the 10-day rate from the 30-day one",
    "health_twice_given": "the report gives it twice",
}
"""Why a file's header (or a JSON object's keys) is refused, in English, by code
(``problem``); the interface words them from ``problem_<code>``, as it does a cell's
(``aztui.ingest.reasons.REASONS``)."""


def problem(code: str, **values: object) -> Said:
    """The reason ``code`` of ``REASONS`` with its values, for an ``ImportProblem``."""
    return saying(REASONS, code, **values)


@dataclass(frozen=True, slots=True)
class ImportProblem:
    """One problem in an input file.

    ``line`` is the physical line (the header is line 1), ``None`` for the whole file.
    ``value`` is the offending cell as read, ``None`` when there is none to show.
    ``message`` is phrased to follow the value: ``is not a valid date (...)``; a ``Said``
    (code and values, which the interface words in the reader's language) when aztui knows
    the reason, English text when a plugin or a library gave it.
    """

    file: str
    line: int | None
    column: str | None
    value: str | None
    message: str

    @property
    def shown_file(self) -> str:
        """The file's name as a message shows it: a file's name may hold anything."""
        return printable(self.file)

    @property
    def shown_column(self) -> str:
        return printable(cut(self.column or ""))

    def __str__(self) -> str:
        where = self.shown_file if self.line is None else f"{self.shown_file}:{self.line}"
        parts = [where]
        if self.column is not None:
            parts.append(f"column {self.shown_column}")
        text = self.message
        if self.value is not None:
            text = f"{cut(self.value)!r} {text}"
        parts.append(text)
        return ": ".join(parts)


def cut(text: str) -> str:
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
