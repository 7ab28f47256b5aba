"""Logging for the CLI: every record, from aztui or any library, through ``aztui.redact``.

Kept apart from ``aztui.redact`` so that ``aztui --help`` does not import ``logging``.
"""

from __future__ import annotations

import logging
import sys
from typing import TextIO

from aztui.redact import format_exception, redact


class RedactingFilter(logging.Filter):
    """Masks secrets in a log record's message and traceback before any handler formats it."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(record.getMessage())
        record.args = None
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = format_exception(record.exc_info[1])
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


class _StderrHandler(logging.StreamHandler[TextIO]):
    """Writes to the ``sys.stderr`` of the moment (tests and the TUI swap it)."""

    @property
    def stream(self) -> TextIO:
        return sys.stderr

    @stream.setter
    def stream(self, _value: object) -> None:
        pass


_installed: logging.Handler | None = None
_level_before = logging.WARNING


def install_logging(debug: bool = False) -> logging.Handler:
    """Every log record, from aztui or a library, to stderr through ``RedactingFilter``.

    Without a handler, Python's last-resort handler would print warnings unfiltered.
    """
    global _installed, _level_before
    root = logging.getLogger()
    if _installed is not None:
        root.removeHandler(_installed)
    else:
        _level_before = root.level
    handler = _StderrHandler()
    handler.addFilter(RedactingFilter())
    handler.setFormatter(logging.Formatter("aztui: %(name)s: %(levelname)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(logging.DEBUG if debug else logging.WARNING)
    _installed = handler
    return handler


def uninstall_logging() -> None:
    """Take ``install_logging``'s handler away (for aztui run as a library, and tests)."""
    global _installed
    if _installed is not None:
        logging.getLogger().removeHandler(_installed)
        logging.getLogger().setLevel(_level_before)
        _installed = None
