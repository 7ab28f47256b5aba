"""``aztui config show [--origin]`` and ``aztui config init``.

``show_config`` prints one ``key = value`` line per setting, in dotted TOML (the output parses
as TOML), secrets as their reference or ``***``. ``write_starter`` writes a new team file with
tomli-w; aztui never rewrites an existing team file, which people keep by hand with comments.
"""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path
from typing import Any

import tomli_w

from aztui.config.errors import ConfigError, said, toml_key, toml_value
from aztui.config.loader import Config
from aztui.config.schema import SecretRef, SecretSetting, Settings
from aztui.config.secrets import mask, mask_tree
from aztui.config.walk import leaves, marker
from aztui.domain.policy import MARKETPLACES, POLICY_TABLES
from aztui.files import replace_private
from aztui.redact import redact

STARTER_HEADER = """\
# aztui team configuration: shared by everyone who works on this shop, so keep it in version
# control and never write a secret here (use db = { env = "AZTUI_DB" }).
# Every key and the policy overrides are explained in docs/configuration.md;
# `aztui config show --origin` shows what is in force and where each value comes from.
"""


def _secret_settings() -> dict[str, SecretSetting]:
    found = {}
    for key, _, info in leaves(Settings(), only_set=False):
        setting = marker(info, SecretSetting)
        if setting is not None:
            found[key] = setting
    return found


def _shown(key: str, value: Any, secrets: dict[str, SecretSetting]) -> str:
    if isinstance(value, SecretRef):
        return str(value)
    if key in secrets and isinstance(value, str):
        return toml_value(mask(value, secrets[key]))
    return toml_value(mask_tree(key, value))


def _dotted_key(key: str) -> str:
    return ".".join(toml_key(part) for part in key.split("."))


def _has_keys_below(key: str, tables: set[str]) -> bool:
    """An empty default table (``channels = {}``) that the files fill in, key by key."""
    return any(table == key or table.startswith(f"{key}.") for table in tables)


def show_config(config: Config, with_origin: bool = False) -> str:
    """The configuration in force, one ``key = value`` line each, never a secret's value."""
    secrets = _secret_settings()
    tables = {key.rsplit(".", 1)[0] for key in config.values if "." in key}
    lines = [
        (
            redact(f"{_dotted_key(key)} = {_shown(key, value, secrets)}"),
            config.origins.get(key, "default"),
        )
        for key, value in config.values.items()
        if value is not None and not (value == {} and _has_keys_below(key, tables))
    ]
    if not with_origin:
        return "\n".join(text for text, _ in lines) + "\n"
    team = str(config.team_file) if config.team_file else "none found"
    user = str(config.user_file) if config.user_file else "none"
    width = max(len(text) for text, _ in lines)
    header = [f"# team file: {team}", f"# user file: {user}"]
    body = [f"{text.ljust(width)}  # from {origin}" for text, origin in lines]
    return "\n".join(header + body) + "\n"


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def starter_config(marketplace: str = "FR") -> dict[str, Any]:
    """The settings a new team file starts with: those people change first."""
    if marketplace not in MARKETPLACES:
        raise ConfigError(
            f"unknown marketplace {marketplace!r}: expected one of {', '.join(MARKETPLACES)}"
        )
    place = MARKETPLACES[marketplace]
    threshold = POLICY_TABLES[marketplace]["signature_threshold"][-1].value
    plugins = Settings().plugins
    return {
        "marketplace": marketplace,
        "language": place.language,
        "timezone": place.timezone,
        "store": Settings().store,
        "policy": {marketplace: {"signature_threshold": _plain(threshold)}},
        "plugins": {"disabled": list(plugins.disabled), "timeout_seconds": plugins.timeout_seconds},
    }


def write_starter(
    path: str | os.PathLike[str], *, marketplace: str = "FR", force: bool = False
) -> Path:
    """Write a starter team file at ``path``; an existing file is kept unless ``force``.
    A new file is private (``0600``), and a symbolic link at ``path`` is refused."""
    target = Path(path)
    if target.exists() and not force:
        raise ConfigError(said("config_exists", path=target))
    text = STARTER_HEADER + "\n" + tomli_w.dumps(starter_config(marketplace))
    replace_private(target, text)
    return target
