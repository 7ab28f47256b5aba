"""The Amazon marketplaces aztui reads, as data: each value with where it was read.

A marketplace's code is what ``aztui.toml`` (``marketplace``) and ``aztui import
--marketplace`` accept. Its id is the one the SP-API and the account-health report use, its
domain names its sales channel (``Amazon.com.be``), and its time zone, date order and decimal
separator say how a download that states none is read (a naive time, a feedback date such as
``1/13/26``, an amount such as ``1.234,50``). Every entry's ``sources`` names, per field, the
page the value comes from, or says that it is inferred and from what.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

LANGUAGES = ("fr", "en")
"""The languages aztui speaks (``aztui.i18n``); a marketplace of another language gets English."""

IDS = "SP-API docs, Marketplace IDs (https://developer-docs.amazon.com/sp-api/docs/marketplace-ids)"
LOCALE = (
    "Amazon Product Advertising API 5.0, locale reference: marketplace, default language and "
    "currency (https://webservices.amazon.com/paapi5/documentation/locale-reference/{page}.html)"
)
COUNTRY_ZONE = (
    "inferred: the IANA zone of {country}, where the marketplace sells (Amazon publishes no zone "
    "for a marketplace's calendar)"
)
PACIFIC = (
    "Amazon Ads API profiles give amazon.com the zone America/Los_Angeles (as collected in "
    "github.com/ScaleLeap/amazon-marketplaces, pull request 534), and Amazon's US downloads "
    "write Pacific time (tests/ingest/fixtures/amazon/real/merchant_listings_all_us.txt: "
    "`2022-10-05 09:37:40 PDT`)"
)
CLDR = (
    "inferred from the site's default language {locale}: Unicode CLDR 48 (common/main, as ICU 78 "
    "formats it) writes a short date {pattern} and the decimal separator '{decimal}'. Only the "
    "order of the parts is taken: Amazon's downloads drop the zero padding (a real Amazon.in "
    "payments download writes `20/8/2025`: tests/ingest/fixtures/amazon/real/"
    "payments_transactions_in.txt)"
)


class DateOrder(StrEnum):
    """How a marketplace's localised downloads order a date's parts."""

    DAY_FIRST = "day-first"
    MONTH_FIRST = "month-first"
    YEAR_FIRST = "year-first"


@dataclass(frozen=True, slots=True)
class Marketplace:
    code: str
    country: str
    marketplace_id: str
    domain: str
    """The site, ``amazon.co.uk``; its sales channel is ``Amazon.co.uk``."""
    locale: str
    """The site's default language, ``fr_BE``."""
    currency: str
    timezone: str
    date_order: DateOrder
    decimal_separator: str
    sources: Mapping[str, str] = field(compare=False, hash=False, repr=False)
    """Field name → where its value comes from."""

    @property
    def site(self) -> str:
        """The domain after ``amazon.``: ``co.uk``, ``com.be`` (Seller Central's help pages)."""
        return self.domain.removeprefix("amazon.")

    @property
    def sales_channel(self) -> str:
        """How Amazon's order reports name this marketplace: ``Amazon.com.be``."""
        return f"Amazon.{self.site}"

    @property
    def language(self) -> str:
        """The language aztui speaks here by default: the site's, else English."""
        spoken = self.locale.split("_")[0]
        return spoken if spoken in LANGUAGES else "en"


def _marketplace(
    code: str,
    country: str,
    marketplace_id: str,
    domain: str,
    locale: str,
    currency: str,
    timezone: str,
    dates: tuple[DateOrder, str],
    decimal: str,
    *,
    page: str,
    zone_source: str = COUNTRY_ZONE,
) -> Marketplace:
    """One entry, its sources filled in from the pages the values were read on."""
    order, pattern = dates
    site = LOCALE.format(page=page)
    formats = CLDR.format(locale=locale, pattern=pattern, decimal=decimal)
    sources = {
        "marketplace_id": IDS,
        "domain": site,
        "locale": site,
        "currency": site,
        "timezone": zone_source.format(country=country),
        "date_order": formats,
        "decimal_separator": formats,
    }
    return Marketplace(
        code,
        country,
        marketplace_id,
        domain,
        locale,
        currency,
        timezone,
        order,
        decimal,
        sources,
    )


DAY, MONTH, YEAR = DateOrder.DAY_FIRST, DateOrder.MONTH_FIRST, DateOrder.YEAR_FIRST

# fmt: off
MARKETPLACES: dict[str, Marketplace] = {
    m.code: m
    for m in (
        _marketplace(
            "FR", "France", "A13V1IB3VIYZZH", "amazon.fr", "fr_FR", "EUR", "Europe/Paris",
            (DAY, "dd/MM/y"), ",", page="france",
        ),
        _marketplace(
            "DE", "Germany", "A1PA6795UKMFR9", "amazon.de", "de_DE", "EUR", "Europe/Berlin",
            (DAY, "dd.MM.yy"), ",", page="germany",
        ),
        _marketplace(
            "ES", "Spain", "A1RKKUPIHCS9HS", "amazon.es", "es_ES", "EUR", "Europe/Madrid",
            (DAY, "d/M/yy"), ",", page="spain",
        ),
        _marketplace(
            "IT", "Italy", "APJ6JRA9NG5V4", "amazon.it", "it_IT", "EUR", "Europe/Rome",
            (DAY, "dd/MM/yy"), ",", page="italy",
        ),
        _marketplace(
            "UK", "United Kingdom", "A1F83G8C2ARO7P", "amazon.co.uk", "en_GB", "GBP",
            "Europe/London", (DAY, "dd/MM/y"), ".", page="united-kingdom",
        ),
        _marketplace(
            "NL", "the Netherlands", "A1805IZSGTT6HS", "amazon.nl", "nl_NL", "EUR",
            "Europe/Amsterdam", (DAY, "dd-MM-y"), ",", page="netherlands",
        ),
        _marketplace(
            "BE", "Belgium", "AMEN7PMS3EDWL", "amazon.com.be", "fr_BE", "EUR", "Europe/Brussels",
            (DAY, "d/MM/yy"), ",", page="belgium",
        ),
        _marketplace(
            "PL", "Poland", "A1C3SOZRARQ6R3", "amazon.pl", "pl_PL", "PLN", "Europe/Warsaw",
            (DAY, "d.MM.y"), ",", page="poland",
        ),
        _marketplace(
            "SE", "Sweden", "A2NODRKZP88ZB9", "amazon.se", "sv_SE", "SEK", "Europe/Stockholm",
            (YEAR, "y-MM-dd"), ",", page="sweden",
        ),
        _marketplace(
            "IE", "Ireland", "A28R8C7NBKEWEA", "amazon.ie", "en_IE", "EUR", "Europe/Dublin",
            (DAY, "dd/MM/y"), ".", page="ireland",
        ),
        _marketplace(
            "US", "the United States", "ATVPDKIKX0DER", "amazon.com", "en_US", "USD",
            "America/Los_Angeles", (MONTH, "M/d/yy"), ".", page="united-states",
            zone_source=PACIFIC,
        ),
    )
}
# fmt: on
"""The marketplaces whose downloads aztui reads, by the code the configuration accepts."""

OTHER_MARKETPLACE_IDS: dict[str, str] = {
    "A2EUQ1WTGCTBG2": "CA",
    "A1AM78C64UM0Y8": "MX",
    "A2Q3Y263D00KWC": "BR",
    "AE08WJ6YKNBMC": "ZA",
    "ARBP9OOSHTCHU": "EG",
    "A33AVAJ2PDY3EV": "TR",
    "A17E79C6D8DWNP": "SA",
    "A2VIGQ35RCS4UG": "AE",
    "A21TJRUUN4KGV": "IN",
    "A19VAU5U5O7RUS": "SG",
    "A39IBJ37TRP1C6": "AU",
    "A1VC38T7YXB528": "JP",
}
"""The other marketplaces of the SP-API page (``IDS``): a report may name them (the account
health report of a seller who sells there too), and aztui shows their code, not the id."""

MARKETPLACE_IDS: dict[str, str] = {
    **{m.marketplace_id: code for code, m in MARKETPLACES.items()},
    **OTHER_MARKETPLACE_IDS,
}
"""Amazon's marketplace id → its code; an id not listed stays as it is."""

SALES_CHANNELS: dict[str, str] = {m.sales_channel.lower(): code for code, m in MARKETPLACES.items()}
"""A sales channel (lower case, ``amazon.com.be``) → the marketplace's code."""


def marketplace_of(channel: str) -> str | None:
    """The marketplace of a sales channel: ``Amazon.fr`` → ``FR``, ``Amazon.com.be`` → ``BE``,
    ``Amazon.com`` → ``US``; another Amazon site keeps its country (``Amazon.in`` → ``IN``);
    a channel that is no Amazon site (``Non-Amazon``) has none."""
    host = channel.strip().lower()
    if host in SALES_CHANNELS:
        return SALES_CHANNELS[host]
    if not host.startswith("amazon."):
        return None
    return host.rsplit(".", 1)[-1].upper()
