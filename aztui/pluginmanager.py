"""Loading plugins and keeping them from hurting the app.

The built-in plugin is registered first; third-party plugins come from the entry-point group
``aztui``, loaded one at a time (``load_setuptools_entrypoints`` stops at the first failure):
one that fails to import or register is recorded and skipped. Every call into plugin code goes
through ``guard``: an exception or a hang marks that plugin degraded; the rest carry on.
"""

from __future__ import annotations

import importlib.metadata
import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import pluggy

import aztui
from aztui import builtin, hookspecs
from aztui.domain.engine import Registered

T = TypeVar("T")
SPEC_NAME = re.compile(r"[a-z][a-z0-9_]*")
"""A carrier's name or a channel's type: a TOML key and part of an environment variable."""
BUILTIN = "aztui"
KINDS = {
    "aztui_register_stores": "store",
    "aztui_register_deadline_rules": "deadline_rule",
    "aztui_register_metrics": "metric",
    "aztui_register_sources": "source",
    "aztui_register_carriers": "carrier",
    "aztui_register_channels": "channel",
}


@dataclass
class PluginInfo:
    """One line of ``aztui plugins``."""

    name: str
    distribution: str
    version: str
    kinds: set[str] = field(default_factory=set)
    status: str = "ok"
    """ok, failed (not loaded), degraded (loaded, then misbehaved) or disabled."""
    error: str = ""

    @property
    def kind(self) -> str:
        return ", ".join(sorted(self.kinds)) or "-"


@dataclass(frozen=True)
class SourceFactory:
    name: str
    factory: Callable[..., Any]
    owner: str


@dataclass(frozen=True)
class StoreFactory:
    name: str
    factory: Callable[..., Any]
    schemes: tuple[str, ...]
    owner: str


class PluginHost:
    def __init__(
        self,
        *,
        disabled: Iterable[str] = (),
        timeout: float = 10.0,
        entry_points: Iterable[importlib.metadata.EntryPoint] | None = None,
    ) -> None:
        self.pm = pluggy.PluginManager("aztui")
        self.pm.add_hookspecs(hookspecs)
        self.disabled = set(disabled)
        self.timeout = timeout
        self.plugins: dict[str, PluginInfo] = {}
        self._entry_points = entry_points
        self._loaded = False

    def load(self) -> PluginHost:
        if self._loaded:
            return self
        self._loaded = True
        self.pm.register(builtin, name=BUILTIN)
        self.plugins[BUILTIN] = PluginInfo(BUILTIN, "aztui", aztui.__version__)
        eps = self._entry_points
        if eps is None:
            eps = importlib.metadata.entry_points(group="aztui")
        for ep in eps:
            self._load_one(ep)
        return self

    def _load_one(self, ep: importlib.metadata.EntryPoint) -> None:
        dist = getattr(ep, "dist", None)
        info = PluginInfo(ep.name, dist.name if dist else "?", dist.version if dist else "?")
        self.plugins[ep.name] = info
        if ep.name in self.disabled or ep.name == BUILTIN:
            info.status, info.error = (
                "disabled",
                ("disabled in the configuration" if ep.name != BUILTIN else "reserved name"),
            )
            return
        plugin = None
        try:
            plugin = ep.load()
            self.pm.register(plugin, name=ep.name)
            unknown = [c.name for c in self.pm.get_hookcallers(plugin) or () if c.spec is None]
            if unknown:
                raise pluggy.PluginValidationError(
                    plugin, f"unknown hook {', '.join(unknown)} (see aztui.hookspecs)"
                )
        except Exception as exc:  # noqa: BLE001 - any failure of plugin code is recorded
            info.status, info.error = "failed", f"{type(exc).__name__}: {exc}"
            if plugin is not None and self.pm.is_registered(plugin):
                self.pm.unregister(plugin)

    # -- isolation --------------------------------------------------------------------------

    def mark(self, owner: str, status: str, error: str) -> None:
        info = self.plugins.setdefault(owner, PluginInfo(owner, "?", "?"))
        if info.status == "ok":
            info.status, info.error = status, error

    def guard(self, owner: str, call: Callable[[], T]) -> T | None:
        """Run plugin code in a daemon thread; None (and the plugin degraded) if it raises or
        does not return within the timeout. A degraded plugin is not called again."""
        if owner == BUILTIN:
            return call()
        if self.plugins.get(owner, PluginInfo(owner, "?", "?")).status != "ok":
            return None
        outcome: dict[str, Any] = {}

        def target() -> None:
            try:
                outcome["value"] = call()
            except BaseException as exc:  # noqa: BLE001
                outcome["error"] = exc

        thread = threading.Thread(target=target, name=f"aztui-plugin-{owner}", daemon=True)
        thread.start()
        thread.join(self.timeout)
        if thread.is_alive():
            self.mark(owner, "degraded", f"did not answer within {self.timeout:g} s")
            return None
        if "error" in outcome:
            exc = outcome["error"]
            self.mark(owner, "degraded", f"{type(exc).__name__}: {exc}")
            return None
        return outcome.get("value")

    # -- registration -----------------------------------------------------------------------

    def collect(self, hook_name: str, make: Callable[[str, tuple, dict], T]) -> list[T]:
        """Call one registration hook on every plugin, each through the guard."""
        self.load()
        found: list[T] = []
        for impl in getattr(self.pm.hook, hook_name).get_hookimpls():
            owner = impl.plugin_name
            collected: list[T] = []

            def register(
                *args: Any, _owner: str = owner, _into: list = collected, **kwargs: Any
            ) -> None:
                _into.append(make(_owner, args, kwargs))

            def call(f: Callable[..., Any] = impl.function, r: Callable = register) -> bool:
                f(register=r)
                return True

            if not self.guard(owner, call):
                continue
            found.extend(collected)
            if collected:
                self.plugins[owner].kinds.add(KINDS[hook_name])
        return found

    def deadline_rules(self) -> list[Registered]:
        return self._unique(
            self.collect(
                "aztui_register_deadline_rules", lambda owner, args, kw: Registered(owner, args[0])
            )
        )

    def metrics(self) -> list[Registered]:
        return self._unique(
            self.collect(
                "aztui_register_metrics", lambda owner, args, kw: Registered(owner, args[0])
            )
        )

    def stores(self) -> dict[str, StoreFactory]:
        factories = self.collect(
            "aztui_register_stores",
            lambda owner, args, kw: StoreFactory(
                args[0], args[1], tuple(kw.get("schemes", ())), owner
            ),
        )
        out: dict[str, StoreFactory] = {}
        for factory in factories:
            if factory.name in out:
                self.mark(
                    factory.owner,
                    "degraded",
                    f"store {factory.name!r} is already registered by {out[factory.name].owner}",
                )
                continue
            out[factory.name] = factory
        return out

    def sources(self) -> dict[str, SourceFactory]:
        found: dict[str, SourceFactory] = {}
        for source in self.collect(
            "aztui_register_sources", lambda owner, args, kw: SourceFactory(args[0], args[1], owner)
        ):
            if source.name in found:
                self.mark(
                    source.owner,
                    "degraded",
                    f"source {source.name!r} is already registered by {found[source.name].owner}",
                )
                continue
            found[source.name] = source
        return found

    def carriers(self) -> dict[str, Registered]:
        """Carrier specs by name; a name taken twice is refused (and its plugin degraded)."""
        return self._named("aztui_register_carriers", "name", "carrier")

    def channels(self) -> dict[str, Registered]:
        """Channel specs by type; a type taken twice is refused (and its plugin degraded)."""
        return self._named("aztui_register_channels", "type", "channel type")

    def _named(self, hook: str, attribute: str, what: str) -> dict[str, Registered]:
        """Specs by the name in their ``attribute``: a TOML key and part of an environment
        variable, so lower-case letters, digits and _ only, and each taken once."""
        found: dict[str, Registered] = {}
        for item in self.collect(hook, lambda owner, args, kw: Registered(owner, args[0])):
            name = getattr(item.item, attribute, None)
            if not isinstance(name, str) or not SPEC_NAME.fullmatch(name):
                self.mark(
                    item.owner,
                    "degraded",
                    f"registered a {what} whose {attribute} is not "
                    f"lower-case letters, digits and _: {name!r}",
                )
            elif name in found:
                self.mark(
                    item.owner,
                    "degraded",
                    f"{what} {name!r} is already registered by {found[name].owner}",
                )
            else:
                found[name] = item
        return found

    def _unique(self, items: list[Registered]) -> list[Registered]:
        """Ids are stable names: a plugin may not take one already registered."""
        seen: dict[str, str] = {}
        out = []
        for item in items:
            ident = getattr(item.item, "id", None)
            if not isinstance(ident, str) or not ident:
                self.mark(
                    item.owner, "degraded", f"registered an object without an id: {item.item!r}"
                )
                continue
            if ident in seen:
                self.mark(
                    item.owner, "degraded", f"id {ident!r} is already registered by {seen[ident]}"
                )
                continue
            seen[ident] = item.owner
            out.append(item)
        return out

    def report(self) -> list[PluginInfo]:
        self.load()
        return list(self.plugins.values())
