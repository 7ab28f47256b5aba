"""The HTTP client aztui gives its plugins, and the one way a call that failed on the way is
worded.

``client()`` is the client carriers and channels use: aztui's TLS context (the system's
authorities and certifi's, built once), its User-Agent, a timeout, no redirect followed
unless asked. A carrier gets one already made, paced and retried (``CarrierContext.client``,
``aztui.carriers.http``); a channel makes its own with ``client()``.

``attempt(call, who)`` awaits one call and turns what can go wrong on the way into a
``CallFailed``: no answer in time, no connection, a TLS certificate not trusted, an error
status raised by ``raise_for_status()``, each worded for the seller with whether trying again
may help. A carrier makes it ``TrackingResult.failed(number, failed.reason)``, a channel
``Delivery.failed(failed.reason, retry=failed.retry)``; ``failure(exc, who)`` does the same
for an exception already caught. Anything else (a bug, a body that does not parse) is not a
transport error: ``attempt`` lets it through.
"""

from __future__ import annotations

import ssl
from collections.abc import Awaitable, Mapping
from dataclasses import dataclass
from typing import TypeVar

import httpx

from aztui.tls import shared_ssl_context

__all__ = ["ENGLISH", "CallFailed", "Words", "attempt", "client", "failure", "retried"]

USER_AGENT = "aztui (+https://github.com/aztui)"
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Words:
    """How a plugin words each failure: ``{who}`` is the server's name as the plugin gives it,
    ``{error}`` the exception's type and message, ``{code}`` an error status (``503``) and
    ``{status}`` the same with the server's reason phrase (``HTTP 503 Service Unavailable``).
    A plugin writing another language gives its own."""

    timeout: str = "{who} did not answer in time"
    unreachable: str = "could not reach {who} ({error})"
    untrusted: str = "could not reach {who}: its TLS certificate is not trusted ({error})"
    status: str = "{who} answered HTTP {code}"


ENGLISH = Words()


@dataclass(frozen=True, slots=True)
class CallFailed:
    """A call that failed on the way: why, in words, and whether trying again may help."""

    reason: str
    retry: bool = True
    response: httpx.Response | None = None
    """The answer, for an error status (its body may say more)."""


def retried(status: int) -> bool:
    """Whether an error status may pass by itself: 408, 425, 429 and every 5xx. Any other
    4xx (a wrong key, a wrong URL) needs the configuration fixed."""
    return status in (408, 425, 429) or status >= 500


def failure(exc: BaseException, who: str, words: Words = ENGLISH) -> CallFailed | None:
    """``exc`` worded, when it is a transport error (else None: not the network's doing)."""
    if isinstance(exc, (httpx.TimeoutException, TimeoutError)):
        return CallFailed(words.timeout.format(who=who, error=_said(exc)))
    if isinstance(exc, httpx.HTTPStatusError):
        answer = exc.response
        status = f"HTTP {answer.status_code} {answer.reason_phrase}".rstrip()
        reason = words.status.format(who=who, code=answer.status_code, status=status)
        return CallFailed(reason, retried(answer.status_code), answer)
    if (tls := _tls_error(exc)) is not None:
        return CallFailed(words.untrusted.format(who=who, error=tls))
    if isinstance(exc, (httpx.HTTPError, OSError)):
        return CallFailed(words.unreachable.format(who=who, error=_said(exc)))
    return None


async def attempt(call: Awaitable[T], who: str, words: Words = ENGLISH) -> T | CallFailed:
    """What ``call`` returns, or why it failed on the way (``failure``); any other exception
    is raised as it is."""
    try:
        return await call
    except Exception as exc:
        failed = failure(exc, who, words)
        if failed is None:
            raise
        return failed


def client(
    *,
    base_url: str = "",
    timeout: float = 30.0,
    headers: Mapping[str, str] | None = None,
    follow_redirects: bool = False,
    transport: httpx.AsyncBaseTransport | None = None,
) -> httpx.AsyncClient:
    """aztui's HTTP client: its TLS context and User-Agent (``headers`` may replace it)."""
    return httpx.AsyncClient(
        base_url=base_url,
        timeout=timeout,
        headers={"User-Agent": USER_AGENT, **(headers or {})},
        follow_redirects=follow_redirects,
        verify=shared_ssl_context(),
        transport=transport,
    )


def _said(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


def _tls_error(exc: BaseException) -> str | None:
    """Why the server's certificate was refused, when that is the failure (httpx wraps the
    ``ssl`` error in its own)."""
    seen: BaseException | None = exc
    for _ in range(8):  # a chain of causes, never a loop
        if seen is None:
            return None
        if isinstance(seen, ssl.SSLCertVerificationError):
            return seen.verify_message or seen.reason or str(seen)
        seen = seen.__cause__ or seen.__context__
    return None
