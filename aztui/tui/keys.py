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
    "Undo": "Annuler la dernière action",
    "Discard the draft": "Abandonner le brouillon",
    "Cursor up": "Ligne précédente",
    "Cursor down": "Ligne suivante",
    "Cursor left": "Colonne précédente",
    "Cursor right": "Colonne suivante",
    "Home": "Début",
    "End": "Fin",
    "Page up": "Page précédente",
    "Page down": "Page suivante",
    "Page Left": "Page à gauche",
    "Page Right": "Page à droite",
    "Select": "Ouvrir la commande",
    "Top": "Première ligne",
    "Bottom": "Dernière ligne",
    "Focus Next": "Zone suivante",
    "Focus Previous": "Zone précédente",
    "Copy selected text": "Copier le texte choisi",
    "palette": "Palette de commandes",
    "Tab": "Onglet",
    "Previous tab": "Onglet précédent",
    "Next tab": "Onglet suivant",
}

KEY_WORDS: dict[str, dict[str, str]] = {"escape": {"fr": "Échap", "en": "Esc"}}
"""Keys whose name the footer says in words."""

SHORT: dict[str, dict[str, str]] = {
    "claim.response_requested": {"fr": "Demandée", "en": "Asked"},
    "claim.appeal_outcome": {"fr": "Issue", "en": "Outcome"},
    "claim.new": {"fr": "Réclam.", "en": "Claim"},
    "message.no_response": {"fr": "Sans rép.", "en": "No reply"},
    "evidence.copy": {"fr": "Copier", "en": "Copy"},
}
"""The footer's words where the full ones (``?`` shows them) would not fit 80 columns."""


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


def short_words(binding: Binding, language: str) -> str:
    """A binding's words in the footer: short where the full ones are long."""
    short = SHORT.get(binding.id or "", {})
    return short.get(language) or short.get("en") or binding.description


def group_words(description: str, language: str) -> str:
    return FRENCH.get(description, description) if language == "fr" else description


def key_of(cls: type, binding_id: str, keys: dict[str, str]) -> str:
    """The key a binding id is on (``keys``, the ``[tui] keys`` setting, may move it)."""
    if binding_id in keys:
        return keys[binding_id].split(",")[0].strip()
    return dict(bindings_of(cls))[binding_id].key


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
