"""Loading plugins and keeping them from hurting the app.

The built-in plugin is registered first; third-party plugins come from the entry-point group
``aztui``, loaded one at a time (``load_setuptools_entrypoints`` stops at the first failure):
one that fails to import or register is a fault (its rules and metrics, if it has any, are
missing) and is skipped; a disabled one is not. Every call into plugin code goes
through ``guard``: an exception, a hang or (for rules and metrics) something that is not a
deadline or a fact marks that plugin degraded and stops that one item (a rule, a metric, a
factory) for the rest of the process; the rest carry on. Each fault is recorded in ``faults``
and told to ``on_fault`` once.
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
from aztui import builtin, contracts, hookspecs, plugin_folder
from aztui.domain.engine import Registered
from aztui.domain.faults import LOAD, PluginFailed, PluginFault, Refused, safe_text
from aztui.domain.metrics import MetricDefinition
from aztui.redact import format_exception, redact

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
    "aztui_register_commands": "command",
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
    module: str = ""
    """The module its entry point names (whose code ``aztui.derivation`` fingerprints)."""
    hooks: list[str] = field(default_factory=list)
    """The hooks it implements, known once it loaded (no store needed)."""
    warnings: list[str] = field(default_factory=list)
    """What looks like a mistake but did not stop it loading (a hook without ``@hookimpl``)."""

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
        self.faults: dict[tuple[str, str, str], PluginFault] = {}
        """Every fault met in this process, by (plugin, kind, item)."""
        self.on_fault: Callable[[PluginFault], None] | None = None
        """Told of each fault once, when it is first met (a command prints it)."""
        self.tracebacks: dict[tuple[str, str, str], str] = {}
        """The traceback of each fault met, redacted (``aztui plugins -v``, ``AZTUI_DEBUG``)."""
        self.clean: set[tuple[str, str, str]] = set()
        """Each (plugin, kind, item) that ran without failing in this process."""
        self._stopped: dict[tuple[str, str, str], str] = {}
        self._entry_points = entry_points
        self._loaded = False

    def load(self) -> PluginHost:
        if self._loaded:
            return self
        self._loaded = True
        self.pm.register(builtin, name=BUILTIN)
        self.plugins[BUILTIN] = PluginInfo(BUILTIN, "aztui", aztui.__version__)
        self._hooks(self.plugins[BUILTIN], builtin)
        eps = self._entry_points
        if eps is None:
            eps = [*importlib.metadata.entry_points(group="aztui"), *plugin_folder.entry_points()]
        for ep in eps:
            self._load_one(ep)
        return self

    def _load_one(self, ep: importlib.metadata.EntryPoint) -> None:
        dist = getattr(ep, "dist", None)
        info = PluginInfo(ep.name, dist.name if dist else "?", dist.version if dist else "?")
        info.module = ep.module
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
            info.warnings = contracts.unmarked(plugin)
            self._check_contracts(ep.name, plugin)
            self._hooks(info, plugin)
        except Exception as exc:  # noqa: BLE001 - any failure of plugin code is recorded
            info.status, info.error = "failed", describe(exc)
            if plugin is not None and self.pm.is_registered(plugin):
                self.pm.unregister(plugin)
            self.tracebacks.setdefault((ep.name, LOAD, ""), format_exception(exc))
            self.fault(ep.name, LOAD, "", info.error)

    def _hooks(self, info: PluginInfo, plugin: object) -> None:
        """What ``aztui plugins`` lists of a plugin: its hooks, whatever they register."""
        info.hooks = sorted(c.name for c in self.pm.get_hookcallers(plugin) or ())
        info.kinds |= {KINDS[hook] for hook in info.hooks if hook in KINDS}

    def _check_contracts(self, owner: str, plugin: object) -> None:
        """Call each registration hook of a plugin just loaded and hold what it registers to
        its contract (``aztui.contracts``): ``ContractError`` refuses the plugin. A hook that
        raises or hangs is a fault of that registration, met here as ``collect`` would."""
        for caller in self.pm.get_hookcallers(plugin) or ():
            if caller.name not in KINDS:
                continue
            for impl in caller.get_hookimpls():
                if impl.plugin is not plugin:
                    continue
                calls: list[tuple[tuple, dict]] = []

                def call(f: Callable[..., Any] = impl.function, into: list = calls) -> bool:
                    f(register=lambda *args, **kwargs: into.append((args, kwargs)))
                    return True

                if self.guard(owner, call, kind=KINDS[caller.name]):
                    for given, named in calls:
                        contracts.check_registration(caller.name, given, named)

    # -- isolation --------------------------------------------------------------------------

    def mark(self, owner: str, status: str, error: str) -> None:
        info = self.plugins.setdefault(owner, PluginInfo(owner, "?", "?"))
        if info.status == "ok":
            info.status, info.error = status, error

    def fault(self, owner: str, kind: str, item: str, error: str) -> PluginFault:
        """Record that ``item`` of ``owner`` gave nothing (its plugin is now degraded)."""
        info = self.plugins.get(owner)
        fault = PluginFault(owner, kind, item, error, info.version if info else "")
        if fault.key not in self.faults:
            self.faults[fault.key] = fault
            self.mark(owner, "degraded", f"{item}: {error}" if item else error)
            if self.on_fault is not None:
                self.on_fault(fault)
        return fault

    def failed_call(self, owner: str, kind: str, item: str, exc: BaseException) -> None:
        """A fault of plugin code that raised outside the guard (an async call)."""
        error = "did not answer in time" if isinstance(exc, TimeoutError) else describe(exc)
        self.tracebacks.setdefault((owner, kind, item), format_exception(exc))
        self.fault(owner, kind, item, error)

    def guard(self, owner: str, call: Callable[[], T], item: str = "", kind: str = "") -> T | None:
        """Run plugin code in a daemon thread; None (and the plugin degraded) if it raises or
        does not return within the timeout. An item that failed is not called again."""
        try:
            return self._run(owner, kind, item, call)
        except PluginFailed:
            return None

    def guard_item(self, registered: Registered, call: Callable[[], T]) -> T:
        """The engine's guard: run a rule or metric; ``PluginFailed`` when it gave nothing."""
        return self._run(registered.owner, registered.kind, registered.item.id, call)

    def _run(self, owner: str, kind: str, item: str, call: Callable[[], T]) -> T:
        if owner == BUILTIN:
            return call()
        key = (owner, kind, item)
        if key in self._stopped:
            raise PluginFailed(self._stopped[key])
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
            error = f"did not answer within {self.timeout:g} s"
        elif "error" in outcome:
            error = describe(outcome["error"])
            self.tracebacks.setdefault(key, format_exception(outcome["error"]))
        else:
            self.clean.add(key)
            return outcome.get("value")  # type: ignore[return-value]  # what call returned
        self._stopped[key] = error
        self.fault(owner, kind, item, error)
        raise PluginFailed(error)

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
                if _owner != BUILTIN:  # what a factory makes is checked as it is made
                    args = contracts.check_registration(hook_name, args, kwargs)
                _into.append(make(_owner, args, kwargs))

            def call(f: Callable[..., Any] = impl.function, r: Callable = register) -> bool:
                f(register=r)
                return True

            if not self.guard(owner, call, kind=KINDS[hook_name]):
                continue
            found.extend(collected)
            if collected:
                self.plugins[owner].kinds.add(KINDS[hook_name])
        return found

    def deadline_rules(self) -> list[Registered]:
        return self._unique(
            self.collect("aztui_register_deadline_rules", self._registered("deadline_rule")),
            lambda rule: callable(getattr(rule, "derive", None)),
            "a deadline rule (no derive method)",
        )

    def metrics(self) -> list[Registered]:
        return self._unique(
            self.collect("aztui_register_metrics", self._registered("metric")),
            lambda metric: isinstance(metric, MetricDefinition),
            "a MetricDefinition",
        )

    def _registered(self, kind: str) -> Callable[[str, tuple, dict], Registered]:
        def make(owner: str, args: tuple, kw: dict) -> Registered:
            info = self.plugins.get(owner)
            return Registered(owner, args[0], info.version if info else "", kind)

        return make

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

    def commands(self) -> dict[str, Registered]:
        return self._named("aztui_register_commands", "name", "command")

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

    def _unique(
        self, items: list[Registered], valid: Callable[[Any], bool], what: str
    ) -> list[Registered]:
        """Ids are stable names: a plugin may not take one already registered. What is refused
        is a fault of its plugin (its deadlines or facts are missing)."""
        seen: dict[str, str] = {}
        out = []
        for item in items:
            ident = getattr(item.item, "id", None)
            if not isinstance(ident, str) or not ident:
                error = f"registered a {type(item.item).__name__} without an id"
                self.fault(item.owner, item.kind, "", error)
            elif not valid(item.item):
                error = f"registered a {type(item.item).__name__}, not {what}"
                self.fault(item.owner, item.kind, ident, error)
            elif ident in seen:
                error = f"id {ident!r} is already registered by {seen[ident]}"
                self.fault(item.owner, item.kind, ident, error)
            else:
                seen[ident] = item.owner
                out.append(item)
        return out

    def report(self) -> list[PluginInfo]:
        self.load()
        return list(self.plugins.values())

    def failed(self) -> set[str]:
        """The plugins that failed to load (not those disabled)."""
        self.load()
        return {p.name for p in self.plugins.values() if p.status == "failed"}

    def failed_note(self) -> str:
        """``; plugins that failed to load: name (error)…`` (what a missing store may be)."""
        failed = [f"{p.name} ({p.error})" for p in self.plugins.values() if p.status == "failed"]
        return f"; plugins that failed to load: {', '.join(failed)}" if failed else ""


def describe(exc: BaseException) -> str:
    """What a plugin's failure says, fit to print and keep: its type and message (what a
    plugin yielded wrongly is described, never shown), secrets masked, one line, cut short."""
    text = str(exc) if isinstance(exc, Refused) else f"{type(exc).__name__}: {exc}"
    return safe_text(redact(text))
