"""Test e-mails built from the fixtures of ``fixtures/real`` (SOURCES.md): encoded as a test
asks (quoted-printable, base64, UTF-8 or ISO-8859-1, HTML only, multipart/alternative) and
DKIM-signed with a test key that ``dns`` publishes for every domain, without a network."""

from __future__ import annotations

import base64
import html
from email import message_from_bytes, policy
from email.message import EmailMessage
from functools import cache
from pathlib import Path

import dkim  # type: ignore[import-untyped]  # dkimpy ships no type information
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

REAL = Path(__file__).parent / "fixtures" / "real"
SELECTOR = b"aztuitest"


@cache
def _key() -> tuple[bytes, bytes]:
    """(private key PEM, public key DER) of the test signer, made once per run."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    )
    public = key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return private, public


class KeyDns:
    """The test key's TXT record for any domain's ``aztuitest`` selector: dkimpy's
    ``dnsfunc``. It takes this process's key along when pickled, so that a worker process
    (``aztui.mail.batch``) verifies with the key the messages were signed with."""

    def __init__(self, public: bytes | None = None) -> None:
        self._public = public

    def __call__(self, name: bytes, timeout: int = 5) -> bytes | None:
        if not name.startswith(SELECTOR + b"._domainkey."):
            return None
        return b"v=DKIM1; k=rsa; p=" + base64.b64encode(self._public or _key()[1])

    def __reduce__(self) -> tuple[type[KeyDns], tuple[bytes]]:
        return (KeyDns, (self._public or _key()[1],))


dns = KeyDns()


def sign(raw: bytes, domain: str) -> bytes:
    """``raw`` with a DKIM signature of ``domain`` (test key) prepended."""
    header = dkim.sign(
        raw,
        SELECTOR,
        domain.encode(),
        _key()[0],
        include_headers=[b"from", b"to", b"subject", b"date", b"message-id"],
    )
    return header + raw


def fixture(name: str) -> EmailMessage:
    message = message_from_bytes((REAL / name).read_bytes(), policy=policy.default)
    assert isinstance(message, EmailMessage)
    return message


def build(
    name: str,
    *,
    cte: str = "quoted-printable",
    charset: str = "utf-8",
    shape: str = "as-is",
    signer: str | None = "from",
    headers: dict[str, str] | None = None,
    body: str | None = None,
) -> bytes:
    """The fixture ``name`` as a new message: its headers (``headers`` replacing some), its
    text (or ``body``) encoded with ``cte`` in ``charset``, as a ``plain`` part, ``html``
    only, or ``alternative`` (both); signed for the sender's domain (``signer="from"``), for
    another domain, or not at all (``None``)."""
    source = fixture(name)
    part = source.get_body(preferencelist=("plain", "html"))
    assert part is not None
    text = body if body is not None else part.get_content()
    is_html = part.get_content_subtype() == "html"
    message = EmailMessage(policy=policy.SMTP)
    for key in ("From", "To", "Subject", "Date", "Message-ID"):
        value = (headers or {}).get(key, source[key])
        if value is not None:
            message[key] = str(value)
    for key, value in (headers or {}).items():
        if key not in message:
            message[key] = value
    markup = (
        text
        if is_html
        else "<html><body><p>" + html.escape(text).replace("\n", "<br>\n") + "</p></body></html>"
    )
    if shape == "html" or (is_html and shape == "as-is"):
        message.set_content(markup, subtype="html", charset=charset, cte=cte)
    elif shape == "alternative":
        plain = text if not is_html else html.unescape(markup)
        message.set_content(plain, charset=charset, cte=cte)
        message.add_alternative(markup, subtype="html", charset=charset, cte=cte)
    else:
        message.set_content(text, charset=charset, cte=cte)
    raw = message.as_bytes()
    if signer is None:
        return raw
    domain = str(message["From"].addresses[0].domain) if signer == "from" else signer
    return sign(raw, domain)
