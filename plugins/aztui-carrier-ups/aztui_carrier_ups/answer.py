"""Reading UPS's answer to ``GET /api/track/v1/details/{inquiryNumber}`` (pure: no I/O).

Every shape of answer aztui has seen — from UPS's OpenAPI description (``Tracking.yaml`` in
UPS-API/api-documentation), from answers quoted in UPS's issue tracker and captured in other
projects (``tests/fixtures/real/SOURCES.md``) — and how each is read:

1. 200, ``trackResponse.shipment[].package[]`` with ``activity[]`` carrying ``date``/
   ``time`` (local) and ``gmtDate``/``gmtTime`` (UTC, ``gmtDate`` without dashes) and
   ``gmtOffset`` (captures of 2024: Belgium to Australia, the US to Canada): read in full
   by ``package.read_package``; times from the GMT fields.
2. The same with local ``date``/``time`` only, no GMT fields (issue 38, 2023; UPS's portal
   example): times placed in the zone of the activity's place (``zones``), marked derived.
3. No ``currentStatus``, or one with a ``code`` and no ``type`` ("005", "092"): the status
   is the newest activity's; ``currentStatus`` is never what decides.
4. An activity with no ``date``/``time`` (issue 236): no event for it, no invented time.
5. ``deliveryInformation`` on a package not delivered (issue 236, a 2025 capture): no
   delivery, no signature. ``SIGNATURE_REQUIRED`` in ``additionalServices``: not proof.
6. Placeholders ("string", "null", "encoding Base64"; the portal example): refused as data.
7. 200 with ``shipment[]`` holding ``inquiryNumber`` and ``warnings`` ``TW0001 Tracking
   Information Not Found`` and no package (issues 102, 166): not found.
8. 400 ``{"response": {"errors": [{"code": "TV1002", "message": "Invalid inquiry
   number"}]}}`` (issue 12): not found (UPS refuses the number). 404 with UPS's error
   document (documented, not seen): not found.
9. 429 ``10429 Too Many Requests``, 401/403 and 5xx with the same envelope, an HTML page, a
   body that is not JSON, an empty 404: failed (after aztui's client has retried 429/5xx).
10. Anything else — JSON without ``trackResponse``, a shipment with neither package nor
    ``TW0001``, several shipments or packages none of which is the number asked, a package
    without activities: failed, with the reason (never a silent "pending").

Proxies that rename the envelope (``{"success": true, "payload": {"shipment": …}}``, a
capture from a third-party service) are not UPS's answer: failed like any unknown shape.
"""

from __future__ import annotations

import re
from typing import Any

import httpx

from aztui.carriers import TrackingResult

from .oauth import body_errors, ups_errors
from .package import read_package
from .values import as_dict, dicts, fact

NOT_FOUND_WARNING = "TW0001"
"""The warning UPS gives, with HTTP 200 and no package, for a number it does not know."""


def normalise(number: str) -> str:
    """The inquiry number as UPS wants it: no spaces or dashes, upper case."""
    return re.sub(r"[\s\-]", "", number).upper()


def read_answer(number: str, inquiry: str, response: httpx.Response) -> TrackingResult:
    """The result for ``number`` from UPS's HTTP answer (``inquiry``: the number as sent)."""
    status = response.status_code
    body = response.content.strip()
    if "html" in response.headers.get("content-type", "").lower() or body[:1] == b"<":
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


def _is_verdict(status: int, detail: str) -> bool:
    """UPS answered about the number itself: 404 with UPS's error document, or 400 with a
    tracking validation error (``TV1002 Invalid inquiry number``)."""
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
    track = as_dict(document).get("trackResponse")
    if not isinstance(track, dict):
        detail = ups_errors(document)
        return TrackingResult.failed(
            number,
            f"UPS answered an error: {detail}"
            if detail
            else "UPS answered an unexpected document (no trackResponse)",
        )
    shipment = _pick(dicts(track.get("shipment")), "inquiryNumber", inquiry, "shipment")
    if isinstance(shipment, str):
        return TrackingResult.failed(number, f"UPS answered {shipment}")
    packages = dicts(shipment.get("package"))
    if not packages:
        warnings = _warnings(shipment)
        said = f" ({'; '.join(warnings)})" if warnings else ""
        if any(w.startswith(NOT_FOUND_WARNING) for w in warnings):
            return TrackingResult.not_found(
                number, f"UPS has no tracking information for this number{said}"
            )
        return TrackingResult.failed(
            number, f"UPS answered a shipment with no package and no {NOT_FOUND_WARNING}{said}"
        )
    package = _pick(packages, "trackingNumber", inquiry, "package")
    if isinstance(package, str):
        return TrackingResult.failed(number, f"UPS answered {package}")
    return read_package(number, package, inquiry)


def _pick(items: list[dict], key: str, wanted: str, kind: str) -> dict | str:
    """The item numbered ``wanted``, else the only one; else why none is taken."""
    for item in items:
        if normalise(fact(item.get(key))) == wanted:
            return item
    if len(items) == 1:
        return items[0]
    if not items:
        return f"no {kind} for this number"
    return f"{len(items)} {kind}s, none numbered {wanted}"


def _warnings(shipment: dict) -> list[str]:
    out = []
    for warning in dicts(shipment.get("warnings")):
        said = f"{fact(warning.get('code'))} {fact(warning.get('message'))}".strip()
        if said:
            out.append(said[:200])
    return out
