"""The UPS Tracking API (``GET /api/track/v1/details/{inquiryNumber}``), one number per call.

This module makes the calls: an OAuth token (``oauth``), then one ``GET`` per number with
``Authorization: Bearer …``, ``transId`` (unique per call) and ``transactionSrc`` headers, the
locale, and no request for the signature image, the milestones or the POD document. A 401 gets
one fresh token and one more try. Reading the answer is ``answer`` (every shape seen, and how
each is read), ``package``, ``status``, ``instants`` and ``zones``.

A number UPS answers about (``TW0001``, a 404 with UPS's error document, a 400 ``TV…``
validation error) is ``TrackingResult.not_found``; every other failure — refused credentials,
401 after a fresh token, 403, 429 and 5xx once aztui's client has retried, a timeout, no
connection, an answer of a shape aztui does not know — is ``TrackingResult.failed``.

What is kept: status codes, UPS's wording of each scan, the scan's town and country. What is
never kept: ``receivedBy`` (a person's name), addresses, reference numbers, the signature image,
the delivery photo or the POD document.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from urllib.parse import quote

import httpx

from aztui import http
from aztui.carriers import CarrierContext, TrackingResult

from .answer import normalise, read_answer
from .oauth import TokenProblem, TokenSource, body_errors
from .options import UpsOptions

TRACK_PATH = "/api/track/v1/details/{}"


class UpsCarrier:
    """``track(numbers)``: one call to UPS per number, one result per number, in order."""

    def __init__(self, context: CarrierContext) -> None:
        self._client = context.client
        options = context.options
        if not isinstance(options, UpsOptions):  # a context made by hand, as in a test
            options = UpsOptions.model_validate(options)
        self._locale, self._source = options.locale, options.transaction_src
        self._tokens = TokenSource(
            context.client,
            context.secrets.get("client_id", ""),
            context.secrets.get("client_secret", ""),
            merchant_id=options.merchant_id or None,
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
        call = self._client.get(
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
        answer = await http.attempt(call, "UPS")  # the network's failures, worded by aztui
        return answer.reason if isinstance(answer, http.CallFailed) else answer
