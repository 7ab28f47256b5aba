"""What a refused file or setting says, in the reader's language: the readers and the
configuration give each reason as a ``Said`` (a code and its values, ``aztui.errors``), worded
here from the catalogs' ``problem_<code>``; a reason given as plain text (a plugin's, a
library's) is shown as given. The English sentence stays each error's ``str()``, for
``--json``, logs and bug reports (docs/translating.md)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aztui.errors import AztuiError, Said
from aztui.files import printable
from aztui.i18n import WORDS, t

if TYPE_CHECKING:  # the readers load only when a file's problem is worded
    from aztui.ingest.errors import ImportFailed, ImportProblem


def reason(said: str, language: str) -> str:
    """``said`` in ``language``: from its code when aztui has words for it, else as given."""
    if not isinstance(said, Said) or language == "en":
        return str(said)
    words = WORDS.text(f"problem_{said.code}", language)
    if words is None:
        return str(said)
    return words.format(
        **{name: _value(name, v, said, language) for name, v in said.values.items()}
    )


def _value(name: str, value: object, said: Said, language: str) -> object:
    if isinstance(value, Said):
        return reason(value, language)
    if name == "what" and isinstance(value, str):
        return WORDS.text(f"problem_what_{value.replace(' ', '_')}", language) or value
    if name == "kind" and "type" in said.values:  # a configuration value's expected type
        return WORDS.text(f"problem_config_kind_{said.values['type']}", language) or value
    if name == "shape":
        return WORDS.text(f"problem_shape_{said.values.get('order')}", language) or value
    return value


def problem(found: ImportProblem, language: str) -> str:
    """One problem of a file: ``orders.csv, ligne 3, colonne purchase_date : « x » n'est pas
    une date valide (…)``; in English, or when the reason is another's text (an e-mail's, a
    plugin's), exactly ``str(found)``: a French frame round English words would read as
    neither."""
    if language == "en" or not isinstance(found.message, Said):
        return str(found)
    from aztui.ingest.errors import cut

    where = found.shown_file
    if found.line is not None:
        where = t("problem_line", language, file=where, line=found.line)
    if found.column is not None:
        where = t("problem_column", language, where=where, column=found.shown_column)
    text = reason(found.message, language)
    if found.value is not None:
        text = t("problem_value", language, value=printable(cut(found.value)), said=text)
    return t("cli_about", language, name=where, said=text)


def failed(error: ImportFailed, language: str) -> str:
    """Every problem of a refused file, one a line, the first ``MAX_LISTED`` spelled out."""
    if language == "en":
        return str(error)
    from aztui.ingest.errors import MAX_LISTED

    lines = [problem(p, language) for p in error.problems[:MAX_LISTED]]
    hidden = len(error.problems) - MAX_LISTED
    if hidden > 0:
        lines.append(t("problem_more", language, n=hidden))
    return "\n".join(lines)


def worded(error: AztuiError, language: str) -> str:
    """What ``error`` tells a person, in ``language``."""
    from aztui.ingest.errors import ImportFailed

    if isinstance(error, ImportFailed):
        return failed(error, language)
    problems = getattr(error, "problems", None)
    if isinstance(problems, list) and any(isinstance(p, Said) for p in problems):
        return "\n".join(reason(p, language) for p in problems)
    if len(error.args) == 1 and isinstance(error.args[0], Said):
        return reason(error.args[0], language)
    return error.for_people()
