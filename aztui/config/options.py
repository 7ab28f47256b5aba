"""A plugin's ``options`` table held to the pydantic model the plugin declares
(``CarrierSpec.options``): refused the way the core's own keys are, one line a problem naming
the file, the full key and what was expected, the closest valid key for an unknown one.

The value written is never quoted back (a secret typed in the wrong key would be printed), and
every text of the table of ``QUOTED_LENGTH`` or more is cut out of a validator's own words, as
for a channel's options (``options_problems``); the lines go through ``aztui.redact``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from aztui.config.errors import (
    QUOTED_LENGTH,
    ConfigError,
    _expected,
    _texts,
    did_you_mean,
    dotted,
    said,
    scrubbed,
)
from aztui.errors import Said

AS_TYPE = {
    "int_parsing": "int_type",
    "int_from_float": "int_type",
    "float_parsing": "float_type",
    "bool_parsing": "bool_type",
}
"""Text that does not read as the type a field wants is worded as the wrong type: ``expected
an integer, got "many"``, as the core says of its own keys."""


def plugin_options(model: Any, given: Mapping[str, object], *, key: str, origin: str) -> Any:
    """``given`` (``[<table>] options`` as written) as an instance of ``model``; else a
    ``ConfigError`` whose lines start with ``origin`` (the file) and name ``key``'s keys."""
    try:
        return model.model_validate(dict(given))
    except ValidationError as error:
        raise ConfigError(option_problems(error, model, given, key=key, origin=origin)) from None


def option_problems(
    error: ValidationError, model: Any, given: Mapping[str, object], *, key: str, origin: str
) -> list[Said]:
    """Each problem of ``error`` (``given`` refused by ``model``) as the core words a
    configuration's problems."""
    hidden = sorted({t for t in _texts(given) if len(t) >= QUOTED_LENGTH}, key=len, reverse=True)
    fields = sorted(getattr(model, "model_fields", {}))
    problems = []
    for item in error.errors(include_url=False):
        full = dotted((key, *item["loc"]))
        if item["type"] == "extra_forbidden":
            name = str(item["loc"][-1])
            hint = did_you_mean(name, fields) if len(item["loc"]) == 1 else ""
            if fields and not hint:
                hint = said("config_valid_here", keys=", ".join(repr(f) for f in fields))
            problems.append(
                said("config_unknown_key", source=origin, key=repr(full), note="", hint=hint)
            )
        else:
            kind = AS_TYPE.get(item["type"], item["type"])
            expected = scrubbed(_expected({**item, "type": kind, "input": "…"}), hidden)
            problems.append(said("config_expected", source=origin, key=full, expected=expected))
    return problems


def origin_of(origins: Mapping[str, str], table: str) -> str:
    """Where ``[<table>]`` was written: the file of its ``options``, else of any of its keys."""
    return origins.get(f"{table}.options") or next(
        (o for k, o in origins.items() if k == table or k.startswith(f"{table}.")),
        "configuration",
    )
