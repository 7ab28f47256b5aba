"""Finding the files, validating each layer on its own, merging them with the origin of every key.

Lowest to highest: built-in defaults, the team file, the user's file, ``AZTUI_*`` environment
variables, command-line options actually typed. Each layer becomes a flat mapping of dotted leaf
keys (``plugins.timeout_seconds``, ``policy.FR.claim_response.days``); a higher layer replaces
a key of a lower one, whole (a list or a dated override is one leaf).
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs
from pydantic import ValidationError

from aztui.config.errors import ConfigError, said, translate
from aztui.config.schema import (
    AlertSettings,
    CarrierSettings,
    ChannelSettings,
    MailSection,
    PluginsSettings,
    RelativeToFile,
    SecretRef,
    SecretSetting,
    Settings,
    SourceSettings,
    TrackingSettings,
    TuiSettings,
)
from aztui.config.secrets import (
    is_url,
    refuse_credentials_in_team_file,
    refuse_in_team_file,
    remember_url_password,
    resolve_secret,
)
from aztui.config.walk import keys_at, leaves, marker
from aztui.domain.policy import MARKETPLACES
from aztui.files import CONFIG_NAME as FILE_NAME
from aztui.files import user_config_file

DEFAULT = "default"
COMMAND_LINE = "command line"
ENV_VARIABLES = {
    "AZTUI_MARKETPLACE": "marketplace",
    "AZTUI_LANGUAGE": "language",
    "AZTUI_TIMEZONE": "timezone",
    "AZTUI_STORE": "store",
    "AZTUI_DB": "db",
}
"""Environment variables that set a key; ``AZTUI_CONFIG`` and ``AZTUI_USER_CONFIG`` locate files."""


@dataclass(frozen=True)
class Config:
    """The configuration in force, with where each value came from."""

    marketplace: str
    language: str
    timezone: str
    store: str
    db: str | None
    """The database path or URL, secrets resolved; None for ``default_db_path()``."""
    inbox: Path | None
    plugins: PluginsSettings
    tui: TuiSettings
    sources: dict[str, SourceSettings]
    """``[sources.<name>]`` tables, paths absolute, secrets still references."""
    carriers: dict[str, CarrierSettings]
    """``[carriers.<name>]`` tables, paths absolute."""
    tracking: TrackingSettings
    mail: MailSection
    alerts: AlertSettings
    channels: dict[str, ChannelSettings]
    """``[channels.<id>]`` tables, paths absolute."""
    policy_overrides: dict[str, dict[str, Any]]
    """Per marketplace, dotted policy key → plain value or ``{value, valid_from, source}``."""
    team_file: Path | None
    user_file: Path | None
    origins: dict[str, str]
    """Dotted leaf key → ``default``, a file path, ``env AZTUI_X`` or ``command line``."""
    values: dict[str, Any] = field(repr=False)
    """Dotted leaf key → value as configured: defaults filled in, secrets still references."""

    @property
    def database(self) -> str:
        """``db``, or the default SQLite file when it is not set: what a store opens."""
        return self.db or str(default_db_path())

    def overrides_for(self, marketplace: str | None = None) -> dict[str, Any]:
        """The policy overrides of ``marketplace`` (default: the configured one)."""
        return dict(self.policy_overrides.get(marketplace or self.marketplace, {}))


def default_db_path() -> Path:
    return Path(platformdirs.user_data_dir("aztui")) / "aztui.db"


def find_team_file(
    *,
    config_path: str | os.PathLike[str] | None = None,
    cwd: str | os.PathLike[str] | None = None,
    env: Mapping[str, str] | None = None,
) -> Path | None:
    """``--config``, else ``AZTUI_CONFIG``, else the nearest ``aztui.toml`` from ``cwd`` up.

    An explicit path (argument or variable) must exist; not finding one upwards is fine.
    """
    env = os.environ if env is None else env
    base = Path(cwd or Path.cwd()).absolute()
    for given, label in ((config_path, "--config"), (env.get("AZTUI_CONFIG"), "AZTUI_CONFIG")):
        if given:
            path = base / Path(given).expanduser()
            if not path.is_file():
                raise ConfigError(said("config_no_file", label=label, path=path))
            return path
    for directory in (base, *base.parents):
        candidate = directory / FILE_NAME
        if candidate.is_file():
            return candidate
    return None


def read_toml(path: Path, display: str) -> dict[str, Any]:
    """Parse ``path``; a syntax error names the file, the line and the column."""
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except OSError as error:
        why = error.strerror or str(error)
        raise ConfigError(said("config_cannot_read", display=display, why=why)) from None
    except UnicodeDecodeError:
        raise ConfigError(said("config_not_utf8", display=display)) from None
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        found = re.search(r"\s*\(at line (\d+), column (\d+)\)$", message)
        if found:
            where = said("config_toml_at", line=found[1], column=found[2])
            message = message[: found.start()]
        elif message.endswith("(at end of document)"):
            lines = path.read_text(encoding="utf-8", errors="replace").splitlines() or [""]
            where = said("config_toml_end", line=len(lines), column=len(lines[-1]) + 1)
            message = message.removesuffix("(at end of document)").strip()
        else:
            where = said("config_toml_somewhere")
        toml = said("config_bad_toml", display=display, where=where, message=message)
        raise ConfigError(toml) from None


def _display(path: Path, cwd: Path) -> str:
    try:
        return str(path.relative_to(cwd))
    except ValueError:
        return str(path)


def _local_path(value: str, base: Path) -> str:
    """A plain path made absolute against ``base``; URLs are left as written."""
    if is_url(value):
        return value
    return str(base / Path(value).expanduser())


def validate_layer(
    raw: Mapping[str, Any], *, source: str, base: Path, team: bool = False
) -> dict[str, Any]:
    """One layer checked on its own: the dotted leaf keys it sets, paths made absolute.

    ``source`` starts every message (a file name, ``environment variable AZTUI_X``, ...);
    ``base`` is what relative paths are relative to; ``team``: refuse literal secrets.
    """
    try:
        model = Settings.model_validate(raw)
    except ValidationError as error:
        raise translate(error, source, keys_at) from None
    try:
        found = list(leaves(model, only_set=True))
    except ConfigError as error:
        raise ConfigError(
            [said("config_in", source=source, problem=problem) for problem in error.problems]
        ) from None
    layer: dict[str, Any] = {}
    for key, value, info in found:
        secret = marker(info, SecretSetting)
        if isinstance(value, SecretRef) and value.file is not None:
            value = SecretRef(file=str(base / Path(value.file).expanduser()))
        elif isinstance(value, str):
            if secret is not None and team:
                refuse_in_team_file(key, value, secret, source)
            if marker(info, RelativeToFile):
                value = _local_path(value, base)
        if team and secret is None:
            refuse_credentials_in_team_file(key, value, source)
        layer[key] = value
    return layer


def _file_layer(path: Path, cwd: Path, *, team: bool) -> dict[str, Any]:
    display = _display(path, cwd)
    return validate_layer(read_toml(path, display), source=display, base=path.parent, team=team)


def _unflatten(flat: Mapping[str, Any]) -> dict[str, Any]:
    nested: dict[str, Any] = {}
    for key, value in flat.items():
        *tables, name = key.split(".")
        target = nested
        for table in tables:
            target = target.setdefault(table, {})
        target[name] = value
    return nested


def _plain(value: Any) -> Any:
    """What argparse may hand over, as TOML would have given it."""
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    return list(value) if isinstance(value, tuple) else value


def _cli_layer(overrides: Mapping[str, Any], cwd: Path) -> dict[str, Any]:
    flat = {key: _plain(value) for key, value in overrides.items() if value is not None}
    return validate_layer(_unflatten(flat), source=COMMAND_LINE, base=cwd)


def load_config(
    *,
    config_path: str | os.PathLike[str] | None = None,
    cwd: str | os.PathLike[str] | None = None,
    env: Mapping[str, str] | None = None,
    cli_overrides: Mapping[str, Any] | None = None,
    user_config_path: str | os.PathLike[str] | None = None,
    resolve_secrets: bool = True,
) -> Config:
    """Read and merge every layer; the first invalid one raises ``ConfigError``.

    ``cli_overrides``: the options actually typed, as dotted setting keys
    (``{"marketplace": "DE", "plugins.disabled": ["x"]}``); None values are ignored.
    ``user_config_path`` replaces ``AZTUI_USER_CONFIG`` and the platform's location.
    ``resolve_secrets=False`` leaves ``db`` None when it is a secret reference (for
    ``config show``, which prints references, never values).
    """
    env = os.environ if env is None else env
    base = Path(cwd or Path.cwd()).absolute()
    team_file = find_team_file(config_path=config_path, cwd=base, env=env)
    user_file: Path | None = base / Path(user_config_path or user_config_file(env)).expanduser()
    if user_file is not None and not user_file.is_file():
        user_file = None
    if team_file and user_file and team_file.resolve() == user_file.resolve():
        # Working inside the user config directory: the file found is the user's, not a team's.
        if config_path or env.get("AZTUI_CONFIG"):
            user_file = None
        else:
            team_file = None

    layers: list[tuple[str, dict[str, Any]]] = [
        (DEFAULT, {key: value for key, value, _ in leaves(Settings(), only_set=False)})
    ]
    if team_file:
        layers.append((str(team_file), _file_layer(team_file, base, team=True)))
    if user_file:
        layers.append((str(user_file), _file_layer(user_file, base, team=False)))
    for variable, key in ENV_VARIABLES.items():
        if env.get(variable):
            source = f"environment variable {variable}"
            layer = validate_layer({key: env[variable]}, source=source, base=base)
            layers.append((f"env {variable}", layer))
    if cli_overrides:
        layers.append((COMMAND_LINE, _cli_layer(cli_overrides, base)))

    values: dict[str, Any] = {}
    origins: dict[str, str] = {}
    for origin, layer in layers:
        for key, value in layer.items():
            values[key] = value
            origins[key] = origin

    marketplace = MARKETPLACES[values["marketplace"]]
    values["language"] = values["language"] or marketplace.language
    values["timezone"] = values["timezone"] or marketplace.timezone
    db = values["db"]
    if isinstance(db, SecretRef):
        if resolve_secrets:
            db = _local_path(resolve_secret(db, key="db", env=env, origin=origins["db"]), base)
        else:
            db = None
    values["db"] = values["db"] or str(default_db_path())
    if isinstance(db, str):
        remember_url_password(db)

    plain = {  # copies: building the model must not change the defaults' tables in ``values``
        k: dict(v) if isinstance(v, dict) else v
        for k, v in values.items()
        if not k.startswith("policy.") and v is not None
    }
    settings = Settings.model_validate(_unflatten(plain))
    overrides: dict[str, dict[str, Any]] = {}
    for key, value in values.items():
        if key.startswith("policy."):
            _, code, policy_key = key.split(".", 2)
            overrides.setdefault(code, {})[policy_key] = value
    return Config(
        marketplace=settings.marketplace,
        language=values["language"],
        timezone=values["timezone"],
        store=settings.store,
        db=db,
        inbox=Path(settings.inbox) if settings.inbox else None,
        plugins=settings.plugins,
        tui=settings.tui,
        sources=dict(settings.sources),
        carriers=dict(settings.carriers),
        tracking=settings.tracking,
        mail=settings.mail,
        alerts=settings.alerts,
        channels=dict(settings.channels),
        policy_overrides=overrides,
        team_file=team_file,
        user_file=user_file,
        origins=origins,
        values=values,
    )
