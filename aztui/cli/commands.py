"""What each ``aztui`` sub-command does; ``main.py`` parses, this module acts."""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs

import aztui.cli.words as words
from aztui.cli.common import RECORD_TYPES, Console, parse_now, print_json
from aztui.cli.plugins import FaultTeller
from aztui.config import Config, load_config, show_config, write_starter
from aztui.domain.faults import DERIVATION_KINDS
from aztui.errors import EXIT_BAD_INPUT, EXIT_DEGRADED, EXIT_OK, AztuiError, UsageError
from aztui.files import open_private, printable
from aztui.i18n import number, t, zoned_instant
from aztui.redact import redact
from aztui.report import CheckReport
from aztui.service import Service
from aztui.store.protocol import StoreError

if TYPE_CHECKING:
    from aztui.ingest.amazon import MarketplaceTaken
    from aztui.mail.tally import MailCount


def _service(
    args: argparse.Namespace, teller: FaultTeller | None = None, *, creates: bool = False
) -> Service:
    """The service on the configured store; each plugin fault it meets is told on stderr.

    Only a command that brings data (``creates``: import, sync) may create a SQLite store: any
    other would open an empty one at a mistyped path and report nothing due, hiding every
    deadline of the real store."""
    config = _config(args)
    service = Service(config)
    service.refuse_secrets_in_options()  # a configuration error is told before a missing store
    if not creates and _no_store_at(config.database):
        raise StoreError(t("cli_no_store", config.language, db=printable(config.database)))
    (teller or FaultTeller()).watch(service.host, config.language)
    return service


def _language(args: argparse.Namespace) -> str:
    """The configured language; French, amazon.fr's, when the configuration cannot be read."""
    try:
        return _config(args).language
    except AztuiError:
        return "fr"


def _config(args: argparse.Namespace, db: str | None = None) -> Config:
    overrides = {}
    if db or args.db:
        overrides["db"] = db or args.db
    return load_config(config_path=args.config, cli_overrides=overrides)


async def cmd_import(args: argparse.Namespace) -> int:
    if not args.files and not args.inbox:
        raise UsageError(t("cli_import_needs_files", _language(args)))
    missing = [printable(p) for p in args.files if not p.is_file()]
    if missing:
        raise UsageError(t("cli_no_such_file", _language(args), files=", ".join(missing)))
    from aztui.cli.progress import FileProgress

    out, err = Console(highlight=False), Console(stderr=True, highlight=False)
    teller = FaultTeller(lambda line: err.print(line, markup=False, soft_wrap=True))
    async with _service(args, teller, creates=True) as service:
        lang = service.config.language
        for path in args.files:
            shown = printable(path)

            def tell(what: MarketplaceTaken | MailCount, shown: str = shown) -> None:
                out.print(words.about(shown, words.said(what, lang), lang), markup=False)

            with FileProgress(err, shown, args.progress) as progress:
                written, problems = await service.import_file(
                    path,
                    kind=args.kind,
                    skip_invalid=args.skip_invalid,
                    marketplace=args.marketplace,
                    tell=tell,
                    progress=progress if args.progress != "never" else None,
                )
            for record_type, count in written.written.items():
                said = words.imported(record_type, count, lang)
                out.print(words.about(shown, said, lang), markup=False)
            if not written.written:
                out.print(words.about(shown, t("cli_no_records", lang), lang), markup=False)
            if problems:
                said = t("cli_skipped", lang, n=len(problems))
                err.print(words.about(shown, said, lang), markup=False)
                for problem in problems:
                    err.print(f"  {words.problem(problem, lang)}", markup=False)
        outcomes = await service.import_inbox() if args.inbox else []
    for outcome in outcomes:
        where = f" → {printable(outcome.moved_to)}" if outcome.moved_to else ""
        line = words.inbox(printable(outcome.name), outcome.status, outcome.detail, lang) + where
        (err if outcome.status in ("failed", "kept") else out).print(line, markup=False)
    if any(o.status in ("failed", "kept") for o in outcomes):
        return EXIT_BAD_INPUT
    return EXIT_DEGRADED if teller.degraded else EXIT_OK


async def cmd_check(args: argparse.Namespace) -> int:
    now = parse_now(args.now)
    teller = FaultTeller()
    cannot_send: dict[str, str] = {}
    async with _service(args, teller) as service:
        report = await service.check(now, include_done=args.all)
        if args.notify:
            cannot_send = await _notify(service, now)
    if args.json:
        print_json(report.to_json())
    else:
        report.render(Console(), show_all=args.all)
    for fault in report.plugin_faults:  # those the store keeps, met by another aztui
        teller(fault)
    if not cannot_send:
        return report.exit_code()
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    lang = service.config.language
    for name, why in cannot_send.items():  # last: what a cron mail's reader must act on
        said = t("cli_channel_cannot_send", lang, name=name, why=words.reason(why, lang))
        err.print(redact(said), markup=False)
    return EXIT_DEGRADED


async def _notify(service: Service, now: datetime) -> dict[str, str]:
    """``check --notify``: one pass of ``aztui watch`` at ``now``; the channels that could not
    send, with why."""
    from aztui.cli.watch import Watcher

    err = Console(stderr=True, highlight=False, soft_wrap=True)
    watcher = Watcher(
        service.config, service, lambda line: err.print(line, markup=False), clock=lambda: now
    )
    await watcher.one_pass()
    return watcher.cannot_send()


async def cmd_watch(args: argparse.Namespace) -> int:
    """Until SIGTERM/SIGINT (or one pass with --once); one line per action on stderr."""
    import signal

    from aztui.cli.watch import Watcher

    err = Console(stderr=True, highlight=False, soft_wrap=True)

    def log(line: str) -> None:
        stamp = datetime.now(UTC).isoformat(timespec="seconds")
        err.print(f"{stamp} {redact(line)}", markup=False)

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    inbox = _config(args).inbox is not None  # files dropped there bring the data
    async with _service(args, FaultTeller(log, at_once=True), creates=inbox) as service:
        log(f"watching {service.config.database}")
        watcher = Watcher(service.config, service, log)
        if args.once:
            await watcher.one_pass(stop)
        else:
            await watcher.run(stop)
    return EXIT_OK


async def cmd_snooze(args: argparse.Namespace) -> int:
    match = re.fullmatch(r"(\d+)\s*([mhd])", args.duration.strip().lower())
    if match is None:
        raise UsageError(t("cli_bad_duration", _language(args), given=repr(args.duration)))
    amount, unit = int(match.group(1)), match.group(2)
    unit_name = {"m": "minutes", "h": "hours", "d": "days"}[unit]
    until = datetime.now(UTC) + timedelta(**{unit_name: amount})
    async with _service(args) as service:
        await service.store.snooze(args.subject, until)
        lang, zone = service.config.language, service.config.timezone
    said = t("cli_snoozed", lang, until=zoned_instant(until, zone, lang))
    print(words.about(args.subject, said, lang))
    return EXIT_OK


async def cmd_export(args: argparse.Namespace) -> int:
    if (
        args.format == "csv"
        and args.type is None
        and (args.output is None or not args.output.is_dir())
    ):
        raise UsageError(t("cli_csv_needs_type", _language(args)))
    suffix = "jsonl" if args.format == "jsonl" else "csv"
    if args.output is not None and args.output.is_dir():
        types = [args.type] if args.type else list(RECORD_TYPES)
        targets = [(args.output / f"{kind}s.{suffix}", kind) for kind in types]
    else:
        targets = [(args.output, args.type)]
    async with _service(args) as service:
        for path, record_type in targets:
            if path is None:
                await service.export(args.format, sys.stdout, record_type)
                continue
            stream = await asyncio.to_thread(open_private, path, "w", newline="")
            with stream:
                await service.export(args.format, stream, record_type)
    return EXIT_OK


def demo_store_path() -> Path:
    return Path(platformdirs.user_data_dir("aztui")) / "demo.db"


def cmd_demo(args: argparse.Namespace) -> int:
    """Build a fresh demo store dated around now, then open the terminal app on it (or print
    the check report when asked, or when the output is not a terminal)."""
    path = Path(args.db) if args.db else demo_store_path()
    report = asyncio.run(_build_demo(args, path))
    if not (args.json or args.report) and sys.stdout.isatty() and args.now is None:
        from aztui.tui.app import run_app

        run_app(_config(args, db=str(path)))
        return EXIT_OK
    if args.json:
        print_json(report.to_json())
    else:
        console = Console()
        report.render(console)
        said = t("cli_demo_store", report.language, path=path)
        console.print(said, style="dim", markup=False, highlight=False)
    return EXIT_OK


def cmd_tui(args: argparse.Namespace) -> int:
    from aztui.tui.app import run_app

    run_app(_config(args))
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    """The terminal app in a browser: each browser tab runs ``aztui tui`` on the same store."""
    from aztui.cli.serve import serve

    return serve(_config(args), args.host, args.port, args.config)


async def _build_demo(args: argparse.Namespace, path: Path) -> CheckReport:
    from aztui.demo import demo_records

    now = parse_now(args.now)
    for suffix in ("", "-wal", "-shm"):
        await asyncio.to_thread(Path(f"{path}{suffix}").unlink, missing_ok=True)
    service = Service(_config(args, db=str(path)))
    FaultTeller().watch(service.host, service.config.language)
    async with service:
        await service.write(demo_records(now, seed=args.seed), source="demo")
        return await service.check(now)


async def cmd_sync(args: argparse.Namespace) -> int:
    out, err = Console(highlight=False), Console(stderr=True, highlight=False)
    async with _service(args, creates=True) as service:
        outcomes = await service.sync(args.names)
    if not outcomes:
        out.print(t("cli_no_source", service.config.language), markup=False)
    for outcome in outcomes:
        failed = outcome.status in ("failed", "unknown")
        (err if failed else out).print(
            redact(f"{outcome.name}: {outcome.status}: {outcome.detail}"), markup=False
        )
    return EXIT_BAD_INPUT if any(o.status in ("failed", "unknown") for o in outcomes) else EXIT_OK


async def cmd_track(args: argparse.Namespace) -> int:
    """One line per carrier; exit 2 when a carrier failed or a named one is unknown."""
    out, err = Console(highlight=False), Console(stderr=True, highlight=False)
    async with _service(args) as service:
        runs, unmatched = await service.track(
            datetime.now(UTC), args.names, every_parcel=args.every_parcel
        )
        lang = service.config.language
    unknown = set(args.names) - {r.name for r in runs}
    for name in sorted(unknown):
        err.print(words.about(name, t("cli_no_such_carrier", lang), lang), markup=False)
    for run in runs:
        failed = run.status in ("degraded", "unavailable")
        (err if failed else out).print(words.tracked(run, lang), markup=False)
    if unmatched:
        out.print(t("cli_unmatched", lang, n=unmatched), markup=False)
    return (
        EXIT_BAD_INPUT
        if unknown or any(r.status in ("degraded", "unavailable") for r in runs)
        else EXIT_OK
    )


async def cmd_rederive(args: argparse.Namespace) -> int:
    """The whole store derived again; a summary on stdout, each failure on stderr."""
    teller = FaultTeller()
    async with _service(args, teller) as service:
        derived = await service.rederive()
        engine, lang = service.engine, service.config.language
        met = service.host.faults.values()
        failed = {f.key for f in met if f.kind in DERIVATION_KINDS}
    print(
        t(
            "cli_rederived",
            lang,
            n=number(derived, lang),
            rules=len(engine.rules),
            metrics=len(engine.metrics),
            failed=len(failed),
        )
    )
    return EXIT_DEGRADED if teller.degraded else EXIT_OK


async def cmd_plugins(args: argparse.Namespace) -> int:
    """The plugins and their faults, then the carriers and channels (``aztui.cli.plugins``)."""
    from aztui.cli.plugins import show_plugins

    service = Service(_config(args))
    url = service.config.database
    verbose = args.verbose or os.environ.get("AZTUI_DEBUG", "") not in ("", "0")
    await show_plugins(
        service, store_exists=not _no_store_at(url), as_json=args.json, verbose=verbose
    )
    return EXIT_OK


def cmd_config(args: argparse.Namespace) -> int:
    if args.config_command == "init":
        write_starter(args.path, force=args.force)
        print(t("cli_wrote", _language(args), path=args.path))
        return EXIT_OK
    config = _config(args)
    Service(config).refuse_secrets_in_options()  # as every command on the store does
    print(show_config(config, with_origin=args.origin))
    return EXIT_OK


async def cmd_migrate(args: argparse.Namespace) -> int:
    """Copy a whole store into another (SQLite ⇄ PostgreSQL), counts checked."""
    import time

    from aztui.store.move import held, move
    from aztui.store.sql import SQLStore

    config = _config(args)
    source_url = args.source or config.database
    if _no_store_at(source_url):
        raise UsageError(t("cli_no_store_there", config.language, url=source_url))
    if source_url == args.target:
        raise UsageError(t("cli_same_store", config.language))
    service = Service(config)
    FaultTeller().watch(service.host, config.language)
    source = await service.open_store(source_url)
    try:
        target = await service.open_store(args.target)
    except Exception:
        await source.close()
        raise
    err = Console(stderr=True, highlight=False)
    try:
        if not isinstance(source, SQLStore):
            raise UsageError(t("cli_cannot_move", config.language, side="--from", url=source.url))
        if not isinstance(target, SQLStore):
            raise UsageError(t("cli_cannot_move", config.language, side="--to", url=target.url))
        if not any((await held(source)).values()):
            raise UsageError(t("cli_empty_store", config.language, url=source.url))
        start = time.perf_counter()
        lang = config.language
        copied = await move(
            source,
            target,
            replace=args.replace,
            progress=lambda table, rows: err.print(
                "  " + words.about(table, t("cli_rows", lang, n=number(rows, lang)), lang)
            ),
        )
        elapsed = time.perf_counter() - start
    finally:
        await source.close()
        await target.close()
    said = t(
        "cli_migrated",
        lang,
        rows=number(sum(copied.values()), lang),
        tables=len(copied),
        source=source.url,
        target=target.url,
        seconds=number(round(elapsed, 1), lang),
    )
    print(said)
    return EXIT_OK


def _no_store_at(url: str) -> bool:
    """A SQLite file that does not exist (opening it would create an empty store)."""
    from aztui.store.sqlite import sqlite_path

    local = "://" not in url or url.startswith("sqlite://")
    return local and not sqlite_path(url).exists()
