"""``aztui``'s parser, its help in the seller's language (``cli_help_*``, ``cli_metavar_*``).

The parser is built before the configuration is read: ``--help`` speaks the language read
leniently from the files and the environment (``aztui.cli.language.help_language``), and
loads nothing else (tests/test_architecture.py). The commands and options are English words
themselves; what they do is told in the language, argparse's own headings too.
"""

from __future__ import annotations

import argparse
import re
import sys
from functools import cache, partial
from pathlib import Path
from typing import Any, NoReturn

from aztui import __version__
from aztui.cli.common import RECORD_TYPES
from aztui.domain.marketplaces import MARKETPLACES
from aztui.i18n import WORDS, t

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


ARGPARSE = "argparse"
"""The catalogs' context of argparse's own words: its refusals of a command line, keyed by
its English text (``the following arguments are required: %s``)."""
REFUSALS = (
    "the following arguments are required: %s",
    "unrecognized arguments: %s",
    "argument %(argument_name)s: %(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)",
    "invalid %(type)s value: %(value)r",
    "expected one argument",
    "expected at most one argument",
    "expected at least one argument",
    "ambiguous option: %(option)s could match %(matches)s",
    "not allowed with argument %s",
    "one of the arguments %s is required",
)
"""The refusals of argparse (Python 3.11 to 3.13) aztui words; any other stays argparse's."""
_FIELD = re.compile(r"%(?:\((\w+)\))?[sr]")


@cache
def _pattern(template: str) -> re.Pattern[str]:
    pieces = _FIELD.split(template)
    # split gives text, name (or None), text, …: each field becomes a group, in order
    regex = "".join(re.escape(piece) if i % 2 == 0 else "(.+?)" for i, piece in enumerate(pieces))
    return re.compile(regex, re.DOTALL)


def refusal(message: str, language: str) -> str:
    """argparse's ``message`` in ``language``: matched against its English template, the
    values put back in the words of ``language`` in the same order (an argument's own
    refusal inside ``argument X: …`` worded too)."""
    for template in REFUSALS:
        found = _pattern(template).fullmatch(message)
        words = WORDS.text(template, language, context=ARGPARSE) if found else None
        if found is None or words is None:
            continue
        values = [
            refusal(value, language) if template.endswith("%(message)s") and i == 1 else value
            for i, value in enumerate(found.groups())
        ]
        return _fill(words, values)
    return message


def _fill(words: str, values: list[str]) -> str:
    """``words``' fields replaced by ``values``, in order."""
    given = iter(values)
    return _FIELD.sub(lambda _: next(given, ""), words)


class _Formatter(argparse.HelpFormatter):
    """argparse's layout, with ``usage:`` in the language."""

    def __init__(self, prog: str, *, language: str) -> None:
        super().__init__(prog)
        self.language = language

    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        prefix = t("cli_help_usage", self.language) if prefix is None else prefix
        super().add_usage(usage, actions, groups, prefix)


class Parser(argparse.ArgumentParser):
    """An ``ArgumentParser`` whose own words (headings, ``-h``) are in ``language``; its
    subcommands' parsers are made the same way."""

    def __init__(self, *args: Any, language: str = "en", **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", partial(_Formatter, language=language))
        kwargs["add_help"] = False  # its own -h, worded
        super().__init__(*args, **kwargs)
        self.language = language
        self._positionals.title = t("cli_help_positionals", language)
        self._optionals.title = t("cli_help_options", language)
        self.add_argument(
            "-h",
            "--help",
            action="help",
            help=t("cli_help_help", language),
            default=argparse.SUPPRESS,
        )

    def add_subparsers(self, **kwargs: Any) -> Any:
        kwargs.setdefault("parser_class", partial(Parser, language=self.language))
        return super().add_subparsers(**kwargs)

    def error(self, message: str) -> NoReturn:
        """argparse's refusal, in the language: the usage, then ``aztui: error: …``."""
        self.print_usage(sys.stderr)
        said = refusal(message, self.language)
        self.exit(2, t("cli_help_error", self.language, prog=self.prog, message=said) + "\n")


def port_number(text: str, language: str = "en") -> int:
    """A TCP port a server can listen on: 1 to 65535."""
    try:
        port = int(text)
    except ValueError:
        port = 0
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(t("cli_help_port_not_number", language, text=repr(text)))
    return port


def build_parser(language: str = "en") -> argparse.ArgumentParser:
    def h(key: str, **values: object) -> str:
        return t(f"cli_help_{key}", language, **values)

    def m(key: str) -> str:
        return t(f"cli_metavar_{key}", language)

    parser = Parser(prog="aztui", description=h("aztui"), language=language)
    parser.add_argument(
        "--version", action="version", version=f"aztui {__version__}", help=h("version")
    )
    parser.add_argument("--debug", action="store_true", help=h("debug"))
    parser.add_argument("--db", metavar=m("path_url"), help=h("db"))
    parser.add_argument("--config", metavar=m("file"), type=Path, help=h("config"))
    sub = parser.add_subparsers(dest="command", metavar=m("command"), required=True)

    imp = sub.add_parser("import", help=h("import"), description=h("import_description"))
    imp.add_argument("files", nargs="*", type=Path, metavar=m("file"))
    imp.add_argument("--inbox", action="store_true", help=h("import_inbox"))
    imp.add_argument("--kind", choices=KINDS, help=h("import_kind"))
    imp.add_argument(
        "--marketplace",
        type=str.upper,
        choices=tuple(MARKETPLACES),
        metavar="CODE",
        help=h("import_marketplace", codes=", ".join(MARKETPLACES)),
    )
    imp.add_argument("--skip-invalid", action="store_true", help=h("import_skip_invalid"))
    imp.add_argument(
        "--progress",
        choices=("auto", "always", "never"),
        default="auto",
        help=h("import_progress"),
    )

    check = sub.add_parser("check", help=h("check"), description=h("check_description"))
    check.add_argument("--now", metavar="ISO", help=h("check_now"))
    check.add_argument("--json", action="store_true", help=h("check_json"))
    check.add_argument("--all", action="store_true", help=h("check_all"))
    check.add_argument("--notify", action="store_true", help=h("check_notify"))

    watch = sub.add_parser("watch", help=h("watch"), description=h("watch_description"))
    watch.add_argument("--once", action="store_true", help=h("watch_once"))

    snooze = sub.add_parser("snooze", help=h("snooze"), description=h("snooze_description"))
    snooze.add_argument("subject", help=h("snooze_subject"))
    snooze.add_argument("--for", dest="duration", default="4h", help=h("snooze_for"))

    export = sub.add_parser("export", help=h("export"))
    export.add_argument(
        "--format", choices=("jsonl", "csv"), default="jsonl", help=h("export_format")
    )
    export.add_argument("--type", choices=RECORD_TYPES, help=h("export_type"))
    export.add_argument("--output", "-o", type=Path, metavar=m("path"), help=h("export_output"))

    demo = sub.add_parser("demo", help=h("demo"))
    demo.add_argument("--now", metavar="ISO", help=h("demo_now"))
    demo.add_argument("--seed", type=int, default=7, help=h("demo_seed"))
    demo.add_argument("--json", action="store_true", help=h("demo_json"))
    demo.add_argument("--report", action="store_true", help=h("demo_report"))

    sub.add_parser("tui", help=h("tui"), description=h("tui_description"))

    serve = sub.add_parser("serve", help=h("serve"), description=h("serve_description"))
    serve.add_argument("--host", default="127.0.0.1", help=h("serve_host"))
    serve.add_argument(
        "--port",
        type=partial(port_number, language=language),
        default=8000,
        help=h("serve_port"),
    )

    sync = sub.add_parser("sync", help=h("sync"), description=h("sync_description"))
    sync.add_argument("names", nargs="*", metavar=m("name"), help=h("sync_names"))

    track = sub.add_parser("track", help=h("track"), description=h("track_description"))
    track.add_argument("names", nargs="*", metavar=m("carrier"), help=h("track_names"))
    track.add_argument("--all", action="store_true", dest="every_parcel", help=h("track_all"))

    sub.add_parser("rederive", help=h("rederive"), description=h("rederive_description"))

    plugins = sub.add_parser("plugins", help=h("plugins"))
    plugins.add_argument("--json", action="store_true", help=h("plugins_json"))
    plugins.add_argument("-v", "--verbose", action="store_true", help=h("plugins_verbose"))

    migrate = sub.add_parser("migrate", help=h("migrate"), description=h("migrate_description"))
    migrate.add_argument("--from", dest="source", metavar=m("path_url"), help=h("migrate_from"))
    migrate.add_argument(
        "--to", dest="target", metavar=m("path_url"), required=True, help=h("migrate_to")
    )
    migrate.add_argument("--replace", action="store_true", help=h("migrate_replace"))

    config = sub.add_parser("config", help=h("config_command"))
    config_sub = config.add_subparsers(dest="config_command", metavar=m("action"), required=True)
    show = config_sub.add_parser("show", help=h("config_show"))
    show.add_argument("--origin", action="store_true", help=h("config_origin"))
    init = config_sub.add_parser("init", help=h("config_init"))
    init.add_argument(
        "path", nargs="?", type=Path, default=Path("aztui.toml"), help=h("config_path")
    )
    init.add_argument("--force", action="store_true", help=h("config_force"))
    return parser
