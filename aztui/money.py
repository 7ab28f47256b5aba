"""Amounts as the seller's language writes them: ``25,99 €`` in French, ``€25.99`` in English
(Babel's CLDR data), so that an amount reads like the ``0,91 %`` beside it."""

from __future__ import annotations

from decimal import Decimal

LOCALES = {"fr": "fr_FR", "en": "en_GB"}
"""The CLDR locale of each UI language (English as Europe's marketplaces write it)."""


def money(value: Decimal | None, currency: str | None, language: str) -> str:
    """``value`` in ``currency`` (an ISO 4217 code), or the number alone when the currency is
    not known; "" for no value."""
    if value is None:
        return ""
    from babel.numbers import format_currency, format_decimal

    locale = LOCALES.get(language, "en_GB")
    if not currency:
        return format_decimal(value, format="#,##0.00", locale=locale)
    return format_currency(value, currency, locale=locale)
