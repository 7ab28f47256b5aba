"""Amazon's own downloads (formats.md §1), read as sellers get them from Seller Central or the
SP-API Reports API: all orders, unshipped orders, returns and feedback (tab-separated flat
files; the account-health JSON report is read by ``health``).

``detect`` recognises a report from its header line; ``read_report`` reads it into the same
records as aztui's own files, so the store merges them field by field with everything else.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass

from aztui.domain.model import Order, OrderBundle, Record
from aztui.ingest.amazon.feedback import FEEDBACK
from aztui.ingest.amazon.flatfile import Report, missing_columns, read_flat_file
from aztui.ingest.amazon.orders import ALL_ORDERS, UNSHIPPED_ORDERS
from aztui.ingest.amazon.returns import RETURNS
from aztui.ingest.columns import ParseContext
from aztui.ingest.decode import TextSource
from aztui.ingest.result import Handover, ReadResult

REPORTS: tuple[Report, ...] = (ALL_ORDERS, UNSHIPPED_ORDERS, RETURNS, FEEDBACK)
REPORT_BY_KIND: dict[str, Report] = {r.kind: r for r in REPORTS}
AMAZON_KINDS: tuple[str, ...] = tuple(REPORT_BY_KIND)


def detect(header_line: str, file: str) -> Report | None:
    """The report whose header this is; None when it is no Amazon flat file. A tab-separated
    header that looks like a report but lacks one of its columns raises ``ImportFailed``
    naming the missing columns."""
    if "\t" not in header_line:
        return None
    names = header_line.split("\t")
    for report in REPORTS:
        if report.positions(names) is not None:
            return report
    for report in REPORTS:
        if report.signed(names):
            raise missing_columns(report, names, file, 1)
    return None


def read_report(
    source: TextSource,
    report: Report,
    *,
    marketplace_zone: str,
    default_marketplace: str | None,
    skip_invalid: bool = False,
    keep: int | None = None,
    handover: Handover | None = None,
) -> ReadResult:
    """Every record of an Amazon report, or ``ImportFailed`` listing every problem; ``keep``
    and ``handover``: see ``result.Collector``."""
    return read_flat_file(
        source,
        report,
        ParseContext(marketplace_zone, default_marketplace),
        skip_invalid=skip_invalid,
        keep=keep,
        handover=handover,
    )


@dataclass(frozen=True, slots=True)
class MarketplaceTaken:
    """The marketplace a file's records took because nothing in the file says it."""

    report: str
    code: str
    origin: str
    """Where the code came from: ``--marketplace`` or ``the configuration``."""
    kept: int = 0
    """Orders that keep the marketplace the store already holds for them."""

    def __str__(self) -> str:
        told = f"{self.report} report: marketplace {self.code} (from {self.origin})"
        if self.kept:
            told += f"; {self.kept} order(s) keep the marketplace the store already holds"
        return told


def marketplace_taken(kind: str | None, code: str, origin: str) -> MarketplaceTaken | None:
    """What to tell of a file of ``kind`` read with the marketplace ``code``: something only
    for a report whose files never say their marketplace (unshipped orders, feedback)."""
    report = REPORT_BY_KIND.get(kind or "")
    if report is None or report.states_marketplace:
        return None
    return MarketplaceTaken(report.name, code, origin)


def keep_stored(
    records: list[Record], held: Mapping[str, OrderBundle], taken: MarketplaceTaken
) -> tuple[list[Record], MarketplaceTaken]:
    """``records`` read with the ``taken`` marketplace, less that marketplace on each order
    whose marketplace the store holds already (``held``: the stored bundles by order id),
    from a report that names it (all orders) or an earlier import; ``taken`` counting the
    orders that keep another marketplace than the taken one."""
    kept = 0
    out: list[Record] = []
    for record in records:
        bundle = held.get(record.order_id) if isinstance(record, Order) else None
        stored = bundle.order.marketplace if bundle and bundle.order else None
        if isinstance(record, Order) and stored:
            kept += stored != record.marketplace
            record = dataclasses.replace(record, marketplace=None)
        out.append(record)
    return out, dataclasses.replace(taken, kept=kept)


__all__ = [
    "AMAZON_KINDS",
    "REPORTS",
    "REPORT_BY_KIND",
    "MarketplaceTaken",
    "Report",
    "detect",
    "keep_stored",
    "marketplace_taken",
    "read_report",
]
