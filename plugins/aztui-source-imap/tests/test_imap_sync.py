"""``aztui sync`` with a ``[sources.mail]`` table, against the real Dovecot.

Transport-level: ``read_mail`` is the fake of test_imap_source.py (each message an order
named by its ``X-Test-Order`` header), so what is checked is the source wired into aztui: its
options and secret from the configuration, its cursor kept in the store, its failures told."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from imap_dovecot import PASSWORD_VARIABLE, Mailbox, configure
from imap_messages import message


def orders(tmp_path: Path) -> list[str]:
    with sqlite3.connect(tmp_path / "store.db") as db:
        return [row[0] for row in db.execute("SELECT order_id FROM orders ORDER BY order_id")]


def test_sync_reads_the_mailbox_once(run, tmp_path, mailbox: Mailbox, reader, monkeypatch):
    monkeypatch.setenv(PASSWORD_VARIABLE, mailbox.server.password)
    configure(tmp_path, mailbox, tls="starttls")
    mailbox.deliver(message("alternative", "402-0000001-0000001"))
    mailbox.deliver(message("html", "402-0000002-0000002"), folder="Sent")
    code, out, err = run("sync")
    assert code == 0, err
    assert "mail: synced: 2 order" in out
    assert "; 2 e-mail(s) recorded (2 e-mail(s) in 2 folder(s))" in out
    assert orders(tmp_path) == ["402-0000001-0000001", "402-0000002-0000002"]

    reader.calls.clear()
    code, out, err = run("sync")
    assert code == 0, err
    assert "mail: synced: nothing new (0 e-mail(s) in 2 folder(s)" in out
    assert reader.calls == []

    mailbox.deliver(message("base64", "402-0000003-0000003"))
    code, out, err = run("sync")
    assert code == 0, err
    assert "; 1 e-mail(s) recorded (1 e-mail(s) in 2 folder(s))" in out
    assert len(reader.calls) == 1
    assert mailbox.server.password not in out + err


def test_a_wrong_password_fails_the_source_without_showing_it(
    run, tmp_path, mailbox: Mailbox, reader, monkeypatch
):
    wrong = "Wrong-Secret-of-the-test-9"
    monkeypatch.setenv(PASSWORD_VARIABLE, wrong)
    configure(tmp_path, mailbox)
    mailbox.deliver(message("html", "402-0000001-0000001"))
    code, out, err = run("sync")
    assert "mail: failed: LoginRefused" in out + err
    assert "refused the login" in out + err
    assert wrong not in out + err and mailbox.server.password not in out + err
    assert reader.calls == []
    assert orders(tmp_path) == []
    assert code != 0


def test_the_password_is_never_an_option(run, tmp_path, mailbox: Mailbox, reader, monkeypatch):
    monkeypatch.setenv(PASSWORD_VARIABLE, mailbox.server.password)
    configure(tmp_path, mailbox)
    with (tmp_path / "aztui.toml").open("a") as toml:
        toml.write('password = "Plain-Password-1"\n')
    code, out, err = run("sync")
    assert "Plain-Password-1" not in out + err
    assert "password" in out + err
    assert code != 0


def test_two_mailboxes_are_two_sources_of_type_mail(
    run, tmp_path, mailbox: Mailbox, reader, monkeypatch
):
    """A seller with a mailbox per marketplace: two tables, one plugin, a cursor each."""
    other = Mailbox.fresh(mailbox.server)
    monkeypatch.setenv(PASSWORD_VARIABLE, mailbox.server.password)
    configure(tmp_path, mailbox)
    toml = tmp_path / "aztui.toml"
    one = toml.read_text().replace("[sources.mail", "[sources.shop_fr")
    two = one.replace("[sources.shop_fr", "[sources.shop_de").replace(mailbox.user, other.user)
    toml.write_text(
        one.replace("[sources.shop_fr]\n", '[sources.shop_fr]\ntype = "mail"\n')
        + two.replace("[sources.shop_de]\n", '[sources.shop_de]\ntype = "mail"\n')
    )
    mailbox.deliver(message("alternative", "402-0000001-0000001"))
    other.deliver(message("html", "403-0000002-0000002"))
    code, out, err = run("sync")
    assert code == 0, err
    assert "shop_fr: synced: 1 order" in out and "shop_de: synced: 1 order" in out
    assert orders(tmp_path) == ["402-0000001-0000001", "403-0000002-0000002"]
    other.deliver(message("html", "403-0000003-0000003"))
    code, out, err = run("sync")
    assert "shop_fr: synced: nothing new" in out and "shop_de: synced: 1 order" in out
