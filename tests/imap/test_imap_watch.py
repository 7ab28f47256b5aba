"""``aztui watch`` listens to the mailbox with IDLE: an e-mail is read as it arrives, not at the
next sync someone runs. The daemon runs as a process, with the real ``read_mail``: the e-mail
delivered is not Amazon's, so it is counted as refused, which its log line says."""

from __future__ import annotations

import signal
import threading

from imap_dovecot import Mailbox
from imap_messages import message

from tests.notify.test_watch import start
from tests.ports import refused_port
from tests.waiting import PATIENCE, wait_until

PASSWORD_VARIABLE = "AZTUI_TEST_WATCH_PASSWORD"
REFUSED = "0 e-mail(s) recorded, 1 refused (not signed by Amazon) (1 e-mail(s) in 1 folder(s))"


def mail_table(mailbox: Mailbox) -> str:
    server = mailbox.server
    return (
        "[sources.mail]\n"
        f'credentials = {{ env = "{PASSWORD_VARIABLE}" }}\n'
        "[sources.mail.options]\n"
        f'host = "{server.host}"\nport = {server.tls_port}\n'
        f'username = "{mailbox.user}"\ncafile = "{server.cafile}"\n'
    )


def test_watch_reads_an_e_mail_as_it_arrives(tmp_path, mailbox: Mailbox, monkeypatch):
    monkeypatch.setenv(PASSWORD_VARIABLE, mailbox.server.password)
    process = start(tmp_path, "watch", config=mail_table(mailbox))
    lines: list[str] = []
    stream = process.stderr
    assert stream is not None
    reader = threading.Thread(target=lambda: lines.extend(stream), daemon=True)
    reader.start()
    try:
        wait_until(
            lambda: any("source mail: synced: nothing new (0 e-mail(s)" in ln for ln in lines),
            lambda: "the first sync, at start:\n" + "".join(lines),
        )
        wait_until(
            lambda: any("IDLE" in commands for commands in mailbox.sessions().values()),
            "the daemon's IDLE in Dovecot's raw log",
        )
        mailbox.deliver(message("html", "402-0000001-0000001"))
        wait_until(
            lambda: any(REFUSED in ln for ln in lines),
            lambda: "the e-mail read as it arrived:\n" + "".join(lines),
        )
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(PATIENCE)
        reader.join(PATIENCE)
    out = "".join(lines)
    assert process.returncode == 0, out
    assert out.strip().endswith("stopped")
    assert "source mail: listening for news" in out
    assert mailbox.server.password not in out


def test_a_mailbox_that_is_down_is_told_and_the_daemon_goes_on(tmp_path, mailbox, monkeypatch):
    monkeypatch.setenv(PASSWORD_VARIABLE, mailbox.server.password)
    with refused_port() as port:
        table = mail_table(mailbox).replace(f"port = {mailbox.server.tls_port}", f"port = {port}")
        process = start(tmp_path, "watch", config=table)
        lines: list[str] = []
        stream = process.stderr
        reader = threading.Thread(target=lambda: lines.extend(stream), daemon=True)
        reader.start()
        try:
            failed = "source mail: waiting for news failed: MailboxUnavailable"
            wait_until(  # told, then tried again after its first wait (5 s)
                lambda: sum(failed in ln for ln in lines) >= 2,
                lambda: "the listener's failure told twice:\n" + "".join(lines),
            )
        finally:
            process.send_signal(signal.SIGTERM)
            process.wait(PATIENCE)
            reader.join(PATIENCE)
    assert process.returncode == 0, "".join(lines)
    assert "".join(lines).strip().endswith("stopped")
