"""The UPS Tracking API (``GET /api/track/v1/details/{inquiryNumber}``), one number per call.

Written from UPS's published OpenAPI description (``Tracking.yaml`` in UPS-API/api-documentation)
and the answers UPS documents or is known to give:

* 200 with ``trackResponse.shipment[].package[]``: ``currentStatus``, ``activity[]`` (newest
  first; each with ``status {type, code, statusCode, description}``, local ``date``/``time``,
  ``gmtDate``/``gmtTime`` in UTC and the local ``gmtOffset``, ``location.address``),
  ``deliveryInformation`` (``receivedBy``, ``signature``, ``deliveryPhoto``, ``pod``),
  ``additionalServices`` (``SIGNATURE_REQUIRED``, ``ADULT_SIGNATURE_REQUIRED`` …);
* 200 with ``shipment[].warnings`` and no package for a number UPS does not know
  (``TW0001 Tracking Information Not Found``);
* 400 / 403 / 404 / 500 / 503 with ``{"response": {"errors": [{"code", "message"}]}}``
  (``TV1002 Invalid inquiry number`` on 400).

A number UPS answers about (``TW0001``, a 404 with UPS's error document, a 400 ``TV…``
validation error) is ``TrackingResult.not_found``; every other failure — refused credentials,
401 after a fresh token, 403, 429 and 5xx once aztui's client has retried, a timeout, no
connection, an HTML page, a body that is not UPS's JSON, an empty 404 — is
``TrackingResult.failed`` (the call failed: the carrier is degraded for the run).

What is kept: status codes, UPS's wording of each scan, the scan's town and country. What is
never kept: ``receivedBy`` (a person's name), addresses, reference numbers, the signature image,
the delivery photo or the POD document.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from urllib.parse import quote

import httpx

from aztui.carriers import CarrierContext, TrackingEvent, TrackingResult
from aztui.domain.model import TrackingStatus

from .oauth import TokenProblem, TokenSource, body_errors, ups_errors, why

TRACK_PATH = "/api/track/v1/details/{}"
TRANSACTION_SOURCE = "aztui"
DEFAULT_LOCALE = "fr_FR"
NOT_FOUND_WARNING = "TW0001"
"""The warning UPS gives, with HTTP 200 and no package, for a number it does not know."""

S = TrackingStatus

TYPE_STATUS: Mapping[str, TrackingStatus] = {
    "M": S.INFO_RECEIVED,  # Billing Information Received (label created)
    "MV": S.EXCEPTION,  # Billing Information Voided (shipment cancelled)
    "P": S.IN_TRANSIT,  # Pickup
    "I": S.IN_TRANSIT,  # In Transit
    "O": S.OUT_FOR_DELIVERY,  # Out for Delivery
    "D": S.DELIVERED,  # Delivered
    "X": S.EXCEPTION,  # Exception
    "RS": S.RETURNED,  # Returned to Shipper
    "DO": S.IN_TRANSIT,  # Delivered Origin CFS (freight only)
    "DD": S.IN_TRANSIT,  # Delivered Destination CFS (freight only)
    "W": S.IN_TRANSIT,  # Warehousing (freight only)
    "NA": S.UNKNOWN,  # Not Available
}
"""``status.type``: the activity status type letters of the Tracking API."""

STATUS_CODE_STATUS: Mapping[str, TrackingStatus] = {
    "003": S.INFO_RECEIVED,  # shipper created a label, UPS has not received the package
    "005": S.IN_TRANSIT,  # in transit (arrived / departed / we have your package)
    "007": S.EXCEPTION,  # shipment information voided
    "011": S.DELIVERED,  # delivered
    "012": S.IN_TRANSIT,  # clearance in progress
    "013": S.EXCEPTION,  # exception
    "016": S.EXCEPTION,  # held in warehouse, pending instructions
    "017": S.AVAILABLE_FOR_PICKUP,  # held for customer pickup
    "021": S.OUT_FOR_DELIVERY,  # out for delivery today
    "029": S.EXCEPTION,  # address information required
    "035": S.RETURN_TO_SENDER,  # returning to sender
    "038": S.IN_TRANSIT,  # picked up
    "040": S.AVAILABLE_FOR_PICKUP,  # delivered to a UPS Access Point, awaiting pickup
    "058": S.EXCEPTION,  # clearance information required
    "071": S.IN_TRANSIT,  # preparing for delivery / processing at UPS facility
    "072": S.IN_TRANSIT,  # loaded on delivery vehicle
}
"""``status.statusCode`` (three digits): finer than the type, so it is looked at first."""

TYPES_FIRST = frozenset({"RS", "MV"})
"""Types that say more than any status code (a return delivered to the shipper is a return)."""

NOT_A_SCAN = frozenset({"M", "MV"})
"""Types that are paperwork, not a physical scan: never the first scan."""


def map_status(type_: str, status_code: str) -> TrackingStatus:
    """The aztui status of a UPS ``status`` (type letter(s), three-digit status code)."""
    type_, status_code = type_.strip().upper(), status_code.strip()
    if type_ in TYPES_FIRST:
        return TYPE_STATUS[type_]
    if status_code in STATUS_CODE_STATUS:
        return STATUS_CODE_STATUS[status_code]
    return TYPE_STATUS.get(type_, S.UNKNOWN)


class UpsCarrier:
    """``track(numbers)``: one call to UPS per number, one result per number, in order."""

    def __init__(self, context: CarrierContext) -> None:
        self._client = context.client
        options = context.options
        self._locale = str(options.get("locale") or DEFAULT_LOCALE)
        self._source = str(options.get("transaction_src") or TRANSACTION_SOURCE)
        merchant = options.get("merchant_id")
        self._tokens = TokenSource(
            context.client,
            context.secrets.get("client_id", ""),
            context.secrets.get("client_secret", ""),
            merchant_id=str(merchant) if merchant else None,
        )

    async def track(self, numbers: Sequence[str]) -> list[TrackingResult]:
        results: list[TrackingResult] = []
        token_problem: str | None = None
        for number in numbers:
            if token_problem is not None:
                results.append(TrackingResult.failed(number, token_problem))
                continue
            try:
                results.append(await self._track_one(number))
            except TokenProblem as exc:
                token_problem = str(exc)
                results.append(TrackingResult.failed(number, token_problem))
            except Exception as exc:  # noqa: BLE001 - a carrier reports, it never raises
                results.append(
                    TrackingResult.failed(
                        number, f"the UPS answer could not be read ({type(exc).__name__})"
                    )
                )
        return results

    async def _track_one(self, number: str) -> TrackingResult:
        inquiry = normalise(number)
        if not 7 <= len(inquiry) <= 34:
            return TrackingResult.not_found(
                number, "not a UPS inquiry number (7 to 34 letters and digits)"
            )
        token = await self._tokens.get()
        answer = await self._get(inquiry, token)
        if isinstance(answer, httpx.Response) and answer.status_code == 401:
            self._tokens.invalidate(token)
            token = await self._tokens.get()
            answer = await self._get(inquiry, token)
            if isinstance(answer, httpx.Response) and answer.status_code == 401:
                detail = body_errors(answer)
                return TrackingResult.failed(
                    number,
                    "UPS refused a fresh access token (HTTP 401"
                    + (f": {detail})" if detail else ")"),
                )
        if isinstance(answer, str):
            return TrackingResult.failed(number, answer)
        return read_answer(number, inquiry, answer)

    async def _get(self, inquiry: str, token: str) -> httpx.Response | str:
        try:
            return await self._client.get(
                TRACK_PATH.format(quote(inquiry, safe="")),
                params={
                    "locale": self._locale,
                    "returnSignature": "false",
                    "returnMilestones": "false",
                    "returnPOD": "false",
                },
                headers={
                    "Authorization": f"Bearer {token}",
                    "transId": uuid.uuid4().hex,
                    "transactionSrc": self._source,
                    "Accept": "application/json",
                },
            )
        except httpx.TimeoutException:
            return "UPS did not answer in time"
        except httpx.HTTPError as exc:
            return f"could not reach UPS ({why(exc)})"


def normalise(number: str) -> str:
    """The inquiry number as UPS wants it: no spaces or dashes, upper case."""
    return re.sub(r"[\s\-]", "", number).upper()


# -- reading an answer ----------------------------------------------------------------------


def read_answer(number: str, inquiry: str, response: httpx.Response) -> TrackingResult:
    status = response.status_code
    body = response.content.strip()
    if _looks_like_html(response, body):
        return TrackingResult.failed(
            number, f"UPS answered an HTML page instead of JSON (HTTP {status})"
        )
    if status != 200:
        detail = body_errors(response)
        if _is_verdict(status, detail):
            return TrackingResult.not_found(number, _http_failure(status, detail, body))
        return TrackingResult.failed(number, _http_failure(status, detail, body))
    if not body:
        return TrackingResult.failed(number, "UPS answered an empty page (HTTP 200)")
    try:
        document = response.json()
    except ValueError:
        return TrackingResult.failed(number, "UPS answered something that is not JSON")
    return read_document(number, inquiry, document)


def _looks_like_html(response: httpx.Response, body: bytes) -> bool:
    return "html" in response.headers.get("content-type", "").lower() or body[:1] == b"<"


def _is_verdict(status: int, detail: str) -> bool:
    """UPS answered about the number itself: 404 "not found" with UPS's error document, or 400
    with a tracking validation error (``TV1002 Invalid inquiry number``). Anything else is a
    failed call."""
    return bool(detail) and (status == 404 or (status == 400 and detail.startswith("TV")))


def _http_failure(status: int, detail: str, body: bytes) -> str:
    suffix = f": {detail}" if detail else ""
    if status == 404:
        if not body:
            return "UPS answered HTTP 404 with no body (is the base URL right?)"
        return f"UPS has no tracking information for this number (HTTP 404{suffix})"
    if status == 400:
        what = "this inquiry number" if detail.startswith("TV") else "the request"
        return f"UPS refused {what} (HTTP 400{suffix})"
    if status == 403:
        return f"UPS refused access to tracking (HTTP 403{suffix})"
    if status == 429:
        return f"UPS rate limit reached (HTTP 429{suffix})"
    return f"UPS answered HTTP {status}{suffix}"


def read_document(number: str, inquiry: str, document: Any) -> TrackingResult:
    """A ``TrackingResult`` from a 200 answer's JSON (pure: no I/O, no clock)."""
    if not isinstance(document, dict):
        return TrackingResult.failed(number, "UPS answered an unexpected document")
    track = document.get("trackResponse")
    if not isinstance(track, dict):
        detail = ups_errors(document)
        return TrackingResult.failed(
            number,
            f"UPS answered an error: {detail}"
            if detail
            else "UPS answered an unexpected document (no trackResponse)",
        )
    shipments = [s for s in _as_list(track.get("shipment")) if isinstance(s, dict)]
    shipment = _pick(shipments, "inquiryNumber", inquiry)
    if shipment is None:
        return TrackingResult.failed(number, "UPS answered no shipment for this number")
    packages = [p for p in _as_list(shipment.get("package")) if isinstance(p, dict)]
    package = _pick(packages, "trackingNumber", inquiry)
    if package is None:
        warnings = _warnings(shipment)
        said = f" ({'; '.join(warnings)})" if warnings else ""
        if any(w.startswith(NOT_FOUND_WARNING) for w in warnings):
            return TrackingResult.not_found(
                number, f"UPS has no tracking information for this number{said}"
            )
        return TrackingResult.not_found(number, f"UPS answered no package for this number{said}")
    return read_package(number, package)


def read_package(number: str, package: Mapping[str, Any]) -> TrackingResult:
    events: list[TrackingEvent] = []
    types: list[str] = []
    for activity in _as_list(package.get("activity")):
        if not isinstance(activity, dict):
            continue
        at = activity_instant(activity)
        if at is None:
            continue  # an instant we cannot place in UTC would move deadlines: left out
        said = _dict(activity.get("status"))
        type_, code, status_code = _status_parts(said)
        events.append(
            TrackingEvent(
                at=at,
                status=map_status(type_, status_code),
                code=_raw(type_, code, status_code),
                description=_text(said.get("description")),
                place=_place(activity),
            )
        )
        types.append(type_)
    order = sorted(range(len(events)), key=lambda i: events[i].at)
    events = [events[i] for i in order]
    types = [types[i] for i in order]

    current = _dict(package.get("currentStatus"))
    c_type, c_code, c_status_code = _status_parts(current)
    status = map_status(c_type, c_status_code) if current else S.UNKNOWN
    raw_status = _raw(c_type, c_code, c_status_code) if current else ""
    if status is S.UNKNOWN and events:
        status = events[-1].status
        raw_status = raw_status or events[-1].code
    elif status is S.UNKNOWN and not current:
        status = S.PENDING  # UPS knows the package, nothing scanned yet

    first_scan = next(
        (
            e.at
            for e, t in zip(events, types, strict=True)
            if t not in NOT_A_SCAN and e.status is not S.INFO_RECEIVED
        ),
        None,
    )
    delivered = status is S.DELIVERED
    delivery = _dict(package.get("deliveryInformation"))
    return TrackingResult(
        number=number,
        status=status,
        raw_status=raw_status,
        events=tuple(events),
        first_scan_at=first_scan,
        delivered_at=_delivered_at(package, events) if delivered else None,
        signed=_signed(package, delivery) if delivered else None,
        proof_of_delivery=_proof(package, delivery) if delivered else None,
    )


def _status_parts(status: Mapping[str, Any]) -> tuple[str, str, str]:
    """(type, activity code, three-digit status code); ``currentStatus`` may carry the
    three-digit code in ``code``."""
    type_ = _text(status.get("type")).upper()
    code = _text(status.get("code"))
    status_code = _text(status.get("statusCode"))
    if not status_code and re.fullmatch(r"\d{3}", code):
        status_code, code = code, ""
    return type_, code, status_code


def _raw(*parts: str) -> str:
    return "/".join(p for p in parts if p)


def _place(activity: Mapping[str, Any]) -> str:
    """Town and country only: never an address line, a postcode or a name."""
    address = _dict(_dict(activity.get("location")).get("address"))
    country = _text(address.get("countryCode")) or _text(address.get("country"))
    if len(country) != 2:
        country = ""
    return " ".join(p for p in (_text(address.get("city")), country.upper()) if p)


def _signed(package: Mapping[str, Any], delivery: Mapping[str, Any]) -> bool:
    """Someone signed: UPS names a receiver, holds a signature, or the service required one.
    Only the fact is kept, never the name."""
    if _text(delivery.get("receivedBy")) or _present(delivery.get("signature")):
        return True
    services = [str(s).upper() for s in _as_list(package.get("additionalServices"))]
    return any(s.endswith("SIGNATURE_REQUIRED") for s in services)


def _proof(package: Mapping[str, Any], delivery: Mapping[str, Any]) -> str | None:
    """A reference to UPS's proof of delivery when UPS says it holds one (a signature, a named
    receiver, a viewable delivery photo or a POD document): never the document itself."""
    photo = _dict(delivery.get("deliveryPhoto"))
    has_proof = (
        _present(delivery.get("pod"))
        or _present(delivery.get("signature"))
        or bool(_text(delivery.get("receivedBy")))
        or _text(photo.get("photoDispositionCode")).upper() == "V"
    )
    tracking_number = _text(package.get("trackingNumber"))
    return f"UPS POD {tracking_number}" if has_proof and tracking_number else None


def _delivered_at(package: Mapping[str, Any], events: Sequence[TrackingEvent]) -> datetime | None:
    delivered = [e.at for e in events if e.status is S.DELIVERED]
    if delivered:
        return delivered[-1]
    # No dated delivery scan: UPS's delivered date and time are local; place them with the
    # newest scan's offset when there is one.
    date = next(
        (
            _digits(d.get("date"))
            for d in _as_list(package.get("deliveryDate"))
            if isinstance(d, dict) and _text(d.get("type")).upper() == "DEL"
        ),
        "",
    )
    time_ = _dict(package.get("deliveryTime"))
    offset = next(
        (
            o
            for a in _as_list(package.get("activity"))
            if isinstance(a, dict)
            for o in [_offset(a.get("gmtOffset"))]
            if o is not None
        ),
        None,
    )
    if len(date) != 8 or offset is None or _text(time_.get("type")).upper() != "DEL":
        return None
    local = _combine(date, _digits(time_.get("endTime")), offset)
    return local.astimezone(UTC) if local else None


# -- instants -------------------------------------------------------------------------------


def activity_instant(activity: Mapping[str, Any]) -> datetime | None:
    """Aware UTC: ``gmtDate``/``gmtTime`` (UTC), else local ``date``/``time`` less
    ``gmtOffset``; ``None`` when neither is complete."""
    gmt = _combine(_digits(activity.get("gmtDate")), _digits(activity.get("gmtTime")), UTC)
    if gmt is not None:
        return gmt
    offset = _offset(activity.get("gmtOffset"))
    if offset is None:
        return None
    local = _combine(_digits(activity.get("date")), _digits(activity.get("time")), offset)
    return local.astimezone(UTC) if local else None


def _combine(date: str, time_: str, tz: timezone) -> datetime | None:
    """``YYYYMMDD`` and ``HHMMSS`` (UPS also writes ``HMMSS``, ``HH:MM:SS`` and ``HHMM``)."""
    if len(date) != 8 or not time_ or len(time_) > 6:
        return None
    time_ = time_ + "00" if len(time_) == 4 else time_.zfill(6)
    try:
        return datetime(
            int(date[:4]),
            int(date[4:6]),
            int(date[6:]),
            int(time_[:2]),
            int(time_[2:4]),
            int(time_[4:]),
            tzinfo=tz,
        )
    except ValueError:
        return None


def _offset(value: object) -> timezone | None:
    match = re.fullmatch(r"([+-])(\d{1,2}):?(\d{2})", _text(value))
    if not match:
        return None
    sign, hours, minutes = match.groups()
    delta = timedelta(hours=int(hours), minutes=int(minutes))
    if delta >= timedelta(hours=24):
        return None
    return timezone(-delta if sign == "-" else delta)


# -- small helpers --------------------------------------------------------------------------


def _pick(items: list[dict], key: str, wanted: str) -> dict | None:
    for item in items:
        if normalise(_text(item.get(key))) == wanted:
            return item
    return items[0] if items else None


def _warnings(shipment: Mapping[str, Any]) -> list[str]:
    out = []
    for warning in _as_list(shipment.get("warnings")):
        if isinstance(warning, dict):
            text = f"{_text(warning.get('code'))} {_text(warning.get('message'))}".strip()
            if text:
                out.append(text[:200])
    return out


def _as_list(value: object) -> list:
    if isinstance(value, list):
        return value
    return [value] if isinstance(value, dict) else []


def _dict(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, dict) else {}


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _digits(value: object) -> str:
    return re.sub(r"\D", "", value) if isinstance(value, str) else ""


def _present(value: object) -> bool:
    """A non-empty container or string (``signature: {"image": …}``, ``pod: {…}``)."""
    if isinstance(value, dict):
        return any(_present(v) for v in value.values())
    if isinstance(value, list):
        return any(_present(v) for v in value)
    if isinstance(value, str):
        return bool(value.strip())
    return value is not None and value is not False
