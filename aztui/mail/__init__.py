"""Amazon's notification e-mails read into aztui's records (docs/email.md).

``read_mail`` is the one entry point: ``aztui import`` of an ``.eml`` or mbox file, the inbox
folder and the IMAP source plugin all hand it one raw message (RFC 5322 bytes) and write the
records it returns. It trusts a message only when its sender's domain is Amazon's and a DKIM
signature verifies for that domain (or, when the seller says so, the mailbox's own
``Authentication-Results``). Only the kind, ids, amounts, instants and the Message-ID come
out: never a subject, a body, a name or an address.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from aztui.domain.model import Record

RECORDED = "recorded"
REFUSED = "refused"
UNRECOGNISED = "unrecognised"
IGNORED = "ignored"
OUTCOMES = (RECORDED, REFUSED, UNRECOGNISED, IGNORED)

DnsFunc = Callable[..., bytes | None]
"""dkimpy's ``dnsfunc``: ``(name: bytes, timeout: int = 5) -> bytes | None``, the TXT record."""


@dataclass(frozen=True)
class MailSettings:
    """How e-mails are read: from ``[mail]`` in aztui.toml (docs/configuration.md)."""

    trust_authentication_results: bool = False
    """Trust the mailbox's own ``Authentication-Results: … dkim=pass`` for Amazon's domain
    (the seller's mail server is trusted) instead of verifying DKIM here."""
    answers_from: str = "sent"
    """Where the seller's answers to buyers are read: ``sent`` (the seller's Sent folder, read
    with ``folder_role="sent"``) or ``amazon`` (Amazon's copy of the answer)."""
    extra_patterns: Mapping[str, object] = field(default_factory=dict)
    """``[mail.patterns]`` of aztui.toml: patterns added to or replacing the shipped ones."""


@dataclass(frozen=True)
class MailReading:
    """What one e-mail said, to write and to count."""

    outcome: str
    """``recorded``, ``refused`` (not from Amazon, or its DKIM does not verify),
    ``unrecognised`` (Amazon's, but no pattern matches) or ``ignored`` (an Amazon e-mail of a
    kind aztui does not use)."""
    records: tuple[Record, ...]
    """aztui.domain.model records (Claim, BuyerMessage, ReturnRequest, Order…); empty unless
    ``recorded``."""
    key: str
    """The dedupe key: Amazon's own message id where it has one, else the Message-ID."""
    fingerprint: str | None
    """For ``unrecognised``: a fingerprint of the template, without personal data."""
    reason: str
    """One line for the seller; never quotes a subject, a body, a name or an address."""


def read_mail(
    raw: bytes,
    *,
    settings: MailSettings,
    zone: str,
    dns: DnsFunc | None = None,
    folder_role: str = "inbox",
) -> MailReading:
    """Read one raw e-mail into records.

    ``zone`` is the marketplace's time zone (IANA name), for dates written in the body
    without one (a ship-by date); the e-mail's own instants come from its ``Date`` header.
    ``dns`` replaces dkimpy's DNS lookup (tests verify with a test key and no network).
    ``folder_role`` is ``sent`` for the seller's Sent folder (answers through the relay).
    Never raises on a malformed message: it is ``refused`` or ``unrecognised``.
    """
    from aztui.mail.reading import read

    return read(raw, settings=settings, zone=zone, dns=dns, folder_role=folder_role)


__all__ = [
    "IGNORED",
    "OUTCOMES",
    "RECORDED",
    "REFUSED",
    "UNRECOGNISED",
    "DnsFunc",
    "MailReading",
    "MailSettings",
    "read_mail",
]
