"""UPS OAuth Client Credentials: one bearer token, kept until shortly before it expires.

``POST /security/v1/oauth/token`` on the carrier's base URL, HTTP Basic auth with the app's
client id and secret, form body ``grant_type=client_credentials`` and, when configured, the
``x-merchant-id`` header (the 6-character UPS account number). UPS answers
``{"token_type": "Bearer", "access_token": …, "expires_in": "14399", "issued_at": …,
"status": "approved", …}`` — ``expires_in`` is a number of seconds written as a string — or,
on failure, ``{"response": {"errors": [{"code": "10401", "message": "ClientId is Invalid"}]}}``
with HTTP 401 (403: blocked merchant).

Neither the secret nor the token ever appears in an error message.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Callable

import httpx

from aztui import http
from aztui.redact import remember

TOKEN_PATH = "/security/v1/oauth/token"
TOKEN_WORDS = http.Words(
    timeout="{who} did not answer the token request in time",
    unreachable="could not reach {who} for a token ({error})",
    untrusted="could not reach {who} for a token: its TLS certificate is not trusted ({error})",
)
REFRESH_MARGIN = 60.0
"""Seconds before expiry at which a cached token is no longer used."""
DEFAULT_LIFETIME = 3600.0
"""Used when UPS gives no readable ``expires_in``."""


class TokenProblem(Exception):
    """No token could be had; the message says why (and is safe to show)."""


class CredentialsRefused(TokenProblem):
    """UPS refused the client id / secret (HTTP 401 or 403 on the token endpoint)."""


def ups_errors(document: object) -> str:
    """``"CODE message; …"`` from a UPS error document (``response.errors``), else ``""``."""
    if not isinstance(document, dict):
        return ""
    response = document.get("response")
    errors = response.get("errors") if isinstance(response, dict) else None
    if not isinstance(errors, list):
        return ""
    parts = []
    for error in errors:
        if isinstance(error, dict):
            text = " ".join(str(error.get(key) or "").strip() for key in ("code", "message"))
            if text.strip():
                parts.append(text.strip())
    return "; ".join(parts)[:200]


def body_errors(response: httpx.Response) -> str:
    try:
        return ups_errors(response.json())
    except ValueError:
        return ""


class TokenSource:
    """Fetches and caches the bearer token; safe to share between concurrent ``track`` calls."""

    def __init__(
        self,
        client: httpx.AsyncClient,
        client_id: str,
        client_secret: str,
        *,
        merchant_id: str | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._client = client
        self._client_id = client_id
        self._client_secret = client_secret
        self._merchant_id = merchant_id
        self._clock = clock
        self._lock = asyncio.Lock()
        self._token: str | None = None
        self._fresh_until = 0.0
        self._refused: str | None = None

    async def get(self) -> str:
        """The cached token while it is fresh, else a new one. Raises ``TokenProblem``."""
        async with self._lock:
            if self._refused is not None:
                raise CredentialsRefused(self._refused)
            if self._token is not None and self._clock() < self._fresh_until:
                return self._token
            self._token, self._fresh_until = await self._fetch()
            return self._token

    def invalidate(self, token: str) -> None:
        """Forget ``token`` (UPS refused it) unless another call already replaced it."""
        if self._token == token:
            self._token, self._fresh_until = None, 0.0

    async def _fetch(self) -> tuple[str, float]:
        if not self._client_id or not self._client_secret:
            raise TokenProblem("the UPS client_id and client_secret are not both configured")
        headers = {"Accept": "application/json"}
        if self._merchant_id:
            headers["x-merchant-id"] = self._merchant_id
        call = self._client.post(
            TOKEN_PATH,
            data={"grant_type": "client_credentials"},
            headers=headers,
            auth=httpx.BasicAuth(self._client_id, self._client_secret),
        )
        response = await http.attempt(call, "UPS", TOKEN_WORDS)
        if isinstance(response, http.CallFailed):
            raise TokenProblem(response.reason)
        detail = body_errors(response)
        suffix = f": {detail}" if detail else ""
        if response.status_code in (401, 403):
            self._refused = (
                f"UPS refused the credentials (client_id/client_secret), "
                f"HTTP {response.status_code}{suffix}"
            )
            raise CredentialsRefused(self._refused)
        if response.status_code != 200:
            raise TokenProblem(
                f"UPS answered HTTP {response.status_code} to the token request{suffix}"
            )
        try:
            document = response.json()
        except ValueError:
            raise TokenProblem(
                "UPS answered the token request with something that is not JSON"
            ) from None
        token = document.get("access_token") if isinstance(document, dict) else None
        if not isinstance(token, str) or not token:
            raise TokenProblem("UPS answered the token request without an access_token")
        remember(token)  # a bearer token is a secret too: no message or log may show it
        return token, self._clock() + _usable_for(document.get("expires_in"))


def _usable_for(expires_in: object) -> float:
    """Seconds the token may be used: its lifetime less a safety margin."""
    try:
        lifetime = float(str(expires_in).strip())
    except ValueError:
        lifetime = DEFAULT_LIFETIME
    if not math.isfinite(lifetime):
        lifetime = DEFAULT_LIFETIME
    if lifetime <= 0:
        return 0.0
    return lifetime - REFRESH_MARGIN if lifetime > 2 * REFRESH_MARGIN else lifetime / 2
