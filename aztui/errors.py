"""The one family of errors a person can cause: bad usage, a bad file, a bad setting, a store
that cannot serve. Each carries its exit status and a message written for the person who has
to act; ``aztui.cli`` prints them through one function. Any other exception is a bug.

Pure: the domain derives its refusals from here too.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_ATTENTION = 1
"""Something is overdue or a metric is in breach (``aztui check``)."""
EXIT_BAD_INPUT = 2
"""Bad usage, a bad file or setting, a store that cannot serve: the message says which."""
EXIT_DEGRADED = 3
"""A plugin's rule or metric failed: the store lacks some of its deadlines or facts, so the
report is incomplete (``aztui check``; ``aztui import`` when one failed during the import)."""
EXIT_BUG = 70
"""An error aztui did not foresee (``EX_SOFTWARE``): a bug, shown in full with ``--debug``."""
EXIT_INTERRUPTED = 130


class AztuiError(Exception):
    """An error a person can cause and fix; ``str()`` is the message, ``exit_status`` what the
    command line returns."""

    exit_status: int = EXIT_BAD_INPUT

    def for_people(self) -> str:
        """The message as printed: one problem a line."""
        return str(self)


class UsageError(AztuiError):
    """A command line that cannot be run as written."""


class Said(str):
    """A reason in English words that also keeps its ``code`` and ``values``: the layers that
    cannot know the reader's language (the readers, the configuration) give it where they
    gave text, and the interface words it again from ``code`` (``aztui.error_words``). As a
    ``str`` it is the English sentence that ``--json``, logs and bug reports keep."""

    __slots__ = ("code", "values")
    code: str
    values: dict[str, object]

    def __new__(cls, text: str, code: str, values: dict[str, object]) -> Said:
        said = super().__new__(cls, text)
        said.code, said.values = code, values
        return said

    def __reduce__(self) -> tuple[object, ...]:
        return (Said, (str(self), self.code, self.values))


def saying(sentences: dict[str, str], code: str, **values: object) -> Said:
    """The reason ``code`` of ``sentences`` (English, ``{fields}`` filled from ``values``)."""
    return Said(sentences[code].format(**values), code, values)
