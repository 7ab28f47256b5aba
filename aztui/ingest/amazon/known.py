"""Amazon downloads aztui does not read, recognised by name: a seller who drops one in the inbox
learns what it is and what to download instead, never "the header line has no aztui column".

Each signature is what the file's header (or, for XML, its opening) shows in the real samples
under ``tests/ingest/fixtures/amazon/real/`` (``SOURCES.md`` names their origin). The payments
date range report opens with a few lines of notes, so its header is looked for past them.
"""

from __future__ import annotations

from dataclasses import dataclass

from aztui.errors import saying
from aztui.ingest.errors import ImportFailed, ImportProblem

SENTENCES = {
    "unread_report": "this is Amazon's {report}, which aztui does not read; {instead}",
    "instead_returns": (
        "download the returns report as a flat file instead (Seller Central: Reports > "
        "Fulfilment > Returns, .txt; SP-API: GET_FLAT_FILE_RETURNS_DATA_BY_RETURN_DATE), which "
        "aztui reads"
    ),
    "instead_orders": (
        "for orders, download the all-orders report (GET_FLAT_FILE_ALL_ORDERS_DATA_BY_ORDER_DATE"
        "_GENERAL) or the unshipped-orders report, which aztui reads"
    ),
    "instead_fba_returns": (
        "it lists what buyers sent back to Amazon's warehouses; for the returns of the orders "
        "you ship yourself, download the returns report as a flat file (SP-API: "
        "GET_FLAT_FILE_RETURNS_DATA_BY_RETURN_DATE), which aztui reads"
    ),
    "report_xml_returns": "XML returns report (GET_XML_RETURNS_DATA_BY_RETURN_DATE)",
    "report_settlement": "settlement report (payments: what Amazon paid out)",
    "report_listings": "inventory report (all listings: GET_MERCHANT_LISTINGS_ALL_DATA)",
    "report_new_orders": (
        "order report of new orders (Seller Central: Orders > Order Reports > New Orders)"
    ),
    "report_transactions": (
        "payments transaction view (Seller Central: Payments > Transaction view)"
    ),
    "report_date_range": (
        "payments date range report (Seller Central: Reports > Payments > Date Range Reports, "
        "the transaction report)"
    ),
    "report_business": "business report (Detail Page Sales and Traffic by child item)",
    "report_fba_returns": (
        "FBA customer returns report (GET_FBA_FULFILLMENT_CUSTOMER_RETURNS_DATA)"
    ),
    "report_fba_inventory": "FBA inventory report (GET_AFN_INVENTORY_DATA)",
    "report_fba_planning": "FBA inventory planning report (GET_FBA_INVENTORY_PLANNING_DATA)",
}
"""Why such a file is refused, in English (``problem_<code>`` words them in the catalogs):
the report, by its code, and what to download instead."""

NOTE_LINES = 12
"""How many lines of notes may come before a header (the date range report has seven)."""


@dataclass(frozen=True)
class Unread:
    """A kind of Amazon download aztui recognises and does not read."""

    report: str
    """Its code in ``SENTENCES``."""
    headers: tuple[tuple[str, ...], ...] = ()
    """The columns a header starts with (tab-separated, or quoted and comma-separated), one
    tuple per language; compared without case."""
    xml_marker: str = ""
    """Text in the opening of an XML file that names the report."""
    instead: str = "instead_orders"
    after_notes: bool = False
    """The header may follow up to ``NOTE_LINES`` lines of notes."""


UNREAD: tuple[Unread, ...] = (
    Unread(
        "report_xml_returns",
        xml_marker="Returns-Report",
        instead="instead_returns",
    ),
    Unread(
        "report_settlement",
        (("settlement-id", "settlement-start-date", "settlement-end-date", "deposit-date"),),
    ),
    Unread(
        "report_listings",
        (("item-name", "item-description", "listing-id", "seller-sku"),),
    ),
    Unread(
        "report_new_orders",
        (("order-id", "order-item-id", "purchase-date", "payments-date", "buyer-email"),),
    ),
    Unread(
        "report_transactions",
        (("Date", "Transaction Status", "Account Type", "Transaction type", "Order ID"),),
    ),
    Unread(
        "report_date_range",
        (
            ("date/time", "settlement id", "type", "order id"),
            # French and German: no real file was found; the names are guessed (SOURCES.md).
            ("date/heure", "numéro de versement", "type", "numéro de la commande"),
            ("Datum/Uhrzeit", "Abrechnungsnummer", "Typ", "Bestellnummer"),
        ),
        after_notes=True,
    ),
    Unread(
        "report_business",
        (("(Parent) ASIN", "(Child) ASIN", "Title"),),
    ),
    Unread(
        "report_fba_returns",
        (("return-date", "order-id", "sku", "asin", "fnsku"),),
        instead="instead_fba_returns",
    ),
    Unread(
        "report_fba_inventory",
        (("seller-sku", "fulfillment-channel-sku", "asin", "condition-type"),),
    ),
    Unread(
        "report_fba_planning",
        (("snapshot-date", "sku", "fnsku", "asin", "product-name"),),
    ),
)


def _cells(line: str) -> list[str]:
    line = line.lstrip("\ufeff").rstrip("\r\n")
    separator = "\t" if "\t" in line else ","
    return [cell.strip().strip('"').strip().casefold() for cell in line.split(separator)]


def _starts(cells: list[str], headers: tuple[tuple[str, ...], ...]) -> bool:
    return any(
        tuple(cells[: len(columns)]) == tuple(c.casefold() for c in columns) for columns in headers
    )


def recognise(first_line: str, opening: str, file: str) -> None:
    """``ImportFailed`` naming the report when the file is an Amazon download aztui does not
    read; nothing otherwise. ``opening``: the file's first few kilobytes (for XML, and for a
    header that comes after notes)."""
    first = _cells(first_line)
    noted = [_cells(line) for line in opening.splitlines()[: NOTE_LINES + 1] if line.strip()]
    for unread in UNREAD:
        if unread.xml_marker:
            found = opening.lstrip("\ufeff").startswith("<") and unread.xml_marker in opening
        else:
            lines = noted if unread.after_notes else [first]
            found = any(_starts(cells, unread.headers) for cells in lines)
        if found:
            raise ImportFailed(
                [
                    ImportProblem(
                        file,
                        1,
                        None,
                        None,
                        saying(
                            SENTENCES,
                            "unread_report",
                            report=saying(SENTENCES, unread.report),
                            instead=saying(SENTENCES, unread.instead),
                        ),
                    )
                ]
            )
