"""One UPS ``package`` as a ``TrackingResult``: status, events, first scan, delivery, signature.

* Status: the newest activity's ``status`` (UPS lists activities newest first), read by
  ``status.map_status``. ``currentStatus`` is not read: its ``code`` is a summary code
  ("005" says "On the Way" in one answer and "Out for Delivery" in another) and it often
  has no ``type``; the words (``description``, ``simplifiedTextDescription``) never count.
* Events: each activity with a status and an instant (``instants.activity_instant``), oldest
  first. One with no date or time is left out of the events (its status still counts when
  it is the newest); one whose time is local only says, in its description, the zone aztui
  placed it in.
* First scan: the oldest event that is a physical scan (not a label, a voided label, a
  logical event ``logicalScan: true``).
* Delivered at: the newest delivered event; else, for a delivered package, UPS's delivered
  date and time (``deliveryDate``/``deliveryTime`` of type ``DEL``, local) placed with the
  activities' ``gmtOffset``, else in the zone of the delivering activity's place.
* Signed: only from proof, on a delivered package: a signature image that is an image, or a
  ``receivedBy`` that is a name (kept as the fact, never the name). A requested
  ``SIGNATURE_REQUIRED`` / ``ADULT_SIGNATURE_REQUIRED`` service is not proof, nor is a
  ``deliveryInformation`` on a parcel not delivered (issue 236). No proof: ``None``.
* Proof of delivery: a reference (``UPS POD <tracking number>``) when UPS holds a POD
  document, a signature, a named receiver or a viewable photo.

A package with no activity, or no activity with a status, is a shape aztui does not know:
the result is failed, with the reason.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from aztui.carriers import TrackingEvent, TrackingResult
from aztui.domain.model import TrackingStatus

from .instants import Instant, activity_instant, local_instant, parse_offset, place_zone
from .status import NOT_A_SCAN, map_status
from .values import as_dict, dicts, digits, fact, is_image, is_name, text

S = TrackingStatus


def read_package(number: str, package: Mapping[str, Any], inquiry: str = "") -> TrackingResult:
    """A ``TrackingResult`` from one package of a 200 answer (pure: no I/O, no clock)."""
    activities = [a for a in dicts(package.get("activity")) if _has_status(a)]
    if not activities:
        said = "no activity" if not dicts(package.get("activity")) else "no activity status"
        return TrackingResult.failed(
            number, f"UPS answered a package with {said}: an answer aztui does not know"
        )
    scans: list[tuple[TrackingEvent, Mapping[str, Any]]] = []
    for activity in activities:
        instant = activity_instant(activity)
        if instant is not None:
            scans.append((_event(activity, instant), activity))
    scans.sort(key=lambda scan: scan[0].at)
    events = [event for event, _ in scans]

    newest = as_dict(activities[0].get("status"))
    type_, code, status_code = status_parts(newest)
    status = map_status(type_, status_code)
    delivered = status is S.DELIVERED
    delivery = as_dict(package.get("deliveryInformation"))
    return TrackingResult(
        number=number,
        status=status,
        raw_status=raw(type_, code, status_code),
        events=tuple(events),
        first_scan_at=next((e.at for e, a in scans if _is_scan(e, a)), None),
        delivered_at=_delivered_at(package, activities, events) if delivered else None,
        signed=True if delivered and _signed(delivery) else None,
        proof_of_delivery=_proof(package, delivery, inquiry) if delivered else None,
    )


def status_parts(status: Mapping[str, Any]) -> tuple[str, str, str]:
    """(type, activity code, three-digit status code); a three-digit ``code`` alone is the
    status code."""
    type_ = fact(status.get("type")).upper()
    code = fact(status.get("code"))
    status_code = fact(status.get("statusCode"))
    if not status_code and re.fullmatch(r"\d{3}", code):
        status_code, code = code, ""
    return type_, code, status_code


def raw(*parts: str) -> str:
    return "/".join(p for p in parts if p)


def _has_status(activity: Mapping[str, Any]) -> bool:
    return any(status_parts(as_dict(activity.get("status"))))


def _event(activity: Mapping[str, Any], instant: Instant) -> TrackingEvent:
    type_, code, status_code = status_parts(as_dict(activity.get("status")))
    description = text(as_dict(activity.get("status")).get("description"))
    if instant.derived_in:
        note = f"[UPS gave local time only: UTC derived for {instant.derived_in}]"
        description = f"{description} {note}".strip()
    return TrackingEvent(
        at=instant.at,
        status=map_status(type_, status_code),
        code=raw(type_, code, status_code),
        description=description,
        place=_place(activity),
    )


def _is_scan(event: TrackingEvent, activity: Mapping[str, Any]) -> bool:
    type_ = status_parts(as_dict(activity.get("status")))[0]
    logical = activity.get("logicalScan") is True
    return type_ not in NOT_A_SCAN and event.status is not S.INFO_RECEIVED and not logical


def _place(activity: Mapping[str, Any]) -> str:
    """Town and country only: never an address line, a postcode or a name."""
    address = as_dict(as_dict(activity.get("location")).get("address"))
    country = fact(address.get("countryCode")) or fact(address.get("country"))
    if len(country) != 2:
        country = ""
    return " ".join(p for p in (fact(address.get("city")), country.upper()) if p)


def _signed(delivery: Mapping[str, Any]) -> bool:
    place = fact(delivery.get("location"))
    return is_image(as_dict(delivery.get("signature")).get("image")) or is_name(
        delivery.get("receivedBy"), place
    )


def _proof(package: Mapping[str, Any], delivery: Mapping[str, Any], inquiry: str) -> str | None:
    """A reference to UPS's proof of delivery when UPS says it holds one: never the document."""
    photo = as_dict(delivery.get("deliveryPhoto"))
    has_proof = (
        bool(fact(as_dict(delivery.get("pod")).get("content")))
        or _signed(delivery)
        or fact(photo.get("photoDispositionCode")).upper() == "V"
    )
    tracking_number = fact(package.get("trackingNumber")) or inquiry
    return f"UPS POD {tracking_number}" if has_proof and tracking_number else None


def _delivered_at(
    package: Mapping[str, Any],
    activities: Sequence[Mapping[str, Any]],
    events: Sequence[TrackingEvent],
) -> datetime | None:
    delivered = [e.at for e in events if e.status is S.DELIVERED]
    if delivered:
        return delivered[-1]
    # No dated delivery scan: UPS's delivered date and time are local.
    date = next(
        (
            digits(d.get("date"))
            for d in dicts(package.get("deliveryDate"))
            if fact(d.get("type")).upper() == "DEL"
        ),
        "",
    )
    time_ = as_dict(package.get("deliveryTime"))
    if fact(time_.get("type")).upper() != "DEL":
        return None
    offset = next(
        (o for a in activities if (o := parse_offset(a.get("gmtOffset"))) is not None), None
    )
    return local_instant(
        date,
        digits(time_.get("endTime")),
        offset if offset is not None else place_zone(activities[0]),
    )
