"""open_mail reads what a mail reader shows: the body part, decoded headers, each message its
own."""

from __future__ import annotations

from email.message import EmailMessage

from aztui.mail.parse import open_mail
from tests.mail.mails import build


def test_each_message_reads_its_own_headers():
    first = open_mail(build("en_claim_received.eml"))
    second = open_mail(build("fr_claim_received.eml", charset="iso-8859-1"))
    assert first.sender == "atoz-guarantee-no-reply@amazon.com"
    assert second.sender == "atoz-guarantee-no-reply@amazon.fr"
    assert "405-0000012-0000012" in second.subject
    assert "405-0000012-0000012" not in first.subject


def test_the_plain_part_of_an_alternative_is_the_text():
    mail = open_mail(build("en_buyer_message.eml", shape="alternative"))
    assert "<p>" not in mail.text and "<html>" not in mail.text
    assert mail.text


def test_an_html_only_message_is_read_as_text():
    mail = open_mail(build("en_return_request.eml", shape="html", cte="base64"))
    assert mail.text and "<" not in mail.text


def test_encoded_words_in_the_subject_are_decoded():
    message = EmailMessage()
    message["From"] = "Amazon <seller-notification@amazon.fr>"
    message["Subject"] = "Réclamation de garantie A à Z pour la commande 405-1234567-1234567"
    message.set_content("Bonjour\n")
    raw = message.as_bytes()
    assert b"=?utf-8?" in raw
    mail = open_mail(raw)
    assert mail.subject == "Réclamation de garantie A à Z pour la commande 405-1234567-1234567"
    assert mail.sender == "seller-notification@amazon.fr"


def test_an_attachment_or_an_attached_message_is_not_the_body():
    inner = EmailMessage()
    inner["Subject"] = "forwarded"
    inner.set_content("the attached message's words\n")
    message = EmailMessage()
    message["From"] = "someone@example.net"
    message.set_content("the body's words\n")
    message.add_attachment(b"a,b\n1,2\n", maintype="text", subtype="plain", filename="x.txt")
    message.add_attachment(inner)
    mail = open_mail(message.as_bytes())
    assert mail.text == "the body's words"
    only_attached = EmailMessage()
    only_attached.set_content("x")
    only_attached.make_mixed()
    only_attached.get_payload()[0]["Content-Disposition"] = "attachment"
    assert open_mail(only_attached.as_bytes()).text == ""


def test_an_unknown_charset_is_read_as_utf8_not_refused():
    raw = (
        b"From: a@amazon.fr\r\nSubject: x\r\nContent-Type: text/plain; charset=x-unknown\r\n"
        b"\r\ncommande 405-1234567-1234567 \xc3\xa9\r\n"
    )
    assert open_mail(raw).text == "commande 405-1234567-1234567 é"
