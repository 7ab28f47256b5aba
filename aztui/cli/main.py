"""``aztui …``: the parser, and ``main``, which runs a command and prints what went wrong.

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
from pathlib import Path
from typing import Any

from aztui import __version__
from aztui.cli.common import RECORD_TYPES, print_error, report_error
from aztui.cli.pipe import end_quietly, stdout_closed
from aztui.domain.marketplaces import MARKETPLACES
from aztui.errors import EXIT_BUG, EXIT_INTERRUPTED, AztuiError
from aztui.redact import format_exception

KINDS = (
    "orders",
    "shipments",
    "returns",
    "claims",
    "messages",
    "feedback",
    "chargebacks",
    "amazon-all-orders",
    "amazon-unshipped-orders",
    "amazon-returns",
    "amazon-feedback",
    "amazon-account-health",
)
"""aztui's own kinds, then Amazon's reports (``aztui.ingest.KINDS``, kept light here)."""


def port_number(text: str) -> int:
    """A TCP port a server can listen on: 1 to 65535."""
    try:
        port = int(text)
    except ValueError:
        port = 0
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number (1 to 65535)")
    return port


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="aztui",
        description="A-to-z Guarantee deadlines and seller metrics, before Amazon acts on them.",
    )
    parser.add_argument("--version", action="version", version=f"aztui {__version__}")
    parser.add_argument(
        "--debug",
        action="store_true",
        help="on an error, show its traceback (also AZTUI_DEBUG=1)",
    )
    parser.add_argument(
        "--db",
        metavar="PATH|URL",
        help="the store: a SQLite file path, or a URL such as sqlite:///path or "
        "postgresql://user@host/db",
    )
    parser.add_argument(
        "--config",
        metavar="FILE",
        type=Path,
        help="the team configuration file (default: the nearest aztui.toml)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    imp = sub.add_parser(
        "import",
        help="import Amazon downloads, aztui CSV or JSON Lines",
        description="Import files into the store. Each file is all or nothing "
        "unless --skip-invalid; importing the same file twice changes nothing.",
    )
    imp.add_argument("files", nargs="*", type=Path, metavar="FILE")
    imp.add_argument(
        "--inbox",
        action="store_true",
        help="also import every new file of the inbox folder (aztui.toml: inbox); "
        "each goes to done/ or failed/ with a .error.txt",
    )
    imp.add_argument("--kind", choices=KINDS, help="force the kind instead of detecting it")
    imp.add_argument(
        "--marketplace",
        type=str.upper,
        choices=tuple(MARKETPLACES),
        metavar="CODE",
        help="the files' marketplace where they do not say (unshipped orders, feedback "
        f"dates): one of {', '.join(MARKETPLACES)}; default: the configured one",
    )
    imp.add_argument(
        "--skip-invalid", action="store_true", help="import the good rows and list the bad ones"
    )
    imp.add_argument(
        "--progress",
        choices=("auto", "always", "never"),
        default="auto",
        help="a progress bar on a terminal (a line per file otherwise) for a file that takes "
        "over a second (auto, the default), from the start (always), or none (never)",
    )

    check = sub.add_parser(
        "check",
        help="deadlines, metrics and risks at a glance",
        description="Exit 0 when nothing is overdue and no metric is in "
        "breach, 1 otherwise, 2 on bad usage.",
    )
    check.add_argument("--now", metavar="ISO", help="evaluate at this instant (default: now)")
    check.add_argument("--json", action="store_true", help="print the JSON of formats.md §4")
    check.add_argument("--all", action="store_true", help="also list met and missed deadlines")
    check.add_argument(
        "--notify",
        action="store_true",
        help="also decide the due alerts and send them through the configured "
        "channels, once (for cron)",
    )

    watch = sub.add_parser(
        "watch",
        help="run headless: inbox, tracking, alerts, until stopped",
        description="Import the inbox, ask the carriers, decide the alerts "
        "and send them, every [alerts] check_seconds, logging one line per "
        "action; SIGTERM or Ctrl+C stops it cleanly (nothing waiting is lost).",
    )
    watch.add_argument("--once", action="store_true", help="one pass, then exit")

    snooze = sub.add_parser(
        "snooze",
        help="no alert about one item for a while",
        description="Hold every alert about an order, claim, return, "
        "message or parcel until the time given.",
    )
    snooze.add_argument("subject", help="the order, claim, return, message or tracking number")
    snooze.add_argument(
        "--for", dest="duration", default="4h", help="how long: 30m, 4h, 2d (default 4h)"
    )

    export = sub.add_parser("export", help="write the store as JSON Lines or CSV")
    export.add_argument("--format", choices=("jsonl", "csv"), default="jsonl")
    export.add_argument(
        "--type",
        choices=RECORD_TYPES,
        help="only this record type (required for csv to standard output)",
    )
    export.add_argument(
        "--output",
        "-o",
        type=Path,
        metavar="PATH",
        help="a file (jsonl, or csv with --type) or a directory (one csv per type)",
    )

    demo = sub.add_parser("demo", help="build a demo store of generated data and show it")
    demo.add_argument("--now", metavar="ISO", help="date the demo data around this instant")
    demo.add_argument("--seed", type=int, default=7)
    demo.add_argument("--json", action="store_true", help="print the check JSON instead")
    demo.add_argument(
        "--report",
        action="store_true",
        help="print the check report instead of opening the terminal app "
        "(the default when the output is not a terminal)",
    )

    sub.add_parser(
        "tui",
        help="the live terminal app on the store",
        description="Open the terminal app: Today (overdue and due within 48 h), "
        "Claims, Returns, Shipments, Messages and Metrics, live. Keys 1-6 switch "
        "panes, Enter opens an order, q quits.",
    )

    serve = sub.add_parser(
        "serve",
        help="serve the terminal app in a web browser",
        description="Serve the same app in a browser (textual-serve). It "
        "has no login: it listens on 127.0.0.1 unless --host says otherwise.",
    )
    serve.add_argument(
        "--host",
        default="127.0.0.1",
        help="the address to listen on (default 127.0.0.1: this machine only)",
    )
    serve.add_argument(
        "--port", type=port_number, default=8000, help="the port to listen on (default 8000)"
    )

    sync = sub.add_parser(
        "sync",
        help="fetch what is new from the sources plugins add",
        description="Ask each [sources.<name>] of the configuration (or "
        "those named) for what is new, and write it like an import.",
    )
    sync.add_argument("names", nargs="*", metavar="NAME", help="only these sources")

    track = sub.add_parser(
        "track",
        help="ask the carriers where the parcels are",
        description="Ask each carrier plugin about the parcels it carries "
        "that are neither delivered nor returned (confirmed in the last 60 "
        "days, not asked in the last 4 hours), and keep what it says.",
    )
    track.add_argument("names", nargs="*", metavar="CARRIER", help="only these carriers")
    track.add_argument(
        "--all",
        action="store_true",
        dest="every_parcel",
        help="also the parcels asked about in the last 4 hours",
    )

    sub.add_parser(
        "rederive",
        help="derive every deadline and metric fact of the store again, now",
        description="Derive the whole store again with the rules and metrics installed now "
        "(aztui does so by itself when they, the policy or a plugin's code changed), and say "
        "how it went: each plugin rule or metric that failed is told on stderr (exit 3).",
    )

    plugins = sub.add_parser(
        "plugins",
        help="list plugins: name, kind, distribution, version, status, error; and their faults",
    )
    plugins.add_argument("--json", action="store_true", help="the same as JSON, for scripts")
    plugins.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="with the traceback of each plugin's last failure (also AZTUI_DEBUG=1)",
    )

    migrate = sub.add_parser(
        "migrate",
        help="copy a whole store into another (SQLite ⇄ PostgreSQL)",
        description="Copy everything a store holds (records, deadlines, metrics' facts, "
        "Amazon's figures, carrier events, the alert outbox, snoozes) into another, in one "
        "transaction that checks every table's count before it commits. Put a PostgreSQL "
        "password in PGPASSWORD or ~/.pgpass rather than on the command line.",
    )
    migrate.add_argument(
        "--from",
        dest="source",
        metavar="PATH|URL",
        help="the store to copy (default: the configured one)",
    )
    migrate.add_argument(
        "--to",
        dest="target",
        metavar="PATH|URL",
        required=True,
        help="the store to copy into: sqlite:///path, a path, or postgresql://user@host/db",
    )
    migrate.add_argument(
        "--replace",
        action="store_true",
        help="empty the target first when it holds anything (refused otherwise)",
    )

    config = sub.add_parser("config", help="show or create the configuration")
    config_sub = config.add_subparsers(dest="config_command", metavar="ACTION", required=True)
    show = config_sub.add_parser("show", help="print the effective configuration")
    show.add_argument("--origin", action="store_true", help="say where each value comes from")
    init = config_sub.add_parser("init", help="write a starter aztui.toml")
    init.add_argument("path", nargs="?", type=Path, default=Path("aztui.toml"))
    init.add_argument("--force", action="store_true", help="overwrite an existing file")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    debug = args.debug or os.environ.get("AZTUI_DEBUG", "") not in ("", "0")
    # aztui uses no pydantic plugin; looking for them reads every installed package's metadata
    # when the first model is built. Set the variable to an empty value to let them load.
    if argv is None:  # a process of its own (aztui as a library leaves the environment alone)
        os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    from aztui.logs import install_logging

    install_logging(debug)
    from aztui.cli import commands  # keeps --help fast

    handler: Callable[[argparse.Namespace], Coroutine[Any, Any, int] | int] = getattr(
        commands, f"cmd_{args.command}"
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
