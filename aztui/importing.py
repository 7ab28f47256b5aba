"""What ``aztui import`` does between the readers and the store (used by the service): the
marketplace a file is read as, the bulk path for a large file of new orders, the marketplace
the store already holds kept, a conflict located in the file, all in one transaction."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aztui.domain.marketplaces import MARKETPLACES
from aztui.errors import UsageError
from aztui.store.protocol import RecordConflict, Store, WriteResult

if TYPE_CHECKING:
    from aztui.config import Config
    from aztui.domain.bulk_rules import RecordColumns
    from aztui.domain.policy import Policy
    from aztui.ingest.amazon import MarketplaceTaken
    from aztui.ingest.errors import ImportFailed, ImportProblem
    from aztui.ingest.progress import Progress
    from aztui.mail.tally import MailCount

BULK_MIN_BYTES = 4_000_000
"""From this size (about 35,000 orders), a file of new orders into an empty store takes the
bulk path."""
MERGE_MIN_BYTES = 256_000
"""From this size (about 2,000 orders), a file read on columns is merged set-based into what
the store holds (``aztui.store.sql_merge``); a smaller one goes row by row, which is faster
there (``bench/daily.py``: 200 lines take 2 to 3.5 times as long set-based, and polars'
import)."""
MAIL_BATCH = 200
"""E-mails of an mbox handed to the readers at a time (``aztui.mail.batch``)."""


async def import_file(
    store: Store,
    config: Config,
    policy: Policy,
    path: Path,
    *,
    kind: str | None = None,
    skip_invalid: bool = False,
    marketplace: str | None = None,
    tell: Callable[[MarketplaceTaken | MailCount], None] | None = None,
    progress: Progress | None = None,
) -> tuple[WriteResult, list[ImportProblem]]:
    """Read a file whole, then write it in one transaction: all or nothing.

    What the file does not say is read as its marketplace writes it (zone, date order,
    decimal separator): ``marketplace`` (``--marketplace``), else the configured one. A
    report that never names its marketplace (unshipped orders, feedback) says through
    ``tell`` which one its records took, and never overwrites one the store holds. A large
    file of new orders into an empty store takes the bulk path (read and derived on
    columns); another large file the columnar reader reads is merged set-based
    (``Store.merge_load``); anything else, and any file with a problem, goes row by row.
    ``progress`` is told how far the reading is.
    """
    from aztui.ingest import read_file
    from aztui.ingest.amazon import keep_stored, marketplace_taken

    code = marketplace or config.marketplace
    if code not in MARKETPLACES:
        raise UsageError(f"unknown marketplace {code!r}: one of {', '.join(MARKETPLACES)}")
    zone = policy.timezone if code == config.marketplace else MARKETPLACES[code].timezone
    from aztui.mail.files import is_mail_file

    if is_mail_file(path):
        return await import_mail(store, config, path, zone, tell)
    written = await _bulk_import(store, path, kind, code, zone, progress)
    if written is not None:
        return written, []
    now = datetime.now(UTC)
    result = read_file(
        path,
        kind=kind,
        marketplace_zone=zone,
        default_marketplace=code,
        skip_invalid=skip_invalid,
        now=now,
        progress=progress,
        stream=True,
    )
    if result.batches is not None:  # too large to hold: written as it is read again
        try:
            written = await store.write_batches(result.batches, source=result.file)
        except RecordConflict as exc:
            raise _located(exc, path, result.batches.line_of) from exc
        return written, list(result.problems)
    origin = "--marketplace" if marketplace else "the configuration"
    taken = marketplace_taken(result.kind, code, origin)
    if taken is not None:  # an order's marketplace the store holds is never overwritten
        ids = [getattr(r, "order_id", "") for r in result.records if r.record_type == "order"]
        held = await store.bundles(ids)
        result.records, taken = keep_stored(result.records, held, taken)
        if tell is not None:
            tell(taken)
    if result.figures:
        new = await store.write_amazon_figures(result.figures, now)
        return WriteResult({"amazon_figure": new}), [*result.problems, *result.skipped]
    try:
        written = await store.write(result.records, source=result.file)
    except RecordConflict as exc:
        raise _located(exc, path, result.line_of) from exc
    return written, list(result.problems)


def _located(
    conflict: RecordConflict, path: Path, line_of: Callable[[str, tuple[Any, ...]], int | None]
) -> ImportFailed:
    """A conflict with what the store holds, told at the lines of the file."""
    from aztui.ingest.errors import ImportFailed, ImportProblem

    return ImportFailed(
        [
            ImportProblem(str(path), line_of(rtype, key), fld, "/".join(key), reason)
            for rtype, key, fld, reason in conflict.problems
        ]
    )


async def _bulk_import(
    store: Store,
    path: Path,
    kind: str | None,
    marketplace: str,
    zone: str,
    progress: Progress | None = None,
) -> WriteResult | None:
    """A file read on columns: into an empty store by the bulk path, else merged set-based
    (``Store.merge_load``); ``None`` when it must be read row by row."""
    size = (await asyncio.to_thread(path.stat)).st_size

    def read(types: frozenset[str], min_bytes: int) -> RecordColumns | None:
        if size < min_bytes // 20:  # gzip packs ~20:1
            return None
        from aztui.ingest.bulk_csv import read_columns

        return read_columns(
            path,
            kind=kind,
            marketplace_zone=zone,
            default_marketplace=marketplace,
            record_types=types,
            progress=progress,
            min_bytes=min_bytes,
        )

    if (types := await store.bulk_types()) and (columns := read(types, BULK_MIN_BYTES)):
        return await store.bulk_load(columns)
    if (types := await store.merge_types()) and (columns := read(types, MERGE_MIN_BYTES)):
        return await store.merge_load(columns)
    return None


async def import_mail(
    store: Store,
    config: Config,
    path: Path,
    zone: str,
    tell: Callable[[MailCount], None] | None = None,
) -> tuple[WriteResult, list[ImportProblem]]:
    """Amazon's e-mails in an ``.eml`` or mbox file, through ``aztui.mail.read_mail``: what
    they say in one transaction; each one refused, unrecognised or ignored told by its place
    in the file and why (never its subject, body or sender's name). How many were recorded,
    refused and unrecognised is told through ``tell`` and added to the store's tally
    (``aztui.mail.tally``), as a source's are."""
    from aztui.ingest.errors import ImportProblem
    from aztui.mail import RECORDED, MailReading
    from aztui.mail.batch import BatchReader
    from aztui.mail.files import messages
    from aztui.mail.reasons import told
    from aztui.mail.tally import IMPORT, MailCount, tally_up
    from aztui.mail.write import write_readings
    from aztui.sources.sync import mail_settings

    settings = mail_settings(config)
    raws = await asyncio.to_thread(lambda: list(messages(path)))
    readings: list[MailReading] = []
    async with BatchReader(settings=settings, zone=zone, dns=None, expected=len(raws)) as reader:
        for start in range(0, len(raws), MAIL_BATCH):
            readings += await reader.submit(raws[start : start + MAIL_BATCH], "inbox")
        readings += await reader.drain()
    problems: list[ImportProblem] = []
    for number, reading in enumerate(readings, 1):
        if reading.outcome != RECORDED:
            said = told(reading.outcome, reading.reason, reading.fingerprint)
            problems.append(ImportProblem(str(path), number, None, None, said))
    written = await write_readings(store, readings, source=str(path))
    count = MailCount.of(readings)
    if count:
        await tally_up(store, IMPORT, count, datetime.now(UTC))
        if tell is not None:
            tell(count)
    return written, problems
