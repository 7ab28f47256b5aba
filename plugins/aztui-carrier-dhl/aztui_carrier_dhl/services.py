"""DHL's services (the API's ``service``) and the options a seller may set for them.

``[carriers.dhl] options`` (all optional):

- ``service``: one of ``SERVICES``, sent as the ``service`` query parameter (DHL then looks
  only there) and used to choose among several shipments. Not set, it is only inferred from
  the number (``infer``) to choose, never sent: a wrong guess would make DHL look in the
  wrong place and answer 404.
- ``requester_country_code``, ``origin_country_code``: ISO 3166-1 alpha-2 codes, sent as
  ``requesterCountryCode`` and ``originCountryCode``.
- ``language``: ISO 639-1 code for DHL's words (default ``en``; the status mapping reads
  English words).

``DhlOptions`` declares them: aztui refuses any other key, or a value of the wrong form, as a
configuration error when a command starts. An empty text is the option not set.

``recipientPostalCode`` is never sent: DHL says it gives fuller answers for parcel-de and
parcel-nl, but it is the buyer's postal code, which aztui does not keep (a carrier is given
tracking numbers only) and does not ask for.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict

SERVICES = (
    "dgf",
    "dsc",
    "ecommerce",
    "ecommerce-apac",
    "ecommerce-europe",
    "ecommerce-iberia",
    "ecommerce-ppl",
    "express",
    "freight",
    "parcel-de",
    "parcel-nl",
    "parcel-pl",
    "parcel-uk",
    "post-de",
    "post-international",
    "sameday",
    "svb",
)
"""The ``Service`` enumeration of DHL's OpenAPI description (Unified API 1.5)."""

INFERRED = (
    (re.compile(r"\d{12}|\d{20}"), "parcel-de"),
    (re.compile(r"\d{10}"), "express"),
    (re.compile(r"3S[A-Z]{3,4}\d{6,12}"), "parcel-nl"),
    (re.compile(r"GM\d{10,24}"), "ecommerce"),
    (re.compile(r"[A-Z]{2}\d{9}DE"), "post-de"),
)
"""Numbers whose service DHL's "shipment tracking labels" page makes plain; JJD…, JVGL…,
LX…/RX… serve several services and infer none."""

_COUNTRY = re.compile(r"[A-Za-z]{2}")
_LANGUAGE = re.compile(r"[A-Za-z]{2}")


def _service(value: str) -> str:
    wanted = value.strip().lower()
    if wanted and wanted not in SERVICES:
        raise ValueError(f"expected one of DHL's services ({', '.join(SERVICES)})")
    return wanted


def _country(value: str) -> str:
    code = value.strip()
    if code and not _COUNTRY.fullmatch(code):
        raise ValueError("expected a two-letter country code such as DE (ISO 3166-1 alpha-2)")
    return code.upper()


def _language(value: str) -> str:
    code = value.strip()
    if code and not _LANGUAGE.fullmatch(code):
        raise ValueError("expected a two-letter language code such as en (ISO 639-1)")
    return code.lower() or "en"


class DhlOptions(BaseModel):
    """``[carriers.dhl] options``; unknown keys are refused."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    service: Annotated[str, AfterValidator(_service)] = ""
    requester_country_code: Annotated[str, AfterValidator(_country)] = ""
    origin_country_code: Annotated[str, AfterValidator(_country)] = ""
    language: Annotated[str, AfterValidator(_language)] = "en"

    def query(self) -> dict[str, str]:
        """The query parameters the options add (those set)."""
        query = {
            "service": self.service,
            "requesterCountryCode": self.requester_country_code,
            "originCountryCode": self.origin_country_code,
        }
        return {parameter: value for parameter, value in query.items() if value}


def compact(number: str) -> str:
    """A tracking number as DHL compares it: no spaces, upper case."""
    return re.sub(r"\s+", "", number).upper()


def infer(number: str) -> str:
    """The service a number's shape names, or ""."""
    wanted = compact(number)
    return next((name for pattern, name in INFERRED if pattern.fullmatch(wanted)), "")
