"""Names compared as people write them."""

from __future__ import annotations

import unicodedata


def fold(name: str) -> str:
    """``Mondial Relay``, ``mondial-relay`` → ``mondialrelay``: case, accents, spaces and
    punctuation ignored (carrier names, report headers)."""
    decomposed = unicodedata.normalize("NFKD", name.lower())
    return "".join(c for c in decomposed if c.isalnum())
