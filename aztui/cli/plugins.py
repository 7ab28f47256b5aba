"""Plugin faults on the command line: told on stderr by the command that meets them, and
listed by ``aztui plugins`` (with those the store keeps, met by any aztui on it)."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from aztui.cli.common import Console, print_json
from aztui.domain.faults import LOAD, PluginFault, safe_text
from aztui.i18n import t
from aztui.pluginmanager import KINDS
from aztui.report import fault_json

if TYPE_CHECKING:
    from aztui.pluginmanager import PluginHost, PluginInfo
    from aztui.service import Service
    from aztui.store.protocol import Store

MISSING = {"deadline_rule", "metric", LOAD}
"""The kinds of fault that leave the store without what a plugin derives."""
WORDED = ("deadline_rule", "metric", "carrier", "channel", "source", "store")
"""The kinds of item a fault's line names in the language (``cli_fault_hook_<kind>``)."""
HOOKS = {kind: hook for hook, kind in KINDS.items()}
TELLERS: list[FaultTeller] = []
"""The tellers of the command running, flushed after its output (``flush_tellers``)."""


def fault_message(fault: PluginFault, language: str = "en") -> str:
    """One line in the language: which plugin, which hook, what happened, what to do."""
    plugin = safe_text(fault.plugin)
    if fault.kind == LOAD:
        return t("cli_fault_load", language, plugin=plugin, error=fault.error)
    if fault.item and fault.kind in WORDED:
        hook = f"{t(f'cli_fault_hook_{fault.kind}', language)} {safe_text(fault.item)}"
    else:
        hook = HOOKS.get(fault.kind, safe_text(fault.kind))
    key = f"cli_fault_{fault.kind}" if fault.kind in MISSING else "cli_fault_other"
    return t(key, language, plugin=plugin, hook=hook, error=fault.error)


def _to_stderr(line: str) -> None:
    """A line on stderr (rich loads only when there is one: ``check --json`` stays light)."""
    Console(stderr=True, highlight=False, soft_wrap=True).print(line, markup=False)


class FaultTeller:
    """Tells each plugin fault once on stderr, after the command's own output
    (``flush_tellers``), or as met with ``at_once`` (``aztui watch``): those the plugin hosts
    meet and those a command learns from the store. With ``AZTUI_DEBUG`` (or ``--debug``) each
    line is followed by the fault's traceback. Each host's faults are then remembered for
    ``aztui plugins`` (``aztui.plugin_memory``)."""

    def __init__(self, write: Callable[[str], None] | None = None, *, at_once: bool = False):
        self.write = write or _to_stderr
        self.at_once = at_once
        self.language = "fr"
        self.debug = os.environ.get("AZTUI_DEBUG", "") not in ("", "0")
        self.told: dict[tuple[str, str, str], PluginFault] = {}
        self.hosts: list[PluginHost] = []
        self._written: set[tuple[str, str, str]] = set()
        TELLERS.append(self)

    def watch(self, host: PluginHost, language: str | None = None) -> None:
        if language:
            self.language = language
        self.hosts.append(host)
        for fault in host.faults.values():
            self(fault)
        host.on_fault = self

    def __call__(self, fault: PluginFault) -> None:
        if fault.key not in self.told:
            self.told[fault.key] = fault
            if self.at_once:
                self._tell(fault)

    def _tell(self, fault: PluginFault) -> None:
        self._written.add(fault.key)
        self.write(fault_message(fault, self.language))
        if self.debug:
            trace = next(
                (h.tracebacks[fault.key] for h in self.hosts if fault.key in h.tracebacks), ""
            )
            if trace:
                self.write(trace.rstrip("\n"))

    def flush(self) -> None:
        """Tell what was not told yet, then remember each host's failures."""
        for key, fault in self.told.items():
            if key not in self._written:
                self._tell(fault)
        from aztui.plugin_memory import remember

        for host in self.hosts:
            remember(host)

    @property
    def degraded(self) -> bool:
        """A rule or metric failed, or a plugin failed to load: what this command derived is
        incomplete."""
        return any(kind in MISSING for _, kind, _ in self.told)


def flush_tellers(debug: bool = False) -> None:
    """After a command, whatever its outcome: each fault it met, on stderr."""
    while TELLERS:
        teller = TELLERS.pop(0)
        teller.debug = teller.debug or debug
        teller.flush()


def merged(infos: list[PluginInfo], faults: list[PluginFault]) -> list[PluginInfo]:
    """Each plugin as loaded here, ``degraded`` when the store keeps a fault of it."""
    first: dict[str, PluginFault] = {}
    for fault in faults:
        first.setdefault(fault.plugin, fault)
    for info in infos:
        if info.name in first and info.status == "ok":
            fault = first[info.name]
            info.status = "degraded"
            info.error = f"{fault.item}: {fault.error}" if fault.item else fault.error
    return infos


async def show_plugins(
    service: Service, *, store_exists: bool, as_json: bool, verbose: bool = False
) -> None:
    """The plugins, their faults, then the carriers with their limits and how their last run
    went, then the channels, then each plugin's last failure on this machine (``verbose``: with
    its traceback). Listing plugins must not need a store: none is created, and one that cannot
    be opened leaves the faults and last runs unknown, saying why."""
    from aztui.channels.send import make_channels
    from aztui.store.protocol import StoreError

    config, host = service.config, service.host
    host.sources()
    carriers = host.carriers()
    last: dict[str, str | None] = dict.fromkeys(carriers)
    faults = list(host.faults.values())
    mail: list[dict[str, Any]] = []
    store_error = None
    if store_exists:
        try:
            store = await service.open_store(config.database)
        except StoreError as exc:
            store_error = str(exc)
            last = dict.fromkeys(carriers, f"unknown ({exc})")
        else:
            try:
                from aztui.carriers import status_key

                last = {name: await store.get_meta(status_key(name)) for name in carriers}
                faults = await service.plugin_faults(store)
                mail = await _mail_seen(store, list(config.sources))
            finally:
                await store.close()
    from aztui.plugin_memory import remember, remembered

    remember(host)  # before the channels are made: making one is not sending with it
    failures = remembered()
    channels = make_channels(config.channels, host, config.language)
    last_failures = [
        PluginFault(f["plugin"], f.get("kind", ""), f.get("item", ""), f.get("error", ""))
        for f in failures
    ]
    infos = merged(host.report(), [*faults, *last_failures])
    rows = {
        "plugins": [_plugin_json(info) for info in infos],
        "faults": [fault_json(f) for f in faults],
        "store_error": store_error,
        "carriers": [
            {
                "name": name,
                "plugin": registered.owner,
                "batch": registered.item.batch_size,
                "per_second": registered.item.per_second,
                "per_day": registered.item.per_day,
                "last_run": last[name],
            }
            for name, registered in carriers.items()
        ],
        "channels": [
            {
                "name": name,
                "type": settings.type,
                "status": "disabled"
                if not settings.enabled
                else (f"unavailable: {channels.broken[name]}" if name in channels.broken else "ok"),
            }
            for name, settings in config.channels.items()
        ],
        "mail": mail,
        "last_failures": failures,
    }
    if as_json:
        print_json(rows)
    else:
        from aztui.cli.plugin_tables import print_failures, print_tables

        print_tables(rows, config.language, channels.broken)
        print_failures(failures, verbose, config.language)


async def _mail_seen(store: Store, origins: list[str]) -> list[dict[str, Any]]:
    """The e-mails each source (and ``aztui import``) read, refused and did not recognise,
    with the templates a pattern is missing for (``aztui.mail.tally``)."""
    from aztui.mail.tally import IMPORT, seen, source

    kept = [await seen(store, origin) for origin in [*map(source, origins), IMPORT]]
    return [tally.as_json() for tally in kept if tally is not None]


def _plugin_json(info: PluginInfo) -> dict[str, Any]:
    return {
        "name": info.name,
        "kinds": sorted(info.kinds),
        "distribution": info.distribution,
        "version": info.version,
        "status": info.status,
        "error": info.error or None,
        "hooks": list(info.hooks),
        "warnings": list(info.warnings),
    }
