"""An Amazon e-mail no pattern knows is counted as unrecognised, by a fingerprint of its
template that holds nobody's data: the same template gives the same fingerprint whoever the
buyer and whatever the order."""

from __future__ import annotations

from aztui.mail import REFUSED, UNRECOGNISED, MailSettings, read_mail
from tests.mail.mails import build, dns


def unknown(name: str, order: str, relay: str) -> bytes:
    return build(
        "en_buyer_message.eml",
        headers={
            "From": f"{relay}@marketplace.amazon.ca",
            "Subject": f"Delivery feedback from {name} about order {order} of 12.50 CAD",
        },
        body=f"{name} rated your delivery. Order {order}. Phone +1 555 010 0000.",
    )


def read(raw: bytes):
    return read_mail(raw, settings=MailSettings(), zone="UTC", dns=dns)


def test_the_same_template_gives_one_fingerprint_without_anyones_data():
    first = read(unknown("Zelda Fakeperson", "701-0000001-0000001", "aaa1bbb2"))
    second = read(unknown("Quentin Notreal", "702-0000002-0000002", "ccc3ddd4"))
    assert first.outcome == second.outcome == UNRECOGNISED
    assert first.records == ()
    assert first.fingerprint == second.fingerprint
    assert first.fingerprint is not None and len(first.fingerprint) == 16
    for value in ("Zelda", "Fakeperson", "701-0000001", "555", "aaa1bbb2"):
        assert value not in first.reason


def test_another_template_gives_another_fingerprint():
    other = build(
        "en_buyer_message.eml",
        headers={"Subject": "Your seller account health has changed"},
        body="Something else.",
    )
    first = read(unknown("Zelda Fakeperson", "701-0000001-0000001", "aaa1bbb2"))
    assert read(other).fingerprint != first.fingerprint


def test_a_forged_unknown_e_mail_is_refused_not_counted():
    raw = build("en_buyer_message.eml", headers={"Subject": "Gift card offer"}, signer=None)
    reading = read(raw)
    assert (reading.outcome, reading.fingerprint) == (REFUSED, None)


def test_a_malformed_message_is_never_an_exception():
    for raw in (b"", b"\x00\xff garbage", b"From: <>\r\n\r\n", b"Subject: =?x?q?bad?=\r\n\r\n"):
        assert read(raw).outcome == REFUSED
