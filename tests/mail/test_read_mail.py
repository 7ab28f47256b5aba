"""read_mail on Amazon's notifications as published (fixtures/real, SOURCES.md): each kind
turned into its records, every MIME shape read alike, times from the Date header."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from aztui.domain.model import (
    AppealOutcome,
    BuyerMessage,
    Claim,
    ClaimType,
    Decision,
    Fulfillment,
    FundedBy,
    Order,
    ReturnRequest,
)
from aztui.mail import IGNORED, RECORDED, UNRECOGNISED, MailSettings, read_mail
from aztui.mail.wording import PatternError
from tests.mail.mails import build, dns

PARIS = "Europe/Paris"
DEFAULT = MailSettings()


def read(raw: bytes, settings: MailSettings = DEFAULT, role: str = "inbox"):
    return read_mail(raw, settings=settings, zone=PARIS, dns=dns, folder_role=role)


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0):
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


def only(reading):
    assert reading.outcome == RECORDED, reading.reason
    (record,) = reading.records
    return record


def test_a_claim_amazon_asks_a_response_for_starts_claim_response_at_the_date_header():
    claim = only(read(build("en_claim_received.eml")))
    assert claim == Claim(
        "email:114-0000001-0000001:not_received",
        "114-0000001-0000001",
        ClaimType.NOT_RECEIVED,
        at(2026, 11, 9, 14, 5),
        amount=Decimal("124.96"),
        currency="USD",
        response_requested_at=at(2026, 11, 9, 14, 5),
    )


def test_a_claim_granted_and_funded_by_amazon():
    claim = only(read(build("en_claim_decision_granted.eml")))
    assert (claim.decision, claim.funded_by, claim.decided_at) == (
        Decision.GRANTED,
        FundedBy.AMAZON,
        at(2026, 12, 8, 10, 30),
    )
    assert claim.amount == Decimal("223.45")


def test_an_appeal_upheld_is_an_appeal_denied_on_a_granted_claim():
    claim = only(read(build("en_appeal_denied.eml")))
    assert claim.appeal_outcome is AppealOutcome.DENIED
    assert claim.decision is Decision.GRANTED
    assert claim.appeal_decided_at == at(2026, 12, 8, 16)


def test_a_buyer_message_is_keyed_by_amazons_token_and_starts_its_clock():
    reading = read(build("en_buyer_message.eml"))
    assert only(reading) == BuyerMessage(
        "AFAKETOKEN0004", at(2026, 10, 7, 10), "701-0000004-0000004"
    )
    assert reading.key == "AFAKETOKEN0004"


def test_the_same_relay_message_under_another_message_id_has_the_same_key():
    again = build("en_buyer_message.eml", headers={"Message-ID": "<other@marketplace.amazon.ca>"})
    assert read(again).key == read(build("en_buyer_message.eml")).key


def test_an_html_only_bilingual_relay_message():
    message = only(read(build("fr_en_buyer_message.html.eml")))
    assert message == BuyerMessage("AFAKETOKEN0005", at(2016, 9, 6, 13, 8), "102-0000005-0000005")


def test_a_return_request_stands_in_by_order():
    assert only(read(build("en_return_request.eml"))) == ReturnRequest(
        "email:112-0000009-0000009", "112-0000009-0000009", at(2026, 12, 4, 18, 45)
    )


@pytest.mark.parametrize(
    ("name", "order_id", "when"),
    [
        ("en_cancellation_request.eml", "112-0000007-0000007", at(2026, 12, 3, 8, 15)),
        ("es_cancellation_request.eml", "408-0000008-0000008", at(2026, 12, 3, 8, 20)),
    ],
)
def test_a_buyers_cancellation_request(name, order_id, when):
    assert only(read(build(name))) == Order(order_id, when, buyer_requested_cancel=True)


def test_a_new_order_to_ship_by_the_end_of_its_day_in_the_marketplace_zone():
    order = only(read(build("en_new_order.eml")))
    assert order.fulfillment is Fulfillment.MFN
    assert order.latest_ship_date == at(2026, 12, 8, 22, 59, 59)  # 23:59:59 in Paris


def test_a_french_claim_in_iso_8859_1_with_an_encoded_word_subject_is_read_as_guessed():
    reading = read(build("fr_claim_received.eml", charset="iso-8859-1"))
    claim = only(reading)
    assert (claim.amount, claim.currency, claim.type) == (
        Decimal("59.90"),
        "EUR",
        ClaimType.NOT_RECEIVED,
    )
    assert claim.response_requested_at == at(2026, 12, 7, 8)
    assert "guessed" in reading.reason


@pytest.mark.parametrize(
    ("name", "record"),
    [
        (
            "es_return_request.eml",
            ReturnRequest(
                "email:410-0000018-0000018", "410-0000018-0000018", at(2026, 6, 19, 17, 38)
            ),
        ),
        (
            "de_buyer_message.eml",
            BuyerMessage(
                "mail:<relay-de-0019@marketplace.amazon.de>",
                at(2026, 6, 17, 14, 33),
                "302-0000019-0000019",
            ),
        ),
    ],
)
def test_spanish_and_german_wordings_from_unnamed_code_are_read_as_guessed(name, record):
    """SOURCES.md, fragments H and I: Amazon's words, probably, but from nowhere citable."""
    reading = read(build(name))
    assert only(reading) == record
    assert "guessed" in reading.reason


def test_a_spanish_claim_granted_and_charged_to_the_seller_is_read_as_guessed():
    reading = read(build("es_claim_granted.eml"))
    claim = only(reading)
    assert (claim.order_id, claim.amount, claim.currency) == (
        "409-0000017-0000017",
        Decimal("49.90"),
        "EUR",
    )
    assert (claim.decision, claim.funded_by, claim.decided_at) == (
        Decision.GRANTED,
        FundedBy.SELLER,
        at(2026, 6, 19, 5, 20),
    )
    assert "guessed" in reading.reason


def test_the_spanish_cancellation_subject_of_the_seller_central_sender():
    subject = "Solicitud de cancelación del pedido para el número de pedido: 408-0000008-0000008"
    raw = build(
        "es_cancellation_request.eml",
        headers={"Subject": subject, "From": "donotreply@amazon.com"},
    )
    assert only(read(raw)) == Order(
        "408-0000008-0000008", at(2026, 12, 3, 8, 20), buyer_requested_cancel=True
    )


def test_a_refund_notice_is_ignored():
    reading = read(build("en_refund_initiated.eml"))
    assert (reading.outcome, reading.records) == (IGNORED, ())


@pytest.mark.parametrize("cte", ["quoted-printable", "base64", "8bit"])
@pytest.mark.parametrize("charset", ["utf-8", "iso-8859-1"])
@pytest.mark.parametrize("shape", ["plain", "html", "alternative"])
def test_every_mime_shape_reads_the_same(cte, charset, shape):
    expected = only(read(build("en_claim_received.eml")))
    raw = build("en_claim_received.eml", cte=cte, charset=charset, shape=shape)
    assert only(read(raw)) == expected


def test_an_encoded_word_subject_in_utf_8():
    subject = "Action required: Claim received on order 114-0000001-0000001 – réclamation"
    raw = build("en_claim_received.eml", headers={"Subject": subject})
    assert b"=?utf-8?" in raw.split(b"\r\n\r\n")[0]
    assert only(read(raw)).response_requested_at is not None


def test_times_come_from_the_date_header_in_any_zone():
    raw = build("en_claim_received.eml", headers={"Date": "Mon, 09 Nov 2026 23:05:00 +0900"})
    assert only(read(raw)).filed_at == at(2026, 11, 9, 14, 5)


def test_amazons_copy_of_an_answer_is_read_only_when_the_seller_says_so():
    raw = build("en_seller_answer_copy.eml")
    assert read(raw).outcome == IGNORED
    answer = only(read(raw, MailSettings(answers_from="amazon")))
    assert answer.answered_at == at(2026, 10, 7, 15, 30)
    assert answer.message_id == "AFAKETOKEN0004"


def seller_reply(token: str | None = "AFAKETOKEN0004") -> bytes:
    body = "Hello Ivana, it was refunded.\n\n--- Original message ---\nHello?\n"
    if token:
        body += f"[commMgrTok:{token}]\n"
    return build(
        "en_buyer_message.eml",
        headers={
            "From": "shop@example.com",
            "To": "f4k3r3l4y0buy3r@marketplace.amazon.ca",
            "Subject": "RE: Inquiry from Amazon customer Ivana (Order: 701-0000004-0000004)",
            "Date": "Wed, 07 Oct 2026 16:00:00 +0000",
        },
        body=body,
        signer=None,
    )


def test_the_sellers_answer_from_the_sent_folder_ends_the_message_clock():
    answer = only(read(seller_reply(), role="sent"))
    assert (answer.message_id, answer.answered_at) == ("AFAKETOKEN0004", at(2026, 10, 7, 16))
    assert read(seller_reply(), MailSettings(answers_from="amazon"), "sent").outcome == IGNORED
    assert read(seller_reply(None), role="sent").outcome == UNRECOGNISED


def test_a_pattern_added_in_the_configuration_recognises_a_changed_template():
    subject = "Urgent: A-to-z claim opened on order 114-0000001-0000001"
    raw = build("en_claim_received.eml", headers={"Subject": subject})
    assert read(raw).outcome == UNRECOGNISED
    extra = {"en": {"claim_response_requested": {"subject": ["^Urgent: A-to-z claim opened"]}}}
    claim = only(read(raw, MailSettings(extra_patterns=extra)))
    assert claim.response_requested_at == at(2026, 11, 9, 14, 5)


def test_replace_drops_the_shipped_patterns_of_a_kind():
    extra = {"en": {"ignore": {"subject": ["^Never matches$"], "replace": True}}}
    reading = read(build("en_refund_initiated.eml"), MailSettings(extra_patterns=extra))
    assert reading.outcome == UNRECOGNISED


@pytest.mark.parametrize(
    ("extra", "says"),
    [
        ({"en": {"claim_filed": {"subject": ["(unclosed"]}}}, "mail.patterns.en.claim_filed"),
        ({"xx": {}}, "unknown language 'xx'"),
        ({"en": {"claim_filled": {}}}, "unknown table 'claim_filled'"),
        ({"en": {"claim_filed": {"subjects": ["a"]}}}, "unknown key 'subjects'"),
    ],
)
def test_a_bad_pattern_in_the_configuration_is_named(extra, says):
    with pytest.raises(PatternError, match=says.replace("(", r"\(")):
        read(build("en_claim_received.eml"), MailSettings(extra_patterns=extra))
