"""Waiting in tests: for a condition, never for a fixed time.

The patience is a safety net, not the thing tested: it is generous (a loaded CI machine may be
many times slower than a laptop), and when it runs out the test fails saying what it waited for.
"""

from __future__ import annotations

import asyncio
import inspect
import time
from collections.abc import Callable
from typing import Any

PATIENCE = 60.0
"""Seconds before a wait gives up: far beyond what any condition needs, even under load."""


def wait_until(
    condition: Callable[[], Any],
    what: str | Callable[[], str],
    patience: float = PATIENCE,
    interval: float = 0.05,
) -> Any:
    """``condition()``'s first true value, polled every ``interval`` seconds; fails after
    ``patience`` seconds, saying it was waiting for ``what`` (a text, or a function that
    describes the state things were left in)."""
    deadline = time.monotonic() + patience
    while True:
        if value := condition():
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"still waiting after {patience:g} s for {described(what)}")
        time.sleep(interval)


async def wait_until_async(
    condition: Callable[[], Any],
    what: str | Callable[[], str],
    patience: float = PATIENCE,
    interval: float = 0.02,
    pause: Callable[[float], Any] | None = None,
) -> Any:
    """As ``wait_until``, without blocking the event loop; ``condition`` may be a coroutine
    function. ``pause`` (a Textual pilot's ``pilot.pause``) lets an app under test process
    its messages between two looks."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + patience
    while True:
        value = condition()
        if inspect.isawaitable(value):
            value = await value
        if value:
            return value
        if loop.time() > deadline:
            raise AssertionError(f"still waiting after {patience:g} s for {described(what)}")
        await (pause or asyncio.sleep)(interval)


def described(what: str | Callable[[], str]) -> str:
    return what if isinstance(what, str) else what()
