"""The words of the keys (footer, ``?``, command palette) in the configured language.

Bindings are written in English in the code; their words in each language are in the
catalogs (context ``key``, docs/translating.md), and ``localize`` gives a node's own copy of
its bindings the words of the configured language.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator

from textual.binding import Binding
from textual.dom import DOMNode

from aztui.config import ConfigError
from aztui.config.errors import did_you_mean, said
from aztui.i18n import WORDS


def bindings_of(cls: type) -> Iterator[tuple[str, Binding]]:
    """The bindings a class declares and inherits that have an id (those a keymap can
    change), with that id."""
    for base in cls.__mro__:
        for binding in getattr(base, "BINDINGS", ()):
            if isinstance(binding, Binding) and binding.id:
                yield binding.id, binding


def words(binding: Binding, language: str) -> str:
    """A binding's words (the catalogs' ``key`` context: its English description)."""
    return group_words(binding.description, language)


def short_words(binding: Binding, language: str) -> str:
    """A binding's words in the footer: short (``short_<id>``) where the full ones, which
    ``?`` shows, would not fit 80 columns."""
    short = WORDS.text(f"short_{binding.id}", language) if binding.id else None
    return short or words(binding, language)


def group_words(description: str, language: str) -> str:
    return WORDS.text(description, language, context="key") or description


def key_of(cls: type, binding_id: str, keys: dict[str, str]) -> str:
    """The key a binding id is on (``keys``, the ``[tui] keys`` setting, may move it)."""
    if binding_id in keys:
        return keys[binding_id].split(",")[0].strip()
    return dict(bindings_of(cls))[binding_id].key


def localize(node: DOMNode, language: str) -> None:
    """Put the words of ``language`` on the node's bindings (its copy, not the class's),
    their tooltips too (``?`` shows Textual's own beside its keys). English too: Textual's
    Enter on a row says "Select" where it opens the order."""
    table = node._bindings.key_to_bindings  # the node's own map, copied from its class
    for key, bindings in table.items():
        table[key] = [
            dataclasses.replace(
                b,
                description=words(b, language),
                tooltip=group_words(b.tooltip, language) if b.tooltip else "",
            )
            for b in bindings
        ]


def checked_keys(keys: dict[str, str], ids: Iterable[str]) -> dict[str, str]:
    """``[tui] keys``: every action id must be one of ``ids`` (``?`` lists them)."""
    known = sorted(ids)
    for action in keys:
        if action not in known:
            hint = did_you_mean(action, known)
            listed = ", ".join(known)
            raise ConfigError(
                said("config_unknown_action", action=repr(action), hint=hint, known=listed)
            )
    return keys
