"""Carriers: plugins that fetch tracking from a carrier's API (docs/rules.md §6).

A carrier plugin registers a ``CarrierSpec`` through ``aztui_register_carriers``: its name, the
names sellers write for it, the tracking-number patterns it recognises, its batch size and rate
limits, the secrets it needs, and a factory. aztui makes the carrier with a ``CarrierContext``
holding an ``httpx.AsyncClient`` whose base URL comes from the configuration (so any carrier
can be pointed at another server, a test server on 127.0.0.1 included), which already waits
for the carrier's rate limits, retries 429 and 5xx answers with backoff and times out slow
calls. ``track(numbers)`` returns one ``TrackingResult`` per number; a number the carrier does
not know, or a call that failed, is a result with ``error`` set, never an exception.

A carrier that writes local times without an offset reads them with ``zone_of`` (the zone of
a country, or of a state or province) and ``utc_from_local`` (the wall time in that zone as
UTC, with one rule for the hours the clocks skip or repeat): ``aztui.carriers.zones``.

Nothing here may keep a buyer's data: events carry the carrier's code, its words and a place
(a town, a country), never a name or an address; proof of delivery is kept as a reference (a
URL or document id) and whether someone signed, never who.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from aztui.domain.model import TrackingStatus
from aztui.domain.tracking import TrackingEvent

from .zones import country_zones, utc_from_local, zone_of

if TYPE_CHECKING:
    import httpx
    from pydantic import BaseModel

__all__ = [
    "Carrier",
    "CarrierContext",
    "CarrierSpec",
    "TrackingEvent",
    "TrackingResult",
    "country_zones",
    "utc_from_local",
    "zone_of",
]


@dataclass(frozen=True, slots=True)
class TrackingResult:
    """What a carrier knows of one tracking number."""

    number: str
    status: TrackingStatus = TrackingStatus.UNKNOWN
    raw_status: str = ""
    """The carrier's own status code or word."""
    events: tuple[TrackingEvent, ...] = ()
    first_scan_at: datetime | None = None
    """The carrier's first physical scan (not the label's creation)."""
    delivered_at: datetime | None = None
    signed: bool | None = None
    """Whether the carrier says someone signed for the parcel (never the signer's name)."""
    proof_of_delivery: str | None = None
    """A reference to the carrier's proof of delivery (a URL or a document id)."""
    error: str | None = None
    """Why the carrier gave nothing for this number (unknown, refused, the call failed)."""
    call_failed: bool = False
    """The call itself failed (an HTTP error, a timeout, a body that does not parse): the
    carrier is marked degraded for this run. False for a number the carrier does not know."""

    @classmethod
    def failed(cls, number: str, error: str) -> TrackingResult:
        """The call for this number failed (the carrier is degraded for this run)."""
        return cls(number, error=error, call_failed=True)

    @classmethod
    def not_found(cls, number: str, error: str = "unknown to the carrier") -> TrackingResult:
        """The carrier answered, and does not know (or refuses) this number."""
        return cls(number, error=error)


@dataclass(frozen=True, slots=True)
class CarrierContext:
    """What a carrier is made with."""

    name: str
    client: httpx.AsyncClient
    """Base URL from ``[carriers.<name>] base_url`` (else the spec's), rate-limited, retrying
    429 and 5xx, with the configured timeout."""
    secrets: Mapping[str, str]
    """Each secret the spec names, read for this run: the ``AZTUI_<NAME>_<SECRET>``
    environment variable, else the ``secrets_file`` of ``[carriers.<name>]``."""
    options: Any = field(default_factory=dict)
    """``[carriers.<name>] options``: an instance of the spec's ``options`` model when it
    declares one, else the table as the seller wrote it."""


@runtime_checkable
class Carrier(Protocol):
    """What a carrier plugin's factory returns."""

    async def track(self, numbers: Sequence[str]) -> Sequence[TrackingResult]:
        """One result per number (at most the spec's ``batch_size`` of them). Problems with
        a number, or with the whole call, are results with ``error``: do not raise."""


@dataclass(frozen=True)
class CarrierSpec:
    """A carrier, as a plugin registers it."""

    name: str
    """Stable, lower-case (``laposte``): the key of ``[carriers.<name>]``."""
    factory: Callable[[CarrierContext], Carrier]
    base_url: str
    """Where the carrier's API lives; ``[carriers.<name>] base_url`` replaces it."""
    aliases: tuple[str, ...] = ()
    """Carrier names as sellers and Amazon write them (``Colissimo``, ``Chronopost``),
    compared without case, accents or spaces."""
    patterns: tuple[str, ...] = ()
    """Regular expressions a whole tracking number matches (used when the carrier name is
    missing or unknown)."""
    batch_size: int = 1
    """How many numbers one ``track`` call may take."""
    per_second: float = 1.0
    """Calls per second the carrier allows."""
    per_day: int | None = None
    """Calls per day the carrier allows (None: no daily quota)."""
    secrets: tuple[str, ...] = ()
    """Names of the secrets it needs (``api_key``); missing ones make it unavailable."""
    options: type[BaseModel] | None = None
    """A pydantic model of ``[carriers.<name>] options`` (forbid unknown keys in it): aztui
    refuses options it does not accept as a configuration error, and the context's
    ``options`` is then an instance of it. None: the table as the seller wrote it."""

    def recognises(self, number: str) -> bool:
        return any(re.fullmatch(pattern, number) for pattern in self.patterns)


def status_key(name: str) -> str:
    """The store's meta key holding how a carrier's last run went (``aztui plugins``)."""
    return f"carrier:{name}:status"
