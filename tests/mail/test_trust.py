"""Only e-mails that really come from Amazon create records: an Amazon sender domain and a
DKIM signature that verifies for it (test key, test DNS answer), or the mailbox's own
Authentication-Results when the seller trusts their server."""

from __future__ import annotations

import logging

import pytest

from aztui.mail import RECORDED, REFUSED, MailSettings, read_mail
from aztui.mail.trust import aligned, amazon_domain
from tests.mail.mails import build, dns, sign

TRUSTING = MailSettings(trust_authentication_results=True)


DEFAULT = MailSettings()


def read(raw: bytes, settings: MailSettings = DEFAULT):
    return read_mail(raw, settings=settings, zone="Europe/Paris", dns=dns)


def test_a_signed_amazon_notification_is_recorded():
    assert read(build("en_claim_received.eml")).outcome == RECORDED


@pytest.mark.parametrize(
    ("sender", "signer"),
    [
        ("atoz-guarantee-no-reply@amazon.com", None),  # no signature at all
        ("atoz-guarantee-no-reply@amazon.com", "evil.example"),  # someone else's signature
        ("atoz-guarantee-no-reply@amazon.com", "amazonses.com"),  # anyone can send via SES
        ("atoz-guarantee-no-reply@amazon.com.evil.example", "from"),  # look-alike domain
        ("claims@evil.example", "from"),  # a valid signature, not Amazon's
        ("f4k3@marketplace.amazon.fr", "amazon.com"),  # another Amazon domain than the sender's
    ],
)
def test_a_forged_claim_creates_nothing(sender, signer):
    raw = build("en_claim_received.eml", headers={"From": sender}, signer=signer)
    reading = read(raw)
    assert (reading.outcome, reading.records) == (REFUSED, ())
    assert "Fakename" not in reading.reason


def test_a_body_changed_after_signing_is_refused():
    raw = build("en_claim_received.eml").replace(b"$124.96", b"$999.96")
    assert read(raw).outcome == REFUSED


def test_the_relay_signed_by_its_parent_amazon_domain_is_trusted():
    raw = build("en_buyer_message.eml", signer="amazon.ca")
    assert read(raw).outcome == RECORDED


def results(verdict: str, domain: str = "amazon.com") -> str:
    return f"mx.seller.example; dkim={verdict} header.d={domain}; spf=pass"


def test_the_mailboxs_authentication_results_only_when_trusted():
    raw = build(
        "en_claim_received.eml",
        signer=None,
        headers={"Authentication-Results": results("pass")},
    )
    assert read(raw).outcome == REFUSED
    assert read(raw, TRUSTING).outcome == RECORDED


@pytest.mark.parametrize("value", [results("fail"), results("pass", "evil.example")])
def test_authentication_results_that_do_not_pass_for_amazon_are_refused(value):
    raw = build("en_claim_received.eml", signer=None, headers={"Authentication-Results": value})
    assert read(raw, TRUSTING).outcome == REFUSED


def test_only_the_topmost_authentication_results_counts():
    """A forger can write their own header below the one the seller's server adds on top."""
    raw = build(
        "en_claim_received.eml",
        signer=None,
        headers={"Authentication-Results": results("pass")},
    )
    raw = f"Authentication-Results: {results('none')}\r\n".encode() + raw
    assert read(raw, TRUSTING).outcome == REFUSED


def test_a_signature_without_a_key_in_dns_is_refused():
    raw = sign(build("en_claim_received.eml", signer=None), "amazon.com")
    reading = read_mail(raw, settings=MailSettings(), zone="UTC", dns=lambda *a, **k: None)
    assert reading.outcome == REFUSED


@pytest.mark.parametrize(
    ("domain", "amazon"),
    [
        ("amazon.fr", "amazon.fr"),
        ("marketplace.amazon.co.uk", "amazon.co.uk"),
        ("amazon.com.be", "amazon.com.be"),
        ("amazon.fr.example", None),
        ("notamazon.fr", None),
        ("amazonses.com", None),
    ],
)
def test_amazon_domains(domain, amazon):
    assert amazon_domain(domain) == amazon


def test_alignment_takes_the_same_domain_or_an_amazon_parent():
    assert aligned("amazon.fr", "marketplace.amazon.fr")
    assert not aligned("marketplace.amazon.fr", "amazon.fr")
    assert not aligned("example.com", "example.com")


def test_the_dkim_library_logs_nothing_of_the_message_even_at_debug(caplog):
    """dkimpy logs the canonical headers and body it hashes at debug level: never here."""
    caplog.set_level(logging.DEBUG)
    raw = build("en_claim_received.eml")
    assert read(raw).outcome == RECORDED
    assert read(raw.replace(b"$124.96", b"$999.96")).outcome == REFUSED
    assert caplog.records == []


def test_the_rsa_check_gives_dkimpys_own_answer(monkeypatch):
    """aztui has ``cryptography`` do dkimpy's RSA step: for a good signature and a bad one,
    the answer is the one dkimpy's pure-Python RSA gives."""
    import dkim  # type: ignore[import-untyped]
    import dkim.crypto  # type: ignore[import-untyped]

    from aztui.mail.trust import rsa_verify

    good = build("en_claim_received.eml")
    bad = good.replace(b"Subject: ", b"Subject: Re: ", 1)  # a signed header changed
    assert dkim.RSASSA_PKCS1_v1_5_verify is rsa_verify
    ours = [dkim.verify(raw, dnsfunc=dns) for raw in (good, bad)]
    monkeypatch.setattr(dkim, "RSASSA_PKCS1_v1_5_verify", dkim.crypto.RSASSA_PKCS1_v1_5_verify)
    theirs = [dkim.verify(raw, dnsfunc=dns) for raw in (good, bad)]
    assert ours == theirs == [True, False]
