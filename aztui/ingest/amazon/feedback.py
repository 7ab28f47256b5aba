"""The feedback report: six columns in a fixed order, their names in the seller's language.

Date, rating, comments, response, order id, rater e-mail. Only the date, the rating and the
order id are read: the comments, the response and the e-mail can name the buyer, and never
leave this module. A header is this report's when it has the six columns and at least four of
their names are known in one of the languages below (a name Amazon rewords is tolerated).

Dates are written as the marketplace writes them, leading zeros or not, in the order of its
data (``Marketplace.date_order``): ``13/1/26`` (FR, UK, IT, ES …), ``13.1.26`` (DE, PL),
``13-1-2026`` (NL), ``1/13/26`` (US), ``2026-01-13`` (SE, or ISO 8601 anywhere). A dotted
date is always day first. A date that cannot be read in the marketplace's order, or an order
that contradicts it, is an error naming the line and what to do.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, date, datetime, time

from aztui.domain.marketplaces import DateOrder, Marketplace
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

_LOCAL_DATE = re.compile(r"(\d{1,2})([./-])(\d{1,2})\2(\d{2}|\d{4})")


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
    place = ctx.marketplace
    order = place.date_order if place else DateOrder.DAY_FIRST
    iso = values.timestamp(ctx.zone, required=True)

    def parse(cell: str) -> datetime:
        found = _LOCAL_DATE.fullmatch(cell.strip())
        if found is None or order is DateOrder.YEAR_FIRST:
            if found is not None or "/" in cell or "." in cell:
                raise _expected(order, place)
            return iso(cell)
        first, separator, second, year = found.groups()
        month_first = order is DateOrder.MONTH_FIRST and separator != "."
        day, month = (second, first) if month_first else (first, second)
        full_year = int(year) + (2000 if len(year) == 2 else 0)
        try:
            local = datetime.combine(
                date(full_year, int(month), int(day)), time(0), tzinfo=zone(ctx.zone)
            )
        except ValueError:
            raise _expected(order, place) from None
        return values.in_years(local).astimezone(UTC)

    return values.memoized(parse)


SHAPES = {
    DateOrder.DAY_FIRST: "day/month/year, e.g. 13/1/26 (or 13.1.26)",
    DateOrder.MONTH_FIRST: "month/day/year, e.g. 1/13/26",
    DateOrder.YEAR_FIRST: "year-month-day, e.g. 2026-01-13",
}


def _expected(order: DateOrder, place: Marketplace | None) -> BadValue:
    if place is None:
        return BadValue.of("value_not_local_date_anywhere", shape=SHAPES[order], order=order.value)
    return BadValue.of(
        "value_not_local_date", shape=SHAPES[order], order=order.value, channel=place.sales_channel
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
    states_marketplace=False,
)
