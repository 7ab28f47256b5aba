"""What every command shares: reading ``--now``, writing JSON, printing an error."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from aztui.errors import AztuiError, UsageError, saying
from aztui.redact import redact

if TYPE_CHECKING:
    from rich.console import Console as RichConsole

REASONS = {
    "cli_bad_now": "--now: {given} is not an ISO 8601 instant (e.g. 2026-11-26T09:00:00Z)",
}
"""The command line's own refusals made before the language is known, in English
(``problem_<code>`` words them where the error is printed)."""

RECORD_TYPES = ("order", "shipment", "return", "claim", "message", "feedback", "chargeback")


def parse_now(text: str | None) -> datetime:
    """``--now``: an ISO 8601 instant (UTC when it has no offset); the wall clock otherwise."""
    if text is None:
        return datetime.now(UTC)
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise UsageError(saying(REASONS, "cli_bad_now", given=repr(text))) from None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def Console(**options: Any) -> RichConsole:
    """A rich console, imported when a command first prints (``--json`` never does)."""
    from rich.console import Console as RichConsole

    return RichConsole(**options)


def print_error(message: str) -> None:
    """One message on stderr, as written (no markup, no highlighting), secrets masked."""
    Console(stderr=True, highlight=False, soft_wrap=True).print(redact(message), markup=False)


def report_error(exc: AztuiError, language: str = "en") -> int:
    """The one place a person's error is printed, in ``language``; returns its exit status."""
    from aztui.error_words import worded

    print_error(f"aztui: {worded(exc, language)}")
    return exc.exit_status
