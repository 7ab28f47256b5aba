"""The webhook channel: one signed POST per ``send``.

The request, following Standard Webhooks::

    POST <url>
    content-type: application/json
    webhook-id: <the alert's id>
    webhook-timestamp: <now, unix seconds>
    webhook-signature: v1,<base64 HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{body}">

    {"type":"aztui.alert","timestamp":"<the alert's created_at>","data":{<Alert.as_dict()>}}

The body is compact UTF-8 JSON. ``webhook-id`` is the alert's id (percent-encoded where it is
not visible ASCII), the same on every attempt: the spec makes it the idempotency key, so a
receiver drops a delivery it has already handled. The body is the same on every attempt too
(its ``timestamp`` is when the alert was raised); only ``webhook-timestamp`` and the
signature change.

The answer: 2xx is delivered. 408, 409, 425, 429 and 5xx, a timeout or a network error are
worth trying again (aztui's outbox does, with backoff). Any other status is a refusal that
retrying cannot fix (a wrong secret, a wrong URL), and so is a redirect: signed deliveries
are not followed elsewhere. ``send`` never raises and never puts the secret in a reason.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
from urllib.parse import quote

import httpx

from aztui import http
from aztui.channels import Alert, ChannelContext, Delivery, secret_variable

from .options import WebhookOptions
from .signing import signature, signing_key

EVENT_TYPE = "aztui.alert"
RETRIED_STATUSES = frozenset({408, 409, 425, 429})
USER_AGENT = "aztui-webhook (+https://www.standardwebhooks.com/)"
SNIPPET_BYTES = 512
SNIPPET_CHARS = 200
_ID_SAFE = "".join(chr(c) for c in range(0x21, 0x7F) if chr(c) != "%")
_HINTS = {
    401: "does the receiver have the same signing_secret?",
    403: "does the receiver have the same signing_secret?",
    404: "is the url right?",
    405: "is the url right?",
    410: "is the url right?",
    413: "the receiver finds the alert too large",
}


def payload(alert: Alert) -> bytes:
    """The request body: compact JSON, UTF-8, non-ASCII text kept as it is."""
    data = alert.as_dict()
    event = {"type": EVENT_TYPE, "timestamp": data["created_at"], "data": data}
    return json.dumps(event, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def header_id(alert_id: str) -> str:
    """The alert id as a header value: itself when it is visible ASCII without ``%``."""
    return quote(alert_id, safe=_ID_SAFE)


class WebhookChannel:
    """A ``[channels.<id>] type = "webhook"`` channel."""

    def __init__(self, context: ChannelContext) -> None:
        self.name = context.name
        options = context.options
        self.options = (
            options
            if isinstance(options, WebhookOptions)
            else WebhookOptions.model_validate(options or {})
        )
        url = httpx.URL(self.options.url)
        self.where = url.netloc.decode("ascii")
        secret = context.secrets.get("signing_secret")
        self._hide = tuple(
            sorted(
                {
                    s
                    for s in (
                        secret,
                        (secret or "").strip(),
                        (secret or "").strip().removeprefix("whsec_"),
                    )
                    if s and len(s) >= 4
                },
                key=len,
                reverse=True,
            )
        )
        self._key: bytes | None = None
        self._problem = ""
        try:
            self._key = signing_key(secret)
        except ValueError as exc:
            self._problem = (
                f"{exc}: set {secret_variable(self.name, 'signing_secret')} "
                "or signing_secret in the channel's secrets_file"
            )

    def __repr__(self) -> str:
        return f"WebhookChannel({self.name!r}, {self.where!r})"

    async def send(self, alert: Alert) -> Delivery:
        try:
            return await self._send(alert)
        except Exception as exc:  # noqa: BLE001 - a channel reports, it does not raise
            return Delivery.failed(
                self._clean(f"webhook to {self.where} failed ({type(exc).__name__}: {exc})")
            )

    async def _send(self, alert: Alert) -> Delivery:
        if self._key is None:
            return Delivery.failed(self._problem, retry=False)
        body = payload(alert)
        msg_id = header_id(alert.id)
        timestamp = str(int(time.time()))
        extra = self.options.headers
        own_agent = any(name.lower() == "user-agent" for name in extra)
        headers = {
            **({} if own_agent else {"user-agent": USER_AGENT}),
            **extra,
            "content-type": "application/json",
            "webhook-id": msg_id,
            "webhook-timestamp": timestamp,
            "webhook-signature": signature(self._key, msg_id, timestamp, body),
        }
        limit = self.options.timeout_seconds
        words = http.Words(timeout=f"{{who}} did not answer within {limit:g} s")
        answer = await http.attempt(self._post(body, headers, limit), self.where, words)
        if isinstance(answer, http.CallFailed):  # no answer, no connection, TLS refused
            return Delivery.failed(self._clean(answer.reason), retry=answer.retry)
        return answer

    async def _post(self, body: bytes, headers: dict[str, str], limit: float) -> Delivery:
        async with asyncio.timeout(limit):  # all told: connecting, sending, reading
            return await self._exchange(body, headers, limit)

    async def _exchange(self, body: bytes, headers: dict[str, str], limit: float) -> Delivery:
        client = http.client(timeout=limit)  # aztui's: its TLS context, no redirect followed
        async with (
            client,
            client.stream("POST", self.options.url, content=body, headers=headers) as response,
        ):
            if response.is_success:
                return Delivery.ok()
            return self._failure(response, await _head(response))

    def _failure(self, response: httpx.Response, head: bytes) -> Delivery:
        status = response.status_code
        answer = f"HTTP {status} {response.reason_phrase}".rstrip()
        said = _snippet(head)
        if response.is_redirect:
            return Delivery.failed(
                f"{self.where} answered {answer}: a signed webhook is not "
                "redirected, set url to the address it points to",
                retry=False,
            )
        if 400 <= status < 500 and status not in RETRIED_STATUSES:
            hint = _HINTS.get(status)
            reason = f"{self.where} refused the webhook ({answer}{'; ' + hint if hint else ''})"
            return Delivery.failed(self._clean(reason + (f": {said}" if said else "")), retry=False)
        wait = response.headers.get("retry-after")
        reason = f"{self.where} answered {answer}"
        if wait and len(wait) <= 40:
            reason += f" (Retry-After: {wait})"
        return Delivery.failed(self._clean(reason + (f": {said}" if said else "")))

    def _clean(self, text: str) -> str:
        """Never the secret in a reason, even when a receiver echoes it."""
        for secret in self._hide:
            text = text.replace(secret, "***")
        return text


async def _head(response: httpx.Response) -> bytes:
    """The start of an answer's body, without reading a large one whole."""
    head = b""
    try:
        async for chunk in response.aiter_bytes():
            head += chunk
            if len(head) >= SNIPPET_BYTES:
                break
    except httpx.HTTPError:
        pass  # the status says enough
    return head[:SNIPPET_BYTES]


def _snippet(head: bytes) -> str:
    text = re.sub(r"\s+", " ", head.decode("utf-8", errors="replace")).strip()
    return text if len(text) <= SNIPPET_CHARS else text[: SNIPPET_CHARS - 1] + "…"
