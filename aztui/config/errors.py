"""Configuration errors, written for the person who has to fix the file.

Every message names where the value came from (a file, an environment variable, the command
line), the full dotted key and what was expected; an unknown key comes with the closest valid one.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, time
from typing import Any

import tomli_w
from pydantic import ValidationError

from aztui.errors import AztuiError, Said, saying

REASONS: dict[str, str] = {
    "config_unknown_key": "{source}: unknown key {key}{note}{hint}",
    "config_did_you_mean": " (did you mean {match}?)",
    "config_valid_here": " (valid here: {keys})",
    "config_note_policy": ": policy tables are named after a marketplace ({places})",
    "config_expected": "{source}: {key}: {expected}",
    "config_expected_type": "expected {kind}, got {got}",
    "config_expected_gt": "expected a number greater than {limit}, got {got}",
    "config_expected_ge": "expected a number of at least {limit}, got {got}",
    "config_expected_nonempty": "expected a non-empty string",
    "config_expected_one_of": "expected one of {choices}, got {got}",
    "config_expected_choice": "expected one of {choices}, got {got}{hint}",
    "config_expected_zone": "expected an IANA time zone such as 'Europe/Paris', got {got}{hint}",
    "config_expected_lt": "expected a number less than {limit}, got {got}",
    "config_expected_le": "expected a number of at most {limit}, got {got}",
    "config_expected_max_length": "expected a text of at most {limit} characters",
    "config_expected_min_items": "expected at least {limit} item(s)",
    "config_expected_max_items": "expected at most {limit} item(s)",
    "config_expected_pattern": "expected a text matching {pattern}",
    "config_expected_value": "expected a value, none is given",
    "config_option_unknown": "unknown key {key}{hint}",
    "config_option_missing": "{key}: missing (the channel needs it)",
    "config_option_expected": "{key}: {expected}",
    "config_joined": "{first}; {rest}",
    "config_exists": "{path}: already exists; aztui does not overwrite it (use --force)",
    "config_no_inbox": 'no inbox is configured: set inbox = "folder" in aztui.toml',
    "config_unknown_theme": "tui.theme: unknown theme {name}{hint}",
    "config_unknown_action": "tui.keys: unknown action {action}{hint}; known: {known}",
    "config_cred_named": "{name} names a secret",
    "config_cred_url_password": "a URL with a password (user:password@)",
    "config_cred_query": "a URL with a secret in its query (?password=…, ?token=…)",
    "config_cred_http": "an HTTP credential (Bearer, Basic, Token …)",
    "config_cred_token": "a value in the format of a service's secret token",
    "config_cred_in_team_file": (
        "{source}: {key}: {why}: a credential is not written in the team file, which is "
        "shared; {where}"
    ),
    "config_instead_plugin": (
        "a secret the plugin reads goes in {variable} or in the secrets_file of [{table}] (its "
        "README names its secrets); any other value in your user file, which is not shared"
    ),
    "config_instead_base_url": (
        "write the URL without user:password@; the carrier's credentials go in its "
        "AZTUI_{carrier}_<SECRET> variables or its secrets_file"
    ),
    "config_instead_user_file": "put it in your user file, which is not shared",
    "config_instead_url": "write the URL without user:password@, or {where}",
    "config_declared_secret": (
        "{origin}: {table}.options.{name}: {name} is a secret of this plugin, read only from "
        "{variable} or from the secrets_file of [{table}], never from options: move it there "
        "(a secret is never written in {shared})"
    ),
    "config_shared_team": "the team file, which is shared",
    "config_shared_options": "options",
    "config_no_file": "{label}: configuration file {path} does not exist",
    "config_cannot_read": "{display}: cannot read ({why})",
    "config_not_utf8": "{display}: not valid UTF-8 text",
    "config_bad_toml": "{display}: {where}: invalid TOML: {message}",
    "config_toml_at": "line {line}, column {column}",
    "config_toml_end": "line {line}, column {column} (end of file)",
    "config_toml_somewhere": "somewhere",
    "config_in": "{source}: {problem}",
    "config_dated_needs_value": "{key}: a dated override needs a 'value' key",
    "config_dated_unknown": (
        "unknown key {key}{hint}: a dated override takes value, valid_from and source"
    ),
    "config_dated_single": "{key}.value: expected a single value, got a table",
    "config_dated_date": "{key}.valid_from: expected a date such as 2027-01-01, got {got}",
    "config_dated_source": "{key}.source: expected a string, got {got}",
    "config_secret_where": "{key} = {ref} (from {origin})",
    "config_secret_env_unset": (
        "{key}: environment variable {variable} is not set; needed by {where}"
    ),
    "config_secret_env_empty": "{key}: environment variable {variable} is empty; needed by {where}",
    "config_secret_file_missing": "{key}: secret file {file} does not exist; needed by {where}",
    "config_secret_file_unreadable": (
        "{key}: cannot read secret file {file} ({why}); needed by {where}"
    ),
    "config_secret_file_empty": "{key}: secret file {file} is empty; needed by {where}",
    "config_secret_in_team_file": (
        "{source}: {key}: {what} is not written in the team file, which is shared; write "
        '{key} = {{ env = "{variable}" }} and set {variable} (or use {{ file = "path" }}, '
        "or put the value in your user file)"
    ),
    "config_secret_what_url": "a URL with a password",
    "config_secret_what_secret": "a secret",
}
"""A configuration's problems in English, by code (``said``): the interface words them from
``problem_<code>`` in the language the error is told in (docs/translating.md). A ``{kind}``
of ``config_expected_type`` is worded from ``problem_config_kind_<type>``."""


def said(code: str, **values: object) -> Said:
    """The problem ``code`` of ``REASONS`` with its values."""
    return saying(REASONS, code, **values)


class ConfigError(AztuiError):
    """A configuration that cannot be used; ``str()`` is the message: one problem a line."""

    def __init__(self, problems: str | Sequence[str]) -> None:
        self.problems: list[str] = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("\n".join(self.problems))

    def __str__(self) -> str:
        return "\n".join(self.problems)


def closest(key: str, candidates: Iterable[str]) -> str | None:
    """The candidate nearest to ``key`` (case-insensitive, difflib), or None if none is close."""
    by_folded: dict[str, str] = {}
    for candidate in candidates:
        by_folded.setdefault(candidate.casefold(), candidate)
    folded = key.casefold()
    if folded in by_folded:
        return by_folded[folded]
    matches = difflib.get_close_matches(folded, list(by_folded), n=1, cutoff=0.6)
    return by_folded[matches[0]] if matches else None


def did_you_mean(key: str, candidates: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` or an empty string."""
    match = closest(key, candidates)
    return said("config_did_you_mean", match=repr(match)) if match else ""


def toml_value(value: Any) -> str:
    """A value as it would be written in a TOML file, on one line."""
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = ", ".join(f"{toml_key(str(k))} = {toml_value(v)}" for k, v in value.items())
        return f"{{ {items} }}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, str | bool | int | float | date | datetime | time):
        return tomli_w.dumps({"v": value}).strip()[len("v = ") :]
    return repr(value)


def toml_key(key: str) -> str:
    """A key part, quoted when it is not a bare TOML key."""
    if key and all(c.isascii() and (c.isalnum() or c in "_-") for c in key):
        return key
    return toml_value(key)


_EXPECTED = {
    "string_type": "a string",
    "float_type": "a number",
    "int_type": "an integer",
    "bool_type": "true or false",
    "list_type": 'an array such as ["a", "b"]',
    "dict_type": "a table",
    "model_type": "a table",
    "model_attributes_type": "a table",
    "date_type": "a date such as 2027-01-01",
}


def _short(value: Any) -> str:
    text = toml_value(value)
    return text if len(text) <= 60 else text[:57] + "..."


_LIMITS = {
    "greater_than": ("config_expected_gt", "gt"),
    "greater_than_equal": ("config_expected_ge", "ge"),
    "less_than": ("config_expected_lt", "lt"),
    "less_than_equal": ("config_expected_le", "le"),
}
_LENGTHS = {
    "string_too_long": ("config_expected_max_length", "max_length"),
    "too_short": ("config_expected_min_items", "min_length"),
    "too_long": ("config_expected_max_items", "max_length"),
}


def _expected(error: Any) -> str:
    """What a key expected, by pydantic's error type: a ``Said`` the interface words; a
    validator's own words as given (worded too when it raised a ``Said``); for a type aztui
    does not know, pydantic's text."""
    kind = error["type"]
    ctx = error.get("ctx") or {}
    got = _short(error.get("input"))
    if kind in _EXPECTED:
        return said("config_expected_type", kind=_EXPECTED[kind], type=kind, got=got)
    if kind in _LIMITS:
        code, name = _LIMITS[kind]
        return said(code, limit=f"{ctx[name]:g}", got=got)
    if kind == "string_too_short" and ctx.get("min_length", 1) == 1:
        return said("config_expected_nonempty")
    if kind in _LENGTHS:
        code, name = _LENGTHS[kind]
        return said(code, limit=ctx[name])
    if kind in ("literal_error", "enum"):
        choices = str(ctx["expected"]).replace(" or ", ", ")  # pydantic's "'a', 'b' or 'c'"
        return said("config_expected_one_of", choices=choices, got=got)
    if kind == "string_pattern_mismatch":
        return said("config_expected_pattern", pattern=ctx["pattern"])
    if kind == "missing":
        return said("config_expected_value")
    if kind == "value_error" and "error" in ctx:
        raised = ctx["error"]
        first = next(iter(getattr(raised, "args", ())), None)
        return first if isinstance(first, Said) else str(raised)
    return str(error["msg"])


def scrubbed(text: str, hidden: Sequence[str]) -> str:
    """``text`` with each of ``hidden`` cut out and its secrets masked (``aztui.redact``); a
    ``Said`` stays one, its values scrubbed the same way, so that it is still worded."""
    from aztui.redact import redact

    if isinstance(text, Said):
        values = {
            name: scrubbed(value, hidden) if isinstance(value, str) else value
            for name, value in text.values.items()
        }
        return Said(scrubbed(str(text), hidden), text.code, values)
    for secret in hidden:
        text = text.replace(secret, "…")
    return redact(text)


def joined(problems: Sequence[str]) -> str:
    """``a; b; c``, as a ``Said`` the interface words (each problem worded in it)."""
    if len(problems) == 1:
        return problems[0]
    return said("config_joined", first=problems[0], rest=joined(problems[1:]))


def _suggest(name: str, keys: Sequence[str]) -> str:
    """Match ``name`` against the last part of each dotted key; say the whole key."""
    by_name: dict[str, str] = {}
    for key in keys:
        by_name.setdefault(key.rsplit(".", 1)[-1], key)
    match = closest(name, by_name)
    return said("config_did_you_mean", match=repr(by_name[match])) if match else ""


def dotted(loc: Sequence[str | int]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


QUOTED_LENGTH = 8
"""Option texts this long or longer are never quoted back in an error: a secret typed in the
wrong key is one of them; short words (``none``, ``tls``) still are, so the message helps."""


def _texts(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _texts(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _texts(item)


def options_problems(
    error: ValidationError, prefix: str, model: type | None, given: Any = None
) -> str:
    """A plugin's options refused, one ``key: what was expected`` per problem, on one line.

    Never pydantic's own text, which quotes every input (a password typed in the wrong key
    would be printed and logged): the inputs are left out, every text of ``given`` (the
    options as written) of ``QUOTED_LENGTH`` or more is cut out of a validator's own words,
    and the result goes through ``aztui.redact``.
    """
    hidden = sorted({t for t in _texts(given) if len(t) >= QUOTED_LENGTH}, key=len, reverse=True)
    fields = sorted(getattr(model, "model_fields", {}))
    problems: list[str] = []
    for item in error.errors(include_url=False, include_input=False):
        key = dotted((prefix, *item["loc"]))
        if item["type"] == "extra_forbidden":
            hint = did_you_mean(str(item["loc"][-1]), fields) if len(item["loc"]) == 1 else ""
            if fields and not hint:
                hint = said("config_valid_here", keys=", ".join(fields))
            problems.append(said("config_option_unknown", key=repr(key), hint=hint))
        elif item["type"] == "missing":
            problems.append(said("config_option_missing", key=key))
        else:
            expected = _expected({**item, "input": "…"})
            problems.append(said("config_option_expected", key=key, expected=expected))
    return scrubbed(joined(problems), hidden)


def translate(
    error: ValidationError,
    source: str,
    keys_at: Callable[[Sequence[str | int]], tuple[str, list[str], list[str]]],
) -> ConfigError:
    """Turn pydantic's errors into one line per problem, each starting with ``source``.

    ``keys_at(loc)`` gives, for an unknown key at ``loc``: a note on what belongs in that table
    (may be empty), the valid dotted keys beside it, and every valid dotted key.
    """
    problems = []
    for item in error.errors(include_url=False):
        loc = tuple(item["loc"])
        key = dotted(loc)
        if item["type"] == "extra_forbidden":
            note, siblings, everything = keys_at(loc)
            hint = _suggest(str(loc[-1]), siblings)
            if not hint and len(loc) == 1:  # a nested key written at the top
                hint = _suggest(str(loc[-1]), everything)
            if not hint and not note and siblings:
                hint = said("config_valid_here", keys=", ".join(repr(s) for s in siblings))
            problems.append(
                said("config_unknown_key", source=source, key=repr(key), note=note, hint=hint)
            )
        else:
            problems.append(
                said("config_expected", source=source, key=key, expected=_expected(item))
            )
    return ConfigError(problems)
