"""The IMAP source's tests run against a real Dovecot (``imap_dovecot.py``); their helpers are
importable as this folder is put on ``sys.path`` (pytest imports the test files by path)."""

from __future__ import annotations

import sys
from pathlib import Path

if str(Path(__file__).parent) not in sys.path:
    sys.path.append(str(Path(__file__).parent))

from imap_dovecot import imap_server, mailbox, reader, run  # noqa: F401 - fixtures
