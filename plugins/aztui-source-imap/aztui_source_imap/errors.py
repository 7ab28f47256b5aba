"""What makes a sync of the mailbox fail: reported by ``aztui sync``, tried again next time."""

from __future__ import annotations

from aztui.errors import AztuiError


class MailboxUnavailable(AztuiError):
    """The mailbox cannot be read now: unreachable, TLS refused, timed out, a folder missing.
    The sync reports it and tries again next time, from the same cursor."""


class LoginRefused(MailboxUnavailable):
    """The server refused the credentials."""


class TokenRefused(LoginRefused):
    """The provider refused the refresh token: it expired, was revoked, or is another app's."""
