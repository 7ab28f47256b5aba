"""The returns report: one row per return request, and the only claim signal Amazon reports.

A row becomes a ``ReturnRequest`` keyed by Amazon's RMA id. ``A-to-Z Claim`` = ``Y`` also
records a stand-in claim, ``returns-report:<order id>`` (docs/rules.md §2):
it counts in the order defect rate as undecided, the worst case, until the seller records
the real claim (its id, dates and decision), which then takes its place.

Dates come as ISO 8601 or as Amazon writes them in this report, ``10-Jul-2025``.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time

from aztui.domain.model import (
    Claim,
    ClaimType,
    Record,
    ReturnRequest,
    ReturnStatus,
    reported_claim_id,
)
from aztui.domain.timeutil import zone
from aztui.ingest import values
from aztui.ingest.amazon import cells
from aztui.ingest.amazon.flatfile import Column, Problems, Report, Row
from aztui.ingest.columns import ParseContext
from aztui.ingest.values import BadValue, Parser

RETURN_STATUSES: dict[str, ReturnStatus] = {
    "pending": ReturnStatus.PENDING,
    "requested": ReturnStatus.PENDING,
    "pendingapproval": ReturnStatus.PENDING,
    "approved": ReturnStatus.AUTHORISED,
    "authorized": ReturnStatus.AUTHORISED,
    "authorised": ReturnStatus.AUTHORISED,
    "refunded": ReturnStatus.REFUNDED,
    "closed": ReturnStatus.CLOSED,
    "completed": ReturnStatus.CLOSED,
    "rejected": ReturnStatus.REJECTED,
    "denied": ReturnStatus.REJECTED,
    "unauthorized": ReturnStatus.REJECTED,
}
"""Amazon's ``Return request status`` values (folded: no case, spaces or dashes)."""

MONTHS = {
    m: n
    for n, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})-([A-Za-z]{3})-(\d{4})")


def _return_date(ctx: ParseContext) -> Parser:
    """ISO 8601, or ``10-Jul-2025`` (the start of that day in the marketplace zone)."""
    iso = values.timestamp(ctx.zone, required=True)

    def parse(cell: str) -> datetime:
        found = _DAY_MONTH_YEAR.fullmatch(cell.strip())
        if found is None:
            return iso(cell)
        day, month, year = found.groups()
        try:
            day_start = datetime.combine(
                date(int(year), MONTHS[month.lower()], int(day)), time(0), tzinfo=zone(ctx.zone)
            )
        except (KeyError, ValueError):
            raise BadValue.of("value_not_report_date", example=values.EXAMPLE_TIME) from None
        return values.in_years(day_start).astimezone(UTC)

    return values.memoized(parse)


def _returns(rows: list[Row], ctx: ParseContext, problems: Problems) -> list[tuple[Record, int]]:
    out: list[tuple[Record, int]] = []
    claimed: set[str] = set()
    for row in rows:
        v = row.values
        out.append(
            (
                ReturnRequest(
                    v["return_id"],
                    v["order_id"],
                    v["requested_at"],
                    in_policy=v.get("in_policy"),
                    status=v.get("status"),
                ),
                row.line,
            )
        )
        if v.get("claim") and v["order_id"] not in claimed:
            claimed.add(v["order_id"])
            out.append(
                (
                    Claim(
                        reported_claim_id(v["order_id"]),
                        v["order_id"],
                        ClaimType.OTHER,
                        v["requested_at"],
                    ),
                    row.line,
                )
            )
    return out


RETURNS = Report(
    "amazon-returns",
    "returns (GET_FLAT_FILE_RETURNS_DATA_BY_RETURN_DATE)",
    (
        Column("Order ID", "order_id", cells.identifier),
        Column("Return request date", "requested_at", _return_date),
        Column("Return request status", "status", cells.lookup(RETURN_STATUSES, "return status")),
        Column("Amazon RMA ID", "return_id", cells.identifier),
        Column("A-to-Z Claim", "claim", cells.flag),
        Column("In policy", "in_policy", cells.flag, required=False),
    ),
    _returns,
    signature="Amazon RMA ID",
)
