"""Amazon downloads aztui does not read, recognised by name: a seller who drops one in the inbox
learns what it is and what to download instead, never "the header line has no aztui column".

Each signature is what the file's first line (or, for XML, its opening) shows in the real
samples under ``tests/ingest/fixtures/amazon/real/`` (``SOURCES.md`` names their origin).
"""

from __future__ import annotations

from dataclasses import dataclass

from aztui.ingest.errors import ImportFailed, ImportProblem

RETURNS_INSTEAD = (
    "download the returns report as a flat file instead (Seller Central: Reports > Fulfilment "
    "> Returns, .txt; SP-API: GET_FLAT_FILE_RETURNS_DATA_BY_RETURN_DATE), which aztui reads"
)
ORDERS_INSTEAD = (
    "for orders, download the all-orders report (GET_FLAT_FILE_ALL_ORDERS_DATA_BY_ORDER_DATE"
    "_GENERAL) or the unshipped-orders report, which aztui reads"
)


@dataclass(frozen=True)
class Unread:
    """A kind of Amazon download aztui recognises and does not read."""

    name: str
    columns: tuple[str, ...] = ()
    """Columns its header starts with (tab-separated, or quoted and comma-separated)."""
    xml_marker: str = ""
    """Text in the opening of an XML file that names the report."""
    instead: str = ORDERS_INSTEAD


UNREAD: tuple[Unread, ...] = (
    Unread(
        "XML returns report (GET_XML_RETURNS_DATA_BY_RETURN_DATE)",
        xml_marker="Returns-Report",
        instead=RETURNS_INSTEAD,
    ),
    Unread(
        "settlement report (payments: what Amazon paid out)",
        ("settlement-id", "settlement-start-date", "settlement-end-date", "deposit-date"),
    ),
    Unread(
        "inventory report (all listings: GET_MERCHANT_LISTINGS_ALL_DATA)",
        ("item-name", "item-description", "listing-id", "seller-sku"),
    ),
    Unread(
        "payments transaction view (Seller Central: Payments > Transaction view)",
        ("Date", "Transaction Status", "Account Type", "Transaction type", "Order ID"),
    ),
)


def _header(first_line: str) -> list[str]:
    line = first_line.lstrip("\ufeff").rstrip("\r\n")
    separator = "\t" if "\t" in line else ","
    return [cell.strip().strip('"') for cell in line.split(separator)]


def recognise(first_line: str, opening: str, file: str) -> None:
    """``ImportFailed`` naming the report when the file is an Amazon download aztui does not
    read; nothing otherwise. ``opening``: the file's first few kilobytes (for XML)."""
    cells = _header(first_line)
    for unread in UNREAD:
        if unread.xml_marker:
            found = opening.lstrip("\ufeff").startswith("<") and unread.xml_marker in opening
        else:
            found = tuple(cells[: len(unread.columns)]) == unread.columns
        if found:
            raise ImportFailed(
                [
                    ImportProblem(
                        file,
                        1,
                        None,
                        None,
                        f"this is Amazon's {unread.name}, which aztui does not read; "
                        f"{unread.instead}",
                    )
                ]
            )
