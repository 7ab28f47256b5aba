"""Sending what waits in the outbox: each configured channel made once from its plugin, each
alert sent with a timeout, the outcome written back at once. A failure that trying again may
cure is retried with exponential backoff; a channel that raises or hangs is reported and its
alerts wait for the next pass; the other channels carry on. A channel that cannot be made (a
declared secret missing, a bad option, no plugin of its type, its factory raising
``Unavailable``) is unavailable: its alerts wait
in the outbox, tried again every ``first_retry`` without backoff, so they go out on the first
pass after it is fixed.

Delivery is at least once: the outbox is updated after the send, so a crash in between sends
the alert again on restart, with the same id for the receiver to drop.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial

from pydantic import ValidationError

from aztui.channels import (
    Channel,
    ChannelContext,
    ChannelSpec,
    Delivery,
    Unavailable,
    secret_variable,
)
from aztui.config.errors import options_problems
from aztui.config.schema import ChannelSettings
from aztui.config.secrets import read_named_secrets
from aztui.pluginmanager import PluginHost
from aztui.redact import redact
from aztui.store.protocol import Store

FIRST_RETRY = timedelta(seconds=30)
LAST_RETRY = timedelta(hours=1)


def backoff(attempts: int, first: timedelta = FIRST_RETRY) -> timedelta:
    """``first`` (30 s), then twice as long each time, at most an hour between tries (the
    doubling stops long before an hour, however many tries: an alert is retried for ever)."""
    return min(first * 2 ** min(attempts, 16), LAST_RETRY)


@dataclass
class Channels:
    """The configured channels, made from their plugins, and why others could not be."""

    made: dict[str, tuple[Channel, ChannelSpec]] = field(default_factory=dict)
    broken: dict[str, str] = field(default_factory=dict)
    first_retry: timedelta = FIRST_RETRY
    raised: Callable[[str, BaseException], None] | None = None
    """Told when a channel's ``send`` raises (by its name): a fault of its plugin."""


def read_secrets(name: str, spec: ChannelSpec, settings: ChannelSettings) -> dict[str, str]:
    """``AZTUI_CHANNEL_<ID>_<SECRET>``, else the channel's ``secrets_file``: each of the spec's
    ``secrets`` and ``optional_secrets`` found. A missing one of ``secrets`` is a
    ``MissingSecret`` naming where to set it."""
    found = read_named_secrets(
        (*spec.secrets, *spec.optional_secrets),
        secrets_file=settings.secrets_file,
        prefix=secret_variable(name),
        key=f"channels.{name}.secrets_file",
    )
    missing = [s for s in spec.secrets if s not in found]
    if missing:
        raise MissingSecret(
            f"no {', '.join(missing)}: set "
            f"{' and '.join(secret_variable(name, secret) for secret in missing)} or "
            f"{', '.join(missing)} in the channel's secrets_file; its alerts wait in the outbox"
        )
    return found


class MissingSecret(ValueError):
    """A secret the channel's spec declares is set nowhere: the channel is unavailable."""


def make_channels(
    configured: dict[str, ChannelSettings],
    host: PluginHost,
    language: str,
    first_retry: timedelta = FIRST_RETRY,
    timezone: str = "Europe/Paris",
) -> Channels:
    out = Channels(first_retry=first_retry)
    specs = host.channels()
    for name, settings in configured.items():
        if not settings.enabled:
            continue
        registered = specs.get(settings.type)
        if registered is None:
            out.broken[name] = (
                f"no channel plugin of type {settings.type!r} "
                f"(installed: {', '.join(sorted(specs)) or 'none'})"
            )
            continue
        spec: ChannelSpec = registered.item
        try:
            options = spec.options.model_validate(settings.options) if spec.options else None
            context = ChannelContext(
                name, options, read_secrets(name, spec, settings), language, timezone
            )
        except MissingSecret as exc:
            out.broken[name] = str(exc)
            continue
        except ValidationError as exc:  # its messages quote the input, which may be a secret
            out.broken[name] = options_problems(
                exc, f"channels.{name}.options", spec.options, settings.options
            )
            continue
        except Exception as exc:  # noqa: BLE001 - a bad option is reported, not fatal
            out.broken[name] = redact(f"channels.{name}: {exc}".replace("\n", " "))
            continue
        channel = host.guard(
            registered.owner, partial(_make, spec, context), item=name, kind="channel"
        )
        if channel is None:
            out.broken[name] = "its plugin failed to make it (aztui plugins says why)"
        elif isinstance(channel, Unavailable):
            out.broken[name] = redact(str(channel).replace("\n", " "))
        else:
            out.made[name] = (channel, spec)
    owners = {name: specs[s.type].owner for name, s in configured.items() if s.type in specs}
    out.raised = lambda name, exc: host.failed_call(owners[name], "channel", name, exc)
    return out


def _make(spec: ChannelSpec, context: ChannelContext) -> Channel | Unavailable:
    """The channel, or why it cannot send as configured (its factory said so)."""
    try:
        return spec.factory(context)
    except Unavailable as unavailable:
        return unavailable


@dataclass(frozen=True)
class Sent:
    """One send: a line of ``aztui watch``'s log."""

    alert_id: str
    channel: str
    delivered: bool
    detail: str = ""
    retry_at: datetime | None = None
    unavailable: bool = False
    """Not sent: the channel could not be made (it waits for it, untried)."""


async def send_one(
    channel: Channel,
    spec: ChannelSpec,
    alert,
    raised: Callable[[BaseException], None] | None = None,
) -> Delivery:
    """One send; a ``send`` that raises (a fault of its plugin: ``raised``) or takes longer
    than the spec allows is a failed delivery, tried again."""
    try:
        delivery = await asyncio.wait_for(channel.send(alert), spec.timeout_seconds)
    except TimeoutError:
        return Delivery.failed(f"no answer within {spec.timeout_seconds:g} s")
    except Exception as exc:  # noqa: BLE001 - a channel's failure is reported
        if raised is not None:
            raised(exc)
        return Delivery.failed(f"{type(exc).__name__}: {exc}")
    if not isinstance(delivery, Delivery):
        return Delivery.failed(f"send returned {type(delivery).__name__}, not Delivery")
    return delivery


async def send_due(
    store: Store,
    channels: Channels,
    now: datetime,
    stop: asyncio.Event | None = None,
    limit: int = 500,
) -> list[Sent]:
    """Send what is due; stops between two sends once ``stop`` is set. Nothing while another
    aztui sends from the same store (it sends these)."""
    async with store.exclusive("sending") as mine:
        return await _send_due(store, channels, now, stop, limit) if mine else []


async def _send_due(
    store: Store, channels: Channels, now: datetime, stop: asyncio.Event | None, limit: int
) -> list[Sent]:
    out = []
    retry_at: datetime | None
    for waiting in await store.due_alerts(now, limit):
        if stop is not None and stop.is_set():
            break
        made = channels.made.get(waiting.channel)
        if made is None and waiting.channel in channels.broken:
            # Unavailable: due again at once, so the first pass after its secret is set sends it
            # (passes come at the watch's or the caller's pace, never in a tight loop).
            delivery = Delivery.failed(channels.broken[waiting.channel])
            retry_at = now
        elif made is None:  # kept, tried again: the channel may be configured again
            delivery = Delivery.failed("the channel is no longer configured")
            retry_at = now + backoff(waiting.attempts, channels.first_retry)
        else:
            raised = channels.raised and partial(channels.raised, waiting.channel)
            delivery = await send_one(*made, waiting.alert, raised)
            if delivery.delivered:
                await store.record_delivery(waiting.alert.id, waiting.channel, sent_at=now)
                out.append(Sent(waiting.alert.id, waiting.channel, True))
                continue
            retry_at = (
                now + backoff(waiting.attempts, channels.first_retry) if delivery.retry else None
            )
        reason = redact(delivery.reason)  # kept in the store and logged: a channel's own words
        unavailable = waiting.channel in channels.broken
        await store.record_delivery(
            waiting.alert.id,
            waiting.channel,
            sent_at=None,
            error=reason,
            retry_at=retry_at,
            tried=not unavailable,  # its retries, once it can send, start from the first
        )
        out.append(Sent(waiting.alert.id, waiting.channel, False, reason, retry_at, unavailable))
    return out
