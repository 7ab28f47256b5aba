"""What the command line tells a person, in the configured language (the catalogs'
``cli_*`` keys): an import's summary (``aztui.import_words``), an inbox file's outcome, the
carriers' runs.
``--json`` stays machine keys; logs (``aztui watch``) and error messages stay in English
(docs/translating.md says why)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aztui.error_words import problem, reason
from aztui.i18n import WORDS, t
from aztui.import_words import imported, said

if TYPE_CHECKING:
    from aztui.carriers.run import CarrierRun

__all__ = ["about", "imported", "inbox", "problem", "reason", "said", "tracked"]


def about(name: str, said: str, language: str) -> str:
    """``orders.csv : …`` (French puts a space before the colon)."""
    return t("cli_about", language, name=name, said=said)


def tracked(run: CarrierRun, language: str) -> str:
    """One carrier's run: ``dhl : ok : 1 colis, 1 appel(s), …``."""
    said = t(
        "cli_tracked",
        language,
        status=WORDS.text(f"cli_run_{run.status}", language) or run.status,
        asked=run.asked,
        calls=run.calls,
        updated=run.updated,
        events=run.new_events,
        errors=run.errors,
        seconds=f"{run.elapsed:.1f}".replace(".", "," if language == "fr" else "."),
    )
    return about(run.name, said + (f" — {run.detail}" if run.detail else ""), language)


def inbox(name: str, status: str, detail: str, language: str) -> str:
    """``inbox/orders.csv : importé : 4 commande(s) importée(s)``."""
    state = WORDS.text(f"cli_inbox_{status}", language) or status
    return about(f"inbox/{name}", about(state, detail, language), language)
