"""DHL's JSON answer → the shipment asked about → a ``TrackingResult``, keeping nobody's name
or address.

What is read: ``shipments[]`` (``id``, ``service``, ``status``, ``events``, ``returnFlag``)
and, from ``details``, ``proofOfDelivery`` (its ``documentUrl`` or ``signatureUrl`` as a
reference, and whether ``signed`` names anyone) and ``proofOfDeliverySignedAvailable``.
Each status and event: ``timestamp`` (``zones``), ``statusCode`` (``mapping``), ``status``,
``description``, and the town and country of ``location.address``. Never read:
``receiver``, ``sender``, ``consignee``, ``shipper``, the signer's name, street addresses,
postal codes. What does not fit this reading raises ``Unreadable`` naming what it saw.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from aztui.carriers import TrackingEvent, TrackingResult
from aztui.domain.model import TrackingStatus as S

from . import zones
from .mapping import CODES, normalise
from .services import compact

BEFORE_FIRST_SCAN = {S.PENDING, S.INFO_RECEIVED, S.UNKNOWN}
_DIGIT = re.compile(r"\d")


class Unreadable(Exception):
    """DHL answered in a shape aztui does not read; the message names it."""


def _dict(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _id(shipment: Mapping[str, Any]) -> str:
    value = shipment.get("id")
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)  # DHL's own example gives the id as a JSON number
    return compact(value) if isinstance(value, str) else ""


def choose(number: str, body: Any, service: str) -> Mapping[str, Any]:
    """The shipment that is ``number``: the one whose ``id`` is the number, else the one of
    ``service`` (configured or inferred), else the only one; ``Unreadable`` otherwise."""
    if not isinstance(body, Mapping):
        raise Unreadable(f"DHL answered a JSON {type(body).__name__} instead of an object")
    if "shipments" not in body:
        keys = ", ".join(sorted(str(k) for k in body)[:8]) or "none"
        raise Unreadable(f"DHL answered JSON without shipments (its keys: {keys})")
    found = body["shipments"]
    if not isinstance(found, list) or not all(isinstance(s, Mapping) for s in found):
        raise Unreadable("DHL's shipments is not a list of objects")
    if not found:
        raise Unreadable("DHL answered an empty list of shipments")
    same = [s for s in found if _id(s) == compact(number)]
    pool = same or found
    if len(pool) > 1 and service:
        pool = [s for s in pool if _text(s.get("service")) == service] or pool
    if len(pool) == 1:
        return pool[0]
    services = ", ".join(sorted({_text(s.get("service")) or "no service" for s in pool}))
    raise Unreadable(
        f"DHL answered {len(pool)} shipments for this number (services: {services}) and "
        "none is the one asked: set [carriers.dhl] options.service"
    )


def place(location: Any) -> str:
    """``"locality countryCode"``. Parts of the locality holding a digit (a house number,
    a postcode: DHL sometimes writes ``"Oderweg 2, AMSTERDAM"``) are dropped."""
    address = _dict(_dict(location).get("address"))
    parts = [p.strip() for p in _text(address.get("addressLocality")).split(",")]
    town = ", ".join(p for p in parts if p and not _DIGIT.search(p))
    country = _text(address.get("countryCode")).upper()
    country = zones.ALIASES.get(country, country)
    if town.upper().split()[-1:] == [country]:
        country = ""
    return " ".join(p for p in (town, country) if p)


def _code(raw: Mapping[str, Any], where: str) -> str:
    """The ``statusCode`` (required by DHL's schema); one outside ``CODES`` is kept as
    written and read as unknown."""
    code = raw.get("statusCode")
    if not isinstance(code, str) or not code.strip():
        raise Unreadable(f"{where} has statusCode {code!r}, not one of {', '.join(sorted(CODES))}")
    return code.strip().lower()


def _at(raw: Mapping[str, Any], service: str, where: str) -> datetime:
    try:
        return zones.instant(raw.get("timestamp"), zones.country_of(raw.get("location")), service)
    except ValueError:
        raise Unreadable(f"{where} has timestamp {raw.get('timestamp')!r}, not ISO 8601") from None


def _same_event(raw: Mapping[str, Any], head: Mapping[str, Any]) -> bool:
    """``raw`` is the head status written again without its offset (DHL's spec example)."""
    try:
        mine, theirs = zones.parse(raw.get("timestamp")), zones.parse(head.get("timestamp"))
    except ValueError:
        return False
    return (
        mine.tzinfo is None
        and theirs.tzinfo is not None
        and theirs.replace(tzinfo=None) == mine
        and all(raw.get(k) == head.get(k) for k in ("statusCode", "status", "description"))
    )


def event(
    raw: Mapping[str, Any], service: str, head: Mapping[str, Any], where: str
) -> TrackingEvent:
    """One DHL event (or the status); the head's explicit offset wins for the same event."""
    code, words = _code(raw, where), _text(raw.get("status"))
    description = _text(raw.get("description")) or words
    at = _at(head if _same_event(raw, head) else raw, service, where)
    return TrackingEvent(
        at=at,
        status=normalise(code, words, description),
        code=code,
        description=description,
        place=place(raw.get("location")),
    )


def _signed_proof(details: Mapping[str, Any]) -> bool:
    """Whether DHL says someone signed: ``proofOfDelivery.signed`` names a signer, or
    ``proofOfDeliverySignedAvailable`` is true. Who signed is never kept."""
    signer = _dict(details.get("proofOfDelivery")).get("signed")
    return bool(signer) or details.get("proofOfDeliverySignedAvailable") is True


def shipment(number: str, raw: Mapping[str, Any], service: str) -> TrackingResult:
    """The result for ``number`` from DHL's shipment object ``raw``."""
    service = _text(raw.get("service")) or service
    head = raw.get("status")
    if not isinstance(head, Mapping):
        raise Unreadable("DHL's shipment has no status object")
    listed = raw.get("events", [])
    if not isinstance(listed, list) or not all(isinstance(e, Mapping) for e in listed):
        raise Unreadable("DHL's shipment events is not a list of objects")
    latest = event(head, service, head, "DHL's status")
    events = sorted(
        (event(e, service, head, f"DHL's event {i + 1}") for i, e in enumerate(listed)),
        key=lambda e: e.at,
    ) or [latest]
    status = normalise(
        latest.code,
        _text(head.get("status")),
        _text(head.get("description")),
        returning=raw.get("returnFlag") is True,
    )
    scans = [e.at for e in events if e.status not in BEFORE_FIRST_SCAN]
    details = _dict(raw.get("details"))
    reached = latest.code == "delivered" or any(e.code == "delivered" for e in events)
    result = TrackingResult(
        number=number,
        status=status,
        raw_status=latest.code,
        events=tuple(events),
        first_scan_at=scans[0] if scans else None,
    )
    if not reached:
        if _signed_proof(details):
            return _contradiction(result, latest.code)
        return result
    done = [e.at for e in events if e.code == "delivered"]
    pod = _dict(details.get("proofOfDelivery"))
    signed: bool | None = None
    if status is S.DELIVERED:
        flag = details.get("proofOfDeliverySignedAvailable")
        signed = True if _signed_proof(details) else (False if flag is False else None)
    return TrackingResult(
        number=number,
        status=status,
        raw_status=result.raw_status,
        events=result.events,
        first_scan_at=result.first_scan_at,
        delivered_at=(done[-1] if done else latest.at) if status is S.DELIVERED else None,
        signed=signed,
        proof_of_delivery=_text(pod.get("documentUrl")) or _text(pod.get("signatureUrl")) or None,
    )


def _contradiction(result: TrackingResult, code: str) -> TrackingResult:
    """A signed proof of delivery with no delivered event: neither a delivery nor a
    signature is kept; the result says why (the store keeps the check's error only)."""
    return TrackingResult(
        number=result.number,
        status=result.status,
        raw_status=result.raw_status,
        events=result.events,
        first_scan_at=result.first_scan_at,
        error=(
            "DHL's answer contradicts itself: a signed proof of delivery, but no delivered "
            f"event (statusCode {code}); aztui takes neither the delivery nor the signature"
        ),
    )
