"""OAuth 2 for IMAP, as Gmail and Microsoft 365 want it: the refresh token the seller keeps
as the source's secret is exchanged for an access token at each sync (RFC 6749 6), which
logs in with ``AUTHENTICATE XOAUTH2`` (or ``OAUTHBEARER``). No token is ever shown: each
one read or received is remembered by ``aztui.redact``.

A server that rotates refresh tokens (Microsoft 365) answers with a new one: the secret,
in its own shape, goes to ``ImapOptions.keep_credentials`` (aztui keeps it, see
``aztui.sources.credentials``). Sessions of one source that log in together (one per folder
under IDLE) share one exchange: a server may refuse a refresh token already used.
"""

from __future__ import annotations

import asyncio
import base64
import json
import re
from dataclasses import dataclass

import aioimaplib

from aztui.redact import remember
from aztui_source_imap.errors import MailboxUnavailable, TokenRefused
from aztui_source_imap.options import ImapOptions


@dataclass(frozen=True, slots=True)
class RefreshCredentials:
    refresh_token: str
    client_secret: str | None = None


def read_credentials(secret: str) -> RefreshCredentials:
    """The source's secret: the refresh token itself, or JSON with ``refresh_token`` and
    ``client_secret`` (Google's installed apps have one)."""
    text = secret.strip()
    if text.startswith("{"):
        try:
            data = json.loads(text)
            token, client_secret = data["refresh_token"], data.get("client_secret")
        except (ValueError, KeyError, TypeError, AttributeError):
            raise TokenRefused(
                "the source's credentials are JSON without a refresh_token"
            ) from None
        if not isinstance(token, str) or not isinstance(client_secret, str | None):
            raise TokenRefused("the source's credentials: refresh_token must be a text")
        for value in (token, client_secret):
            if value:
                remember(value)
        return RefreshCredentials(token, client_secret)
    remember(text)
    return RefreshCredentials(text)


def with_refresh_token(secret: str, token: str) -> str:
    """``secret`` holding ``token`` as its refresh token, in the same shape: a bare token, or
    the same JSON (its other keys, their order and its indentation kept)."""
    text = secret.strip()
    if not text.startswith("{"):
        return token
    data = json.loads(text)  # read_credentials vouched for it
    data["refresh_token"] = token
    indent = re.search(r"\n([ \t]+)\S", text)
    return json.dumps(data, ensure_ascii=False, indent=indent[1] if indent else None)


_exchanges: dict[tuple[str | None, str | None, str], asyncio.Task[str]] = {}
"""The exchanges under way, by token endpoint, client and secret."""


async def access_token(options: ImapOptions, secret: str) -> str:
    """A fresh access token from ``options.token_url``: the one an exchange of the same
    secret under way gives, if there is one."""
    key = (options.token_url, options.client_id, secret)
    task = _exchanges.get(key)
    if task is None or task.get_loop() is not asyncio.get_running_loop():
        task = asyncio.ensure_future(_exchange(options, secret))
        _exchanges[key] = task
        task.add_done_callback(lambda done: _ended(key, done))
    return await asyncio.shield(task)


def _ended(key: tuple[str | None, str | None, str], task: asyncio.Task[str]) -> None:
    if _exchanges.get(key) is task:
        del _exchanges[key]
    if not task.cancelled():
        task.exception()  # every caller may have gone: not "never retrieved"


async def _exchange(options: ImapOptions, secret: str) -> str:
    import httpx

    from aztui.tls import shared_ssl_context

    credentials = read_credentials(secret)
    form = {
        "grant_type": "refresh_token",
        "refresh_token": credentials.refresh_token,
        "client_id": options.client_id or "",
    }
    if credentials.client_secret:
        form["client_secret"] = credentials.client_secret
    if options.scope:
        form["scope"] = options.scope
    assert options.token_url is not None
    try:
        verify = shared_ssl_context()
        async with httpx.AsyncClient(timeout=options.timeout_seconds, verify=verify) as client:
            answer = await client.post(options.token_url, data=form)
    except httpx.HTTPError as exc:
        raise MailboxUnavailable(f"token endpoint {options.token_url}: {exc}") from None
    try:
        body = answer.json()
    except ValueError:
        body = {}
    if not isinstance(body, dict):
        body = {}
    token = body.get("access_token")
    if answer.status_code == 200 and isinstance(token, str) and token:
        remember(token)
        _rotated(options, secret, credentials, body.get("refresh_token"))
        return token
    error = body.get("error") or f"HTTP {answer.status_code}"
    if answer.status_code in (400, 401):
        raise TokenRefused(
            f"token endpoint {options.token_url} refused the refresh token ({error}): make a "
            "new one and put it in the source's credentials"
        )
    raise MailboxUnavailable(f"token endpoint {options.token_url} answered {error}")


def _rotated(
    options: ImapOptions, secret: str, credentials: RefreshCredentials, given: object
) -> None:
    """A new refresh token in the answer (RFC 6749 6) handed to be kept."""
    if not isinstance(given, str) or not given or given == credentials.refresh_token:
        return
    remember(given)
    if options.keep_credentials is not None:
        options.keep_credentials(with_refresh_token(secret, given))


class OAuthLogin(aioimaplib.Command):
    """``AUTHENTICATE XOAUTH2`` or ``OAUTHBEARER`` (RFC 7628) with an initial response
    (RFC 4959). A refused token makes the server send a challenge (a JSON error) and wait: it
    is answered (an empty line, or OAUTHBEARER's ``%x01``), after which the server says NO;
    aioimaplib's own ``xoauth2`` would wait there until its timeout."""

    def __init__(
        self,
        protocol: aioimaplib.IMAP4ClientProtocol,
        options: ImapOptions,
        token: str,
    ) -> None:
        user = options.username
        if options.mechanism == "oauthbearer":
            sasl = (
                f"n,a={user.replace('=', '=3D').replace(',', '=2C')},\x01host={options.host}"
                f"\x01port={options.port}\x01auth=Bearer {token}\x01\x01"
            )
            self._answer = base64.b64encode(b"\x01") + b"\r\n"
        else:
            sasl = f"user={user}\x01auth=Bearer {token}\x01\x01"
            self._answer = b"\r\n"
        super().__init__(
            "AUTHENTICATE",
            protocol.new_tag(),
            options.mechanism.upper(),
            base64.b64encode(sasl.encode()).decode("ascii"),
            loop=protocol.loop,
        )
        self._protocol = protocol

    def append_to_resp(self, line: bytes, result: str = "Pending") -> None:
        if result == "Pending" and bytes(line).startswith(b"+"):
            self._protocol.transport.write(self._answer)
            return
        super().append_to_resp(line, result)
