"""read_mail never raises on what a mailbox may hold: any bytes, a real notification cut or
damaged anywhere, is refused or read, never an exception."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from aztui.mail import OUTCOMES, MailSettings, read_mail
from tests.mail.mails import build, dns

CLAIM = build("en_claim_received.eml")
HTML = build("fr_en_buyer_message.html.eml", shape="alternative", cte="base64")
TRUSTING = MailSettings(trust_authentication_results=True)


def outcome(raw: bytes) -> str:
    reading = read_mail(raw, settings=TRUSTING, zone="Europe/Paris", dns=dns)
    assert reading.records == () or reading.outcome == "recorded"
    return reading.outcome


@given(st.binary(max_size=2000))
def test_any_bytes(raw):
    assert outcome(raw) in OUTCOMES


@given(
    st.sampled_from([CLAIM, HTML]),
    st.integers(min_value=0),
    st.integers(min_value=0),
    st.binary(max_size=40),
)
def test_a_real_notification_damaged_anywhere(raw, start, length, junk):
    start %= len(raw)
    damaged = raw[:start] + junk + raw[start + length % 200 :]
    assert outcome(damaged) in OUTCOMES
