"""``aztui sync``: ask every configured source (``aztui.sources``) for what is new.

Each source runs isolated: one that fails to build, raises or hangs is reported, its plugin
marked degraded, and the next source still syncs. What a source returns is written like an
import (records merged field by field, figures kept as snapshots); its cursor is kept in the
store after that, so a sync that failed midway is tried again from the same place.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from aztui.config import Config, ConfigError
from aztui.config.schema import SecretRef
from aztui.config.secrets import resolve_secret
from aztui.domain.policy import Policy
from aztui.pluginmanager import PluginHost, SourceFactory
from aztui.redact import remember
from aztui.sources import Fetched, Source, SourceContext
from aztui.sources.credentials import kept_credentials
from aztui.store.protocol import RecordConflict, Store

if TYPE_CHECKING:
    from aztui.mail import MailSettings
    from aztui.mail.tally import MailCount

FETCH_TIMEOUT_SECONDS = 300.0
"""How long one fetch may take (a remote API can be slow) before the source is reported."""


@dataclass(frozen=True, slots=True)
class SyncOutcome:
    name: str
    status: str
    """``synced``, ``failed``, ``disabled`` or ``unknown`` (no plugin registers that name)."""
    detail: str
    mail: MailCount | None = None
    """The e-mails the source read, when it reads e-mails (``aztui.mail.tally``)."""


def cursor_key(name: str) -> str:
    return f"source:{name}:cursor"


async def sync_sources(
    config: Config, host: PluginHost, store: Store, policy: Policy, names: Sequence[str] = ()
) -> list[SyncOutcome]:
    factories = host.sources()
    unknown = [n for n in names if n not in config.sources]
    outcomes = [
        SyncOutcome(n, "unknown", "no [sources." + n + "] table in the configuration")
        for n in unknown
    ]
    for name, settings in config.sources.items():
        if names and name not in names:
            continue
        if not settings.enabled:
            outcomes.append(SyncOutcome(name, "disabled", "enabled = false"))
            continue
        factory = factories.get(source_type(config, name))
        if factory is None:
            outcomes.append(
                SyncOutcome(
                    name,
                    "unknown",
                    f"no plugin registers a source named {source_type(config, name)!r} "
                    "(aztui plugins lists them)",
                )
            )
            continue
        try:
            context = source_context(config, policy, name)
        except ConfigError as exc:
            outcomes.append(SyncOutcome(name, "failed", str(exc)))
            continue
        outcomes.append(await _sync_one(factory, context, host, store))
    return outcomes


def source_type(config: Config, name: str) -> str:
    """The registered source ``[sources.<name>]`` configures: its ``type``, else ``name``."""
    return config.sources[name].type or name


def source_context(config: Config, policy: Policy, name: str) -> SourceContext:
    """What the source of ``[sources.<name>]`` is made with, its secret read (ConfigError
    when it cannot be)."""
    settings = config.sources[name]
    where, credentials, keep = settings.credentials, None, None
    if where is not None:
        origin = config.origins.get(f"sources.{name}.credentials", "?")
        if isinstance(where, SecretRef):
            read = resolve_secret(
                where, key=f"sources.{name}.credentials", env=os.environ, origin=origin
            )
        else:  # a literal, from the user's own file
            read = where
            remember(read)
        credentials, keep = kept_credentials(name, where, read, origin)
    return SourceContext(
        name,
        Path(settings.folder) if settings.folder else None,
        credentials,
        config.marketplace,
        policy.timezone,
        dict(settings.options),
        mail_settings(config),
        keep,
    )


def mail_settings(config: Config) -> MailSettings:
    """``[mail]`` as ``aztui.mail.read_mail`` takes it."""
    from aztui.mail import MailSettings

    return MailSettings(
        trust_authentication_results=config.mail.trust_authentication_results,
        answers_from=config.mail.answers_from,
        extra_patterns=config.mail.patterns,
    )


async def _sync_one(
    factory: SourceFactory, context: SourceContext, host: PluginHost, store: Store
) -> SyncOutcome:
    name = context.name
    source: Source | None = host.guard(
        factory.owner, lambda: factory.factory(context), item=factory.name, kind="source"
    )
    if source is None:
        return SyncOutcome(name, "failed", _why(host, factory.owner))
    cursor = await store.get_meta(cursor_key(name))
    try:
        fetched = await asyncio.wait_for(source.fetch(cursor), FETCH_TIMEOUT_SECONDS)
        if not isinstance(fetched, Fetched):
            raise TypeError(f"fetch returned {type(fetched).__name__}, not Fetched")
    except Exception as exc:  # noqa: BLE001 - any failure of plugin code is reported
        host.failed_call(factory.owner, "source", factory.name, exc)
        reason = (
            f"did not answer within {FETCH_TIMEOUT_SECONDS:g} s"
            if isinstance(exc, TimeoutError)
            else f"{type(exc).__name__}: {exc}"
        )
        host.mark(factory.owner, "degraded", reason)
        return SyncOutcome(name, "failed", reason)
    records = list(fetched.records)
    try:
        if fetched.said_by_email:
            from aztui.mail.write import fold_with_held

            records = await fold_with_held(store, records)
        written = await store.write(records, source=f"source {name}")
    except RecordConflict as exc:
        return SyncOutcome(name, "failed", f"refused: {exc}")
    new_figures = 0
    if fetched.figures:
        new_figures = await store.write_amazon_figures(
            list(fetched.figures), max(f.window_end for f in fetched.figures)
        )
    if fetched.cursor is not None:
        await store.set_meta(cursor_key(name), fetched.cursor)
    parts = [f"{n} {t}" for t, n in written.written.items()]
    if new_figures:
        parts.append(f"{new_figures} amazon figure(s)")
    detail = ", ".join(parts) or "nothing new"
    mail = await _remember_mail(store, name, fetched)
    if mail:
        detail += f"; {mail}"
    told = f"{detail} ({fetched.note})" if fetched.note else detail
    return SyncOutcome(name, "synced", told, mail)


async def _remember_mail(store: Store, name: str, fetched: Fetched) -> MailCount | None:
    """The e-mails a source read, added to its tally in the store (``aztui.mail.tally``)."""
    if not (fetched.recorded_emails or fetched.refused or fetched.unrecognised):
        return None
    from aztui.mail.tally import MailCount, source, tally_up

    count = MailCount(fetched.recorded_emails, fetched.refused, dict(fetched.unrecognised))
    await tally_up(store, source(name), count, datetime.now(UTC))
    return count


def _why(host: PluginHost, owner: str) -> str:
    info = {p.name: p for p in host.report()}.get(owner)
    return f"plugin {owner}: {info.error}" if info and info.error else f"plugin {owner} failed"
