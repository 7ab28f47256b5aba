"""The mail source's benchmarks, against a real Dovecot (``.ci/dovecot.sh``).

    uv run python bench/mail.py                  # 10,000 e-mails (about 2 minutes)
    uv run python bench/mail.py --emails 1000    # a quicker look

It uses the Dovecot of ``AZTUI_TEST_IMAP`` when set, else starts one with ``.ci/dovecot.sh``
and stops it after (Debian: ``apt-get install dovecot-imapd``). The e-mails are Amazon's
notifications as the recognition tests build them (bench/mail_corpus.py): a mix of every kind
the recognisers know, some of no known template, some forged, DKIM-signed with the tests' key,
appended (IMAP APPEND) into a fresh mailbox's INBOX. DNS is the only stand-in: the tests' key
is handed to ``read_mail`` as its ``dns`` function, with no network.

(u) first sync: ``aztui sync`` run in this process (the source plugin: fetch, ``read_mail``
    with DKIM, the records written to a fresh SQLite store) against the same e-mails fetched
    with aioimaplib alone (log in, EXAMINE, ``UID FETCH … BODY.PEEK[]`` 200 at a time, as the
    source asks; one ``UID FETCH 1:*`` is far slower in aioimaplib: 57 s for 10,000), best
    of one run before the sync and one after (target ≤ 1.5×). Then what reading alone costs:
    every e-mail through ``read_mail`` in turn on one core, DKIM verification apart.
(v) an incremental sync with nothing new: the IMAP commands its session sent after login,
    read from Dovecot's raw log, per configured folder (target: one round trip per folder).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import io
import os
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parents[1]))
sys.path.insert(
    2, str(Path(__file__).resolve().parents[1] / "plugins" / "aztui-source-imap" / "tests")
)
import aioimaplib
import aztui_source_imap.source as imap_source
from aztui_source_imap.client import FETCH_BATCH
from imap_dovecot import PASSWORD_VARIABLE, VARIABLE, ImapServer, Mailbox, configure
from mail_corpus import corpus
from table import Row, print_table

import aztui.mail.reading as reading
from aztui.cli.main import main as aztui_main
from aztui.mail import MailReading, MailSettings, read_mail
from aztui.mail.batch import POOL_FROM
from tests.mail.mails import dns

REPO = Path(__file__).resolve().parents[1]
ZONE = "Europe/Paris"
APPEND_BATCH = 500
"""Messages appended by one command."""


@contextlib.contextmanager
def dovecot() -> Iterator[ImapServer]:
    """The server of ``AZTUI_TEST_IMAP``, else one started here and stopped after."""
    value = os.environ.get(VARIABLE)
    if value:
        yield ImapServer.from_json(value)
        return
    done = subprocess.run(
        ["bash", str(REPO / ".ci" / "dovecot.sh")], capture_output=True, text=True
    )
    if done.returncode != 0:
        raise SystemExit(f".ci/dovecot.sh failed:\n{done.stderr}")
    server = ImapServer.from_json(done.stdout)
    try:
        yield server
    finally:
        path = os.environ.get("PATH", "") + os.pathsep + "/usr/sbin"
        subprocess.run(
            ["dovecot", "-c", str(server.folder / "dovecot.conf"), "stop"],
            capture_output=True,
            check=False,
            env={**os.environ, "PATH": path},
        )
        with contextlib.suppress(OSError, ValueError):
            os.kill(int((server.folder / "oauth.pid").read_text()), signal.SIGTERM)
        shutil.rmtree(server.folder, ignore_errors=True)


def fresh_mailbox(server: ImapServer) -> Mailbox:
    """A user of its own, without a raw log (it would write every fetched body)."""
    mailbox = Mailbox.fresh(server)
    (server.folder / "rawlog" / mailbox.user).rmdir()
    return mailbox


def append(mailbox: Mailbox, mails: list[bytes]) -> None:
    """Every message into INBOX, ``APPEND_BATCH`` to a command: MULTIAPPEND (RFC 3502) with
    non-synchronising literals (LITERAL+, RFC 7888), which Dovecot offers; imaplib has
    neither, and one APPEND a message takes minutes for 10,000."""
    server = mailbox.server
    context = ssl.create_default_context(cafile=str(server.cafile))
    with (
        socket.create_connection((server.host, server.tls_port), timeout=600) as plain,
        context.wrap_socket(plain, server_hostname=server.host) as tls,
        tls.makefile("rb") as answers,
    ):
        answers.readline()  # the greeting

        def command(tag: bytes, text: bytes) -> None:
            tls.sendall(tag + b" " + text + b"\r\n")
            while not (line := answers.readline()).startswith(tag + b" "):
                if not line:
                    raise SystemExit("Dovecot hung up during the APPEND")
            if not line.startswith(tag + b" OK"):
                raise SystemExit(f"Dovecot refused: {line.decode(errors='replace').strip()}")

        command(b"a", f'LOGIN "{mailbox.user}" "{server.password}"'.encode())
        for start in range(0, len(mails), APPEND_BATCH):
            batch = mails[start : start + APPEND_BATCH]
            literals = b"".join(b" {%d+}\r\n" % len(raw) + raw for raw in batch)
            command(b"b%d" % start, b"APPEND INBOX" + literals)
        command(b"z", b"LOGOUT")


async def plain_fetch(mailbox: Mailbox, count: int) -> tuple[int, int]:
    """Messages 1 to ``count`` of INBOX with aioimaplib alone, ``FETCH_BATCH`` to a
    ``UID FETCH`` as the source asks for them: (messages, bytes)."""
    server = mailbox.server
    context = ssl.create_default_context(cafile=str(server.cafile))
    imap = aioimaplib.IMAP4_SSL(server.host, server.tls_port, timeout=600, ssl_context=context)
    await imap.wait_hello_from_server()
    assert (await imap.login(mailbox.user, server.password)).result == "OK"
    assert (await imap.examine("INBOX")).result == "OK"
    imap.protocol.state = aioimaplib.SELECTED  # aioimaplib does not, after EXAMINE
    fetched = size = 0
    for first in range(1, count + 1, FETCH_BATCH):
        last = min(first + FETCH_BATCH - 1, count)
        response = await imap.uid("fetch", f"{first}:{last}", "(BODY.PEEK[])")
        assert response.result == "OK", response.lines[-1:]
        bodies = [line for line in response.lines if isinstance(line, bytearray)]
        fetched, size = fetched + len(bodies), size + sum(map(len, bodies))
    await imap.logout()
    return fetched, size


def timed_fetch(mailbox: Mailbox, count: int) -> tuple[float, int, int]:
    start = time.perf_counter()
    fetched, size = asyncio.run(plain_fetch(mailbox, count))
    return time.perf_counter() - start, fetched, size


class WithTestDns:
    """``read_mail`` with the tests' key as DNS. An object of a module-level class, so that
    the sync's worker processes (``aztui.mail.batch``) are handed it with this process's key
    (``tests.mail.mails.KeyDns``)."""

    def __init__(self) -> None:
        self.dns = dns

    def __call__(self, raw: bytes, **options) -> MailReading:
        return read_mail(raw, **{**options, "dns": self.dns})


with_test_dns = WithTestDns()


def read_alone(mails: list[bytes]) -> tuple[float, float, Counter[str]]:
    """Every e-mail through ``read_mail`` in turn, on one core: (seconds, of which DKIM
    verification, outcomes)."""
    spent = [0.0]
    verify = reading.dkim_verified

    def timed(*args):
        start = time.perf_counter()
        try:
            return verify(*args)
        finally:
            spent[0] += time.perf_counter() - start

    reading.dkim_verified = timed
    outcomes: Counter[str] = Counter()
    start = time.perf_counter()
    try:
        for raw in mails:
            outcomes[with_test_dns(raw, settings=MailSettings(), zone=ZONE).outcome] += 1
    finally:
        reading.dkim_verified = verify
    return time.perf_counter() - start, spent[0], outcomes


def sync(work: Path) -> tuple[float, str]:
    """``aztui sync`` in this process: (seconds, what it printed)."""
    out = io.StringIO()
    start = time.perf_counter()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        code = aztui_main(["--db", str(work / "store.db"), "sync"])
    elapsed = time.perf_counter() - start
    if code != 0:
        raise SystemExit(f"aztui sync failed ({code}):\n{out.getvalue()}")
    return elapsed, out.getvalue()


def commands_of_next_session(mailbox: Mailbox, work: Path) -> list[str]:
    """The commands the next ``aztui sync`` sends after login, from Dovecot's raw log."""
    folder = mailbox.server.folder / "rawlog" / mailbox.user
    folder.mkdir()
    folder.chmod(0o777)  # Dovecot writes there as its own user
    ended = len(mailbox.ended_sessions())
    sync(work)
    deadline = time.monotonic() + 60
    while len(mailbox.ended_sessions()) <= ended and time.monotonic() < deadline:
        time.sleep(0.05)  # Dovecot logs the session's end once the client has gone
    sessions = mailbox.sessions()
    if len(sessions) != 1:
        raise SystemExit(f"expected one IMAP session in the raw log, found {len(sessions)}")
    return next(iter(sessions.values()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--emails", type=int, default=10_000)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="aztui-mail-bench-"))
    saved = os.getcwd(), dict(os.environ)
    try:
        with dovecot() as server:
            run(server, work, args.emails)
    finally:
        os.chdir(saved[0])
        os.environ.clear()
        os.environ.update(saved[1])
        shutil.rmtree(work, ignore_errors=True)


def run(server: ImapServer, work: Path, count: int) -> None:
    start = time.perf_counter()
    mails, expected = corpus(count)
    made = time.perf_counter() - start
    mailbox = fresh_mailbox(server)
    start = time.perf_counter()
    append(mailbox, mails)
    print(
        f"{count:,} e-mails ({sum(map(len, mails)) / count / 1024:.1f} KiB on average) made "
        f"in {made:.1f} s, appended in {time.perf_counter() - start:.1f} s; "
        f"expected: {dict(sorted(expected.items()))}"
    )
    os.chdir(work)
    os.environ["AZTUI_USER_CONFIG"] = str(work / "none.toml")
    os.environ[PASSWORD_VARIABLE] = server.password
    os.environ["COLUMNS"] = "300"  # the sync's line unwrapped
    for name in ("AZTUI_CONFIG", "AZTUI_DB", "AZTUI_MARKETPLACE"):
        os.environ.pop(name, None)
    configure(work, mailbox)
    with (work / "aztui.toml").open("a") as toml:
        toml.write(f"max_per_sync = {count + 1}\n")  # one sync reads them all

    before, fetched, size = timed_fetch(mailbox, count)
    if fetched != count:
        raise SystemExit(f"aioimaplib fetched {fetched} messages, not {count}")
    imap_source.read_mail = with_test_dns
    try:
        ours, said = sync(work)
    finally:
        imap_source.read_mail = read_mail
    after = timed_fetch(mailbox, count)[0]
    baseline = min(before, after)
    print(said.strip())
    told = f"{expected['recorded']} e-mail(s) recorded, {expected['refused']} refused"
    if told not in said or f"{expected['unrecognised']} unrecognised" not in said:
        raise SystemExit(f"the sync did not read what was expected: {dict(expected)}")
    print(
        f"aioimaplib alone: {before:.2f} s before the sync, {after:.2f} s after "
        f"({size / 2**20:.1f} MiB of messages)"
    )
    alone, dkim_part, outcomes = read_alone(mails)
    if outcomes != expected:
        raise SystemExit(f"read_mail said {dict(outcomes)}, expected {dict(expected)}")
    print(
        f"read_mail alone, one e-mail after another on one core: {alone:.2f} s "
        f"({alone / count * 1000:.2f} ms an e-mail, DKIM verification {dkim_part:.2f} s of "
        f"it); the sync reads them while it fetches, "
        + (f"in {os.cpu_count()} worker processes" if count >= POOL_FROM else "in one thread")
    )

    commands = commands_of_next_session(mailbox, work)
    folders = 2  # configure(): INBOX and the folder marked \\Sent
    examines = sum(1 for c in commands if c.upper().startswith("EXAMINE"))
    print(f"incremental sync, nothing new: {commands}")
    print_table(
        [
            Row(
                f"(u) first sync of {count:,} e-mails into a fresh SQLite store",
                f"aioimaplib fetch {baseline:.2f} s",
                f"{ours:.2f} s",
                f"{ours / baseline:.2f}×",
                "≤ 1.5×",
            ),
            Row(
                "(v) incremental sync, nothing new: IMAP commands after login",
                f"{folders} folders",
                "; ".join(commands),
                f"{examines / folders:g} EXAMINE a folder, {len(commands)} in all",
                "one a folder",
            ),
        ],
        value="ratio / value",
    )


if __name__ == "__main__":
    main()
