"""Amazon's own downloads (formats.md §1), read as sellers get them from Seller Central or the
SP-API Reports API: all orders, unshipped orders, returns and feedback (tab-separated flat
files; the account-health JSON report is read by ``health``).

``detect`` recognises a report from its header line; ``read_report`` reads it into the same
records as aztui's own files, so the store merges them field by field with everything else.
"""

from __future__ import annotations

from aztui.ingest.amazon.feedback import FEEDBACK
from aztui.ingest.amazon.flatfile import Report, missing_columns, read_flat_file
from aztui.ingest.amazon.orders import ALL_ORDERS, UNSHIPPED_ORDERS
from aztui.ingest.amazon.returns import RETURNS
from aztui.ingest.columns import ParseContext
from aztui.ingest.decode import TextSource
from aztui.ingest.result import ReadResult

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
) -> ReadResult:
    """Every record of an Amazon report, or ``ImportFailed`` listing every problem."""
    return read_flat_file(
        source,
        report,
        ParseContext(marketplace_zone, default_marketplace),
        skip_invalid=skip_invalid,
    )


__all__ = ["AMAZON_KINDS", "REPORTS", "REPORT_BY_KIND", "Report", "detect", "read_report"]
