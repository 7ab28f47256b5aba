"""The domain's refusals (``aztui.domain.refusals``) in the seller's words and language, from
the catalogs (``refusal_<code>``): a claim stage by its Seller Central name, an instant in the
marketplace's zone."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from aztui.domain.refusals import Refusal
from aztui.error_words import reason
from aztui.errors import Said
from aztui.i18n import local_time, t


def worded(refusal: Refusal, language: str, zone: str) -> str:
    """Why ``refusal`` was refused, in ``language``; instants in ``zone``."""
    values = {name: _shown(name, v, language, zone) for name, v in refusal.values.items()}
    return t(f"refusal_{refusal.code}", language, **values)


def _shown(name: str, value: object, language: str, zone: str) -> object:
    if name == "what" and isinstance(value, str):
        return t(f"refusal_what_{value}", language)
    if isinstance(value, Said):  # a claim record's inconsistency (``claim_problems``)
        return reason(value, language)
    if isinstance(value, datetime):
        return local_time(value, zone, language)
    if isinstance(value, StrEnum):
        return t(f"stage_{value.value}", language)
    return value


def about(subject: str, why: str, language: str) -> str:
    """``subject : why`` (French puts a space before the colon)."""
    return f"{subject} : {why}" if language == "fr" else f"{subject}: {why}"
