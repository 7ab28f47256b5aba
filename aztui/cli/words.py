"""What the command line tells a person, in the configured language (the catalogs'
``cli_*`` keys): an import's summary, the demo's store, a snooze, the carriers' runs.
``--json`` stays machine keys; logs (``aztui watch``) and error messages stay in English
(docs/translating.md says why)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aztui.i18n import WORDS, t

if TYPE_CHECKING:
    from aztui.carriers.run import CarrierRun
    from aztui.ingest.amazon import MarketplaceTaken
    from aztui.mail.tally import MailCount


def about(name: str, said: str, language: str) -> str:
    """``orders.csv : …`` (French puts a space before the colon)."""
    return t("cli_about", language, name=name, said=said)


def imported(record_type: str, count: int, language: str) -> str:
    """``3 commande(s) importée(s)``, ``3 order record(s) imported``."""
    found = WORDS.text(f"cli_imported_{record_type}", language)
    if found is None:  # a record type aztui does not name
        return t("cli_imported_records", language, count=count, kind=record_type)
    return found.format(count=count)


def taken(what: MarketplaceTaken | MailCount, language: str) -> str:
    """The marketplace a file's records took, or what its e-mails gave."""
    from aztui.ingest.amazon import MarketplaceTaken

    if isinstance(what, MarketplaceTaken):
        origin = what.origin
        if origin == "the configuration":
            origin = t("cli_origin_configuration", language)
        told = t("cli_taken", language, report=what.report, code=what.code, origin=origin)
        if what.kept:
            told += t("cli_taken_kept", language, n=what.kept)
        return told
    from aztui.mail.tally import NO_TEMPLATE

    told = t("cli_mail_recorded", language, n=what.recorded)
    if what.refused:
        told += t("cli_mail_refused", language, n=what.refused)
    unrecognised = sum(what.unrecognised.values())
    if unrecognised:
        names = sorted(f for f in what.unrecognised if f != NO_TEMPLATE)
        which = t("cli_mail_templates", language, names=", ".join(names)) if names else ""
        told += t("cli_mail_unrecognised", language, n=unrecognised, which=which)
    return told


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
