"""The shipped themes (``themes/*.toml``) as Textual ``Theme`` objects.

Each file holds Textual's colours and, under ``[variables]``, aztui's own (the countdown,
metric and snoozed-row styles); a variable a file leaves out takes the default of
``VARIABLE_DEFAULTS``.
"""

from __future__ import annotations

import tomllib
from collections.abc import Collection
from pathlib import Path

from textual.theme import BUILTIN_THEMES, Theme

from aztui.config import ConfigError
from aztui.config.errors import did_you_mean, said

_PACKAGED = Path(__file__).resolve().parents[1] / "themes"
"""Where a wheel carries them (``pyproject.toml`` force-includes ``themes/`` there)."""
THEMES_DIR = _PACKAGED if _PACKAGED.is_dir() else Path(__file__).resolve().parents[2] / "themes"
VARIABLE_DEFAULTS = {
    "deadline-overdue": "red",
    "deadline-soon": "yellow",
    "deadline-open": "green",
    "metric-ok": "green",
    "metric-at-risk": "yellow",
    "metric-breach": "red",
    "row-snoozed": "cyan",
}
_FIELDS = (
    "primary",
    "secondary",
    "warning",
    "error",
    "success",
    "accent",
    "foreground",
    "background",
    "surface",
    "panel",
    "boost",
    "dark",
    "ansi",
)


def load_theme(path: Path) -> Theme:
    """One theme file; an unknown key is an error naming the file and the key."""
    with path.open("rb") as stream:
        data = tomllib.load(stream)
    unknown = set(data) - {"name", "variables", *_FIELDS}
    if unknown:
        raise ValueError(
            f"{path}: unknown key {sorted(unknown)[0]!r} "
            f"(known: name, variables, {', '.join(_FIELDS)})"
        )
    # An ANSI theme also needs the variables Textual's own ANSI theme sets for its widgets.
    base = BUILTIN_THEMES["ansi-dark"].variables if data.get("ansi") else {}
    variables = {**base, **VARIABLE_DEFAULTS, **data.get("variables", {})}
    return Theme(
        name=data.get("name", path.stem),
        variables=variables,
        **{k: data[k] for k in _FIELDS if k in data},
    )


def shipped_themes(folder: Path = THEMES_DIR) -> list[Theme]:
    return [load_theme(path) for path in sorted(folder.glob("*.toml"))]


def rich_colour(value: str) -> str:
    """A theme colour as a Rich style: ``ansi_red`` (the terminal's own red) is ``red``."""
    return value.removeprefix("ansi_")


def checked_theme(name: str, available: Collection[str]) -> str:
    """``[tui] theme``: one of the ``available`` themes, else the closest is named."""
    if name not in available:
        hint = did_you_mean(name, sorted(available))
        raise ConfigError(said("config_unknown_theme", name=repr(name), hint=hint))
    return name
