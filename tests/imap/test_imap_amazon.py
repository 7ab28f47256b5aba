"""Amazon's e-mails through the whole path: delivered into a real Dovecot, read by ``aztui sync``
with the real ``read_mail``, written to the store.

The e-mails are the recognition tests' (tests/mail/fixtures/real, SOURCES.md), DKIM-signed with
their test key; the only stand-in is the DNS answer for that key (``tests.mail.mails.dns``,
handed to ``read_mail`` in place of a network lookup)."""

from __future__ import annotations

import sqlite3
from collections import Counter
from pathlib import Path

import aztui_source_imap.source as imap_source
import pytest
from aztui_source_imap.source import ImapSource
from imap_dovecot import PASSWORD_VARIABLE, Mailbox, configure, options

from aztui.mail import read_mail
from aztui.sources import SourceContext
from tests.mail.mails import build, dns


@pytest.fixture
def test_dns(monkeypatch: pytest.MonkeyPatch) -> None:
    def with_test_dns(raw: bytes, **options):
        return read_mail(raw, **{**options, "dns": dns})

    monkeypatch.setattr(imap_source, "read_mail", with_test_dns)


def rows(tmp_path: Path, query: str) -> list[tuple]:
    with sqlite3.connect(tmp_path / "store.db") as db:
        return list(db.execute(query))


def seller_answer() -> bytes:
    """The seller's answer through Amazon's relay, as the Sent folder keeps it (unsigned: it
    is the seller's own), as in tests/mail/test_read_mail.py."""
    return build(
        "en_buyer_message.eml",
        headers={
            "From": "shop@example.com",
            "To": "f4k3r3l4y0buy3r@marketplace.amazon.ca",
            "Subject": "RE: Inquiry from Amazon customer Ivana (Order: 701-0000004-0000004)",
            "Date": "Wed, 07 Oct 2026 16:00:00 +0000",
        },
        body="Hello Ivana, it was refunded.\n\n[commMgrTok:AFAKETOKEN0004]\n",
        signer=None,
    )


def test_claims_and_messages_arrive_by_sync(run, tmp_path, mailbox: Mailbox, test_dns, monkeypatch):
    monkeypatch.setenv(PASSWORD_VARIABLE, mailbox.server.password)
    configure(tmp_path, mailbox)
    mailbox.deliver(
        build("fr_claim_received.eml", charset="iso-8859-1"),
        build("en_buyer_message.eml", cte="base64", shape="alternative"),
        build("en_claim_received.eml", signer="example.net"),  # forged: not Amazon's signature
    )
    mailbox.deliver(seller_answer(), folder="Sent")
    code, out, err = run("sync")
    assert code == 0, err
    assert "3 e-mail(s) recorded, 1 refused (not signed by Amazon) (4 e-mail(s)" in out
    assert rows(tmp_path, "SELECT order_id, amount, currency FROM claims") == [
        ("405-0000012-0000012", "59.90", "EUR")
    ]
    assert rows(tmp_path, "SELECT message_id, order_id, answered_at IS NOT NULL FROM messages") == [
        ("AFAKETOKEN0004", "701-0000004-0000004", 1)
    ]

    mailbox.deliver(build("en_buyer_message.eml", headers={"Message-ID": "<again@amazon.ca>"}))
    code, out, err = run("sync")
    assert code == 0, err
    assert "; 1 e-mail(s) recorded (1 e-mail(s) in 2 folder(s))" in out
    assert len(rows(tmp_path, "SELECT * FROM messages")) == 1  # the same message, not twice


def test_an_answer_read_later_keeps_the_messages_receipt(
    run, tmp_path, mailbox: Mailbox, test_dns, monkeypatch
):
    """The buyer's message in one sync, the seller's answer in the next: the answer's own
    time (its stand-in receipt) never moves the message's receipt later."""
    monkeypatch.setenv(PASSWORD_VARIABLE, mailbox.server.password)
    configure(tmp_path, mailbox)
    mailbox.deliver(build("en_buyer_message.eml"))
    assert run("sync")[0] == 0
    received = rows(tmp_path, "SELECT received_at FROM messages")
    mailbox.deliver(seller_answer(), folder="Sent")
    code, out, err = run("sync")
    assert code == 0, err
    assert "; 1 e-mail(s) recorded (1 e-mail(s) in 2 folder(s))" in out
    assert rows(tmp_path, "SELECT received_at FROM messages") == received
    assert rows(tmp_path, "SELECT answered_at IS NOT NULL FROM messages") == [(1,)]


async def test_a_signers_key_is_asked_once_a_sync(mailbox: Mailbox):
    """Five e-mails signed with one selector: one DNS lookup in a sync, and one again in the
    next (the key may have rotated in between)."""
    asked: Counter[bytes] = Counter()

    def counting_dns(name: bytes, timeout: int = 5) -> bytes | None:
        asked[name] += 1
        return dns(name, timeout)

    def message(number: int) -> bytes:
        headers = {"Message-ID": f"<m{number}@amazon.ca>"}
        return build("en_buyer_message.eml", headers=headers)

    context = SourceContext(
        "mail", None, mailbox.server.password, "FR", "Europe/Paris", options(mailbox)
    )
    mail = ImapSource(context, dns=counting_dns)
    mailbox.deliver(*(message(number) for number in range(5)))
    first = await mail.fetch(None)
    assert first.recorded_emails == 5  # each signature verified with the one answer
    assert list(asked.values()) == [1]
    key = next(iter(asked))
    assert key.startswith(b"aztuitest._domainkey.")

    mailbox.deliver(message(5), message(6))
    second = await mail.fetch(first.cursor)
    assert second.recorded_emails == 2
    assert asked == {key: 2}
