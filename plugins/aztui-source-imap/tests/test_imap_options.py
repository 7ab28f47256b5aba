"""The IMAP source's options and the IMAP answers it reads, without a server."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from aztui_source_imap import wire
from aztui_source_imap.options import Folder, MailboxSettingsError, parse_options
from aztui_source_imap.source import CursorError, read_cursor, read_names

from aztui.mail.dns import per_sync_dns

BASE = {"host": "imap.example.com", "username": "shop@example.com"}


def test_defaults_are_implicit_tls_on_993_reading_the_inbox():
    options = parse_options("mail", BASE, None)
    assert (options.port, options.tls, options.folders) == (993, "implicit", (Folder("INBOX"),))
    assert parse_options("mail", {**BASE, "tls": "starttls"}, None).port == 143


def test_gmail_and_microsoft_365_have_their_token_endpoint():
    gmail = {**BASE, "host": "imap.gmail.com", "login": "oauth2", "client_id": "app"}
    assert parse_options("mail", gmail, None).token_url == "https://oauth2.googleapis.com/token"
    office = {**gmail, "host": "outlook.office365.com"}
    assert "login.microsoftonline.com" in str(parse_options("mail", office, None).token_url)


def test_folders_with_their_roles_and_a_relative_cafile():
    options = parse_options(
        "mail",
        {**BASE, "folders": ["INBOX", {"name": "\\Sent", "role": "sent"}], "cafile": "ca.pem"},
        Path("/srv/shop"),
    )
    assert options.folders == (Folder("INBOX"), Folder("\\Sent", "sent"))
    assert options.folders[1].special_use
    assert options.cafile == Path("/srv/shop/ca.pem")


@pytest.mark.parametrize(
    ("change", "said"),
    [
        ({"password": "hunter2-hunter2"}, "options: password: never an option"),
        ({"hots": "x"}, "options: hots: unknown option"),
        ({"host": ""}, "options: host:"),
        ({"tls": "none"}, "options: tls: 'none' is not one of implicit, starttls"),
        ({"port": 0}, "options: port: 0 is not a port number"),
        ({"port": "993"}, "options: port:"),
        ({"username": None}, "options: username:"),
        ({"login": "xoauth2"}, "options: login: 'xoauth2' is not one of password, oauth2"),
        ({"login": "oauth2"}, 'options: token_url: login = "oauth2" needs'),
        ({"login": "oauth2", "token_url": "https://x/token"}, "options: client_id:"),
        ({"folders": []}, "options: folders: a list"),
        ({"folders": ["INBOX", "INBOX"]}, "'INBOX' is listed twice"),
        ({"folders": [{"name": "Sent", "role": "outbox"}]}, "folders[0].role: 'outbox'"),
        ({"folders": [{"name": "Sent", "colour": 1}]}, "folders[0].colour: unknown"),
        ({"timeout_seconds": 0}, "options: timeout_seconds:"),
        ({"mechanism": "plain"}, "options: mechanism: 'plain' is not one of xoauth2, oauthbearer"),
        ({"max_per_sync": 0}, "options: max_per_sync: 0 is not a number of e-mails above 0"),
    ],
)
def test_a_bad_option_is_named(change, said):
    options = {k: v for k, v in {**BASE, **change}.items() if v is not None}
    with pytest.raises(MailboxSettingsError) as refused:
        parse_options("mail", options, None)
    assert str(refused.value).startswith("[sources.mail] options: ")
    assert said in str(refused.value)
    assert "hunter2" not in str(refused.value)


def test_mailbox_names_in_modified_utf7():
    # RFC 3501 5.1.3's own example, and a French Sent folder.
    assert wire.encode_mailbox("~peter/mail/台北/日本語") == "~peter/mail/&U,BTFw-/&ZeVnLIqe-"
    assert wire.encode_mailbox("Éléments envoyés") == "&AMk-l&AOk-ments envoy&AOk-s"
    assert wire.encode_mailbox("R&D") == "R&-D"
    for name in ("~peter/mail/台北/日本語", "Éléments envoyés", "R&D", "INBOX"):
        assert wire.decode_mailbox(wire.encode_mailbox(name)) == name


def test_uid_sets_are_ranges():
    assert wire.uid_set([9, 3, 4, 5]) == "3:5,9"
    assert wire.uid_set([7]) == "7"


def test_answers_read_as_aioimaplib_hands_them_over():
    # Lines as aioimaplib 2.0 returned them from Dovecot 2.3 (tests/imap/test_imap_source.py).
    examine = [
        b"FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)",
        b"OK [PERMANENTFLAGS ()] Read-only mailbox.",
        b"3 EXISTS",
        b"OK [UIDVALIDITY 1796673884] UIDs valid",
        b"OK [UIDNEXT 4] Predicted next UID",
        b"[READ-ONLY] Examine completed (0.001 + 0.000 secs).",
    ]
    assert wire.status_number(examine, "uidvalidity") == 1796673884
    assert wire.status_number(examine, "uidnext") == 4
    listed = [
        b'(\\HasNoChildren \\Sent) "/" Sent',
        b'(\\HasNoChildren \\Archive) "/" "Old mail"',
        b'(\\HasNoChildren) "/" INBOX',
        b"List completed (0.001 + 0.000 secs).",
    ]
    assert wire.special_use_names(listed)["\\sent"] == "Sent"
    assert wire.special_use_names(listed)["\\archive"] == "Old mail"
    assert wire.search_uids([b"2 3", b"Search completed (0.001 + 0.000 secs)."]) == [2, 3]
    assert wire.search_uids([b"Search completed (0.001 + 0.000 secs)."]) == []
    fetched = [
        b"1 FETCH (UID 1 BODY[] {5}",
        bytearray(b"one\r\n"),
        b")",
        b"2 FETCH (BODY[] {5}",
        bytearray(b"two\r\n"),
        b" UID 7)",
        b"3 FETCH (FLAGS (\\Seen))",
        b"Fetch completed (0.001 + 0.000 secs).",
    ]
    assert wire.fetched_messages(fetched) == [(1, b"one\r\n"), (7, b"two\r\n")]


def test_a_cursor_from_elsewhere_is_refused():
    assert read_cursor(None) == {}
    assert read_cursor('{"folders": {"INBOX": [5, 9]}}') == {"INBOX": (5, 9)}
    with pytest.raises(CursorError, match="not one it wrote"):
        read_cursor("2026-11-25T0900.jsonl")
    assert read_names('{"folders": {}}') == {}  # written before names were kept
    assert read_names('{"folders": {}, "names": {"\\\\Sent": "Sent"}}') == {"\\Sent": "Sent"}


def test_a_failed_dns_lookup_stays_failed_for_the_sync():
    asked: list[bytes] = []

    def down(name: bytes, timeout: int = 5) -> bytes | None:
        asked.append(name)
        raise TimeoutError("no answer")

    lookup = per_sync_dns(down)
    for _ in range(3):
        with pytest.raises(TimeoutError):
            lookup(b"s1._domainkey.amazon.com")
    assert asked == [b"s1._domainkey.amazon.com"]


@pytest.mark.parametrize("doc", ["docs/email.md", "plugins/aztui-source-imap/README.md"])
def test_the_documented_example_loads_and_builds_the_source(doc, tmp_path, monkeypatch):

    from aztui.config import load_config

    monkeypatch.setenv("AZTUI_USER_CONFIG", str(tmp_path / "none.toml"))
    text = (Path(__file__).resolve().parents[3] / doc).read_text(encoding="utf-8")
    blocks = [b for b in re.findall(r"```toml\n(.*?)```", text, re.S) if "[sources.mail]" in b]
    assert blocks
    for block in blocks:
        (tmp_path / "aztui.toml").write_text(f'db = "store.db"\n{block}', encoding="utf-8")
        settings = load_config(config_path=tmp_path / "aztui.toml").sources["mail"]
        options = parse_options("mail", settings.options, tmp_path)
        assert options.folders[0] == Folder("INBOX")
        assert Folder("\\Sent", "sent") in options.folders
