"""Records as aztui CSV files (formats.md §2): comma separated, UTF-8, a header line,
timestamps ISO 8601 UTC with ``Z``, amounts ``12.50``, booleans ``true/false``, empty = unknown."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal
from enum import Enum
from pathlib import Path

from aztui.domain.model import Record
from aztui.domain.timeutil import iso_z
from aztui.files import open_private, private_dirs

COLUMNS: dict[str, tuple[str, ...]] = {
    "orders": (
        "order_id",
        "purchase_date",
        "marketplace",
        "status",
        "fulfillment",
        "order_total",
        "currency",
        "latest_ship_date",
        "latest_delivery_date",
        "is_prime",
        "cancelled_at",
        "cancelled_by",
        "buyer_requested_cancel",
        "out_of_stock",
    ),
    "shipments": (
        "order_id",
        "confirmed_at",
        "carrier",
        "tracking_number",
        "service",
        "buy_shipping",
        "claims_protected",
        "signature",
        "first_scan_at",
        "delivered_at",
    ),
    "returns": (
        "return_id",
        "order_id",
        "requested_at",
        "in_policy",
        "status",
        "acted_at",
        "rejection_valid",
    ),
    "claims": (
        "claim_id",
        "order_id",
        "type",
        "filed_at",
        "amount",
        "currency",
        "response_requested_at",
        "responded_at",
        "decided_at",
        "decision",
        "funded_by",
        "counts_in_odr",
        "appeal_filed_at",
        "appeal_info_requested_at",
        "appeal_decided_at",
        "appeal_outcome",
    ),
    "messages": ("message_id", "received_at", "order_id", "answered_at", "no_response_needed"),
    "feedback": ("order_id", "date", "rating", "removed"),
    "chargebacks": ("order_id", "date", "kind"),
}
"""The columns written for each kind of file, in this order (all of them listed in formats.md)."""

KIND_OF_RECORD = {
    "order": "orders",
    "shipment": "shipments",
    "return": "returns",
    "claim": "claims",
    "message": "messages",
    "feedback": "feedback",
    "chargeback": "chargebacks",
}


def header(kind: str) -> str:
    return ",".join(COLUMNS[kind]) + "\n"


def cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return iso_z(value) or ""
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, Enum):
        return str(value.value)
    text = str(value)
    if any(c in text for c in ',"\n\r'):
        return '"' + text.replace('"', '""') + '"'
    return text


def row(record: Record) -> str:
    kind = KIND_OF_RECORD[record.record_type]
    return ",".join(cell(getattr(record, name)) for name in COLUMNS[kind]) + "\n"


def rows_by_kind(records: Iterable[Record]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {kind: [] for kind in COLUMNS}
    for record in records:
        out[KIND_OF_RECORD[record.record_type]].append(row(record))
    return out


def write_records(
    directory: Path, records: Iterable[Record], kinds: Iterable[str] | None = None
) -> dict[str, Path]:
    """Write ``records`` as ``<kind>.csv`` files in ``directory`` (every kind, or ``kinds``)."""
    private_dirs(directory)
    grouped = rows_by_kind(records)
    paths: dict[str, Path] = {}
    for kind in kinds or COLUMNS:
        path = directory / f"{kind}.csv"
        with open_private(path, "w", newline="") as out:
            out.write(header(kind))
            out.writelines(grouped[kind])
        paths[kind] = path
    return paths
