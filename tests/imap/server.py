"""A real Dovecot for the tests (``.ci/dovecot.sh``), and a mailbox on it for each test.

The test side talks to Dovecot with the standard library's ``imaplib``, not with the plugin's
own client, so that what is delivered and what is checked does not depend on the code under
test. What the source did is read from the server itself: its raw log of the commands each
session sent (after login, so never a password), the line it logs when a session ends (how
many message bodies it sent), and its ``mail_log`` of any change to a message or a folder.
"""

from __future__ import annotations

import imaplib
import json
import os
import re
import ssl
import uuid
from dataclasses import dataclass
from pathlib import Path

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
