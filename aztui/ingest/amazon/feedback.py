"""The feedback report: six columns in a fixed order, their names in the seller's language.

Date, rating, comments, response, order id, rater e-mail. Only the date, the rating and the
order id are read: the comments, the response and the e-mail can name the buyer, and never
leave this module. A header is this report's when it has the six columns and at least four of
their names are known in one of the languages below (a name Amazon rewords is tolerated).

Dates are written as the marketplace writes them, without leading zeros: ``13/1/26`` (FR, UK,
IT, ES and most), ``13.1.26`` (DE), ``1/13/26`` (US). A date that cannot be read in the
marketplace's order, or an order that contradicts it, is an error naming the line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, date, datetime, time

from aztui.domain.model import Feedback, Record
from aztui.domain.timeutil import zone
from aztui.ingest import values
from aztui.ingest.amazon import cells
from aztui.ingest.amazon.flatfile import Column, Problems, Report, Row, fold
from aztui.ingest.columns import ParseContext
from aztui.ingest.values import BadValue, Parser

LOCALISED: tuple[frozenset[str], ...] = tuple(
    frozenset(fold(n) for n in names)
    for names in (
        ("Date", "Datum", "Fecha", "Data", "Datum van beoordeling"),
        (
            "Rating",
            "Bewertung",
            "Évaluation",
            "Note",
            "Valutazione",
            "Puntuación",
            "Calificación",
            "Beoordeling",
            "Ocena",
        ),
        (
            "Comments",
            "Kommentar",
            "Kommentare",
            "Commentaires",
            "Commentaire",
            "Commenti",
            "Comentarios",
            "Opmerkingen",
            "Komentarze",
        ),
        (
            "Response",
            "Your Response",
            "Ihre Antwort",
            "Réponse",
            "Votre réponse",
            "Risposta",
            "La tua risposta",
            "Respuesta",
            "Tu respuesta",
            "Uw reactie",
            "Odpowiedź",
        ),
        (
            "Order ID",
            "Transaktionsnummer",
            "Bestellnummer",
            "Numéro de commande",
            "N° de commande",
            "Nº de commande",
            "Numero ordine",
            "ID ordine",
            "Número de pedido",
            "Bestelnummer",
            "Numer zamówienia",
        ),
        (
            "Rater Email",
            "E-Mail des Bewertenden",
            "E-Mail-Adresse des Bewerters",
            "E-mail de l'évaluateur",
            "Adresse e-mail de l'évaluateur",
            "E-mail del valutatore",
            "E-mail del cliente",
            "Correo electrónico del evaluador",
            "E-mailadres van beoordelaar",
        ),
    )
)
"""Known names of the six columns, by position (compared folded: no case, accents, spaces)."""
DATE, RATING, ORDER_ID = 0, 1, 4

MONTH_FIRST = frozenset({"US"})
"""Marketplaces whose slashed dates put the month first; dotted dates are always day first."""
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})([./])(\d{1,2})\2(\d{2}|\d{4})")


def _positions(names: Sequence[str]) -> dict[str, int] | None:
    names = list(names)
    while names and not names[-1].strip():
        names.pop()
    if len(names) != len(LOCALISED):
        return None
    known = [fold(name) in words for name, words in zip(names, LOCALISED, strict=True)]
    if sum(known) < 4 or not (known[DATE] or known[ORDER_ID]):
        return None
    return {"date": DATE, "rating": RATING, "order_id": ORDER_ID}


def _feedback_date(ctx: ParseContext) -> Parser:
    """A localised date (see the module doc), or ISO 8601; the start of that day."""
    month_first = ctx.default_marketplace in MONTH_FIRST
    iso = values.timestamp(ctx.zone, required=True)
    expected = _expected(month_first, ctx.default_marketplace)

    def parse(cell: str) -> datetime:
        found = _DAY_MONTH_YEAR.fullmatch(cell.strip())
        if found is None:
            if "/" in cell or "." in cell:
                raise BadValue(expected)
            return iso(cell)
        first, separator, second, year = found.groups()
        day, month = (second, first) if month_first and separator == "/" else (first, second)
        full_year = int(year) + (2000 if len(year) == 2 else 0)
        try:
            local = datetime.combine(
                date(full_year, int(month), int(day)), time(0), tzinfo=zone(ctx.zone)
            )
        except ValueError:
            raise BadValue(expected) from None
        return values.in_years(local).astimezone(UTC)

    return values.memoized(parse)


def _expected(month_first: bool, marketplace: str | None) -> str:
    shape = (
        "month/day/year, e.g. 1/13/26"
        if month_first
        else "day/month/year, e.g. 13/1/26 (or 13.1.26)"
    )
    return (
        f"is not a valid date (expected {shape}, as amazon {marketplace or ''} writes "
        "dates; for another marketplace's report, set `marketplace`)"
    )


def _rating(ctx: ParseContext) -> Parser:
    return values.memoized(values.rating)


def _feedback(rows: list[Row], ctx: ParseContext, problems: Problems) -> list[tuple[Record, int]]:
    return [
        (Feedback(r.values["order_id"], r.values["date"], r.values["rating"]), r.line) for r in rows
    ]


FEEDBACK = Report(
    "amazon-feedback",
    "feedback (GET_SELLER_FEEDBACK_DATA)",
    (
        Column("Date", "date", _feedback_date),
        Column("Rating", "rating", _rating),
        Column("Order ID", "order_id", cells.identifier),
    ),
    _feedback,
    headers=_positions,
)
