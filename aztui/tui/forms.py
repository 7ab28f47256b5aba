"""The app's forms: their fields, and what the typed values mean to the domain.

Values are read with the importer's own parsers (a naive time is in the marketplace's zone,
``12,50`` is an amount), so a form accepts what a file would.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from aztui.domain.lifecycle import AppealDecided, Decided
from aztui.domain.model import (
    AppealOutcome,
    Claim,
    ClaimType,
    CountsInOdr,
    Decision,
    FundedBy,
    OrderBundle,
)
from aztui.i18n import local_time, t
from aztui.ingest import values as parse
from aztui.refusal_words import about
from aztui.store.protocol import RecordChanged
from aztui.tui.screens.form import Field, Values

NEW_PARCEL = "+"
"""The tracking form's choice for a parcel not yet known (any other choice is the number
being corrected; ``""`` is a parcel confirmed without one)."""


class BadField(ValueError):
    """A value that does not parse; the message names the field as the form shows it."""


def _read(values: Values, name: str, reader: Callable[[str], Any], language: str) -> Any:
    cell = values.get(name, "")
    try:
        return reader(cell)
    except parse.BadValue as exc:
        why = str(exc)
        if reader is _amount:
            why = t("form_bad_amount", language, value=cell.strip())
        elif not cell.strip():
            why = t("form_required", language)
        raise BadField(about(t(f"field_{name}", language), why, language)) from None


CURRENCY_MARK = re.compile(
    r"^(?:[€$£]|EUR|GBP|USD|PLN|SEK|zł|kr)\s*|\s*(?:[€$£]|EUR|GBP|USD|PLN|SEK|zł|kr)$"
)
"""A currency written before or after an amount in a form (``12,50 €``, ``€12.50``): the
form's currency field says which."""
DAY_FIRST = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})(?:[ T](\d{1,2}):(\d{2}))?")
"""A date as Europe writes it, day first: ``26/11/2026 10:00``."""


def _amount(cell: str) -> Any:
    """An amount as a seller types it: ``12,50``, ``12.50``, ``12,50 €``, ``€12.50``."""
    return parse.amount(CURRENCY_MARK.sub("", cell.strip()))


def _instant_reader(zone: str, language: str) -> Callable[[str], datetime]:
    """``2026-11-26 10:00`` (as the fields are filled) or ``26/11/2026 10:00``, in ``zone``."""
    iso = parse.timestamp(zone, required=True)

    def read(cell: str) -> datetime:
        text = cell.strip()
        if (day_first := DAY_FIRST.fullmatch(text)) is not None:
            day, month, year, hour, minute = day_first.groups()
            text = f"{year}-{int(month):02d}-{int(day):02d} {int(hour or 0):02d}:{minute or '00'}"
        try:
            value = iso(text)
        except parse.BadValue:
            if not text:
                raise
            raise parse.BadValue(t("form_bad_date", language, value=cell.strip())) from None
        assert value is not None  # required
        return value

    return read


def _choices(enum: type[StrEnum], language: str, prefix: str = "") -> list[tuple[str, str]]:
    return [(t(f"{prefix}{member.value}", language), member.value) for member in enum]


def _now_field(name: str, now: datetime, zone: str, language: str) -> Field:
    """Now, as the language writes a date (``26/11/2026 10:00`` in French)."""
    written = "%d/%m/%Y %H:%M" if language == "fr" else "%Y-%m-%d %H:%M"
    local = now.astimezone(ZoneInfo(zone)).strftime(written)
    return Field(name, t(f"field_{name}", language), local)


def _instant(values: Values, name: str, zone: str, language: str) -> datetime:
    return _read(values, name, _instant_reader(zone, language), language)


def _required(values: Values, name: str, language: str) -> str:
    return _read(values, name, parse.text(required=True), language)


# -- a claim's decision and its appeal's outcome -----------------------------------------------


def decision_fields(now: datetime, zone: str, language: str) -> list[Field]:
    return [
        Field(
            "decision",
            t("field_decision", language),
            choices=_choices(Decision, language, "stage_"),
        ),
        Field(
            "funded_by",
            t("field_funded_by", language),
            choices=[(t("unknown", language), ""), *_choices(FundedBy, language, "funded_")],
        ),
        Field(
            "counts_in_odr",
            t("field_counts_in_odr", language),
            choices=[
                (t(f"counts_{c.value}", language), c.value)
                for c in (CountsInOdr.UNKNOWN, CountsInOdr.YES, CountsInOdr.NO)
            ],
        ),
        _now_field("decided_at", now, zone, language),
    ]


def decided(values: Values, zone: str, language: str) -> Decided:
    return Decided(
        _instant(values, "decided_at", zone, language),
        Decision(values["decision"]),
        FundedBy(values["funded_by"]) if values["funded_by"] else None,
        CountsInOdr(values["counts_in_odr"]),
    )


def appeal_outcome_fields(now: datetime, zone: str, language: str) -> list[Field]:
    return [
        Field(
            "appeal_outcome",
            t("field_appeal_outcome", language),
            choices=_choices(AppealOutcome, language, "stage_appeal_"),
        ),
        _now_field("appeal_decided_at", now, zone, language),
    ]


def appeal_decided(values: Values, zone: str, language: str) -> AppealDecided:
    return AppealDecided(
        _instant(values, "appeal_decided_at", zone, language),
        AppealOutcome(values["appeal_outcome"]),
    )


# -- a new claim --------------------------------------------------------------------------------


def claim_fields(
    order_id: str, currency: str, now: datetime, zone: str, language: str
) -> list[Field]:
    return [
        Field("claim_id", t("field_claim_id", language)),
        Field("order_id", t("field_order_id", language), order_id),
        Field("type", t("field_type", language), choices=_choices(ClaimType, language)),
        Field("amount", t("field_amount", language)),
        Field("currency", t("field_currency", language), currency),
        _now_field("filed_at", now, zone, language),
    ]


def new_claim(values: Values, zone: str, language: str) -> Claim:
    amount: Decimal | None = _read(values, "amount", _amount, language)
    return Claim(
        _required(values, "claim_id", language),
        _required(values, "order_id", language),
        ClaimType(values["type"]),
        _instant(values, "filed_at", zone, language),
        amount=amount,
        currency=_read(values, "currency", parse.code("currency", 3), language),
    )


# -- tracking -----------------------------------------------------------------------------------


def tracking_fields(bundle: OrderBundle, now: datetime, zone: str, language: str) -> list[Field]:
    """Correct the last parcel when there is one (often: confirmed without a number)."""
    parcels = [
        (s.tracking_number or t("untracked", language), s.tracking_number) for s in bundle.shipments
    ]
    last = bundle.shipments[-1] if bundle.shipments else None
    return [
        Field(
            "replacing",
            t("field_replacing", language),
            last.tracking_number if last else NEW_PARCEL,
            choices=[(t("new_parcel", language), NEW_PARCEL), *parcels],
        ),
        Field(
            "tracking_number",
            t("field_tracking_number", language),
            last.tracking_number if last else "",
        ),
        Field("carrier", t("field_carrier", language), last.carrier or "" if last else ""),
        _now_field("confirmed_at", now, zone, language),
    ]


def tracking(
    values: Values, zone: str, language: str
) -> tuple[str, str | None, datetime, str | None]:
    """(number, carrier, confirmed at, number replaced or None)."""
    replacing = values["replacing"]
    return (
        values["tracking_number"],
        values["carrier"].strip() or None,
        _instant(values, "confirmed_at", zone, language),
        None if replacing == NEW_PARCEL else replacing,
    )


def cancel_fields(now: datetime, zone: str, language: str) -> list[Field]:
    return [_now_field("cancelled_at", now, zone, language)]


def cancelled_at(values: Values, zone: str, language: str) -> datetime:
    return _instant(values, "cancelled_at", zone, language)


def _shown(value: object, zone: str, language: str) -> str:
    if value is None:
        return "—"
    if isinstance(value, datetime):
        return local_time(value, zone, language)
    return str(value.value if isinstance(value, StrEnum) else value)


def changed_meanwhile(exc: RecordChanged, language: str, zone: str) -> str:
    """What another writer changed in a record since the seller saw it, field by field."""
    changes = "; ".join(
        f"{c.field} {_shown(c.seen, zone, language)} → {_shown(c.stored, zone, language)}"
        for c in exc.changes
    )
    return t(
        "changed_meanwhile",
        language,
        subject="/".join(map(str, exc.key)),
        changes=changes or t("unknown", language),
    )
