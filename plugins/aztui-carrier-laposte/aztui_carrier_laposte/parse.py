"""Suivi v2 answers turned into ``TrackingResult``s, with no I/O.

One number gives one envelope (a JSON object); several give a list of envelopes (HTTP 207),
each with its own ``returnCode``: ``200`` with a ``shipment``, or an error code with a
``returnMessage`` and the ``idShip`` it is about. Only what aztui may keep is read: event
codes, La Poste's words and the country; never the removal point or any recipient detail.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from aztui.carriers import TrackingEvent, TrackingResult
from aztui.domain.model import TrackingStatus
from aztui_carrier_laposte import codes

PARIS = ZoneInfo("Europe/Paris")
"""La Poste writes offsets (``+01:00``); a date without one is read as French local time."""

NUMBER_ERRORS: dict[int, str] = {
    104: "La Poste has no tracking for this number yet",
    105: "La Poste does not know this number",
    400: "La Poste says this number is not valid",
    404: "La Poste does not know this number",
    504: "La Poste's tracking system did not answer in time",
}
"""Per-number return codes (an envelope's ``returnCode``) and what they mean to a seller. A
code below 500 is La Poste's verdict on the number (``not_found``); 5xx, or no readable
code, is a failed call for that number (``failed``: the next run asks again)."""


class Malformed(ValueError):
    """The answer is JSON, but not the shape Suivi v2 documents."""


def envelopes_of(body: Any) -> list[Mapping[str, Any]]:
    """The per-number envelopes of an answer: one object, or a list of them."""
    items = body if isinstance(body, list) else [body]
    for item in items:
        if not isinstance(item, Mapping) or ("returnCode" not in item and "shipment" not in item):
            raise Malformed("not a Suivi v2 answer (no returnCode nor shipment)")
    return items


def results_for(
    numbers: Sequence[str], envelopes: Sequence[Mapping[str, Any]]
) -> list[TrackingResult]:
    """One result per asked number, in order: each envelope goes to the number it names;
    envelopes naming none (or another spelling) go, in order, to the numbers left over, and
    a lone error naming none goes to all of them."""
    wanted = {n.upper(): n for n in numbers}
    found: dict[str, Mapping[str, Any]] = {}
    stray: list[Mapping[str, Any]] = []
    for envelope in envelopes:
        key = (_id_of(envelope) or "").upper()
        if key in wanted and key not in found:
            found[key] = envelope
        else:
            stray.append(envelope)
    left = [key for key in wanted if key not in found]
    if len(stray) == 1 and _id_of(stray[0]) is None and "shipment" not in stray[0]:
        found.update(dict.fromkeys(left, stray[0]))  # one error naming no number: it is for all
    elif stray and len(stray) == len(left):
        found.update(zip(left, stray, strict=True))
    return [
        _result_of(n, found[n.upper()])
        if n.upper() in found
        else TrackingResult.failed(n, "La Poste's answer said nothing about this number")
        for n in numbers
    ]


def _id_of(envelope: Mapping[str, Any]) -> str | None:
    shipment = envelope.get("shipment")
    value = shipment.get("idShip") if isinstance(shipment, Mapping) else None
    value = value or envelope.get("idShip")
    return value.strip() if isinstance(value, str) else None


def _result_of(number: str, envelope: Mapping[str, Any]) -> TrackingResult:
    code = _return_code(envelope.get("returnCode", 200))
    shipment = envelope.get("shipment")
    if code is None or not 200 <= code < 300 or not isinstance(shipment, Mapping):
        error = number_error(code, envelope.get("returnMessage"))
        if code is None or code >= 500:  # La Poste failed to answer: not a verdict on the number
            return TrackingResult.failed(number, error)
        return TrackingResult.not_found(number, error)
    try:
        return shipment_result(number, shipment)
    except (ValueError, TypeError, KeyError) as exc:  # Malformed is a ValueError
        return TrackingResult.failed(
            number, f"La Poste's answer for this number is malformed: {exc}"
        )


def _return_code(value: Any) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return None


def number_error(code: int | None, message: Any) -> str:
    """A seller-readable error for one number, with La Poste's code and own words."""
    summary = NUMBER_ERRORS.get(code or 0, "La Poste gave no tracking for this number")
    said = f": {message.strip()}" if isinstance(message, str) and message.strip() else ""
    return f"{summary} (code {code if code is not None else '?'}){said}"


def shipment_result(number: str, shipment: Mapping[str, Any]) -> TrackingResult:
    """A ``shipment`` object read into a result: events oldest first, status from the last
    event that decides one, first scan, delivery. Unknown codes are kept as events and named
    in ``raw_status``; a shipment with no event is no shape aztui knows (``Malformed``)."""
    raw_events = shipment.get("event")
    if not isinstance(raw_events, list):
        raise Malformed("no event list" if raw_events is None else "event is not a list")
    if not raw_events:
        raise Malformed("the shipment has no event")
    read = sorted((_read_event(e, i) for i, e in enumerate(raw_events)), key=lambda r: r[0])
    events: list[TrackingEvent] = []
    deciding: TrackingEvent | None = None
    for _, event in read:
        if codes.decides_status(event.code):
            deciding = event
        elif codes.is_information(event.code):
            in_force = deciding.status if deciding else TrackingStatus.INFO_RECEIVED
            event = TrackingEvent(event.at, in_force, event.code, event.description, event.place)
        events.append(event)
    known = [e for e in events if not codes.is_unknown(e.code)]
    last = deciding or (known[-1] if known else None)
    scans = [
        e.at for e in events if codes.decides_status(e.code) and e.code not in codes.NOT_A_SCAN
    ]
    delivered = deciding if deciding and deciding.code in codes.DELIVERED_TO_BUYER else None
    return TrackingResult(
        number,
        status=last.status if last else TrackingStatus.UNKNOWN,
        raw_status=_raw_status(last, events),
        events=tuple(events),
        first_scan_at=scans[0] if scans else None,
        delivered_at=delivered.at if delivered else None,
        signed=None,  # Suivi v2 does not say whether anyone signed.
        proof_of_delivery=None,  # nor give a proof-of-delivery reference in its open scope.
    )


def _raw_status(last: TrackingEvent | None, events: Sequence[TrackingEvent]) -> str:
    """The code in force, and the codes aztui could not read (so they are seen, not lost)."""
    unknown = list(dict.fromkeys(e.code for e in events if codes.is_unknown(e.code)))
    said = last.code if last else ""
    if not unknown:
        return said
    note = f"unknown to aztui: {', '.join(unknown)}"
    return f"{said} ({note})" if said else note


def _read_event(raw: Any, index: int) -> tuple[tuple[datetime, int], TrackingEvent]:
    """One event and its sort key: its instant, then La Poste's ``order`` (newer is higher;
    the list comes newest first, so without ``order`` a lower index is newer)."""
    if not isinstance(raw, Mapping):
        raise Malformed("an event is not an object")
    code = raw.get("code")
    if not isinstance(code, str) or not code.strip():
        raise Malformed("an event has no code")
    code = code.strip().upper()
    at = parse_when(raw.get("date"))
    label = raw.get("label")
    country = raw.get("country")
    order = raw.get("order")
    rank = order if isinstance(order, int) and not isinstance(order, bool) else -index
    event = TrackingEvent(
        at=at,
        status=codes.status_of(code),
        code=code,
        description=label.strip() if isinstance(label, str) else "",
        place=country.strip().upper() if isinstance(country, str) else "",
    )
    return (at, rank), event


def parse_when(value: Any) -> datetime:
    """An ISO 8601 date (``2026-11-24T09:12:00+01:00``) as an aware UTC datetime."""
    if not isinstance(value, str) or not value.strip():
        raise Malformed("an event has no date")
    try:
        at = datetime.fromisoformat(value.strip())
    except ValueError:
        raise Malformed(f"unreadable date {value!r}") from None
    if at.tzinfo is None:
        at = at.replace(tzinfo=PARIS)
    return at.astimezone(UTC)
