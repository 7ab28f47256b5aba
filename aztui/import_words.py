"""What an import tells a person, in the configured language (the catalogs' ``cli_*``
keys): the records written, the marketplace a file's records took, what its e-mails gave. The
command line prints it; the inbox keeps it as a file's outcome."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aztui.i18n import WORDS, t

if TYPE_CHECKING:
    from aztui.ingest.amazon import MarketplaceTaken
    from aztui.mail.tally import MailCount


def imported(record_type: str, count: int, language: str) -> str:
    """``3 commande(s) importée(s)``, ``3 order record(s) imported``."""
    found = WORDS.text(f"cli_imported_{record_type}", language)
    if found is None:  # a record type aztui does not name
        return t("cli_imported_records", language, count=count, kind=record_type)
    return found.format(count=count)


def said(what: MarketplaceTaken | MailCount, language: str) -> str:
    """The marketplace a file's records took, or what its e-mails gave."""
    from aztui.ingest.amazon import MarketplaceTaken

    if isinstance(what, MarketplaceTaken):
        origin = what.origin
        if origin == "the configuration":
            origin = t("cli_origin_configuration", language)
        report = WORDS.text(f"cli_report_{what.report.replace(' ', '_')}", language)
        told = t("cli_taken", language, report=report or what.report, code=what.code, origin=origin)
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


def inbox_detail(
    written: dict[str, int],
    taken: list[MarketplaceTaken | MailCount],
    skipped: list[object],
    language: str,
) -> str:
    """One inbox file's import: ``4 commande(s) importée(s); rapport …; ligne ignorée : …``."""
    told = ", ".join(imported(kind, n, language) for kind, n in written.items())
    return "; ".join(
        [
            told or t("cli_no_records", language),
            *(said(what, language) for what in taken),
            *(t("cli_skipped_row", language, problem=p) for p in skipped),
        ]
    )
