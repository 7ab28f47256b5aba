"""The patterns that recognise Amazon's e-mails: data files per language shipped in
``aztui/mail/patterns/``, extended or replaced from ``[mail.patterns]`` of aztui.toml.

A language file holds ``[kinds.<kind>]`` tables (``subject`` and ``body``: lists of regular
expressions; ``guessed = true`` when no real e-mail showed the wording), an ``[ignore]``
table (Amazon e-mails aztui uses nothing of) and ``[fields]`` (how an amount, a claim id, a
ship-by date… are written). aztui.toml adds patterns to the same tables; ``replace = true``
in a table replaces the shipped patterns of that table instead.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from aztui.errors import AztuiError

KINDS = (
    "appeal_info_requested",
    "appeal_granted",
    "appeal_denied",
    "claim_granted",
    "claim_denied",
    "claim_response_requested",
    "claim_filed",
    "seller_answer",
    "cancellation_request",
    "return_request",
    "new_order",
    "buyer_message",
)
"""Every kind, in the order they are tried: the first that matches wins."""
FIELDS = (
    "amount",
    "funded_by_amazon",
    "funded_by_seller",
    "not_received",
    "not_as_described",
    "claim_id",
    "ship_by",
)
LANGUAGES = ("en", "fr", "de", "es", "it")


class PatternError(AztuiError):
    """A pattern in ``[mail.patterns]`` that cannot be used."""


@dataclass(frozen=True, slots=True)
class Rule:
    subject: tuple[re.Pattern[str], ...] = ()
    body: tuple[re.Pattern[str], ...] = ()

    def matches(self, subject: str, text: str) -> bool:
        if not self.subject and not self.body:
            return False
        return (not self.subject or any(p.search(subject) for p in self.subject)) and (
            not self.body or any(p.search(text) for p in self.body)
        )


@dataclass(frozen=True, slots=True)
class Language:
    code: str
    kinds: dict[str, Rule]
    ignore: Rule
    fields: dict[str, tuple[re.Pattern[str], ...]]
    date_order: str = "dmy"
    months: tuple[str, ...] = ()
    guessed: frozenset[str] = field(default_factory=frozenset)


def _compile(where: str, values: object) -> tuple[re.Pattern[str], ...]:
    if isinstance(values, str):
        values = [values]
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise PatternError(f"{where}: a list of regular expressions is expected")
    compiled = []
    for value in values:
        try:
            compiled.append(re.compile(value, re.IGNORECASE))
        except re.error as exc:
            raise PatternError(f"{where}: {exc}") from None
    return tuple(compiled)


def _merged(shipped: Mapping[str, object], extra: Mapping[str, object]) -> dict[str, object]:
    """``extra``'s lists added before the shipped ones, or replacing them (``replace``)."""
    if extra.get("replace") is True:
        return {k: v for k, v in extra.items() if k != "replace"}
    out = dict(shipped)
    for key, value in extra.items():
        if key == "replace":
            continue
        before = shipped.get(key, [])
        value = [value] if isinstance(value, str) else value
        before = [before] if isinstance(before, str) else before
        if isinstance(value, list) and isinstance(before, list):
            out[key] = [*value, *before]
        else:
            out[key] = value
    return out


def _rule(where: str, table: Mapping[str, object]) -> Rule:
    unknown = set(table) - {"subject", "body", "guessed"}
    if unknown:
        raise PatternError(f"{where}: unknown key {sorted(unknown)[0]!r} (subject, body)")
    return Rule(
        _compile(f"{where}.subject", table.get("subject", [])),
        _compile(f"{where}.body", table.get("body", [])),
    )


@cache
def shipped(code: str) -> dict[str, object]:
    text = resources.files("aztui.mail").joinpath("patterns", f"{code}.toml").read_text("utf-8")
    return tomllib.loads(text)


def language(code: str, extra: Mapping[str, object] | None = None) -> Language:
    """The patterns of one language, with ``extra`` (``[mail.patterns.<code>]``) applied."""
    data = shipped(code)
    extra = extra or {}
    where = f"mail.patterns.{code}"
    unknown = set(extra) - {*KINDS, "ignore", "fields"}
    if unknown:
        raise PatternError(f"{where}: unknown table {sorted(unknown)[0]!r} ({', '.join(KINDS)})")
    kinds_data = data.get("kinds", {})
    assert isinstance(kinds_data, dict)
    kinds: dict[str, Rule] = {}
    guessed: set[str] = set()
    for kind in KINDS:
        table = _merged(kinds_data.get(kind, {}), _table(where, extra, kind))
        if table.get("guessed") or data.get("guessed"):
            guessed.add(kind)
        kinds[kind] = _rule(f"{where}.{kind}", table)
    ignore_data = data.get("ignore", {})
    assert isinstance(ignore_data, dict)
    ignore = _rule(f"{where}.ignore", _merged(ignore_data, _table(where, extra, "ignore")))
    fields_data = data.get("fields", {})
    assert isinstance(fields_data, dict)
    fields_table = _merged(fields_data, _table(where, extra, "fields"))
    fields = {
        name: _compile(f"{where}.fields.{name}", fields_table.get(name, [])) for name in FIELDS
    }
    months = fields_table.get("months", ())
    return Language(
        code,
        kinds,
        ignore,
        fields,
        str(fields_table.get("date_order", "dmy")),
        tuple(str(m).lower() for m in months) if isinstance(months, list | tuple) else (),
        frozenset(guessed),
    )


def _table(where: str, extra: Mapping[str, object], name: str) -> Mapping[str, object]:
    table = extra.get(name, {})
    if not isinstance(table, Mapping):
        raise PatternError(f"{where}.{name}: a table is expected")
    return table


def languages(extra: Mapping[str, object]) -> tuple[Language, ...]:
    """Every language, aztui.toml's additions applied (checked: a bad one is an error)."""
    unknown = set(extra) - set(LANGUAGES)
    if unknown:
        raise PatternError(
            f"mail.patterns: unknown language {sorted(unknown)[0]!r} ({', '.join(LANGUAGES)})"
        )
    out = []
    for code in LANGUAGES:
        table = extra.get(code, {})
        if not isinstance(table, Mapping):
            raise PatternError(f"mail.patterns.{code}: a table is expected")
        out.append(language(code, table))
    return tuple(out)
