"""One DHL ``shipment`` object → a ``TrackingResult``, keeping nobody's name or address.

What is read: ``status`` and ``events`` (``timestamp``, ``statusCode``, ``status``,
``description``, the town and country of ``location.address``), ``returnFlag`` and, from
``details``, ``proofOfDelivery`` (its ``documentUrl`` or ``signatureUrl``, and whether
``signed`` names anyone) and ``proofOfDeliverySignedAvailable``. Never read: ``receiver``,
``sender``, ``consignee``, ``shipper``, the signer's name, street addresses, postal codes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from aztui.carriers import TrackingEvent, TrackingResult
from aztui.domain.model import TrackingStatus as S

from .mapping import normalise

BEFORE_FIRST_SCAN = {S.PENDING, S.INFO_RECEIVED, S.UNKNOWN}
_DIGIT = re.compile(r"\d")


def _dict(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def instant(value: Any) -> datetime | None:
    """An ISO 8601 timestamp as aware UTC; DHL sometimes omits the offset: read as UTC."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def place(location: Any) -> str:
    """``"locality countryCode"``. Parts of the locality holding a digit (a house number,
    a postcode: DHL sometimes writes ``"Oderweg 2, AMSTERDAM"``) are dropped."""
    address = _dict(_dict(location).get("address"))
    parts = [p.strip() for p in _text(address.get("addressLocality")).split(",")]
    town = ", ".join(p for p in parts if p and not _DIGIT.search(p))
    country = _text(address.get("countryCode")).upper()
    if town.upper().split()[-1:] == [country]:
        country = ""
    return " ".join(p for p in (town, country) if p)


def event(raw: Any) -> TrackingEvent | None:
    """One DHL event (or status); None without a readable timestamp."""
    raw = _dict(raw)
    at = instant(raw.get("timestamp"))
    if at is None:
        return None
    code, words = _text(raw.get("statusCode")), _text(raw.get("status"))
    description = _text(raw.get("description")) or words
    return TrackingEvent(
        at=at,
        status=normalise(code, words, description),
        code=code or words,
        description=description,
        place=place(raw.get("location")),
    )


def _signed(details: Mapping[str, Any], delivered: bool) -> bool | None:
    pod = _dict(details.get("proofOfDelivery"))
    flag = details.get("proofOfDeliverySignedAvailable")
    if flag is True or pod.get("signed") or _text(pod.get("signatureUrl")):
        return True
    return False if delivered and flag is False else None


def shipment(number: str, raw: Mapping[str, Any]) -> TrackingResult:
    """The result for ``number`` from DHL's shipment object ``raw``."""
    head = _dict(raw.get("status"))
    code, words = _text(head.get("statusCode")), _text(head.get("status"))
    status = normalise(
        code, words, _text(head.get("description")), returning=raw.get("returnFlag") is True
    )
    events = sorted((e for e in map(event, _as_list(raw.get("events"))) if e), key=lambda e: e.at)
    if not events and (latest := event(head)) is not None:
        events = [latest]
    scans = [e.at for e in events if e.status not in BEFORE_FIRST_SCAN]
    delivered_at = None
    if status is S.DELIVERED:
        done = [e.at for e in events if e.status is S.DELIVERED]
        delivered_at = done[-1] if done else instant(head.get("timestamp"))
    details = _dict(raw.get("details"))
    pod = _dict(details.get("proofOfDelivery"))
    reference = _text(pod.get("documentUrl")) or _text(pod.get("signatureUrl")) or None
    return TrackingResult(
        number=number,
        status=status,
        raw_status=code or words,
        events=tuple(events),
        first_scan_at=scans[0] if scans else None,
        delivered_at=delivered_at,
        signed=_signed(details, status is S.DELIVERED),
        proof_of_delivery=reference,
    )


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []
