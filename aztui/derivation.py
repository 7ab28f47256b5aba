"""When a store is derived again: a fingerprint of everything its derived rows depend on.

Each start compares the fingerprint with the one recorded at the store's last derivation (meta
``derivation``) and derives everything again only when they differ. Besides the policy, the
rules and metrics and each plugin's version and state (loaded, failed, disabled), it holds a
digest of the code of every plugin that brings a rule or a metric, or whose rule or metric
failed (a fault the store keeps or this process met), or that failed to load, and, while one
fails, the guard's timeout: a plugin changed or fixed in place at the same version, or given
more time, is derived again at the next start, while an unchanged one is not, so a cron job
does not rewrite the store at each run while a fault is kept. Only those plugins are read (a
millisecond or two each): a carrier's or a channel's code derives nothing.
"""

from __future__ import annotations

import hashlib
import importlib.util
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from aztui.domain.faults import PluginFault
from aztui.pluginmanager import BUILTIN

if TYPE_CHECKING:
    from aztui.domain.engine import Engine
    from aztui.pluginmanager import PluginHost
    from aztui.store.protocol import Store

META_KEY = "derivation"
MAX_FILES = 2000
"""A plugin's package is read up to this many source files (a plugin is a few)."""


def code_digest(module: str) -> str:
    """A digest of the source of ``module``'s top-level package (or of the module alone when it
    is not in one), by path within it and content: it changes when the plugin is fixed in
    place, and is the same on every machine with the same code (unlike modification times), so
    teammates on one store agree."""
    top = module.partition(".")[0]
    if not top:
        return "-"
    try:
        spec = importlib.util.find_spec(top)
    except (ImportError, ValueError):
        return "unknown"
    if spec is None:
        return "absent"
    files: list[tuple[str, Path]] = []
    if spec.submodule_search_locations:
        for location in spec.submodule_search_locations:
            root = Path(location)
            files += [(p.relative_to(root).as_posix(), p) for p in root.rglob("*.py")]
    elif spec.origin and spec.has_location:
        files.append((Path(spec.origin).name, Path(spec.origin)))
    digest = hashlib.sha256()
    for name, path in sorted(files)[:MAX_FILES]:
        digest.update(name.encode() + b"\0")
        try:
            digest.update(path.read_bytes())
        except OSError as exc:
            digest.update(type(exc).__name__.encode())
    return digest.hexdigest()


def fingerprint(engine: Engine, host: PluginHost, kept: Sequence[PluginFault]) -> str:
    """What the derived rows depend on, with the code of each plugin that derives or fails
    (``kept``: the faults the store keeps)."""
    policy = engine.policy
    parts = [repr(sorted((k, policy.history(k)) for k in policy.keys)), policy.timezone]
    parts += [f"{r.owner}:{r.item.id}@{r.version}" for r in (*engine.rules, *engine.metrics)]
    plugins = host.report()
    parts += [
        f"{p.name}={p.version} {p.status if p.status in ('failed', 'disabled') else 'loaded'}"
        for p in plugins
    ]
    failing = {f.plugin for f in (*kept, *host.faults.values()) if f.derivation} | host.failed()
    if failing:
        parts.append(f"timeout {host.timeout:g}")
    deriving = {r.owner for r in (*engine.rules, *engine.metrics)} - {BUILTIN}
    modules = {p.name: p.module for p in plugins}
    parts += [f"{name} {code_digest(modules.get(name, ''))}" for name in sorted(failing | deriving)]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


async def derive_again_if_changed(store: Store, engine: Engine, host: PluginHost) -> int | None:
    """Derive the whole store again when its fingerprint changed since its last derivation
    (whether that one was complete or kept faults); how many bundles it derived, or None."""
    if await store.get_meta(META_KEY) == fingerprint(engine, host, await store.plugin_faults()):
        return None
    return await derive_all(store, engine, host)


async def derive_all(store: Store, engine: Engine, host: PluginHost) -> int:
    """Derive every bundle again and record the fingerprint it was derived with; how many."""
    derived = await store.rederive()
    await store.set_meta(META_KEY, fingerprint(engine, host, await store.plugin_faults()))
    return derived
