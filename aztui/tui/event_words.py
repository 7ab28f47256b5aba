"""An order's timeline event in the seller's words: a claim's type and Amazon's decision by
their Seller Central names, who pays, an amount as the language writes it, a carrier named
once (``Colissimo``, not ``Colissimo Colissimo`` when the service has the carrier's name)."""

from __future__ import annotations

from enum import StrEnum

from aztui.domain.model import (
    AppealOutcome,
    CancelledBy,
    ChargebackKind,
    ClaimType,
    Decision,
    FundedBy,
    ReturnStatus,
)
from aztui.domain.timeline import Amount, Event, Note
from aztui.i18n import t
from aztui.money import money

KEYS: dict[type[StrEnum], str] = {
    ClaimType: "{}",
    Decision: "stage_{}",
    FundedBy: "paid_by_{}",
    AppealOutcome: "stage_appeal_{}",
    CancelledBy: "cancelled_by_{}",
    ReturnStatus: "return_{}",
    ChargebackKind: "chargeback_{}",
}
"""The words of each code a timeline event may carry."""


def event_detail(event: Event, language: str) -> str:
    """The event's values worded, then the carrier's own words for a scan."""
    parts: list[str] = []
    for value in event.values:
        if isinstance(value, Amount):
            parts.append(money(value.value, value.currency, language))
        elif isinstance(value, Note):
            parts.append(t(value.key, language))
        elif isinstance(value, StrEnum) and type(value) in KEYS:
            parts.append(t(KEYS[type(value)].format(value.value), language))
        else:
            parts.append(str(value))
    if event.detail:
        parts.append(event.detail)
    return " · ".join(dict.fromkeys(p for p in parts if p))
