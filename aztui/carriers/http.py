"""The HTTP client aztui gives each carrier (``aztui.http.client``): its base URL, its pace,
its retries, its timeout.

Limits live here rather than in each plugin, so every carrier keeps to them the same way:
calls are spaced to the carrier's per-second limit and counted against its daily quota; a
429 or a 5xx answer is retried with exponential backoff (or after the ``Retry-After`` the
carrier asks for, within reason); a call slower than the timeout fails with
``httpx.TimeoutException``, which the carrier turns into an error for its numbers
(``aztui.http.attempt``).
"""

from __future__ import annotations

import asyncio
import math
import random
import time
from collections import deque
from collections.abc import Callable
from email.utils import parsedate_to_datetime

import httpx

from aztui.http import client
from aztui.tls import shared_ssl_context

RETRIES = 3
BACKOFF_SECONDS = 0.5
MAX_WAIT_SECONDS = 30.0
"""A ``Retry-After`` longer than this is not waited for: the numbers fail, the next run asks."""
RETRIED = frozenset({429, 500, 502, 503, 504})


class QuotaReached(httpx.TransportError):
    """The carrier's daily quota is spent: no call is made."""


class Pace:
    """Keeps a carrier within ``per_second`` and ``per_day``.

    ``per_second`` is read as "at most N calls in any window of N / per_second seconds"
    (N = its whole part, at least 1), counted from when the answers came back: a call the
    event loop was slow to send still counts from the carrier's side. Calls are also at
    least half an interval apart, so a burst never doubles the rate within one window.
    """

    def __init__(
        self,
        per_second: float,
        per_day: int | None = None,
        used_today: int = 0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.per_day = per_day
        self.calls = used_today
        self.used_before = used_today
        self.window_calls = max(1, int(per_second)) if per_second > 0 else 0
        self.window = self.window_calls / per_second if per_second > 0 else 0.0
        self.spacing = 0.5 / per_second if per_second > 0 else 0.0
        self.answers: deque[float] = deque(maxlen=max(1, self.window_calls))
        self._clock = clock
        self._last_start = -math.inf
        self._lock = asyncio.Lock()

    @property
    def made(self) -> int:
        """Calls made through this pace (the daily count less what was used before)."""
        return self.calls - self.used_before

    @property
    def exhausted(self) -> bool:
        return self.per_day is not None and self.calls >= self.per_day

    async def wait(self) -> None:
        """Until the next call may start (``QuotaReached`` once the day's calls are spent)."""
        async with self._lock:
            if self.exhausted:
                raise QuotaReached(f"the daily quota of {self.per_day} calls is spent")
            if self.window_calls:
                ready = self._last_start + self.spacing
                if len(self.answers) == self.window_calls:
                    ready = max(ready, self.answers[0] + self.window)
                if (delay := ready - self._clock()) > 0:
                    await asyncio.sleep(delay)
                self._last_start = self._clock()
            self.calls += 1

    def answered(self) -> None:
        """The call's answer (or failure) came back now."""
        self.answers.append(self._clock())


def retry_after(response: httpx.Response, attempt: int) -> float:
    """Seconds to wait before the next try: the carrier's ``Retry-After``, else backoff."""
    header = response.headers.get("retry-after")
    if header:
        try:
            return max(0.0, float(header))
        except ValueError:
            try:
                return max(0.0, parsedate_to_datetime(header).timestamp() - time.time())
            except (TypeError, ValueError):
                pass
    return BACKOFF_SECONDS * 2**attempt * (1 + random.random() / 4)


class CarrierTransport(httpx.AsyncBaseTransport):
    """Paces, counts and retries every request of one carrier."""

    def __init__(
        self, pace: Pace, inner: httpx.AsyncBaseTransport | None = None, retries: int = RETRIES
    ) -> None:
        self.pace = pace
        self.inner = inner or httpx.AsyncHTTPTransport(verify=shared_ssl_context())
        self.retries = retries

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        attempt = 0
        while True:
            await self.pace.wait()
            try:
                response = await self.inner.handle_async_request(request)
            finally:
                self.pace.answered()
            if response.status_code not in RETRIED or attempt >= self.retries:
                return response
            wait = retry_after(response, attempt)
            if wait > MAX_WAIT_SECONDS:
                return response
            await response.aclose()
            await asyncio.sleep(wait)
            attempt += 1

    async def aclose(self) -> None:
        await self.inner.aclose()


def carrier_client(
    base_url: str, timeout: float, pace: Pace, inner: httpx.AsyncBaseTransport | None = None
) -> httpx.AsyncClient:
    """aztui's client (``aztui.http.client``) on the carrier's URL, paced and retried."""
    return client(base_url=base_url, timeout=timeout, transport=CarrierTransport(pace, inner))
