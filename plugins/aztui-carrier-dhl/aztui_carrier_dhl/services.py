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

Any other key, or a value of the wrong form, stops the carrier (ValueError naming it).

``recipientPostalCode`` is never sent: DHL says it gives fuller answers for parcel-de and
parcel-nl, but it is the buyer's postal code, which aztui does not keep (a carrier is given
tracking numbers only) and does not ask for.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

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
QUERY = (
    ("service", "service"),
    ("requester_country_code", "requesterCountryCode"),
    ("origin_country_code", "originCountryCode"),
)


def compact(number: str) -> str:
    """A tracking number as DHL compares it: no spaces, upper case."""
    return re.sub(r"\s+", "", number).upper()


def infer(number: str) -> str:
    """The service a number's shape names, or ""."""
    wanted = compact(number)
    return next((name for pattern, name in INFERRED if pattern.fullmatch(wanted)), "")


def query_options(options: Mapping[str, object]) -> dict[str, str]:
    """The query parameters the seller's options add; ValueError naming a bad one."""
    known = {option for option, _ in QUERY} | {"language"}
    if unknown := sorted(str(k) for k in options if k not in known):
        raise ValueError(
            f"[carriers.dhl] options: {', '.join(unknown)} unknown "
            f"(known: {', '.join(sorted(known))})"
        )
    query: dict[str, str] = {}
    for option, parameter in QUERY:
        value = options.get(option)
        if value is None or value == "":
            continue
        if not isinstance(value, str):
            raise ValueError(f"[carriers.dhl] options.{option} must be text, not {value!r}")
        if option == "service":
            if value.strip().lower() not in SERVICES:
                raise ValueError(
                    f"[carriers.dhl] options.service {value!r} is not one of DHL's services "
                    f"({', '.join(SERVICES)})"
                )
            query[parameter] = value.strip().lower()
        elif _COUNTRY.fullmatch(value.strip()):
            query[parameter] = value.strip().upper()
        else:
            raise ValueError(
                f"[carriers.dhl] options.{option} {value!r} is not a two-letter country code"
            )
    return query
