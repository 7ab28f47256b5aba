"""What the configuration and the installed plugins make together: the engine (the plugins'
rules and metrics on the policy, plugin defaults and ``[carriers]`` settings included), the
check that every carrier, source and channel type configured has a plugin, and the check that
no plugin's declared secret sits in its ``options``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from aztui.config import Config, ConfigError, closest
from aztui.config.errors import did_you_mean
from aztui.config.options import origin_of, plugin_options
from aztui.config.secrets import refuse_declared_secrets
from aztui.domain.engine import Engine
from aztui.domain.policy import Policy, PolicyError, PolicyValue
from aztui.domain.tracking import stalled_key
from aztui.pluginmanager import PluginHost


def build_engine(config: Config, host: PluginHost) -> Engine:
    rules, metrics = host.deadline_rules(), host.metrics()
    defaults: dict[str, PolicyValue] = {}
    for registered in (*rules, *metrics):
        defaults.update(getattr(registered.item, "policy_defaults", None) or {})
    defaults.update(_carrier_policy(config, host))
    overrides = config.policy_overrides.get(config.marketplace, {})
    try:
        policy = Policy(config.marketplace, overrides, defaults, timezone=config.timezone)
    except PolicyError as exc:
        raise _policy_error(config, exc, overrides, defaults) from exc
    return Engine(policy, rules, metrics, guard=host.guard_item, unloaded=host.failed())


def refuse_secrets_in_options(config: Config, host: PluginHost) -> None:
    """A secret a channel or carrier plugin declares, written in its ``options``."""
    tables: dict[str, tuple[Mapping[str, object], Sequence[str]]] = {}
    if config.channels:
        channels = host.channels()
        for name, channel in config.channels.items():
            if channel.type in channels:
                spec = channels[channel.type].item
                tables[f"channels.{name}"] = (
                    channel.options,
                    (*spec.secrets, *spec.optional_secrets),
                )
    if config.carriers:
        carriers = host.carriers()
        for name, carrier in config.carriers.items():
            if name in carriers:
                tables[f"carriers.{name}"] = (carrier.options, carriers[name].item.secrets)
    team = str(config.team_file) if config.team_file else None
    refuse_declared_secrets(tables, config.origins, team)


def refuse_missing_plugins(config: Config, host: PluginHost) -> None:
    """A ``[carriers.<name>]``, ``[sources.<name>]`` (its ``type``, else its name) or channel
    ``type`` that no installed plugin registers: a typo, or a plugin missing or broken, which
    would otherwise leave its parcels, data or alerts silently aside. A table with ``enabled =
    false`` is not asked for."""
    problems: list[str] = []

    def check(table: str, key: str, name: str, what: str, known: Mapping[str, object]) -> None:
        if name in known:
            return
        origin = config.origins.get(key) or next(
            (o for k, o in config.origins.items() if k.startswith(f"{table}.")), "configuration"
        )
        installed = ", ".join(sorted(known)) or "none"
        problems.append(
            f"{origin}: {key}: no {what} plugin registers {name!r}{did_you_mean(name, known)}; "
            f"installed: {installed}{_why_missing(name, host)}"
        )

    if any(c.enabled for c in config.carriers.values()):
        carriers = host.carriers()
        for name, carrier in config.carriers.items():
            if carrier.enabled:
                check(f"carriers.{name}", f"carriers.{name}", name, "carrier", carriers)
    if any(s.enabled for s in config.sources.values()):
        sources = host.sources()
        for name, source in config.sources.items():
            key = f"sources.{name}.type" if source.type else f"sources.{name}"
            if source.enabled:
                check(f"sources.{name}", key, source.type or name, "source", sources)
    if any(c.enabled for c in config.channels.values()):
        channels = host.channels()
        for name, channel in config.channels.items():
            if channel.enabled:
                check(
                    f"channels.{name}", f"channels.{name}.type", channel.type, "channel", channels
                )
    if problems:
        raise ConfigError(problems)


def _why_missing(name: str, host: PluginHost) -> str:
    """The plugins that failed to load (the one whose name holds ``name`` alone when there is
    one) and those disabled on purpose: where a missing carrier, source or channel may be."""
    plugins = host.report()
    failed = [p for p in plugins if p.status == "failed"]
    named = [p for p in failed if name in p.name.split("_") or closest(name, [p.name])]
    said = "".join(f"; plugin {p.name} failed to load: {p.error}" for p in named or failed)
    disabled = sorted(p.name for p in plugins if p.status == "disabled" and p.name != "aztui")
    if disabled:
        said += f"; disabled in [plugins]: {', '.join(disabled)}"
    return said


def _carrier_policy(config: Config, host: PluginHost) -> dict[str, PolicyValue]:
    """``[carriers.<name>] stalled_days``, under each name sellers write for the carrier."""
    out: dict[str, PolicyValue] = {}
    carriers = host.carriers() if config.carriers else {}
    for name, settings in config.carriers.items():
        if settings.stalled_days is None or name not in carriers:
            continue
        spec = carriers[name].item
        value = PolicyValue(settings.stalled_days, f"[carriers.{name}] stalled_days")
        out |= {stalled_key(alias): value for alias in (spec.name, *spec.aliases)}
    return out


def _policy_error(config: Config, exc: PolicyError, overrides: dict, defaults: dict) -> ConfigError:
    known = set(Policy(config.marketplace).keys) | set(defaults)
    unknown = [key for key in overrides if key not in known]
    origin = "configuration"
    if unknown:
        origin = config.origins.get(f"policy.{config.marketplace}.{unknown[0]}", origin)
        hint = closest(unknown[0], sorted(known))
        suggestion = f" (did you mean '{hint}'?)" if hint else ""
        return ConfigError(
            f"{origin}: unknown key 'policy.{config.marketplace}.{unknown[0]}'{suggestion}"
        )
    return ConfigError(f"{origin}: {exc}")


def refuse_bad_carrier_options(config: Config, host: PluginHost) -> None:
    """``[carriers.<name>] options`` its carrier's declared model refuses: a configuration
    error naming the file, each key and what was expected, as for the core's own keys."""
    if not any(c.enabled for c in config.carriers.values()):
        return
    carriers = host.carriers()
    problems: list[str] = []
    for name, settings in config.carriers.items():
        model = carriers[name].item.options if name in carriers else None
        if settings.enabled and model is not None:
            table = f"carriers.{name}"
            try:
                plugin_options(
                    model,
                    settings.options,
                    key=f"{table}.options",
                    origin=origin_of(config.origins, table),
                )
            except ConfigError as error:
                problems.extend(error.problems)
    if problems:
        raise ConfigError(problems)
