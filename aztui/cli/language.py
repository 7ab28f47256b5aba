"""The language an error is told in: the configuration's; when the configuration cannot be
read (the error may be in it), the language its files or environment variables ask for
(``language``, else ``marketplace``'s), else the environment's locale (``LC_ALL``,
``LC_MESSAGES``, ``LANG``), else English (docs/translating.md)."""

from __future__ import annotations

import argparse
import os
import re
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path

from aztui.errors import AztuiError

_SETTING = re.compile(r'^\s*(language|marketplace)\s*=\s*["\']([A-Za-z]+)["\']', re.MULTILINE)


def error_language(args: argparse.Namespace, env: Mapping[str, str] | None = None) -> str:
    """The language to tell ``args``'s command's error in (see the module doc)."""
    from aztui.config import load_config

    env = os.environ if env is None else env
    overrides = {"db": args.db} if getattr(args, "db", None) else {}
    try:
        return load_config(
            config_path=getattr(args, "config", None), cli_overrides=overrides, env=env
        ).language
    except AztuiError:
        return asked(args, env) or locale_language(env) or "en"


def asked(args: argparse.Namespace, env: Mapping[str, str]) -> str | None:
    """The language the environment variables, else the files, ask for, read leniently."""
    settings: dict[str, str] = {}
    for path in reversed(_files(args, env)):  # the user's file overrides the team's
        for key, value in _settings(path).items():
            settings.setdefault(key, value)
    for key in ("language", "marketplace"):
        if env.get(f"AZTUI_{key.upper()}"):
            settings[key] = env[f"AZTUI_{key.upper()}"]
    return _language_of(settings)


def _language_of(settings: Mapping[str, str]) -> str | None:
    from aztui.domain.policy import MARKETPLACES
    from aztui.i18n import LANGUAGES

    language = settings.get("language", "").lower()
    if language in LANGUAGES:
        return language
    place = MARKETPLACES.get(settings.get("marketplace", "").upper())
    return place.language if place is not None and place.language in LANGUAGES else None


def help_language(argv: Sequence[str], env: Mapping[str, str] | None = None) -> str:
    """The language ``--help`` speaks: read as an error's is when the configuration cannot be
    read (the parser is built before it is, and ``--help`` must not load it)."""
    env = os.environ if env is None else env
    config = None
    for index, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--config" and index + 1 < len(argv):
            config = argv[index + 1]
        elif arg.startswith("--config="):
            config = arg.partition("=")[2]
    return asked(argparse.Namespace(config=config), env) or locale_language(env) or "en"


def _files(args: argparse.Namespace, env: Mapping[str, str]) -> list[Path]:
    from aztui.files import CONFIG_NAME as FILE_NAME
    from aztui.files import user_config_file

    given = getattr(args, "config", None) or env.get("AZTUI_CONFIG")
    found = [Path(given)] if given else []
    if not given:
        here = Path.cwd()
        found = [d / FILE_NAME for d in (here, *here.parents) if (d / FILE_NAME).is_file()][:1]
    return [*found, user_config_file(env)]


def _settings(path: Path) -> dict[str, str]:
    """``language`` and ``marketplace`` at the top of ``path``: as TOML, else line by line
    (the file may be the one that is not valid TOML)."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return {}
    try:
        table = tomllib.loads(text)
        return {k: v for k in ("language", "marketplace") if isinstance(v := table.get(k), str)}
    except tomllib.TOMLDecodeError:
        return {m.group(1): m.group(2) for m in _SETTING.finditer(text)}


def locale_language(env: Mapping[str, str]) -> str | None:
    """The language of the environment's locale, when aztui has its words."""
    from aztui.i18n import LANGUAGES

    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(variable, "")
        if value:
            language = value.split("_")[0].split(".")[0].lower()
            return language if language in LANGUAGES else None
    return None
