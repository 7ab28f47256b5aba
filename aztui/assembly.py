"""What the configuration and the installed plugins make together: the engine (the plugins'
rules and metrics on the policy, plugin defaults and ``[carriers]`` settings included) and the
check that no plugin's declared secret sits in its ``options``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from aztui.config import Config, ConfigError, closest
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
                tables[f"channels.{name}"] = (channel.options, channels[channel.type].item.secrets)
    if config.carriers:
        carriers = host.carriers()
        for name, carrier in config.carriers.items():
            if name in carriers:
                tables[f"carriers.{name}"] = (carrier.options, carriers[name].item.secrets)
    team = str(config.team_file) if config.team_file else None
    refuse_declared_secrets(tables, config.origins, team)


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
