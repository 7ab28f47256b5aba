"""The DHL carrier: ``GET /track/shipments?trackingNumber=…`` with the ``DHL-API-Key`` header.

One tracking number per call (the API's ``trackingNumber`` takes one), with ``language``
and, when the seller sets them, ``service``, ``requesterCountryCode`` and
``originCountryCode`` (``services``; ``recipientPostalCode`` is never sent: aztui keeps no
buyer address). Times without an offset are local to the event's country, else to the
service's home (parcel-de: Europe/Berlin), an explicit offset always winning (``zones``).

Answers seen, and how each is read (fixtures under ``tests/fixtures/real``,
with their origin in its ``SOURCES.md``):

- A parcel-de answer (real, 2023, German words): ``id`` a string, ``service`` "parcel-de",
  every ``timestamp`` without offset, ``addressLocality`` a country name ("Deutschland"),
  events without ``location``, ``proofOfDeliverySignedAvailable: false``,
  ``possibleAdditionalShipmentsUrl``. Read: times in Europe/Berlin; status from
  ``statusCode``; signature false once delivered.
- DHL's OpenAPI example (express): the paging envelope (``url``, ``nextUrl``…, only the
  first page is read), ``id`` a JSON number, ``status.timestamp`` with "Z" and the same
  event in ``events`` without offset, ``statusCode`` "pre-transit" with ``status``
  "DELIVERED", a signed ``proofOfDelivery`` with no delivered event. Read: id compared as
  text; the explicit "Z" kept for that event; info_received; and, for the signed proof
  without a delivery, an error saying so (neither delivery nor signature is taken).
- An eCommerce answer (real, captured by another project): offsets on every time (also
  "+06:00" on a British event: an offset is taken as written), ``statusCode`` "unknown" on
  some events, ``countryCode`` "UK", postcodes inside ``addressLocality``. Read: unknown
  events kept but not scans; "UK" read as GB; parts with digits dropped from places.
- eCommerce times with nanoseconds ("2023-11-21T15:27:20.331986369+01:00", quoted in
  karrio issue 439): read to the microsecond.
- Several shipments for one number (the spec allows up to ``limit``, 5; none captured):
  the one whose ``id`` is the number, else the one of the configured or inferred service,
  else the only one; otherwise failed, naming the services found.
- RFC 7807 problems: 404 "No shipment with given tracking number found." (real) → unknown
  to DHL; 429 "Too many requests within defined time period…" (real), 400, 401, 403 and
  5xx → failed with DHL's title and detail (and rate-limit headers).
- DHL Paket's older XML interface (``piece-shipment-list``, real samples): not this API;
  failed, named, whatever its status code.
- A ``statusCode`` outside the closed list: unknown, the code kept as written (as every
  carrier keeps a code it has no row for).
- Anything else (JSON without ``shipments``, an empty list, a status or event without
  ``statusCode``, a timestamp that is not ISO 8601, HTML, an empty body): failed, naming it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

import httpx

from aztui import http
from aztui.carriers import CarrierContext, TrackingResult

from .parse import Unreadable, choose, shipment
from .services import DhlOptions, compact, infer

PATH = "/track/shipments"
RATE_HEADERS = (
    "RateLimit-Limit",
    "RateLimit-Remaining",
    "RateLimit-Reset",
    "Retry-After",
    "X-RateLimit-Limit",
    "X-RateLimit-Remaining",
    "X-RateLimit-Reset",
)
REFUSED = {
    400: "DHL refused the request",
    401: "DHL refused the API key",
    403: "DHL refused access",
    404: "DHL knows no such address, check the base URL",
    429: "DHL's rate limit is reached",
}
OLD_XML = re.compile(rb"""<data\b[^>]*\bname=["']piece-shipment-list["']""")
_XML_SAYS = re.compile(rb"""\berror=["']([^"'<>]{1,120})["']""")


class CallFailed(Exception):
    """A call that gave nothing usable; the message is the result's error."""


class NotFound(Exception):
    """DHL answered and does not know the number."""


class DhlCarrier:
    """Tracks DHL parcels through the Shipment Tracking - Unified API."""

    def __init__(self, context: CarrierContext) -> None:
        self.client = context.client
        self.api_key = context.secrets.get("api_key", "")
        options = context.options
        if not isinstance(options, DhlOptions):  # a context made by hand, as in a test
            options = DhlOptions.model_validate(options)
        self.language = options.language
        self.query = options.query()

    async def track(self, numbers: Sequence[str]) -> list[TrackingResult]:
        """One result per number, in order; never raises for DHL's or the network's sake."""
        return [await self._one(number) for number in numbers]

    async def _one(self, number: str) -> TrackingResult:
        try:
            body = await http.attempt(self._get(number), "DHL")  # the network's failures worded
            if isinstance(body, http.CallFailed):
                return TrackingResult.failed(number, body.reason)
            service = self.query.get("service") or infer(number)
            return shipment(number, choose(number, body, service), service)
        except Unreadable as unknown:
            return TrackingResult.failed(number, str(unknown))
        except NotFound as unknown:
            return TrackingResult.not_found(number, str(unknown))
        except CallFailed as failure:
            return TrackingResult.failed(number, str(failure))
        except Exception as exc:  # noqa: BLE001 - a carrier answers with results, never raises
            return TrackingResult.failed(
                number, f"DHL's answer could not be read: {type(exc).__name__}"
            )

    async def _get(self, number: str) -> Any:
        query = {"trackingNumber": compact(number), **self.query, "language": self.language}
        response = await self.client.get(
            PATH, params=query, headers={"DHL-API-Key": self.api_key, "Accept": "application/json"}
        )
        if OLD_XML.search(response.content[:2000]):
            said = _XML_SAYS.search(response.content[:2000])
            raise CallFailed(
                "DHL answered with DHL Paket's older XML tracking (piece-shipment-list), not "
                "the Unified API's JSON: check [carriers.dhl] base_url"
                + (f" (it says: {said.group(1).decode('utf-8', 'replace')})" if said else "")
            )
        problem = _json(response)
        if response.status_code == 404 and _is_problem(problem):
            raise NotFound(f"unknown to DHL: {_detail(problem) or 'no shipment found'}")
        if response.is_success:
            if problem is None:
                raise CallFailed(
                    f"DHL answered with {_kind(response)} instead of JSON "
                    f"(HTTP {response.status_code})"
                )
            return problem
        raise CallFailed(_http_error(response, problem))


def _json(response: httpx.Response) -> Any:
    try:
        return json.loads(response.content) if response.content.strip() else None
    except (ValueError, UnicodeDecodeError):
        return None


def _is_problem(body: Any) -> bool:
    return isinstance(body, Mapping) and any(k in body for k in ("title", "detail", "status"))


def _detail(body: Any) -> str:
    if not _is_problem(body):
        return ""
    return " ".join(
        str(body[k]).strip()
        for k in ("title", "detail")
        if isinstance(body.get(k), str) and body[k].strip()
    )


def _kind(response: httpx.Response) -> str:
    if not response.content.strip():
        return "an empty body"
    if (
        "html" in response.headers.get("content-type", "").lower()
        or response.content.lstrip()[:1] == b"<"
    ):
        return "an HTML page"
    return "malformed JSON"


def _http_error(response: httpx.Response, body: Any) -> str:
    code = response.status_code
    what = "DHL's server failed" if code >= 500 else REFUSED.get(code, "DHL answered an error")
    said = _detail(body) or (f"answered with {_kind(response)}" if body is None else "")
    limits = ", ".join(f"{h}: {response.headers[h]}" for h in RATE_HEADERS if h in response.headers)
    extra = "; ".join(p for p in (said, limits) if p)
    status = f"HTTP {code} {httpx.codes.get_reason_phrase(code)}".strip()
    return f"{what} ({status})" + (f": {extra}" if extra else "")
