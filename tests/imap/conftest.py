"""Fixtures for the tests against a real IMAP server (``tests/imap/server.py``)."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime
from email import message_from_bytes
from pathlib import Path

import aztui_source_imap.source as imap_source
import pytest

from aztui.domain.model import Order
from aztui.mail import MailReading
from tests.cli_env import cli_on_store
from tests.imap.server import VARIABLE, ImapServer, Mailbox, dovecot_installed

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def imap_server() -> Iterator[ImapServer]:
    """The Dovecot of ``AZTUI_TEST_IMAP`` (``.ci/run`` starts one); without it, one started
    here for this session (each pytest-xdist worker has its own) and stopped after.

    Under CI it is never skipped: a missing server fails."""
    value = os.environ.get(VARIABLE)
    started: ImapServer | None = None
    if not value:
        if os.environ.get("CI"):
            pytest.fail(f"CI must provide Dovecot: {VARIABLE} is not set (.ci/run sets it)")
        if not dovecot_installed():
            pytest.skip(
                "no Dovecot: apt-get install dovecot-imapd, then run the tests again "
                f'(or export {VARIABLE}="$(bash .ci/dovecot.sh)")'
            )
        done = subprocess.run(
            ["bash", str(REPO / ".ci" / "dovecot.sh")], capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        value = done.stdout
        started = ImapServer.from_json(value)
    server = ImapServer.from_json(value)
    yield server
    if started is not None:
        subprocess.run(
            ["dovecot", "-c", str(started.folder / "dovecot.conf"), "stop"],
            capture_output=True,
            check=False,
            env={**os.environ, "PATH": os.environ.get("PATH", "") + os.pathsep + "/usr/sbin"},
        )
        with contextlib.suppress(OSError, ValueError):
            os.kill(int((started.folder / "oauth.pid").read_text()), signal.SIGTERM)
        shutil.rmtree(started.folder, ignore_errors=True)


@pytest.fixture
def mailbox(imap_server: ImapServer) -> Mailbox:
    """A fresh, empty mailbox (a user of its own) on the test server."""
    return Mailbox.fresh(imap_server)


class FakeReader:
    """Stands for ``aztui.mail.read_mail``: what it was handed, in order."""

    def __init__(self) -> None:
        self.calls: list[tuple[bytes, str]] = []

    def __call__(self, raw: bytes, *, settings, zone, dns=None, folder_role="inbox"):
        self.calls.append((raw, folder_role))
        order_id = message_from_bytes(raw)["X-Test-Order"]
        if order_id is None:
            return MailReading("unrecognised", (), "key", "fingerprint", "no pattern")
        order = Order(order_id=order_id, purchase_date=datetime(2026, 11, 25, tzinfo=UTC))
        return MailReading("recorded", (order,), f"<{order_id}>", None, "test")


@pytest.fixture
def reader(monkeypatch: pytest.MonkeyPatch) -> FakeReader:
    fake = FakeReader()
    monkeypatch.setattr(imap_source, "read_mail", fake)
    return fake


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture):
    return cli_on_store(tmp_path, monkeypatch, capsys)
