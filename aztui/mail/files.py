"""E-mails from files: one ``.eml`` message, or an mbox of many (a mail client's export), for
``aztui import`` and the inbox folder."""

from __future__ import annotations

import mailbox
from collections.abc import Iterator
from pathlib import Path

MAIL_SUFFIXES = frozenset({".eml", ".mbox"})


def is_mail_file(path: Path) -> bool:
    return path.suffix.lower() in MAIL_SUFFIXES


def messages(path: Path) -> Iterator[bytes]:
    """The raw messages of ``path``, in the file's order."""
    if path.suffix.lower() == ".eml":
        yield path.read_bytes()
        return
    box = mailbox.mbox(path, create=False)
    try:
        for key in box.iterkeys():
            yield box.get_bytes(key)
    finally:
        box.close()
