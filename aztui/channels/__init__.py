"""Notification channels: plugins that carry an alert to the seller (e-mail, chat, webhook).

A channel plugin registers a ``ChannelSpec`` through ``aztui_register_channels``: the type
name sellers write in ``[channels.<id>] type``, a pydantic model of its ``options``, the
secrets it needs, and a factory. aztui makes one channel per ``[channels.<id>]`` table with a
``ChannelContext`` (its validated options, its secrets, the language) and calls
``send(alert)``, which returns a ``Delivery``: delivered, or failed with a reason (and whether
trying again could help). aztui keeps every alert in an outbox and retries with backoff, so a
channel sends once per call and never retries or queues itself; the alert's ``id`` is stable,
so a receiver can drop a duplicate after a crash.

An alert never carries a buyer's data: ids, times, rules and amounts only.
"""

from __future__ import annotations

import builtins
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from aztui.domain.alerts import Alert, Severity

if TYPE_CHECKING:
    from pydantic import BaseModel

__all__ = [
    "Alert",
    "Channel",
    "ChannelContext",
    "ChannelSpec",
    "Delivery",
    "Severity",
    "Unavailable",
    "secret_variable",
]


def secret_variable(channel: str, secret: str = "") -> str:
    """The environment variable holding a channel's secret, ``AZTUI_CHANNEL_<ID>_<SECRET>``
    (a dash in the id becomes an underscore); without ``secret``, their common prefix."""
    return f"AZTUI_CHANNEL_{channel.upper().replace('-', '_')}_{secret.upper()}"


class Unavailable(Exception):
    """What a channel's factory raises when the channel cannot send as configured, for a
    reason only it can see (a password its options need, missing): the channel is unavailable
    as when a declared secret is missing (told, its alerts wait in the outbox, no fault of its
    plugin). The message says what to set, never a secret's value."""


@dataclass(frozen=True, slots=True)
class Delivery:
    delivered: bool
    reason: str = ""
    """Why it failed (the server's answer, the exception)."""
    retry: bool = True
    """False when trying again cannot help (refused credentials, a bad address)."""

    @classmethod
    def ok(cls) -> Delivery:
        return cls(True)

    @classmethod
    def failed(cls, reason: str, *, retry: bool = True) -> Delivery:
        return cls(False, reason, retry)


@dataclass(frozen=True, slots=True)
class ChannelContext:
    name: str
    """The ``<id>`` of ``[channels.<id>]``."""
    options: Any
    """An instance of the spec's ``options`` model, from ``[channels.<id>] options``."""
    secrets: Mapping[str, str] = field(default_factory=dict)
    """The spec's secrets, read from ``AZTUI_CHANNEL_<ID>_<SECRET>``, else the channel's
    ``secrets_file``: every one of ``secrets`` (the channel is made only when all are set),
    and those of ``optional_secrets`` that were found."""
    language: str = "fr"
    timezone: str = "Europe/Paris"
    """For the times an alert shows."""


@runtime_checkable
class Channel(Protocol):
    async def send(self, alert: Alert) -> Delivery:
        """Send once; report, do not raise."""


@dataclass(frozen=True)
class ChannelSpec:
    type: str
    """What ``[channels.<id>] type`` names (``email``, ``webhook``, ``apprise``)."""
    factory: Callable[[ChannelContext], Channel]
    options: builtins.type[BaseModel] | None = None  # ``type`` here is the field above
    """A pydantic model of the channel's options (unknown keys refused), or None."""
    secrets: tuple[str, ...] = ()
    """Names of the secrets it needs (``token``): while one is missing the channel is
    unavailable, never made, and its alerts wait in the outbox until the secret is set."""
    optional_secrets: tuple[str, ...] = ()
    """Names of secrets it reads when set (a password, only with a login)."""
    timeout_seconds: float = 30.0
    """How long one ``send`` may take before it counts as failed (and is retried)."""
