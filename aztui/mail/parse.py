"""One raw e-mail opened with the standard library: sender, date, ids and its text.

The text is what a person reads: the ``text/plain`` part of a ``multipart/alternative``, else
the HTML part turned into text (``html.parser``, no other dependency). Transfer encodings
(quoted-printable, base64) and charsets (UTF-8, ISO-8859-1…) are the ``email`` package's.
Nothing read here leaves the mail package but ids, instants and amounts.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.policy import EmailPolicy
from email.utils import getaddresses, parsedate_to_datetime
from html.parser import HTMLParser

BLOCK_TAGS = frozenset(
    {"br", "p", "div", "tr", "li", "ul", "ol", "table", "h1", "h2", "h3", "h4", "td", "th"}
)
SPACES = re.compile(r"[ \t\u00a0]+")


@dataclass(frozen=True, slots=True)
class Mail:
    """What the recognisers read of one e-mail (kept in memory only)."""

    message: EmailMessage
    sender: str
    """The ``From`` address, lower case ("" when there is none or several)."""
    recipients: tuple[str, ...]
    subject: str
    text: str
    date: datetime | None
    message_id: str

    @property
    def sender_domain(self) -> str:
        return self.sender.rpartition("@")[2]


class _ParsedOnce(EmailPolicy):
    """``policy.default``, each header of one message parsed once: the parser and
    ``get_body`` ask for a part's Content-Type a dozen times, and the ``email`` package parses
    it anew each time (over half of what reading an e-mail took)."""

    _parsed: dict[tuple[str, str], str]

    def __init__(self) -> None:
        super().__init__(header_factory=policy.default.header_factory, message_factory=EmailMessage)
        object.__setattr__(self, "_parsed", {})  # a policy's attributes are read-only

    def header_fetch_parse(self, name: str, value: str) -> str:
        key = (name, value)
        found = self._parsed.get(key)
        if found is None:
            found = self._parsed[key] = super().header_fetch_parse(name, value)
        return found


def open_mail(raw: bytes) -> Mail:
    """The e-mail in ``raw`` (RFC 5322 bytes); headers it lacks are empty."""
    message = message_from_bytes(raw, policy=_ParsedOnce())
    assert isinstance(message, EmailMessage)
    return Mail(
        message=message,
        sender=_single_address(message, "From"),
        recipients=tuple(a.lower() for _, a in _addresses(message, "To") if a),
        subject=_header(message, "Subject"),
        text=body_text(message),
        date=_date(message),
        message_id=_header(message, "Message-ID").strip(),
    )


def _header(message: EmailMessage, name: str) -> str:
    try:
        value = message.get(name)
    except (ValueError, IndexError, TypeError):  # a malformed header
        return ""
    return "" if value is None else " ".join(str(value).split())


def _addresses(message: EmailMessage, name: str) -> list[tuple[str, str]]:
    try:
        values = message.get_all(name) or []
    except (ValueError, IndexError, TypeError):
        return []
    return getaddresses([str(v) for v in values])


def _single_address(message: EmailMessage, name: str) -> str:
    found = [a for _, a in _addresses(message, name) if a]
    return found[0].lower() if len(found) == 1 else ""


def _date(message: EmailMessage) -> datetime | None:
    raw = _header(message, "Date")
    if not raw:
        return None
    try:
        when = parsedate_to_datetime(raw)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:  # "-0000": UTC with no zone said (RFC 5322 §3.3)
        return when.replace(tzinfo=UTC)
    return when.astimezone(UTC)


def body_text(message: EmailMessage) -> str:
    """The readable text: the plain part, else the HTML part as text, else ""."""
    try:
        part = message.get_body(preferencelist=("plain", "html"))
        if part is None:
            return ""
        content = part.get_content()
    except (LookupError, ValueError, KeyError, TypeError, AssertionError):
        return ""
    if not isinstance(content, str):
        return ""
    if part.get_content_subtype() == "html":
        content = html_text(content)
    return "\n".join(SPACES.sub(" ", line).strip() for line in content.splitlines()).strip()


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
