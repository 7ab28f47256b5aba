"""``[carriers.ups] options`` (all optional; an empty text is the option not set):

- ``locale``: the language and country of UPS's words, ``fr_FR`` (the default), ``en_US``…,
  sent as the ``locale`` query parameter;
- ``transaction_src``: who calls, sent as the ``transactionSrc`` header (default ``aztui``):
  printable ASCII, at most 512 characters, as a header must be;
- ``merchant_id``: the 6-character UPS account number, sent as ``x-merchant-id`` when a
  token is asked for (not sent when not set).

aztui refuses any other key, or a value of the wrong form, as a configuration error when a
command starts.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict

DEFAULT_LOCALE = "fr_FR"
TRANSACTION_SOURCE = "aztui"
_LOCALE = re.compile(r"([A-Za-z]{2})_([A-Za-z]{2})")
_SOURCE = re.compile(r"[\x21-\x7e](?:[\x20-\x7e]{0,510}[\x21-\x7e])?")
_MERCHANT = re.compile(r"[A-Za-z0-9]{6}")


def _locale(value: str) -> str:
    said = value.strip()
    if not said:
        return DEFAULT_LOCALE
    if not (parts := _LOCALE.fullmatch(said)):
        raise ValueError("expected a language and a country such as fr_FR or en_US")
    return f"{parts[1].lower()}_{parts[2].upper()}"


def _source(value: str) -> str:
    said = value.strip()
    if said and not _SOURCE.fullmatch(said):
        raise ValueError("expected printable ASCII on one line, at most 512 characters")
    return said or TRANSACTION_SOURCE


def _merchant(value: str) -> str:
    said = value.strip()
    if said and not _MERCHANT.fullmatch(said):
        raise ValueError("expected the 6-character UPS account number (letters and digits)")
    return said


class UpsOptions(BaseModel):
    """``[carriers.ups] options``; unknown keys are refused."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    locale: Annotated[str, AfterValidator(_locale)] = DEFAULT_LOCALE
    transaction_src: Annotated[str, AfterValidator(_source)] = TRANSACTION_SOURCE
    merchant_id: Annotated[str, AfterValidator(_merchant)] = ""
