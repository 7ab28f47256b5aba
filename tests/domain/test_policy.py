"""Policy as data (docs/rules.md, Policy as data and §1): per-marketplace tables, overrides,
dated values."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest

from aztui.domain.deadlines import DeadlineStatus
from aztui.domain.lifecycle import AppealFiled, TransitionRefused, apply_event
from aztui.domain.model import Decision
from aztui.domain.policy import MARKETPLACES, POLICY_KEYS, Policy, PolicyError, PolicyValue
from aztui.domain.timeutil import DayMode

from .builders import DAY, at, bundle, claim, only

ZONES = {
    "FR": "Europe/Paris",
    "DE": "Europe/Berlin",
    "ES": "Europe/Madrid",
    "IT": "Europe/Rome",
    "UK": "Europe/London",
    "NL": "Europe/Amsterdam",
    "BE": "Europe/Brussels",
    "PL": "Europe/Warsaw",
    "SE": "Europe/Stockholm",
    "IE": "Europe/Dublin",
    "US": "America/Los_Angeles",
}
FR_DEFAULTS = {
    "return_request_response.days": 2,
    "claim_response.days": 3,
    "appeal.days": 30,
    "appeal_info_response.hours": 72,
    "buyer_message_response.hours": 24,
    "order_defect_rate.window_days": 60,
    "order_defect_rate.lag_days": 14,
    "order_defect_rate.target": Decimal("0.01"),
    "late_shipment_rate_10d.target": Decimal("0.04"),
    "pre_fulfillment_cancel_rate.target": Decimal("0.025"),
    "valid_tracking_rate.target": Decimal("0.95"),
    "at_risk_ratio": Decimal("0.75"),
    "signature_threshold": Decimal("150"),
    "day_mode": DayMode.ELAPSED,
}


@pytest.mark.parametrize("code", sorted(ZONES))
def test_each_marketplace_table_loads_with_a_source_for_every_value(code):
    policy = Policy(code)
    assert set(policy.keys) == POLICY_KEYS
    assert policy.timezone == ZONES[code] == MARKETPLACES[code].timezone
    for key in POLICY_KEYS:
        entry = policy.entry(key)
        assert entry.value is not None and entry.source, key
    assert policy.day_mode is DayMode.ELAPSED


def test_french_defaults_are_the_seed_numbers():
    policy = Policy("FR")
    assert {key: policy.get(key) for key in FR_DEFAULTS} == FR_DEFAULTS
    assert policy.entry("claim_response.days").source.startswith("seed")


def test_uk_gives_the_appeal_information_request_48_hours():
    assert Policy("UK").get("appeal_info_response.hours") == 48
    assert Policy("UK").marketplace.currency == "GBP"
    assert Policy("DE").get("appeal_info_response.hours") == 72


def test_unknown_marketplace_lists_the_accepted_ones():
    with pytest.raises(PolicyError, match=r"unknown marketplace 'JP': one of FR, DE, .*, US$"):
        Policy("JP")


# --- plain overrides ------------------------------------------------------------------------------


def test_plain_override_applies_always_and_takes_the_default_type():
    policy = Policy(
        "FR",
        {"claim_response.days": 5, "order_defect_rate.target": 0.02, "signature_threshold": "99.5"},
    )
    assert policy.get("claim_response.days", at("2001-01-01T00:00Z")) == 5
    assert policy.get("order_defect_rate.target") == Decimal("0.02")
    assert policy.get("signature_threshold") == Decimal("99.5")
    assert policy.entry("claim_response.days").source == "aztui.toml"
    asked = at("2026-12-01T09:00Z")
    d = only(bundle(claims=[claim(response_requested_at=asked)]), "claim_response", policy)
    assert d.due == asked + 5 * DAY


def test_plugin_defaults_can_be_overridden():
    extra = {"myplugin.days": PolicyValue(4, "plugin")}
    assert Policy("FR", extra_defaults=extra).get("myplugin.days") == 4
    assert Policy("FR", {"myplugin.days": 6}, extra).get("myplugin.days") == 6


# --- dated overrides ------------------------------------------------------------------------------

DATED = {
    "claim_response.days": {
        "value": 5,
        "valid_from": date(2027, 1, 1),
        "source": "https://sellercentral.amazon.fr/help/2027",
    }
}


def test_dated_override_keeps_the_old_value_before_its_date():
    policy = Policy("FR", DATED)
    # valid_from is a calendar day of the marketplace: 2027-01-01 starts at 00:00 Paris (23:00Z)
    assert policy.get("claim_response.days", at("2026-12-31T22:59:59Z")) == 3
    assert policy.get("claim_response.days", at("2026-12-31T23:00:00Z")) == 5
    assert policy.get("claim_response.days") == 5  # newest when no instant is given
    assert [p.value for p in policy.history("claim_response.days")] == [3, 5]
    assert policy.entry("claim_response.days").source.endswith("/help/2027")


def test_deadline_uses_the_value_in_force_when_it_started():
    policy = Policy("FR", DATED)
    started_2026 = at("2026-12-30T09:00Z")
    d = only(bundle(claims=[claim(response_requested_at=started_2026)]), "claim_response", policy)
    assert d.due == at("2027-01-02T09:00Z")  # 3 days, though due in 2027
    started_2027 = at("2027-01-02T09:00Z")
    d = only(bundle(claims=[claim(response_requested_at=started_2027)]), "claim_response", policy)
    assert d.due == at("2027-01-07T09:00Z")  # 5 days


def test_dated_day_mode_does_not_move_a_deadline_started_before_it():
    policy = Policy("FR", {"day_mode": {"value": "end_of_day", "valid_from": date(2027, 1, 1)}})
    started_2026 = at("2026-12-01T09:00Z")
    d = only(bundle(claims=[claim(response_requested_at=started_2026)]), "claim_response", policy)
    assert d.due == at("2026-12-04T09:00Z")  # elapsed, as in 2026
    started_2027 = at("2027-03-01T09:00Z")
    d = only(bundle(claims=[claim(response_requested_at=started_2027)]), "claim_response", policy)
    assert d.due == at("2027-03-04T22:59:59Z")  # end of March 4 in Paris (CET)


def test_dated_appeal_window_governs_the_appeal_step():
    policy = Policy("FR", {"appeal.days": {"value": 10, "valid_from": date(2027, 1, 1)}})
    decided_2026 = claim(decided_at=at("2026-12-01T09:00Z"), decision=Decision.GRANTED)
    later = at("2026-12-25T09:00Z")  # 24 days later: inside the 30 days of 2026
    assert apply_event(decided_2026, AppealFiled(later), later, policy).appeal_filed_at == later
    decided_2027 = claim(decided_at=at("2027-01-05T09:00Z"), decision=Decision.GRANTED)
    late = at("2027-01-16T09:00Z")  # 11 days: past the 10 days of 2027
    with pytest.raises(TransitionRefused, match="window closed"):
        apply_event(decided_2027, AppealFiled(late), late, policy)


def test_dated_day_mode_does_not_move_an_appeal_window_opened_before_it():
    policy = Policy("FR", {"day_mode": {"value": "end_of_day", "valid_from": date(2027, 1, 1)}})
    decided = claim(decided_at=at("2026-12-20T09:00Z"), decision=Decision.GRANTED)
    late = at("2027-01-19T12:00Z")  # closed at 09:00Z (30 × 24 h), end of day would be 22:59:59Z
    with pytest.raises(TransitionRefused, match="window closed at 2027-01-19T09:00:00"):
        apply_event(decided, AppealFiled(late), late, policy)


def test_a_table_without_valid_from_replaces_the_default():
    policy = Policy("FR", {"claim_response.days": {"value": 4}})  # valid_from omitted: always
    assert [p.value for p in policy.history("claim_response.days")] == [4]


def test_valid_from_may_be_a_datetime():
    policy = Policy("FR", {"appeal.days": {"value": 20, "valid_from": datetime(2027, 1, 1)}})
    assert policy.get("appeal.days", at("2027-01-01T00:00Z")) == 20
    d = only(
        bundle(claims=[claim(decided_at=at("2026-12-01T09:00Z"), decision=Decision.GRANTED)]),
        "appeal",
        policy,
    )
    assert (
        d.due == at("2026-12-31T09:00Z")
        and d.status(d.due - timedelta(seconds=1)) is DeadlineStatus.OPEN
    )


# --- errors ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"claim_reponse.days": 3}, "unknown policy key"),
        ({"claim_response.days": -1}, "not valid"),
        ({"claim_response.days": 2.5}, "not valid"),
        ({"claim_response.days": "three"}, "not valid"),
        ({"claim_response.days": True}, "not valid"),
        ({"order_defect_rate.target": "one percent"}, "not valid"),
        ({"order_defect_rate.target": None}, "not valid"),
        ({"day_mode": "weekdays"}, "not valid"),
        ({"appeal.days": {"valid_from": date(2027, 1, 1)}}, "takes value"),
        ({"appeal.days": {"value": 10, "until": date(2027, 1, 1)}}, "takes value"),
        ({"appeal.days": {"value": 10, "valid_from": "soon"}}, "valid_from"),
        ({"appeal.days": {"value": "ten", "valid_from": date(2027, 1, 1)}}, "not valid"),
    ],
)
def test_bad_overrides_raise_policy_error(overrides, message):
    with pytest.raises(PolicyError, match=message):
        Policy("FR", overrides)


def test_policy_error_is_a_value_error():
    assert issubclass(PolicyError, ValueError)
