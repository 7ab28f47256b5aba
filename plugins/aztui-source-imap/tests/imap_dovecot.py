"""A real Dovecot for the IMAP source's tests (``.ci/dovecot.sh``), a mailbox on it for each
test, and the source's options and ``[sources.mail]`` table pointed at that mailbox. aztui's own
tests of the mail read through this source (``tests/imap/``) use it too.

The test side talks to Dovecot with the standard library's ``imaplib``, not with the plugin's
own client, so that what is delivered and what is checked does not depend on the code under
test. What the source did is read from the server itself: its raw log of the commands each
session sent (after login, so never a password), the line it logs when a session ends (how
many message bodies it sent), and its ``mail_log`` of any change to a message or a folder.
"""

from __future__ import annotations

import contextlib
import imaplib
import json
import os
import re
import shutil
import signal
import ssl
import subprocess
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from email import message_from_bytes
from pathlib import Path

import aztui_source_imap.source as imap_source
import pytest

from aztui.domain.model import Order
from aztui.mail import MailReading

REPO = Path(__file__).resolve().parents[3]

VARIABLE = "AZTUI_TEST_IMAP"
"""What ``.ci/dovecot.sh`` prints: JSON with host, port, tls_port, password, cafile, folder."""


@dataclass(frozen=True)
class ImapServer:
    host: str
    port: int
    """Plain IMAP, where STARTTLS is offered (and a password refused before it)."""
    tls_port: int
    """Implicit TLS, as port 993."""
    password: str
    """Every user name logs in with it: each test takes a name of its own."""
    cafile: Path
    folder: Path
    oauth_url: str
    """The local OAuth 2 server Dovecot asks about XOAUTH2 logins (.ci/oauth_endpoint.py):
    ``rt-<user>`` is a refresh token for ``<user>`` with client id ``aztui-test``;
    ``rot-<user>.seed-<anything>`` starts a chain of rotating ones, each good once."""

    @classmethod
    def from_json(cls, text: str) -> ImapServer:
        data = json.loads(text)
        return cls(
            data["host"],
            int(data["port"]),
            int(data["tls_port"]),
            data["password"],
            Path(data["cafile"]),
            Path(data["folder"]),
            data["oauth_url"],
        )

    def log(self) -> str:
        return (self.folder / "dovecot.log").read_text(errors="replace")


@dataclass
class Mailbox:
    """One user's mailbox on the test server, empty at the start of the test."""

    server: ImapServer
    user: str

    @classmethod
    def fresh(cls, server: ImapServer) -> Mailbox:
        mailbox = cls(server, f"t{uuid.uuid4().hex[:12]}")
        rawlog = server.folder / "rawlog" / mailbox.user
        rawlog.mkdir()
        rawlog.chmod(0o777)  # Dovecot writes there as its own user
        return mailbox

    def client(self) -> imaplib.IMAP4_SSL:
        context = ssl.create_default_context(cafile=str(self.server.cafile))
        imap = imaplib.IMAP4_SSL(
            self.server.host, self.server.tls_port, ssl_context=context, timeout=60
        )
        imap.login(self.user, self.server.password)
        return imap

    def deliver(self, *messages: bytes, folder: str = "INBOX", flags: str | None = None) -> None:
        """Each message appended to ``folder`` (IMAP APPEND), as a mail server delivers."""
        imap = self.client()
        try:
            for raw in messages:
                status, answer = imap.append(quoted(folder), flags, None, raw)
                assert status == "OK", answer
        finally:
            imap.logout()

    def create(self, folder: str) -> None:
        imap = self.client()
        try:
            assert imap.create(quoted(folder))[0] == "OK"
        finally:
            imap.logout()

    def rename(self, folder: str, to: str) -> None:
        imap = self.client()
        try:
            assert imap.rename(quoted(folder), quoted(to))[0] == "OK"
        finally:
            imap.logout()

    def delete(self, folder: str) -> None:
        imap = self.client()
        try:
            assert imap.delete(quoted(folder))[0] == "OK"
        finally:
            imap.logout()

    def flags(self, folder: str = "INBOX") -> dict[int, set[str]]:
        """Each message's flags by UID, read without changing them (``\\Recent`` left out: it
        belongs to the session that sees a message first, not to the message)."""
        imap = self.client()
        try:
            imap.select(quoted(folder), readonly=True)
            status, answer = imap.uid("FETCH", "1:*", "(UID FLAGS)")
            assert status == "OK", answer
        finally:
            imap.logout()
        found: dict[int, set[str]] = {}
        for line in answer:
            if not isinstance(line, bytes):
                continue
            match = re.search(rb"UID (\d+) FLAGS \(([^)]*)\)", line)
            if match:
                found[int(match.group(1))] = set(match.group(2).decode().split()) - {"\\Recent"}
        return found

    def sessions(self) -> dict[str, list[str]]:
        """The commands each session sent after login, by raw log file: ``["EXAMINE INBOX",
        "LOGOUT"]`` (tags and times left out)."""
        found = {}
        for path in sorted((self.server.folder / "rawlog" / self.user).glob("*.in")):
            lines = path.read_text(errors="replace").splitlines()
            found[path.name] = [line.split(" ", 2)[2] for line in lines if line.count(" ") >= 2]
        return found

    def ended_sessions(self) -> list[str]:
        """Dovecot's line for each session of this user that ended (``Logged out in=…
        fetch_body_count=…``)."""
        marker = f"imap({self.user})"
        return [line for line in self.server.log().splitlines() if marker in line and "in=" in line]

    def changes(self) -> list[str]:
        """``mail_log`` lines for this user: a flag changed, a message expunged, copied or
        deleted, a folder deleted or renamed."""
        marker = f"imap({self.user})"
        return [
            line
            for line in self.server.log().splitlines()
            if marker in line and ": Info: " in line and "in=" not in line
        ]


def quoted(name: str) -> str:
    """A folder name as an IMAP quoted string (imaplib sends its arguments as they are)."""
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


def dovecot_installed() -> bool:
    return any(
        Path(folder, "dovecot").is_file()
        for folder in [*os.environ.get("PATH", "").split(os.pathsep), "/usr/sbin"]
    )


# -- fixtures ----------------------------------------------------------------------------


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
def run(aztui_cli):
    """``run(*args)``: ``aztui`` on the test's store (aztui.testing's ``aztui_cli``)."""
    return aztui_cli


# -- the source pointed at a mailbox ---------------------------------------------------------


def options(mailbox: Mailbox, tls: str = "implicit", **more) -> dict:
    server = mailbox.server
    return {
        "host": server.host,
        "port": server.tls_port if tls == "implicit" else server.port,
        "tls": tls,
        "username": mailbox.user,
        "cafile": str(server.cafile),
        "folders": ["INBOX"],
        **more,
    }


PASSWORD_VARIABLE = "AZTUI_TEST_MAIL_PASSWORD"


def configure(tmp_path: Path, mailbox: Mailbox, tls: str = "implicit") -> None:
    server = mailbox.server
    port = server.tls_port if tls == "implicit" else server.port
    (tmp_path / "aztui.toml").write_text(
        "[sources.mail]\n"
        f'credentials = {{ env = "{PASSWORD_VARIABLE}" }}\n'
        "[sources.mail.options]\n"
        f'host = "{server.host}"\nport = {port}\ntls = "{tls}"\n'
        f'username = "{mailbox.user}"\ncafile = "{server.cafile}"\n'
        'folders = ["INBOX", { name = "\\\\Sent", role = "sent" }]\n'
    )


# -- a chain of rotating OAuth refresh tokens (.ci/oauth_endpoint.py) -----------------------

REFRESH_VARIABLE = "AZTUI_TEST_MAIL_REFRESH_TOKEN"
"""Where the tests put a refresh token of the chain (``credentials = { env = … }``)."""


def seed(mailbox: Mailbox) -> str:
    """The first of a chain of rotating refresh tokens for ``mailbox``."""
    return f"rot-{mailbox.user}.seed-{uuid.uuid4().hex}"


def oauth_options(mailbox: Mailbox) -> dict[str, object]:
    server = mailbox.server
    return {
        "host": server.host,
        "port": server.tls_port,
        "username": mailbox.user,
        "cafile": str(server.cafile),
        "login": "oauth2",
        "token_url": f"{server.oauth_url}/token",
        "client_id": "aztui-test",
    }


def configure_oauth(tmp_path: Path, mailbox: Mailbox, credentials: str) -> None:
    lines = [f"{key} = {json.dumps(value)}" for key, value in oauth_options(mailbox).items()]
    (tmp_path / "aztui.toml").write_text(
        f"[sources.mail]\ncredentials = {credentials}\n[sources.mail.options]\n"
        + "\n".join(lines)
        + "\n"
    )


def no_token_in(mailbox: Mailbox, *texts: str) -> None:
    chain = f"rot-{mailbox.user}."  # every token of the chain starts so
    for text in texts:
        assert chain not in text
