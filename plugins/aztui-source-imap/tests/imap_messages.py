"""MIME messages for the transport tests, built with the standard library as a mail program
writes them: multipart/alternative, HTML only, quoted-printable and base64, UTF-8 and
ISO-8859-1, encoded-word subjects. They are not Amazon's templates (those, with their origins,
are the recognition tests' fixtures): here only their bytes travelling intact matter."""

from __future__ import annotations

from datetime import UTC, datetime
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, make_msgid

SHAPES = ("alternative", "html", "latin1_qp", "base64")


def message(shape: str, order_id: str, when: datetime | None = None, *, named=True) -> bytes:
    """A message of ``shape`` naming ``order_id`` in a header the fake reader looks at
    (``named=False``: not there, so the fake finds no pattern)."""
    mail = EmailMessage()
    mail["From"] = "Vendeur <vendeur@example.org>"
    mail["To"] = "boutique@example.org"
    mail["Subject"] = f"Réclamation de garantie A à Z – commande {order_id}"
    mail["Date"] = format_datetime(when or datetime(2026, 11, 25, 8, 0, tzinfo=UTC))
    mail["Message-ID"] = make_msgid(domain="example.org")
    if named:
        mail["X-Test-Order"] = order_id
    text = f"Commande {order_id} : l'acheteur a déposé une réclamation.\n"
    html = f"<p>Commande <b>{order_id}</b> : l'acheteur a déposé une réclamation.</p>"
    if shape == "alternative":
        mail.set_content(text)
        mail.add_alternative(html, subtype="html")
    elif shape == "html":
        mail.set_content(html, subtype="html", charset="utf-8", cte="quoted-printable")
    elif shape == "latin1_qp":
        mail.set_content(text, charset="iso-8859-1", cte="quoted-printable")
    elif shape == "base64":
        mail.set_content(text, charset="utf-8", cte="base64")
    else:
        raise ValueError(shape)
    return mail.as_bytes(policy=SMTP)  # CRLF line ends, as on the wire
