"""The DHL carrier: ``GET /track/shipments?trackingNumber=…`` with the ``DHL-API-Key`` header.

One tracking number per call (the API's ``trackingNumber`` takes one). A 404 problem report
("No shipment with given tracking number found.") makes that number unknown to DHL; any
other failure of the call (an HTTP error once aztui's client has retried, a timeout, no
connection, an answer that is not DHL's JSON) is an error result for the number. Errors are
RFC 7807 problem reports: ``{"title", "status", "detail"}``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

import httpx

from aztui.carriers import CarrierContext, TrackingResult

from .parse import shipment

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
_SPACES = re.compile(r"\s+")


class CallFailed(Exception):
    """A call that gave nothing usable; the message is the result's error."""


class NotFound(Exception):
    """DHL answered and does not know the number."""


class DhlCarrier:
    """Tracks DHL parcels through the Shipment Tracking - Unified API."""

    def __init__(self, context: CarrierContext) -> None:
        self.client = context.client
        self.api_key = context.secrets.get("api_key", "")
        self.language = str(context.options.get("language", "en"))

    async def track(self, numbers: Sequence[str]) -> list[TrackingResult]:
        """One result per number, in order; never raises for DHL's or the network's sake."""
        return [await self._one(number) for number in numbers]

    async def _one(self, number: str) -> TrackingResult:
        try:
            body = await self._get(number)
            return _pick(number, body)
        except NotFound as unknown:
            return TrackingResult.not_found(number, str(unknown))
        except CallFailed as failure:
            return TrackingResult.failed(number, str(failure))
        except httpx.TimeoutException:
            return TrackingResult.failed(number, "DHL did not answer in time (timeout)")
        except httpx.HTTPError as exc:
            why = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
            return TrackingResult.failed(number, f"could not reach DHL ({why})")
        except Exception as exc:  # noqa: BLE001 - a carrier answers with results, never raises
            return TrackingResult.failed(
                number, f"DHL's answer could not be read: {type(exc).__name__}"
            )

    async def _get(self, number: str) -> Any:
        query = {"trackingNumber": _SPACES.sub("", number), "language": self.language}
        response = await self.client.get(
            PATH, params=query, headers={"DHL-API-Key": self.api_key, "Accept": "application/json"}
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


def _pick(number: str, body: Any) -> TrackingResult:
    """The shipment whose ``id`` is the number (DHL may list others), else the first."""
    shipments = body.get("shipments") if isinstance(body, Mapping) else None
    found = [s for s in shipments or () if isinstance(s, Mapping)]
    if not found:
        raise CallFailed("DHL answered without any shipment")
    wanted = _SPACES.sub("", number).upper()
    same = [s for s in found if str(s.get("id", "")).upper() == wanted]
    return shipment(number, (same or found)[0])


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
