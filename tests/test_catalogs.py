"""aztui's words are gettext catalogs (aztui/locale): every key worded in each language with
the same fields, and each ``.mo`` the compiled form of its ``.po`` (so an edit of the words
that was not compiled fails here, not in front of a seller)."""

from __future__ import annotations

import gettext
import io
import string

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from aztui.i18n import DOMAIN, LANGUAGES, LOCALE, MESSAGES


def catalog(language: str):
    with (LOCALE / language / "LC_MESSAGES" / f"{DOMAIN}.po").open("rb") as po:
        return read_po(po, locale=language, domain=DOMAIN)


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_every_key_is_worded_in_every_language_with_the_same_fields():
    worded = {
        lang: {(m.context, m.id): m.string for m in catalog(lang) if m.id} for lang in LANGUAGES
    }
    french, english = worded["fr"], worded["en"]
    assert set(french) == set(english), "a key in one language only"
    assert [k for k, v in french.items() if not v] == [], "keys without French words"
    assert [k for k, v in english.items() if not v] == [], "keys without English words"
    differ = [k for k in french if fields(french[k]) != fields(english[k])]
    assert differ == [], "keys whose {fields} differ between French and English"


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_mo_is_its_po_compiled(language):
    compiled = io.BytesIO()
    write_mo(compiled, catalog(language))
    compiled.seek(0)
    expected = gettext.GNUTranslations(compiled)._catalog
    path = LOCALE / language / "LC_MESSAGES" / f"{DOMAIN}.mo"
    with path.open("rb") as mo:
        shipped = gettext.GNUTranslations(mo)._catalog
    assert shipped == expected, (
        f"{path} is not its .po compiled: run `uv run pybabel compile -d aztui/locale -D aztui`"
    )


PLUGIN_CATALOGS = sorted((LOCALE.parents[1] / "plugins").glob("*/*/locale/*/LC_MESSAGES/*.po"))


@pytest.mark.parametrize("po", PLUGIN_CATALOGS, ids=lambda p: f"{p.parents[1].name}/{p.stem}")
def test_each_plugin_mo_is_its_po_compiled(po):
    with po.open("rb") as source:
        compiled = io.BytesIO()
        write_mo(compiled, read_po(source))
    compiled.seek(0)
    with po.with_suffix(".mo").open("rb") as mo:
        shipped = gettext.GNUTranslations(mo)._catalog
    expected = gettext.GNUTranslations(compiled)._catalog
    shipped.pop("", None), expected.pop("", None)  # the header: Babel dates it when reading
    assert shipped == expected, f"{po} is not compiled"


def test_no_word_is_left_outside_the_catalogs():
    assert MESSAGES == {}
