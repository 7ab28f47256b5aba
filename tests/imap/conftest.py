"""aztui's own tests of what it reads through the IMAP source (Amazon's e-mails, the app,
``aztui watch``) use the source's Dovecot harness, kept with the plugin
(``plugins/aztui-source-imap/tests/imap_dovecot.py``)."""

from __future__ import annotations

import sys
from pathlib import Path

HARNESS = Path(__file__).resolve().parents[2] / "plugins" / "aztui-source-imap" / "tests"
if str(HARNESS) not in sys.path:
    sys.path.append(str(HARNESS))

from imap_dovecot import imap_server, mailbox, reader, run  # noqa: E402, F401 - fixtures
