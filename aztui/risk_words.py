"""A risk signal's detail (``aztui.domain.risks.detail``: a code and its values) in the
seller's words and language, from the catalogs (``risk_detail_<code>``); amounts as the
language writes them."""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import parse_qsl

from aztui.i18n import WORDS, t

AMOUNTS = ("total", "threshold")
"""The values that are amounts, in the value ``currency``."""


def risk_detail(detail: str, language: str) -> str:
    """``detail`` worded in ``language``; as kept when it is no code aztui knows (a store
    derived by an aztui that kept the words)."""
    code, _, query = detail.partition("?")
    key = f"risk_detail_{code}"
    if WORDS.text(key, language) is None:
        return detail
    values: dict[str, str] = dict(parse_qsl(query))
    if any(name in values for name in AMOUNTS):
        from aztui.money import money

        for name in AMOUNTS:
            if name in values:
                values[name] = money(Decimal(values[name]), values.get("currency"), language)
    return t(key, language, **values)
