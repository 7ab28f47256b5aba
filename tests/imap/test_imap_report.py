"""Refused and unrecognised e-mails, told and remembered: ``aztui sync`` says how many of each
a source read, with the fingerprint of each template no pattern matched; ``aztui plugins``
(and ``--json``) shows the tally the store keeps, added up over every sync; nothing of an
e-mail's subject or body is ever in either."""

from __future__ import annotations

import json

import pytest
from imap_dovecot import PASSWORD_VARIABLE, Mailbox, configure

from aztui.mail import MailSettings, read_mail
from tests.imap.test_imap_amazon import test_dns  # noqa: F401 - the fixture
from tests.mail.mails import build, dns

CHANGED = "Urgent: A-to-z claim opened on order 114-0000001-0000001"
"""A subject no shipped pattern knows (an Amazon template that changed)."""


def changed(order_id: str) -> bytes:
    return build(
        "en_claim_received.eml",
        headers={"Subject": CHANGED.replace("114-0000001-0000001", order_id)},
    )


@pytest.mark.usefixtures("test_dns")
def test_sync_and_plugins_tell_refused_and_unrecognised_e_mails(
    run,
    tmp_path,
    mailbox: Mailbox,
    monkeypatch,
):
    monkeypatch.setenv(PASSWORD_VARIABLE, mailbox.server.password)
    configure(tmp_path, mailbox)
    template = read_mail(
        changed("114-0000002-0000002"), settings=MailSettings(), zone="UTC", dns=dns
    ).fingerprint
    assert template
    mailbox.deliver(
        build("en_claim_received.eml"),
        build("en_claim_received.eml", signer="example.net"),  # forged
        changed("114-0000002-0000002"),
        changed("114-0000003-0000003"),
    )
    code, out, err = run("sync")
    assert code == 0, err
    assert (
        "1 e-mail(s) recorded, 1 refused (not signed by Amazon), "
        f"2 unrecognised (template(s) {template}): add a pattern, see docs/email.md"
    ) in out

    mailbox.deliver(changed("114-0000004-0000004"))
    assert run("sync")[0] == 0
    code, out, err = run("plugins", "--json")
    assert code == 0, err
    tally = {m["source"]: m for m in json.loads(out)["mail"]}["mail"]
    assert (tally["recorded"], tally["refused"], tally["unrecognised"]) == (1, 1, 3)
    [kept] = tally["templates"]
    assert (kept["fingerprint"], kept["seen"]) == (template, 3)
    assert kept["last_seen"].endswith("+00:00")

    code, out, err = run("plugins")
    assert code == 0, err
    assert f"{template} : vu 3 fois, en dernier le" in out  # amazon.fr's French
    assert "un modèle non reconnu demande un motif : voir docs/email.md" in out
    assert "Urgent" not in out and "114-0000004-0000004" not in out
