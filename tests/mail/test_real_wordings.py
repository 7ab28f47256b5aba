"""Amazon's own wordings (fixtures/real/SOURCES.md): the real Italian e-mails and the French
subjects a seller's mailbox showed are read into their records, and every kind a pattern file
does not mark ``guessed`` is backed by one of these fixtures."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from aztui.domain.model import BuyerMessage, Claim, ClaimType, Order, ReturnRequest
from aztui.mail import IGNORED, RECORDED, MailSettings, read_mail
from aztui.mail.parse import open_mail
from aztui.mail.recognise import recognise
from aztui.mail.wording import LANGUAGES, languages
from tests.mail.mails import build, dns

SEEN = {
    ("it", "claim_filed"): "it_claim_received.html.eml",
    ("it", "cancellation_request"): "it_cancellation_request.html.eml",
    ("it", "return_request"): "it_return_request.html.eml",
    ("it", "buyer_message"): "it_buyer_message.eml",
    ("fr", "buyer_message"): "fr_buyer_message.eml",
    ("fr", "cancellation_request"): "fr_cancellation_request.eml",
    ("fr", "return_request"): "fr_return_request.eml",
    ("en", "new_order"): "en_new_order.eml",
    ("en", "buyer_message"): "en_buyer_message.eml",
}
"""The fixture whose real wording each kind not marked guessed was taken from."""
SEEN_SUBJECT_ONLY = {("it", "claim_response_requested")}
"""Kinds seen only as a subject quoted in the other project (SOURCES.md, IT migration 0007):
no e-mail of theirs to build a fixture from, so ``test_a_seen_subject_alone`` covers them."""


def read(raw: bytes):
    return read_mail(raw, settings=MailSettings(), zone="Europe/Rome", dns=dns, folder_role="inbox")


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0):
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


def only(reading):
    assert reading.outcome == RECORDED, reading.reason
    assert "guessed" not in reading.reason
    (record,) = reading.records
    return record


def test_a_real_italian_claim_is_filed_with_its_amount_in_italian_format():
    claim = only(read(build("it_claim_received.html.eml")))
    assert claim == Claim(
        "email:402-0000010-0000010:other",
        "402-0000010-0000010",
        ClaimType.OTHER,
        at(2026, 8, 29, 17, 37, 31),
        amount=Decimal("119.00"),
        currency="EUR",
    )
    assert claim.response_requested_at is None  # "Al momento non è necessario…"


def test_a_seen_subject_alone_asks_for_the_response():
    subject = "Azione richiesta: Richiesta di rimborso ricevuta per l'ordine 402-0000010-0000010"
    claim = only(read(build("it_claim_received.html.eml", headers={"Subject": subject})))
    assert claim.response_requested_at == at(2026, 8, 29, 17, 37, 31)


@pytest.mark.parametrize(
    ("name", "record"),
    [
        (
            "it_cancellation_request.html.eml",
            Order("404-0000011-0000011", at(2026, 9, 11, 5, 24, 21), buyer_requested_cancel=True),
        ),
        (
            "it_return_request.html.eml",
            ReturnRequest(
                "email:403-0000012-0000012", "403-0000012-0000012", at(2026, 8, 24, 8, 52, 52)
            ),
        ),
        (
            "fr_cancellation_request.eml",
            Order("405-0000015-0000015", at(2026, 4, 13, 7, 30), buyer_requested_cancel=True),
        ),
        (
            "fr_return_request.eml",
            ReturnRequest(
                "email:406-0000016-0000016", "406-0000016-0000016", at(2026, 4, 13, 9, 45)
            ),
        ),
        (
            "fr_buyer_message.eml",
            BuyerMessage(
                "mail:<relay-fr-0014@marketplace.amazon.fr>",
                at(2026, 5, 26, 12, 4, 4),
                "403-0000014-0000014",
            ),
        ),
    ],
)
def test_real_subjects_give_their_records(name, record):
    assert only(read(build(name))) == record


def test_an_italian_relay_message_is_keyed_by_amazons_id_in_its_link():
    """No ``[commMgrTok:…]`` and no order id in it: the id is the ``t=`` of its "Risolvi caso"
    link, so the same message under another Message-ID is still one message."""
    reading = read(build("it_buyer_message.eml"))
    assert only(reading) == BuyerMessage("AFAKETOKEN0013", at(2026, 8, 25, 14, 4, 11), None)
    again = build("it_buyer_message.eml", headers={"Message-ID": "<other@marketplace.amazon.it>"})
    assert read(again).key == reading.key == "AFAKETOKEN0013"


def test_the_msg_form_of_the_no_response_link_keys_a_message_without_token():
    """On amazon.ca the link's ``msg=`` and the ``[commMgrTok:…]`` are one id (SOURCES.md, C);
    a relay message that carries the link but no token is keyed by it."""
    body = (
        "------------- Message: -------------\nBonjour.\n"
        "------------- Fin du message -------------\n"
        "http://www.amazon.ca/gp/communication-manager/no-response-needed.html?"
        "msg=AFAKETOKEN0005&d=1473100072&mp=A2EUQ1WTGCTBG2\n"
    )
    assert read(build("fr_buyer_message.eml", body=body)).key == "AFAKETOKEN0005"
    assert read(build("fr_en_buyer_message.html.eml")).key == "AFAKETOKEN0005"


@pytest.mark.parametrize("name", ["it_refund_issued.html.eml", "fr_refund_initiated.eml"])
def test_a_refund_amazon_issued_is_ignored(name):
    reading = read(build(name))
    assert (reading.outcome, reading.records) == (IGNORED, ())


@pytest.mark.parametrize("shape", ["html", "alternative"])
@pytest.mark.parametrize("cte", ["base64", "quoted-printable"])
def test_a_real_html_only_e_mail_reads_the_same_in_other_shapes(shape, cte):
    expected = only(read(build("it_claim_received.html.eml")))
    assert only(read(build("it_claim_received.html.eml", shape=shape, cte=cte))) == expected


def test_a_wording_from_an_origin_nobody_can_name_is_read_as_guessed():
    reading = read(build("en_claim_received.eml"))
    assert reading.outcome == RECORDED
    assert "guessed" in reading.reason


def test_every_kind_not_marked_guessed_is_seen_in_a_real_fixture():
    known = languages({})
    not_guessed = {
        (lang.code, kind)
        for lang in known
        for kind, rule in lang.kinds.items()
        if (rule.subject or rule.body) and kind not in lang.guessed
    }
    assert not_guessed == set(SEEN) | SEEN_SUBJECT_ONLY
    assert {lang.code for lang in known} == set(LANGUAGES)
    for (code, kind), name in SEEN.items():
        found = recognise(open_mail(build(name, signer=None)), known, "")
        assert found is not None, name
        assert (found.language, found.kind, found.guessed) == (code, kind, False), name
