"""Carrier facts as aztui keeps them: each scan of a parcel, and when a parcel was last asked
about. Carrier plugins give ``TrackingEvent``s (``aztui.carriers``); the store keeps each once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from aztui.domain.model import TrackingStatus
from aztui.domain.words import fold

STALLED_DAYS = "tracking_stalled_days"
"""The policy key of days without news before a parcel is stalled; ``STALLED_DAYS.<carrier>``
(the carrier's name folded) holds a carrier's own, from ``[carriers.<name>] stalled_days``."""


def stalled_key(carrier: str) -> str:
    return f"{STALLED_DAYS}.{fold(carrier)}"


@dataclass(frozen=True, slots=True)
class TrackingEvent:
    """One carrier scan."""

    at: datetime
    """Aware; stored in UTC."""
    status: TrackingStatus
    code: str
    """The carrier's own event code (``DI1``, ``transit``, ``D``): kept beside the status."""
    description: str = ""
    place: str = ""
    """A town or depot and country (``PARIS 75 FR``), never a street address."""


@dataclass(frozen=True, slots=True)
class ParcelEvent:
    """A carrier scan of one of the seller's parcels."""

    order_id: str
    tracking_number: str
    event: TrackingEvent


@dataclass(frozen=True, slots=True)
class TrackingCheck:
    """When a parcel was last asked about, of which carrier, and what went wrong if anything."""

    order_id: str
    tracking_number: str
    carrier: str
    checked_at: datetime
    error: str | None = None
