"""The marketplaces as data (aztui/domain/marketplaces.py): every value sourced, ids and sales
channels mapped, the same A-to-z policy reused for each."""

from __future__ import annotations

import dataclasses
from zoneinfo import ZoneInfo

import pytest

from aztui.domain.health import MARKETPLACE_IDS
from aztui.domain.marketplaces import (
    MARKETPLACES,
    DateOrder,
    Marketplace,
    marketplace_of,
)
from aztui.domain.policy import POLICY_KEYS, Policy

ISSUE_CODES = ("FR", "DE", "ES", "IT", "UK", "NL", "BE", "PL", "SE", "IE", "US")
SOURCED = [f.name for f in dataclasses.fields(Marketplace)][2:-1]  # all but code, country, sources


def test_every_marketplace_aztui_reads_is_accepted():
    assert tuple(MARKETPLACES) == ISSUE_CODES


@pytest.mark.parametrize("code", ISSUE_CODES)
def test_each_value_names_where_it_comes_from(code):
    place = MARKETPLACES[code]
    assert set(place.sources) == set(SOURCED)
    assert "marketplace-ids" in place.sources["marketplace_id"]
    assert "locale-reference" in place.sources["currency"]
    assert place.sources["date_order"].startswith("inferred")
    assert place.sources["timezone"].startswith("inferred") or code == "US"
    ZoneInfo(place.timezone)
    assert place.decimal_separator in (",", ".")
    assert place.language in ("fr", "en")


def test_ids_and_channels_are_one_per_marketplace():
    places = MARKETPLACES.values()
    assert len({p.marketplace_id for p in places}) == len({p.domain for p in places}) == 11
    # The SP-API page's values, as the account-health report names them.
    assert MARKETPLACES["FR"].marketplace_id == "A13V1IB3VIYZZH"
    assert MARKETPLACES["IE"].marketplace_id == "A28R8C7NBKEWEA"
    assert MARKETPLACES["US"].marketplace_id == "ATVPDKIKX0DER"


def test_the_health_report_ids_map_to_codes_the_others_too():
    for code, place in MARKETPLACES.items():
        assert MARKETPLACE_IDS[place.marketplace_id] == code
    assert MARKETPLACE_IDS["A2EUQ1WTGCTBG2"] == "CA"  # in the real US health report example
    assert MARKETPLACE_IDS["A33AVAJ2PDY3EV"] == "TR"
    assert "UNKNOWN123" not in MARKETPLACE_IDS


@pytest.mark.parametrize(
    ("channel", "code"),
    [
        ("Amazon.fr", "FR"),
        ("Amazon.co.uk", "UK"),
        ("Amazon.nl", "NL"),
        ("Amazon.com.be", "BE"),
        ("amazon.pl", "PL"),
        (" Amazon.se ", "SE"),
        ("Amazon.ie", "IE"),
        ("Amazon.com", "US"),
        ("Amazon.in", "IN"),  # a site aztui does not read keeps its country
        ("Non-Amazon", None),
        ("", None),
    ],
)
def test_sales_channels(channel, code):
    assert marketplace_of(channel) == code


def test_dates_and_decimals_follow_each_sites_language():
    orders = {code: place.date_order for code, place in MARKETPLACES.items()}
    assert orders["US"] is DateOrder.MONTH_FIRST
    assert orders["SE"] is DateOrder.YEAR_FIRST
    assert {c for c, o in orders.items() if o is DateOrder.DAY_FIRST} == set(ISSUE_CODES) - {
        "US",
        "SE",
    }
    points = {c for c, p in MARKETPLACES.items() if p.decimal_separator == "."}
    assert points == {"UK", "IE", "US"}


@pytest.mark.parametrize("code", ISSUE_CODES)
def test_the_a_to_z_policy_is_the_eu_one_cited_on_each_sites_own_pages(code):
    """docs/rules.md: the A-to-z rules are the same everywhere, but for the UK's appeal
    information request; each value cites its own marketplace's Seller Central."""
    policy, french = Policy(code), Policy("FR")
    differs = {k for k in POLICY_KEYS if policy.get(k) != french.get(k)}
    assert differs == ({"appeal_info_response.hours"} if code == "UK" else set())
    site = f"sellercentral.{MARKETPLACES[code].domain}/"
    claims = policy.entry("claim_response.days").source
    assert claims.startswith("seed") if code == "FR" else site in claims
    assert site in policy.entry("order_defect_rate.target").source
    assert policy.timezone == MARKETPLACES[code].timezone
