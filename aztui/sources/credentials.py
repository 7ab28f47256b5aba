"""A source's secret that its server replaces, kept so that the source never stops working.

An OAuth 2 server that rotates refresh tokens (RFC 6749 6, OAuth 2.1; Microsoft 365 does)
answers an exchange with a new refresh token, and the one sent may stop working some time
later: a mailbox would then stop syncing weeks after it was set up. A source that is given a
new secret hands it to ``SourceContext.keep_credentials``, built here, which keeps it:

- where it was read, when that is a secret file (``{ file = "path" }``): rewritten whole or
  not at all (``aztui.files.replace_private``), its mode kept; a symbolic link to it stays
  a link, the file it points to is the one rewritten;
- for the rest of the process in every case: ``aztui watch`` and the app sync a source many
  times, each later sync uses the newest secret, even one that could not be written;
- when it cannot be written (an environment variable, a literal in the user's file, a file
  made read-only), a warning names the source and where to put a new secret, never a secret.
  It is told once a process for each source, place and secret read there: a server that
  rotates at every exchange (Microsoft 365) would otherwise repeat it at every sync.
"""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Callable
from pathlib import Path

from aztui.config.schema import SecretRef
from aztui.errors import AztuiError
from aztui.files import printable, replace_private
from aztui.redact import remember

LOG = logging.getLogger("aztui.sources")

Keep = Callable[[str], str | None]
"""Keeps a source's new secret; the warning told when it could not be written, or None."""

_newest: dict[tuple[str, str], str] = {}
"""(source, its secret as read from where the configuration says) → the newest secret its
server gave in this process."""
_told: set[tuple[str, str, str]] = set()
"""(source, where, its secret as read) already warned about in this process."""


def kept_credentials(name: str, where: str | SecretRef, read: str, origin: str) -> tuple[str, Keep]:
    """The secret source ``name`` is to use (the newest its server gave in this process, else
    ``read``, what ``where`` holds) and the ``Keep`` of its next one. ``origin``: the file
    that sets ``[sources.<name>] credentials``."""

    def keep(secret: str) -> str | None:
        remember(secret)
        if secret == _newest.get((name, read), read):
            return None
        _newest[name, read] = secret
        why = _write(where, read, secret, origin)
        if why is None:
            return None
        place, what = why
        warning = (
            f"source {name}: its server gave a new secret (an OAuth server rotating the "
            f"refresh token), which aztui uses while it runs but cannot keep: {what}. The "
            f"one kept may stop working: put a new one in {place}"
        )
        if not isinstance(where, SecretRef) or where.env is not None:
            warning += (
                ', or keep the credentials in a secret file (credentials = { file = "path" }), '
                "which aztui updates itself"
            )
        if (name, place, read) not in _told:
            _told.add((name, place, read))
            LOG.warning("%s", warning)
        return warning

    return _newest.get((name, read), read), keep


def _write(where: str | SecretRef, read: str, secret: str, origin: str) -> tuple[str, str] | None:
    """``secret`` written where ``where`` says; None once written, else where the seller
    should put a new one and why aztui could not."""
    if isinstance(where, str):
        return f"the credentials written in {printable(origin)}", "aztui never edits that file"
    if where.env is not None:
        variable = f"environment variable {where.env}"
        return variable, f"aztui never changes {variable}"
    assert where.file is not None
    shown = f"secret file {printable(where.file)}"
    try:
        return _rewrite(Path(os.path.realpath(where.file)), read, secret, shown)
    except (OSError, AztuiError) as error:
        why = getattr(error, "strerror", None) or str(error)
        return shown, f"it cannot be written ({why})"


def _rewrite(path: Path, read: str, secret: str, shown: str) -> tuple[str, str] | None:
    """The file ``path`` holding ``secret`` instead of ``read``, its last line break kept;
    a file no longer holding ``read`` (the seller or another aztui changed it) is left as
    it is, and so is one made read-only."""
    text = path.read_text(encoding="utf-8")
    stripped = text.rstrip("\r\n")
    if stripped != read:
        return None  # changed since: what is in it now is the seller's, read next time
    if not stat.S_IMODE(path.stat().st_mode) & 0o222 or not os.access(path, os.W_OK):
        return shown, "it is read-only"
    replace_private(path, secret + text[len(stripped) :])
    return None
