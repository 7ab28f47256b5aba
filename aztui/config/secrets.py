"""Secrets: read through ``{ env = "NAME" }`` / ``{ file = "path" }``, never shown, never shared.

The team file is committed and shared, so a literal secret there is refused: a database URL
with a password, any literal in a field whose whole value is secret, and anywhere in the file
(a plugin's ``options``, a header, a ``base_url``) a value that is a credential by its key's name
(``password``, ``api_key``, ``Authorization`` …) or by its shape (a URL's ``user:password@``,
``Bearer …``, a well-known service's token). The user's own file, the environment and the
command line may hold literals; ``config show`` masks them. Every secret read is remembered by
``aztui.redact``, so no message shows it afterwards.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

from aztui.config.errors import ConfigError, said
from aztui.config.schema import SecretRef, SecretSetting
from aztui.files import warn_if_shared
from aztui.redact import (
    SECRET_NAME,
    credential_scheme,
    looks_like_token,
    redact,
    remember,
    url_password,
)

MASK = "***"
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def is_url(value: str) -> bool:
    return bool(_URL.match(value))


def _netloc_password(value: str) -> tuple[str, str] | None:
    """``(user_and_password, user)`` when ``value`` is a URL carrying a password."""
    if not is_url(value):
        return None
    try:
        parts = urlsplit(value)
        password = parts.password
    except ValueError:
        return None
    if not password:
        return None
    userinfo = parts.netloc.rpartition("@")[0]
    return userinfo, userinfo.partition(":")[0]


def _query_secrets(value: str) -> list[str]:
    """The values of a URL's query parameters named like secrets (``?password=…``, which
    libpq and many drivers accept as well as ``user:password@``)."""
    if not is_url(value) or "?" not in value:
        return []
    try:
        pairs = parse_qsl(urlsplit(value).query, keep_blank_values=False)
    except ValueError:
        return []
    return [item for name, item in pairs if SECRET_NAME.search(name)]


def holds_literal_secret(value: str, setting: SecretSetting) -> bool:
    return (
        setting.mask == "all" or _netloc_password(value) is not None or bool(_query_secrets(value))
    )


def mask(value: str, setting: SecretSetting) -> str:
    """The value as ``config show`` prints it: a URL's password, or the whole secret, as ***."""
    if setting.mask == "all":
        return MASK
    found = _netloc_password(value)
    if found is not None:
        userinfo, user = found
        value = value.replace(f"{userinfo}@", f"{user}:{MASK}@", 1)
    return redact(value)  # ?password=… too


def credential_problem(key: str, value: str) -> str | None:
    """Why ``value`` at dotted ``key`` is a credential (None when it does not look like one)."""
    name = key.rsplit(".", 1)[-1]
    if SECRET_NAME.search(name):
        return said("config_cred_named", name=repr(name))
    if url_password(value):
        return said("config_cred_url_password")
    if _query_secrets(value):
        return said("config_cred_query")
    if credential_scheme(value):
        return said("config_cred_http")
    if looks_like_token(value):
        return said("config_cred_token")
    return None


def strings(key: str, value: object) -> Iterator[tuple[str, str]]:
    """Every text inside ``value`` (tables and arrays walked), with its dotted key."""
    if isinstance(value, str):
        yield key, value
    elif isinstance(value, Mapping):
        for name, item in value.items():
            yield from strings(f"{key}.{name}", item)
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from strings(f"{key}[{index}]", item)


def plugin_variable(table: str, ident: str, secret: str) -> str:
    """The variable a plugin's secret is read from: ``AZTUI_CHANNEL_<ID>_<SECRET>`` (a dash in
    the channel's id becomes an underscore, as ``aztui.channels.secret_variable`` says) or
    ``AZTUI_<CARRIER>_<SECRET>`` (as ``aztui.carriers.run`` reads it)."""
    if table == "channels":
        return f"AZTUI_CHANNEL_{ident.upper().replace('-', '_')}_{secret.upper()}"
    return f"AZTUI_{ident.upper()}_{secret.upper()}"


def instead(key: str) -> str:
    """Where a credential written at ``key`` belongs."""
    parts = key.split(".")
    if len(parts) == 4 and parts[0] in ("channels", "carriers") and parts[2] == "options":
        table, name, option = parts[0], parts[1], parts[3]
        variable = plugin_variable(table, name, option)
        return said("config_instead_plugin", variable=variable, table=f"{table}.{name}")
    if len(parts) == 3 and parts[0] == "carriers" and parts[2] == "base_url":
        return said("config_instead_base_url", carrier=parts[1].upper())
    return said("config_instead_user_file")


def refuse_credentials_in_team_file(key: str, value: object, source: str) -> None:
    """A team file holds no credential anywhere (core secret fields are checked on their own)."""
    for at, text in strings(key, value):
        why = credential_problem(at, text)
        if why is not None:
            where = instead(at)
            if url_password(text) and not at.endswith("base_url"):
                where = said("config_instead_url", where=where)
            raise ConfigError(
                said("config_cred_in_team_file", source=source, key=at, why=why, where=where)
            )


def refuse_declared_secrets(
    tables: Mapping[str, tuple[Mapping[str, object], Sequence[str]]],
    origins: Mapping[str, str],
    team_file: str | None = None,
) -> None:
    """A secret a plugin declares (``ChannelSpec.secrets``, ``CarrierSpec.secrets``) written in
    its ``options``, in any file: aztui never reads it there, and the file may be shared.

    ``tables``: ``"channels.<id>"`` or ``"carriers.<name>"`` → (its options, the plugin's
    secret names)."""
    for table, (options, names) in tables.items():
        for name in names:
            if name not in options:
                continue
            origin = origins.get(f"{table}.options", "configuration")
            kind, _, ident = table.partition(".")
            variable = plugin_variable(kind, ident, name)
            shared = said("config_shared_team" if origin == team_file else "config_shared_options")
            raise ConfigError(
                said(
                    "config_declared_secret",
                    origin=origin,
                    table=table,
                    name=name,
                    variable=variable,
                    shared=shared,
                )
            )


def mask_tree(key: str, value: object) -> object:
    """``value`` with every text that looks like a credential (see ``credential_problem``)
    replaced by ***: what ``config show`` prints of a plugin's options and other free tables."""
    if isinstance(value, str):
        return MASK if SECRET_NAME.search(key.rsplit(".", 1)[-1]) else redact(value)
    if isinstance(value, Mapping):
        return {name: mask_tree(f"{key}.{name}", item) for name, item in value.items()}
    if isinstance(value, list | tuple):
        return [mask_tree(f"{key}[{i}]", item) for i, item in enumerate(value)]
    return value


def remember_url_password(value: str) -> None:
    """A database URL's password (``user:password@`` or ``?password=``), read from a file or
    the environment, is never shown."""
    found = _netloc_password(value)
    if found is not None:
        userinfo = found[0]
        remember(userinfo.partition(":")[2])
    for secret in _query_secrets(value):
        remember(secret)


def refuse_in_team_file(key: str, value: str, setting: SecretSetting, source: str) -> None:
    if not holds_literal_secret(value, setting):
        return
    variable = "AZTUI_" + key.replace(".", "_").upper()
    what = said("config_secret_what_url" if setting.mask == "url" else "config_secret_what_secret")
    raise ConfigError(
        said("config_secret_in_team_file", source=source, key=key, what=what, variable=variable)
    )


def resolve_secret(ref: SecretRef, *, key: str, env: Mapping[str, str], origin: str) -> str:
    """The secret ``ref`` points to; a missing variable or file is a ``ConfigError``."""
    where = said("config_secret_where", key=key, ref=str(ref), origin=origin)
    if ref.env is not None:
        value = env.get(ref.env)
        if not value:
            code = "config_secret_env_empty" if value == "" else "config_secret_env_unset"
            raise ConfigError(said(code, key=key, variable=ref.env, where=where))
        remember(value)
        return value
    assert ref.file is not None
    try:
        text = Path(ref.file).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(
            said("config_secret_file_missing", key=key, file=ref.file, where=where)
        ) from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(
            said(
                "config_secret_file_unreadable", key=key, file=ref.file, why=str(error), where=where
            )
        ) from None
    warn_if_shared(ref.file)
    value = text.rstrip("\r\n")
    if not value:
        raise ConfigError(said("config_secret_file_empty", key=key, file=ref.file, where=where))
    remember(value)
    return value


def read_named_secrets(
    names: Sequence[str], *, prefix: str, secrets_file: str | None, key: str
) -> dict[str, str]:
    """Each of ``names`` found: the environment variable ``<prefix><NAME>``, else that name
    in the TOML ``secrets_file`` (``key`` names the setting in an error). A plugin's secrets
    (a carrier's API key, a channel's password) are read this way, never from the team file."""
    found = {
        name: os.environ[prefix + name.upper()]
        for name in names
        if os.environ.get(prefix + name.upper())
    }
    for value in found.values():
        remember(value)
    if secrets_file and len(found) < len(names):
        path = Path(secrets_file)
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ValueError(f"{key} {path}: {exc}") from None
        warn_if_shared(path)
        from_file = {k: str(v) for k, v in data.items() if k in names and k not in found}
        for value in from_file.values():
            remember(value)
        found |= from_file
    return found
