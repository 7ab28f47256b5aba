"""Walking the settings tree: its dotted keys, what a layer sets, the policy tables flattened,
and the keys near a validation error (for messages that name the closest valid key)."""

from __future__ import annotations

import typing
from collections.abc import Iterator, Mapping, Sequence
from datetime import date
from functools import cache
from typing import Any, TypeVar

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from aztui.config.errors import ConfigError, did_you_mean, said, toml_value
from aztui.config.schema import DATED_KEYS, PolicySection, PolicyTable, Settings
from aztui.domain.policy import MARKETPLACES

_T = TypeVar("_T")


def marker(field: FieldInfo, kind: type[_T]) -> _T | None:
    return next((m for m in field.metadata if isinstance(m, kind)), None)


def flatten_policy(section: Mapping[str, Any], *, where: str = "") -> dict[str, Any]:
    """``{"claim_response": {"days": 3}}`` → ``{"claim_response.days": 3}``.

    A table with a ``value`` key is a leaf, a dated override ``{value, valid_from, source}``,
    kept as a plain dict. Policy keys are not checked here: plugins add keys, the service
    checks them against the policy it builds. ``where`` (``policy.FR``) prefixes error keys.
    """
    flat: dict[str, Any] = {}

    def visit(table: Mapping[str, Any], prefix: str) -> None:
        for name, value in table.items():
            key = f"{prefix}{name}"
            if not isinstance(value, Mapping):
                flat[key] = value
            elif "value" in value:
                flat[key] = _dated_override(value, f"{where}.{key}" if where else key)
            elif value and set(value) <= set(DATED_KEYS):
                full = f"{where}.{key}" if where else key
                raise ConfigError(said("config_dated_needs_value", key=full))
            else:
                visit(value, f"{key}.")

    visit(section, "")
    return flat


def _dated_override(table: Mapping[str, Any], key: str) -> dict[str, Any]:
    for name in table:
        if name not in DATED_KEYS:
            hint = did_you_mean(name, DATED_KEYS)
            raise ConfigError(said("config_dated_unknown", key=repr(f"{key}.{name}"), hint=hint))
    if isinstance(table["value"], Mapping):
        raise ConfigError(said("config_dated_single", key=key))
    if "valid_from" in table and not isinstance(table["valid_from"], date):
        got = toml_value(table["valid_from"])
        raise ConfigError(said("config_dated_date", key=key, got=got))
    if "source" in table and not isinstance(table["source"], str):
        raise ConfigError(said("config_dated_source", key=key, got=toml_value(table["source"])))
    return dict(table)


def leaves(
    model: BaseModel, *, only_set: bool, prefix: str = ""
) -> Iterator[tuple[str, Any, FieldInfo]]:
    """Every dotted leaf key of ``model`` with its value and field; ``only_set``: those written."""
    for name, field in type(model).model_fields.items():
        if only_set and name not in model.model_fields_set:
            continue
        key, value = f"{prefix}{name}", getattr(model, name)
        if marker(field, PolicyTable):
            if value is not None:
                for sub, leaf in flatten_policy(value, where=key).items():
                    yield f"{key}.{sub}", leaf, field
        elif isinstance(value, BaseModel):
            yield from leaves(value, only_set=only_set, prefix=f"{key}.")
        elif (
            isinstance(value, dict)
            and value
            and all(isinstance(v, BaseModel) for v in value.values())
        ):
            for sub, item in value.items():
                found = list(leaves(item, only_set=only_set, prefix=f"{key}.{sub}."))
                # An empty table (``[sources.broken]``) still names something: keep its
                # defaults so it survives the merge.
                yield from found or leaves(item, only_set=False, prefix=f"{key}.{sub}.")
        else:
            yield key, value, field


def _section_of(annotation: Any) -> tuple[type[BaseModel] | None, bool]:
    """The model a field holds, and whether it is a ``dict`` of such models."""
    for candidate in (annotation, *typing.get_args(annotation)):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate, False
        if typing.get_origin(candidate) is dict:
            value_type = typing.get_args(candidate)[1]
            if isinstance(value_type, type) and issubclass(value_type, BaseModel):
                return value_type, True
    return None, False


@cache
def known_keys(model: type[BaseModel] = Settings, prefix: str = "") -> tuple[str, ...]:
    """Every dotted key of the schema, tables included (``plugins``, ``plugins.disabled``)."""
    keys: list[str] = []
    for name, field in model.model_fields.items():
        keys.append(f"{prefix}{name}")
        sub, is_map = _section_of(field.annotation)
        if sub is not None:
            keys.extend(known_keys(sub, f"{prefix}{name}.{'<name>.' if is_map else ''}"))
    return tuple(keys)


def keys_at(loc: Sequence[str | int]) -> tuple[str, list[str], list[str]]:
    """For an unknown key at ``loc``: a note, the valid keys beside it, every valid key."""
    everything = [k for k in known_keys() if "<name>" not in k]
    model: type[BaseModel] = Settings
    path: list[str] = []
    parts = list(loc[:-1])
    while parts:
        part = parts.pop(0)
        field = model.model_fields.get(part) if isinstance(part, str) else None
        sub, is_map = _section_of(field.annotation) if field is not None else (None, False)
        if sub is None or (is_map and not parts):
            return "", [], everything
        path.append(str(part))
        if is_map:
            path.append(str(parts.pop(0)))
        model = sub
    siblings = [".".join([*path, name]) for name in model.model_fields]
    note = ""
    if model is PolicySection:
        note = said("config_note_policy", places=", ".join(MARKETPLACES))
    return note, siblings, everything
