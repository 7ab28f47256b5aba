"""Time (docs/rules.md §1): N calendar days are N × 24 h elapsed, across the Europe/Paris DST
changes (2026-03-29 and 2026-10-25); ``day_mode = end_of_day`` ends the Nth day in the
marketplace zone; the 24-hour message rule is clock time."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from aztui.domain.model import Decision, FundedBy
from aztui.domain.policy import Policy
from aztui.domain.timeutil import DayMode, add_calendar_days, iso_z

from .builders import PARIS, at, bundle, claim, message, only, paris, return_request

END_OF_DAY = Policy("FR", {"day_mode": "end_of_day"})


def hours_between(a: datetime, b: datetime) -> float:
    return (b - a).total_seconds() / 3600


# --- elapsed (default) ------------------------------------------------------------------------


def test_claim_response_across_spring_dst_is_72_hours_elapsed():
    asked = at("2026-03-27T10:00+01:00")  # Friday 10:00 CET = 09:00Z
    d = only(bundle(claims=[claim(response_requested_at=asked)]), "claim_response")
    assert d.due == at("2026-03-30T09:00Z")
    assert hours_between(asked, d.due) == 72
    # Paris switched to CEST on the 29th: the same instant reads 11:00, not 10:00.
    local = paris(d.due)
    assert (local.day, local.hour, local.utcoffset()) == (30, 11, timedelta(hours=2))


def test_claim_response_across_autumn_dst_is_72_hours_elapsed():
    asked = at("2026-10-23T10:00+02:00")  # 08:00Z
    d = only(bundle(claims=[claim(response_requested_at=asked)]), "claim_response")
    assert d.due == at("2026-10-26T08:00Z")  # 09:00 CET
    local = paris(d.due)
    assert (local.day, local.hour, local.utcoffset()) == (26, 9, timedelta(hours=1))


def test_return_request_across_spring_dst():
    requested = at("2026-03-28T12:00+01:00")  # 11:00Z
    d = only(bundle(returns=[return_request(requested_at=requested)]), "return_request_response")
    assert d.due == at("2026-03-30T11:00Z")  # 48 h later, 13:00 CEST
    assert paris(d.due).hour == 13


def test_appeal_window_spanning_autumn_dst():
    decided = at("2026-10-10T12:00+02:00")  # 10:00Z
    c = claim(decided_at=decided, decision=Decision.GRANTED, funded_by=FundedBy.SELLER)
    d = only(bundle(claims=[c]), "appeal")
    assert d.due == at("2026-11-09T10:00Z")  # 30 × 24 h; Oct 10 + 21 = Oct 31, + 9 = Nov 9
    assert paris(d.due).hour == 11  # CET


def test_due_is_the_same_instant_whatever_zone_the_trigger_was_written_in():
    instant = at("2026-03-27T09:00Z")
    for written in (instant, instant.astimezone(PARIS), at("2026-03-27T10:00+01:00")):
        d = only(bundle(claims=[claim(response_requested_at=written)]), "claim_response")
        assert d.due == at("2026-03-30T09:00Z")
        assert iso_z(d.due) == "2026-03-30T09:00:00Z"


def test_naive_instants_are_refused():
    with pytest.raises(ValueError, match="no time zone"):
        add_calendar_days(datetime(2026, 3, 27, 10), 3, DayMode.ELAPSED, "Europe/Paris")


# --- end_of_day -----------------------------------------------------------------------------------


def test_end_of_day_claim_response_across_spring_dst():
    asked = at("2026-03-27T10:00+01:00")
    d = only(bundle(claims=[claim(response_requested_at=asked)]), "claim_response", END_OF_DAY)
    # 27 + 3 = March 30, 23:59:59 CEST (UTC+2) = 21:59:59Z
    assert d.due == at("2026-03-30T21:59:59Z")
    local = paris(d.due)
    assert (local.day, local.hour, local.minute, local.second) == (30, 23, 59, 59)


def test_end_of_day_claim_response_across_autumn_dst():
    asked = at("2026-10-23T10:00+02:00")
    d = only(bundle(claims=[claim(response_requested_at=asked)]), "claim_response", END_OF_DAY)
    # 23 + 3 = October 26, 23:59:59 CET (UTC+1) = 22:59:59Z
    assert d.due == at("2026-10-26T22:59:59Z")


def test_end_of_day_counts_days_in_the_marketplace_zone_not_in_utc():
    asked = at("2026-03-27T23:30Z")  # already Saturday 28, 00:30 in Paris
    d = only(bundle(claims=[claim(response_requested_at=asked)]), "claim_response", END_OF_DAY)
    assert d.due == at("2026-03-31T21:59:59Z")  # 28 + 3 = 31, 23:59:59 CEST


def test_end_of_day_uses_the_configured_zone():
    policy = Policy("FR", {"day_mode": "end_of_day"}, timezone="Europe/London")
    asked = at("2026-03-27T10:00+01:00")  # 09:00 GMT
    d = only(bundle(claims=[claim(response_requested_at=asked)]), "claim_response", policy)
    assert d.due == at("2026-03-30T22:59:59Z")  # 23:59:59 BST (UTC+1)


def test_end_of_day_return_and_appeal():
    requested = at("2026-10-24T18:00+02:00")  # Saturday before the autumn change
    d = only(
        bundle(returns=[return_request(requested_at=requested)]),
        "return_request_response",
        END_OF_DAY,
    )
    assert d.due == at("2026-10-26T22:59:59Z")  # 24 + 2 = Oct 26 23:59:59 CET
    c = claim(decided_at=at("2026-10-10T12:00+02:00"), decision=Decision.GRANTED)
    d = only(bundle(claims=[c]), "appeal", END_OF_DAY)
    assert d.due == at("2026-11-09T22:59:59Z")  # Oct 10 + 30 = Nov 9 23:59:59 CET


def test_end_of_day_does_not_change_hour_rules():
    received = at("2026-03-28T12:00+01:00")
    d = only(bundle(messages=[message(received_at=received)]), "buyer_message_response", END_OF_DAY)
    assert d.due == at("2026-03-29T11:00Z")
    c = claim(
        decided_at=at("2026-03-20T09:00Z"),
        decision=Decision.GRANTED,
        appeal_filed_at=at("2026-03-21T09:00Z"),
        appeal_info_requested_at=received,
    )
    d = only(bundle(claims=[c]), "appeal_info_response", END_OF_DAY)
    assert d.due == at("2026-03-31T11:00Z")  # 72 h


# --- the 24-hour message rule is clock time -------------------------------------------------------


def test_message_rule_is_24_hours_elapsed_across_dst():
    received = at("2026-03-28T12:00+01:00")  # Saturday 12:00 CET = 11:00Z
    d = only(bundle(messages=[message(received_at=received)]), "buyer_message_response")
    assert d.due == at("2026-03-29T11:00Z")  # Sunday, weekend included
    assert paris(d.due).hour == 13  # the Paris clock moved forward meanwhile


def test_message_rule_with_a_trigger_in_local_time_is_still_24_hours():
    received = datetime(2026, 3, 28, 12, 0, tzinfo=PARIS)  # same instant, zone-aware
    d = only(bundle(messages=[message(received_at=received)]), "buyer_message_response")
    assert d.due == at("2026-03-29T11:00Z")
    assert hours_between(received, d.due) == 24


def test_message_received_friday_evening_is_due_saturday_evening():
    received = at("2026-11-20T18:00+01:00")  # Friday
    d = only(bundle(messages=[message(received_at=received)]), "buyer_message_response")
    assert paris(d.due).strftime("%A %H:%M") == "Saturday 18:00"
