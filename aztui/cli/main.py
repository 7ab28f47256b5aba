"""``aztui …``: ``main``, which runs a command and prints what went wrong (the parser is
``aztui.cli.parser``).

Exit status: 0 fine, 1 something overdue or in breach (``check``), 2 bad usage or input
(``aztui.errors``), 3 a rule or metric plugin degraded (``check``, ``import``), 70 a bug (its
traceback with ``--debug`` or ``AZTUI_DEBUG=1``), 141 the reader of standard output went away
(``aztui.cli.pipe``).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Coroutine
from typing import Any

from aztui.cli.common import print_error, report_error
from aztui.cli.language import help_language
from aztui.cli.parser import build_parser
from aztui.cli.pipe import end_quietly, stdout_closed
from aztui.cli.plugin_commands import prepare
from aztui.errors import EXIT_BUG, EXIT_INTERRUPTED, AztuiError
from aztui.redact import format_exception


def main(argv: list[str] | None = None) -> int:
    words = sys.argv[1:] if argv is None else argv
    language = help_language(words)
    parser = build_parser(language)
    plugin_command = prepare(parser, words, language)  # a plugin's, when argv names one
    args = parser.parse_args(argv)
    debug = args.debug or os.environ.get("AZTUI_DEBUG", "") not in ("", "0")
    # aztui uses no pydantic plugin; looking for them reads every installed package's metadata
    # when the first model is built. Set the variable to an empty value to let them load.
    if argv is None:  # a process of its own (aztui as a library leaves the environment alone)
        os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    from aztui.logs import install_logging

    install_logging(debug)
    from aztui.cli import commands  # keeps --help fast

    handler: Callable[[argparse.Namespace], Coroutine[Any, Any, int] | int] = (
        plugin_command or getattr(commands, f"cmd_{args.command}")
    )
    try:
        outcome = handler(args)
        if isinstance(outcome, Coroutine):
            import asyncio

            outcome = asyncio.run(outcome)
        sys.stdout.flush()  # a closed pipe shows here, not in a message at exit
        return int(outcome)
    except SystemExit as exc:
        if stdout_closed(exc):
            return end_quietly()
        raise
    except KeyboardInterrupt:
        print_error("interrupted")
        return EXIT_INTERRUPTED
    except AztuiError as exc:
        if debug:
            sys.stderr.write(format_exception(exc))
        from aztui.cli.language import error_language

        return report_error(exc, error_language(args))
    except Exception as exc:  # noqa: BLE001 - any bug ends in one line (or its traceback)
        if stdout_closed(exc):
            return end_quietly()
        if debug:
            sys.stderr.write(format_exception(exc))
            return EXIT_BUG
        print_error(
            f"aztui: unexpected error ({type(exc).__name__}: {exc}); this is a bug. "
            "Run again with --debug (or AZTUI_DEBUG=1) for the traceback."
        )
        return EXIT_BUG
    finally:  # the plugins that failed during the command, after what it said
        from aztui.cli.plugins import flush_tellers

        flush_tellers(debug)
