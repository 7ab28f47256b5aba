"""What a carrier, a channel or a source is made with, built for a test as aztui builds it
for a run, with test values where a seller's configuration would be."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Mapping
from pathlib import Path
from typing import Any

import httpx

from aztui.carriers import CarrierContext
from aztui.channels import ChannelContext
from aztui.sources import SourceContext


@contextlib.asynccontextmanager
async def carrier_context(
    name: str,
    base_url: str,
    *,
    secrets: Mapping[str, str] | None = None,
    options: Any = None,
    http_timeout: float = 5.0,
) -> AsyncIterator[CarrierContext]:
    """``async with carrier_context("dhl", server.url, secrets={"api_key": "k"}) as context``:
    a carrier's context whose client asks ``base_url`` (a local server), closed after.

    The client is plain: aztui's own also paces calls and retries a 429 or a 5xx before the
    carrier sees the answer, so a test of what the carrier makes of a 500 sees the 500."""
    async with httpx.AsyncClient(base_url=base_url, timeout=http_timeout) as client:
        yield CarrierContext(name, client, dict(secrets or {}), {} if options is None else options)


def channel_context(
    name: str,
    options: Any = None,
    *,
    secrets: Mapping[str, str] | None = None,
    language: str = "fr",
    timezone: str = "Europe/Paris",
) -> ChannelContext:
    """A channel's context: ``options`` an instance of the spec's options model (as aztui
    validates ``[channels.<id>] options`` into), the secrets as read from the environment."""
    return ChannelContext(name, options, dict(secrets or {}), language, timezone)


def source_context(
    name: str,
    *,
    folder: Path | None = None,
    credentials: str | None = None,
    options: Mapping[str, object] | None = None,
    marketplace: str = "FR",
    marketplace_zone: str = "Europe/Paris",
) -> SourceContext:
    """A source's context for marketplace ``FR`` unless told: naive times it reads are in
    ``marketplace_zone``."""
    return SourceContext(
        name, folder, credentials, marketplace, marketplace_zone, dict(options or {})
    )
