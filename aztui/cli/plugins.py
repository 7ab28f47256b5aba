"""Plugin faults on the command line: told on stderr by the command that meets them, and
listed by ``aztui plugins`` (with those the store keeps, met by any aztui on it)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from aztui.cli.common import Console, print_json
from aztui.domain.faults import LOAD, PluginFault, safe_text
from aztui.report import fault_json

if TYPE_CHECKING:
    from aztui.pluginmanager import PluginHost, PluginInfo
    from aztui.service import Service
    from aztui.store.protocol import Store

MISSING = {
    "deadline_rule": "its deadlines are missing from the store",
    "metric": "its metric's facts are missing from the store",
    LOAD: "its rules and metrics, if it has any, are missing",
}


def fault_message(fault: PluginFault) -> str:
    """One line: which plugin, which item, what happened, what to do."""
    line = f"aztui: {fault.describe()}"
    if fault.kind == LOAD:
        return (
            f"{line} — {MISSING[LOAD]}: fix or reinstall it, or drop it on purpose with "
            f'[plugins] disabled = ["{safe_text(fault.plugin)}"]; aztui plugins lists what failed'
        )
    if fault.derivation:
        return (
            f"{line} — {MISSING[fault.kind]} until it runs cleanly: update or fix the plugin "
            "(aztui derives again at its next start), or disable it ([plugins] disabled); "
            "aztui plugins lists what failed"
        )
    return f"{line} — aztui plugins lists what failed"


def _to_stderr(line: str) -> None:
    """A line on stderr (rich loads only when there is one: ``check --json`` stays light)."""
    Console(stderr=True, highlight=False, soft_wrap=True).print(line, markup=False)


class FaultTeller:
    """Prints each plugin fault once on stderr: as the plugin host meets it, and those a
    command learns from the store."""

    def __init__(self, write: Callable[[str], None] | None = None) -> None:
        self.write = write or _to_stderr
        self.told: set[tuple[str, str, str]] = set()

    def watch(self, host: PluginHost) -> None:
        for fault in host.faults.values():
            self(fault)
        host.on_fault = self

    def __call__(self, fault: PluginFault) -> None:
        if fault.key not in self.told:
            self.told.add(fault.key)
            self.write(fault_message(fault))

    @property
    def degraded(self) -> bool:
        """A rule or metric failed, or a plugin failed to load: what this command derived is
        incomplete."""
        return any(kind in MISSING for _, kind, _ in self.told)


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


async def show_plugins(service: Service, *, store_exists: bool, as_json: bool) -> None:
    """The plugins, their faults, then the carriers with their limits and how their last run
    went, then the channels. Listing plugins must not need a store: none is created, and one
    that cannot be opened leaves the faults and last runs unknown, saying why."""
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
    channels = make_channels(config.channels, host, config.language)
    infos = merged(host.report(), faults)
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
    }
    if as_json:
        print_json(rows)
    else:
        _print_tables(rows)


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


def _print_tables(rows: dict[str, Any]) -> None:
    from rich.table import Table

    console = Console(width=max(Console().width, 120))

    def table(columns: tuple[str, ...], lines: list[tuple[str, ...]]) -> None:
        grid = Table(show_edge=False)
        for column in columns:
            grid.add_column(column)
        for line in lines:
            grid.add_row(*line)
        console.print(grid)

    table(
        ("name", "kind", "distribution", "version", "status", "error"),
        [
            (
                p["name"],
                ", ".join(p["kinds"]) or "-",
                p["distribution"],
                p["version"],
                p["status"],
                p["error"] or "",
            )
            for p in rows["plugins"]
        ],
    )
    for plugin in rows["plugins"]:
        for warning in plugin["warnings"]:
            console.print(f"warning: plugin {plugin['name']}: {warning}", markup=False)
    if rows["faults"]:
        table(
            ("plugin", "kind", "item", "version", "since", "last seen", "error"),
            [
                (
                    f["plugin"],
                    f["kind"],
                    f["item"] or "-",
                    f["version"] or "?",
                    f["since"] or "now",
                    f["last_seen"] or "now",
                    f["error"],
                )
                for f in rows["faults"]
            ],
        )
    if rows["store_error"]:
        console.print(f"faults kept in the store: unknown ({rows['store_error']})", markup=False)
    if rows["carriers"]:
        table(
            ("carrier", "plugin", "batch", "per second", "per day", "last run"),
            [
                (
                    c["name"],
                    c["plugin"],
                    str(c["batch"]),
                    f"{c['per_second']:g}",
                    str(c["per_day"] or "-"),
                    c["last_run"] or "never",
                )
                for c in rows["carriers"]
            ],
        )
    if rows["channels"]:
        table(
            ("channel", "type", "status"),
            [(c["name"], c["type"], c["status"]) for c in rows["channels"]],
        )
    if rows["mail"]:
        table(
            ("e-mails of", "recorded", "refused", "unrecognised", "templates no pattern matches"),
            [
                (
                    m["source"],
                    str(m["recorded"]),
                    str(m["refused"]),
                    str(m["unrecognised"]),
                    "\n".join(
                        f"{t['fingerprint']}: seen {t['seen']}, last {t['last_seen']}"
                        for t in m["templates"]
                    )
                    or "-",
                )
                for m in rows["mail"]
            ],
        )
        if any(m["templates"] for m in rows["mail"]):
            console.print(
                "an unrecognised template needs a pattern: see docs/email.md", markup=False
            )
