"""open_mail parses each header of a message once, and never mixes two messages' headers."""

from __future__ import annotations

from aztui.mail.parse import open_mail
from tests.mail.mails import build


def test_a_header_asked_for_twice_is_parsed_once():
    mail = open_mail(build("en_buyer_message.eml", shape="alternative"))
    part = mail.message.get_body(preferencelist=("html",))
    assert part is not None
    assert part["Content-Type"] is part["Content-Type"]
    assert mail.message["From"] is mail.message["From"]


def test_each_message_reads_its_own_headers():
    first = open_mail(build("en_claim_received.eml"))
    second = open_mail(build("fr_claim_received.eml", charset="iso-8859-1"))
    assert first.sender == "atoz-guarantee-no-reply@amazon.com"
    assert second.sender == "atoz-guarantee-no-reply@amazon.fr"
    assert "405-0000012-0000012" in second.subject
    assert first.message["Subject"] is not second.message["Subject"]
    assert str(second.message.get_body().get_content_type()) == "text/plain"
