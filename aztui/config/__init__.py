"""Layered TOML configuration, strict validation, secrets indirection.

Lowest to highest: built-in defaults; the team file (``--config``, ``AZTUI_CONFIG``, else the
nearest ``aztui.toml`` from the working directory up); the user's file
(``platformdirs.user_config_dir("aztui")/aztui.toml`` or ``AZTUI_USER_CONFIG``); ``AZTUI_*``
environment variables; the command-line options actually typed. See docs/configuration.md.

    config = load_config(cli_overrides={"marketplace": "DE"})
    config.timezone, config.origins["timezone"]      # ("Europe/Berlin", "default")
    Policy(config.marketplace, config.overrides_for(), timezone=config.timezone)
"""

from aztui.config.errors import ConfigError, closest
from aztui.config.loader import (
    ENV_VARIABLES,
    FILE_NAME,
    Config,
    default_db_path,
    find_team_file,
    load_config,
    user_config_file,
)
from aztui.config.schema import PluginsSettings, SecretRef, Settings
from aztui.config.secrets import resolve_secret
from aztui.config.show import show_config, starter_config, write_starter
from aztui.config.walk import flatten_policy

__all__ = [
    "ENV_VARIABLES",
    "FILE_NAME",
    "Config",
    "ConfigError",
    "PluginsSettings",
    "SecretRef",
    "Settings",
    "closest",
    "default_db_path",
    "find_team_file",
    "flatten_policy",
    "load_config",
    "resolve_secret",
    "show_config",
    "starter_config",
    "user_config_file",
    "write_starter",
]
