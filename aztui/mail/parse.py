"""One raw e-mail opened with the standard library: sender, date, ids and its text.

The text is what a person reads: the ``text/plain`` part of a ``multipart/alternative``, else
the HTML part turned into text (``html.parser``, no other dependency). Transfer encodings
(quoted-printable, base64) and charsets (UTF-8, ISO-8859-1…) are the ``email`` package's.
Nothing read here leaves the mail package but ids, instants and amounts.

The message is parsed with the ``compat32`` policy: header values stay plain strings, decoded
only where aztui reads them (the subject's encoded words, the addresses). ``policy.default``
builds a typed header object for every header asked for, which was most of a sync's time.
"""

from __future__ import annotations

import contextlib
import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from email import message_from_bytes
from email.header import decode_header, make_header
from email.message import Message
from email.policy import compat32
from email.utils import getaddresses, parsedate_to_datetime
from html.parser import HTMLParser

BLOCK_TAGS = frozenset(
    {"br", "p", "div", "tr", "li", "ul", "ol", "table", "h1", "h2", "h3", "h4", "td", "th"}
)
SPACES = re.compile(r"[ \t\u00a0]+")
PREFERRED = ("text/plain", "text/html")


@dataclass(frozen=True, slots=True)
class Mail:
    """What the recognisers read of one e-mail (kept in memory only)."""

    message: Message
    sender: str
    """The ``From`` address, lower case ("" when there is none or several)."""
    subject: str
    text: str
    date: datetime | None
    message_id: str

    @property
    def sender_domain(self) -> str:
        return self.sender.rpartition("@")[2]

    @property
    def recipients(self) -> tuple[str, ...]:
        """The ``To`` addresses, lower case (read only for the Sent folder)."""
        return tuple(a.lower() for _, a in _addresses(self.message, "To") if a)


def open_mail(raw: bytes) -> Mail:
    """The e-mail in ``raw`` (RFC 5322 bytes); headers it lacks are empty."""
    message = message_from_bytes(raw, policy=compat32)
    return Mail(
        message=message,
        sender=_single_address(message, "From"),
        subject=_decoded(_raw_header(message, "Subject")),
        text=body_text(message),
        date=_date(message),
        message_id=" ".join(_raw_header(message, "Message-ID").split()),
    )


def header_values(message: Message, name: str) -> list[str]:
    """Every value of header ``name``, as text (an 8-bit value decoded as the parser kept it)."""
    try:
        return [str(v) for v in message.get_all(name) or []]
    except (ValueError, IndexError, TypeError):  # a malformed header
        return []


def _raw_header(message: Message, name: str) -> str:
    values = header_values(message, name)
    return values[0] if values else ""


def _decoded(value: str) -> str:
    """A header's text with its encoded words (RFC 2047) decoded, on one line."""
    if "=?" in value:
        # a malformed encoded word is read as it stands
        with contextlib.suppress(ValueError, LookupError, UnicodeError, AssertionError):
            value = str(make_header(decode_header(value)))
    return " ".join(value.split())


def _addresses(message: Message, name: str) -> list[tuple[str, str]]:
    return getaddresses(header_values(message, name))


def _single_address(message: Message, name: str) -> str:
    found = [a for _, a in _addresses(message, name) if a]
    return found[0].lower() if len(found) == 1 else ""


def _date(message: Message) -> datetime | None:
    raw = " ".join(_raw_header(message, "Date").split())
    if not raw:
        return None
    try:
        when = parsedate_to_datetime(raw)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:  # "-0000": UTC with no zone said (RFC 5322 §3.3)
        return when.replace(tzinfo=UTC)
    return when.astimezone(UTC)


def body_text(message: Message) -> str:
    """The readable text: the plain part, else the HTML part as text, else ""."""
    part = _body_part(message)
    if part is None:
        return ""
    try:
        payload = part.get_payload(decode=True)
    except (ValueError, TypeError, AssertionError):
        return ""
    if not isinstance(payload, bytes):
        return ""
    charset = part.get_content_charset() or "us-ascii"
    try:
        content = payload.decode(charset, errors="replace")
    except LookupError:  # a charset Python does not know
        content = payload.decode("utf-8", errors="replace")
    if part.get_content_type() == "text/html":
        content = html_text(content)
    return "\n".join(SPACES.sub(" ", line).strip() for line in content.splitlines()).strip()


def _body_part(message: Message) -> Message | None:
    """The part a mail reader shows: the first plain text part that is not an attachment,
    else the first HTML one; parts of an attached message are not the body."""
    found: dict[str, Message] = {}
    for part in _inline_parts(message):
        kind = part.get_content_type()
        if kind in PREFERRED and kind not in found:
            found[kind] = part
    for kind in PREFERRED:
        if kind in found:
            return found[kind]
    return None


def _inline_parts(part: Message) -> Iterator[Message]:
    if _is_attachment(part):
        return
    if part.is_multipart():
        if part.get_content_maintype() == "message":
            return
        payload = part.get_payload()
        for sub in payload if isinstance(payload, list) else ():
            if isinstance(sub, Message):
                yield from _inline_parts(sub)
        return
    yield part


def _is_attachment(part: Message) -> bool:
    disposition = part.get("Content-Disposition")
    return disposition is not None and str(disposition).split(";")[0].strip().lower() == (
        "attachment"
    )


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "head", "title"):
            self.skipping += 1
        elif tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "head", "title"):
            self.skipping = max(0, self.skipping - 1)
        elif tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def html_text(markup: str) -> str:
    """The text of an HTML body, a line per block."""
    parser = _Text()
    parser.feed(markup)
    parser.close()
    return html.unescape("".join(parser.parts))
