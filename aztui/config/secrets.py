"""Secrets: read through ``{ env = "NAME" }`` / ``{ file = "path" }``, never shown, never shared.

The team file is committed and shared, so a literal secret there is refused: a database URL
with a password, or any literal in a field whose whole value is secret. The user's own file,
the environment and the command line may hold literals; ``config show`` masks them.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path
from urllib.parse import urlsplit

from aztui.config.errors import ConfigError
from aztui.config.schema import SecretRef, SecretSetting

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


def holds_literal_secret(value: str, setting: SecretSetting) -> bool:
    return setting.mask == "all" or _netloc_password(value) is not None


def mask(value: str, setting: SecretSetting) -> str:
    """The value as ``config show`` prints it: a URL's password, or the whole secret, as ***."""
    if setting.mask == "all":
        return MASK
    found = _netloc_password(value)
    if found is None:
        return value
    userinfo, user = found
    return value.replace(f"{userinfo}@", f"{user}:{MASK}@", 1)


def refuse_in_team_file(key: str, value: str, setting: SecretSetting, source: str) -> None:
    if not holds_literal_secret(value, setting):
        return
    variable = "AZTUI_" + key.replace(".", "_").upper()
    what = "a URL with a password" if setting.mask == "url" else "a secret"
    raise ConfigError(
        f"{source}: {key}: {what} is not written in the team file, which is shared; write "
        f'{key} = {{ env = "{variable}" }} and set {variable} (or use {{ file = "path" }}, '
        "or put the value in your user file)"
    )


def resolve_secret(ref: SecretRef, *, key: str, env: Mapping[str, str], origin: str) -> str:
    """The secret ``ref`` points to; a missing variable or file is a ``ConfigError``."""
    where = f"{key} = {ref} (from {origin})"
    if ref.env is not None:
        value = env.get(ref.env)
        if not value:
            state = "is empty" if value == "" else "is not set"
            raise ConfigError(f"{key}: environment variable {ref.env} {state}; needed by {where}")
        return value
    assert ref.file is not None
    try:
        text = Path(ref.file).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(
            f"{key}: secret file {ref.file} does not exist; needed by {where}"
        ) from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(
            f"{key}: cannot read secret file {ref.file} ({error}); needed by {where}"
        ) from None
    value = text.rstrip("\r\n")
    if not value:
        raise ConfigError(f"{key}: secret file {ref.file} is empty; needed by {where}")
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
    if secrets_file and len(found) < len(names):
        path = Path(secrets_file)
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ValueError(f"{key} {path}: {exc}") from None
        found |= {k: str(v) for k, v in data.items() if k in names and k not in found}
    return found
