"""The La Poste Suivi v2 carrier: one ``GET /suivi/v2/idships/{a,b,…}?lang=fr_FR`` with the
``X-Okapi-Key`` header for up to ten numbers.

aztui's client already keeps to the rate limits, retries 429 and 5xx and times out; what is
left here is turning every answer, or the lack of one, into one result per number. A call
that fails as a whole fails each of its numbers with the reason, and ``track`` never raises.

Answer shapes seen (``tests/fixtures/real/SOURCES.md``) and how each is read:

- HTTP 200 with an array of envelopes (the OpenAPI's 200 schema; karrio's captured answer),
  or one envelope object: each ``{"returnCode": 200, "shipment": {...}}`` is read by
  ``parse.shipment_result``: event codes decide (``codes``), ISO dates with an offset are
  stored in UTC (a date without one would be French time), ``timeline`` and
  ``contextData`` are not read; no signature is stated (``signed`` None).
- HTTP 207 with an array of envelopes, each with its own ``returnCode``: 200 as above; 104,
  105, 101, 109 (La Poste's verdict on the number, meaning published for 104 only) are
  ``not_found`` with La Poste's ``returnMessage``; 504 is ``failed`` (asked again).
- HTTP 400 ``{"returnCode": 400, "returnMessage", "idShip"}`` (a number La Poste refuses,
  captured by karrio) and HTTP 404 ``{"returnCode": 104, …}`` (the OpenAPI's example):
  ``not_found`` for the number named, or for every number when none is named.
- The Okapi gateway's ``{"code", "message"}`` (401 ``UNAUTHORIZED`` observed live, 429
  ``TOO_MANY_REQUESTS`` kept by karrio; 400/404/500 of the same shape are guessed) and any
  other HTTP error: every number ``failed`` with the status and the gateway's words.
- Anything else (HTML, broken or empty body, JSON of another shape, a shipment without an
  event list, an event without a code or date): ``failed`` with the reason, never a silent
  pending.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import quote

import httpx

from aztui import http
from aztui.carriers import CarrierContext, TrackingResult
from aztui_carrier_laposte.parse import Malformed, envelopes_of, results_for

PATH = "suivi/v2/idships/"
WORDS = http.Words(timeout="{who} did not answer in time (timeout)")
LANG = "fr_FR"
"""French labels: the language La Poste writes first, and the one sellers here read."""


class LaPosteCarrier:
    """Tracks Colissimo, Chronopost and Lettre suivie numbers through Suivi v2."""

    def __init__(self, context: CarrierContext) -> None:
        self._client = context.client
        self._key = context.secrets.get("api_key", "")

    async def track(self, numbers: Sequence[str]) -> list[TrackingResult]:
        """One result per number, in order; at most ``batch_size`` (10) numbers."""
        numbers = list(numbers)
        if not numbers:
            return []
        if not self._key:
            return _all_failed(numbers, "no La Poste API key (secret api_key) is set")
        ids = ",".join(quote(n, safe="") for n in dict.fromkeys(numbers))
        headers = {"X-Okapi-Key": self._key, "Accept": "application/json"}
        call = self._client.get(PATH + ids, params={"lang": LANG}, headers=headers)
        answer = await http.attempt(call, "La Poste", WORDS)
        if isinstance(answer, http.CallFailed):
            if answer.response is None:
                return _all_failed(numbers, answer.reason)
            answer = answer.response  # a client that raises once its retries are spent
        return read_answer(numbers, answer)


def read_answer(numbers: Sequence[str], response: httpx.Response) -> list[TrackingResult]:
    """Results from one HTTP answer: per-number envelopes where La Poste gave them (2xx, and
    the 400/404 it answers for a single bad or unknown number), else one error for all."""
    status = response.status_code
    if not response.content.strip():
        hint = " (is the base URL right?)" if status == 404 else ""
        return _all_failed(numbers, f"La Poste answered HTTP {status} with an empty body{hint}")
    if "html" in response.headers.get("content-type", "") or response.text.lstrip().startswith("<"):
        return _all_failed(
            numbers,
            f"La Poste answered HTTP {status} with an HTML page "
            "instead of JSON (an error or maintenance page)",
        )
    try:
        body = response.json()
    except ValueError:
        return _all_failed(numbers, f"La Poste's answer (HTTP {status}) is not valid JSON")
    if 200 <= status < 300 or status in (400, 404):
        try:
            return results_for(numbers, envelopes_of(body))
        except Malformed as exc:
            if 200 <= status < 300:
                return _all_failed(
                    numbers, f"La Poste's answer (HTTP {status}) is malformed: {exc}"
                )
    return _all_failed(numbers, http_error(status, body))


def http_error(status: int, body: Any) -> str:
    """What a whole-call HTTP error means, with the gateway's own words when it gave some."""
    said = ""
    if isinstance(body, Mapping):
        message = body.get("message") or body.get("returnMessage")
        said = f": {message.strip()}" if isinstance(message, str) and message.strip() else ""
    if status in (401, 403):
        return f"La Poste refused the API key (HTTP {status}){said}"
    if status == 429:
        return f"La Poste's rate limit was exceeded (HTTP 429){said}"
    if status >= 500:
        return f"La Poste's server failed (HTTP {status}){said}"
    if status == 404:
        return f"La Poste answered HTTP 404: not found (is the base URL right?){said}"
    if status == 400:
        return f"La Poste refused the request as invalid (HTTP 400){said}"
    return f"La Poste answered HTTP {status}{said}"


def _all_failed(numbers: Sequence[str], error: str) -> list[TrackingResult]:
    return [TrackingResult.failed(n, error) for n in numbers]
