"""The words of the keys (footer, ``?``, command palette) in the configured language.

Bindings are written in English in the code; ``localize`` gives a node's own copy of its
bindings the French words when ``language = "fr"``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator

from textual.binding import Binding
from textual.dom import DOMNode

from aztui.config import ConfigError
from aztui.config.errors import did_you_mean

FRENCH: dict[str, str] = {
    "Quit": "Quitter",
    "Reload": "Relire",
    "Today": "Aujourd'hui",
    "Claims": "Réclamations",
    "Returns": "Retours",
    "Shipments": "Expéditions",
    "Messages": "Messages",
    "Metrics": "Indicateurs",
    "Help": "Aide",
    "Filter": "Filtrer",
    "Tracking": "Suivi",
    "Out of stock": "Rupture",
    "New claim": "Nouvelle réclamation",
    "No filter": "Sans filtre",
    "Sort": "Trier",
    "Acted on": "Traité",
    "Answered": "Répondu",
    "No response needed": "Sans réponse",
    "Asked": "Réponse demandée",
    "Responded": "Répondu",
    "Decision": "Décision",
    "Appeal": "Contester",
    "Appeal outcome": "Issue contestation",
    "Evidence": "Preuves",
    "Cancel": "Annuler",
    "Save": "Enregistrer",
    "Close": "Fermer",
    "Copy": "Copier",
    "Track parcels": "Suivre les colis",
    "Snooze 4 h": "Silence 4 h",
}


def bindings_of(cls: type) -> Iterator[tuple[str, Binding]]:
    """The bindings a class declares and inherits that have an id (those a keymap can
    change), with that id."""
    for base in cls.__mro__:
        for binding in getattr(base, "BINDINGS", ()):
            if isinstance(binding, Binding) and binding.id:
                yield binding.id, binding


def words(binding: Binding, language: str) -> str:
    if language == "fr":
        return FRENCH.get(binding.description, binding.description)
    return binding.description


def localize(node: DOMNode, language: str) -> None:
    """Put the words of ``language`` on the node's bindings (its copy, not the class's)."""
    if language == "en":
        return
    table = node._bindings.key_to_bindings  # the node's own map, copied from its class
    for key, bindings in table.items():
        table[key] = [dataclasses.replace(b, description=words(b, language)) for b in bindings]


def checked_keys(keys: dict[str, str], ids: Iterable[str]) -> dict[str, str]:
    """``[tui] keys``: every action id must be one of ``ids`` (``?`` lists them)."""
    known = sorted(ids)
    for action in keys:
        if action not in known:
            raise ConfigError(
                f"tui.keys: unknown action {action!r}"
                f"{did_you_mean(action, known)}; known: {', '.join(known)}"
            )
    return keys
