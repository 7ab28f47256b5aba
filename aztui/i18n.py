"""The words aztui shows, in French and English (the ``language`` setting), and the way it
writes durations, times and rates in each.

The words are gettext catalogs, the Python convention: ``aztui/locale/<language>/LC_MESSAGES/
aztui.po``, compiled to the ``.mo`` beside it that the standard library's ``gettext`` reads
(``uv run pybabel compile -d aztui/locale -D aztui``; docs/translating.md). Each message's id
is a stable key (``later_count``), its text may hold ``{name}`` fields that ``t`` fills. A
plugin keeps its own words the same way under its own domain (``Catalog``).
"""

from __future__ import annotations

import gettext
from collections.abc import Iterator, Mapping
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

LOCALE = Path(__file__).parent / "locale"
DOMAIN = "aztui"
LANGUAGES = ("fr", "en")
FALLBACK = "en"


class Catalog:
    """The words of one gettext domain (aztui's own, or a plugin's), by key."""

    def __init__(self, domain: str, localedir: Path) -> None:
        self.domain, self.localedir = domain, localedir

    def text(self, key: str, language: str, context: str | None = None) -> str | None:
        """The words of ``key`` (in ``context``: ``key`` for a key's English description) in
        ``language``, else in English, else None."""
        for lang in (language, FALLBACK):
            catalog = _translation(self.domain, str(self.localedir), lang)
            found = catalog.pgettext(context, key) if context else catalog.gettext(key)
            if found is not _MISSING:
                return found
        return None

    def t(self, key: str, language: str, **values: object) -> str:
        found = self.text(key, language)
        if found is None:
            raise KeyError(f"no words for {key!r} in the {self.domain} catalogs")
        return found.format(**values)

    def names(self, key: str) -> Mapping[str, str]:
        """The words of ``key`` by language: what a plugin's rule, metric or signal gives as its
        ``names`` so that they come from its catalogs."""
        return _Names(self, key)


class _Names(Mapping[str, str]):
    def __init__(self, catalog: Catalog, key: str) -> None:
        self.catalog, self.key = catalog, key

    def __getitem__(self, language: str) -> str:
        found = self.catalog.text(self.key, language)
        if found is None:
            raise KeyError(language)
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(LANGUAGES)

    def __len__(self) -> int:
        return len(LANGUAGES)


_MISSING = "\x00missing"
"""What a catalog answers for a key it does not hold (a key's words may be the key itself:
``breach``)."""


class _Missing(gettext.NullTranslations):
    def gettext(self, message: str) -> str:
        return _MISSING

    def pgettext(self, context: str, message: str) -> str:
        return _MISSING


@lru_cache(maxsize=32)
def _translation(domain: str, localedir: str, language: str) -> gettext.NullTranslations:
    try:
        found = gettext.translation(domain, localedir, languages=[language])
    except OSError:  # no catalog for that language
        return _Missing()
    found.add_fallback(_Missing())
    return found


WORDS = Catalog(DOMAIN, LOCALE)
"""aztui's own words."""


MESSAGES: dict[str, dict[str, str]] = {}
"""Words written here while the catalogs are being moved to: ``t`` reads them after the
catalogs. Kept empty: new words go into the ``.po`` files."""


def t(key: str, language: str, **values: object) -> str:
    """The words of ``key`` in ``language`` (English when it has none), ``{fields}`` filled."""
    found = WORDS.text(key, language)
    if found is None:
        entry = MESSAGES[key]
        found = entry.get(language, entry["en"])
    return found.format(**values)


def named(kind: str, item_id: str, language: str, names: Mapping[str, str] | None = None) -> str:
    """What a person reads for a ``rule``, ``metric`` or ``signal`` (``kind``): the words its
    plugin brings (``names``, by language), else aztui's own (``{kind}_{item_id}``), else its
    id."""
    if names:
        found = names.get(language) or names.get(FALLBACK)
        if found:
            return found
    return WORDS.text(f"{kind}_{item_id}", language) or item_id


def rule_name(rule: object, language: str) -> str:
    """A deadline rule's name (``aztui.domain.deadlines.DeadlineRule``)."""
    return named("rule", getattr(rule, "id", ""), language, getattr(rule, "names", None))


def metric_name(definition: object, language: str) -> str:
    """A metric's name (``aztui.domain.metrics.MetricDefinition``)."""
    return named(
        "metric", getattr(definition, "id", ""), language, getattr(definition, "names", None)
    )


def signal_name(signal: str, language: str) -> str:
    """A risk signal's name."""
    return named("signal", signal, language)


def has(key: str) -> bool:
    """Whether aztui has words for ``key``."""
    return key in MESSAGES or WORDS.text(key, FALLBACK) is not None


def duration(seconds: int, language: str) -> str:
    """``2 j 4 h``, ``3 h 05``, ``12 min`` — the coarse countdown a seller reads at a glance."""
    seconds = abs(seconds)
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    day = "j" if language == "fr" else "d"
    if days:
        return f"{days} {day} {hours} h"
    if hours:
        return f"{hours} h {minutes:02d}"
    return f"{minutes} min"


def local_time(instant: datetime, zone: str, language: str) -> str:
    local = instant.astimezone(ZoneInfo(zone))
    return local.strftime("%d/%m %H:%M" if language == "fr" else "%d %b %H:%M")


def zoned_instant(instant: datetime, zone: str | None, language: str) -> str:
    """``05/03/2025 10:30 CET`` (``2025-03-05 10:30 CET`` in English) in ``zone``, named; in
    UTC when the zone is unknown (an alert's time in a message read anywhere)."""
    pattern = "%d/%m/%Y %H:%M" if language == "fr" else "%Y-%m-%d %H:%M"
    if instant.tzinfo is None:
        return instant.strftime(pattern)
    try:
        where = ZoneInfo(zone) if zone else ZoneInfo("UTC")
    except (ZoneInfoNotFoundError, ValueError):
        where = ZoneInfo("UTC")
    local = instant.astimezone(where)
    return f"{local.strftime(pattern)} {local.tzname() or 'UTC'}"


def percent(value: float | None, language: str) -> str:
    """``0,91 %`` or ``0.91%``: a rate (0.0091) to two decimals; ``—`` for none."""
    if value is None:
        return "—"
    return percentage(value * 100, 2, language)


def percentage(number: float, decimals: int, language: str) -> str:
    """``number`` percent (``2.5`` → ``2,5 %``, ``2.5%``) as the language writes it (CLDR's
    decimal sign and place of the sign), its non-breaking space as a plain one, like the
    app's other spaces."""
    sign, suffix = _percent_style(language)
    return f"{number:.{decimals}f}".replace(".", sign) + suffix


@lru_cache(maxsize=8)
def _percent_style(language: str) -> tuple[str, str]:
    from babel import Locale

    from aztui.money import LOCALES

    locale = Locale.parse(LOCALES.get(language, LOCALES[FALLBACK]))
    suffix = locale.percent_formats[None].suffix[0]
    return locale.number_symbols["latn"]["decimal"], suffix.replace("\xa0", " ")


def number(value: float, language: str) -> str:
    """``45 000`` or ``45,000``, ``0,4`` or ``0.4``: a count or a measure as the language
    writes it (CLDR)."""
    from babel.numbers import format_decimal

    from aztui.money import LOCALES

    return format_decimal(value, locale=LOCALES.get(language, LOCALES[FALLBACK]))


def short_day(instant: datetime, zone: str, language: str) -> str:
    """``07/12`` or ``7 Dec``: a day in ``zone``, as the language writes it short (CLDR)."""
    from babel.dates import format_skeleton

    from aztui.money import LOCALES

    skeleton = "ddMM" if language == "fr" else "dMMM"
    local = instant.astimezone(ZoneInfo(zone))
    return format_skeleton(skeleton, local, locale=LOCALES.get(language, LOCALES[FALLBACK]))
