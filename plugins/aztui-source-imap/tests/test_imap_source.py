"""The IMAP source against a real Dovecot: TLS both ways, read only, one cursor per folder.

Transport-level: ``read_mail`` is replaced by a fake that records what it was handed and
turns each message into an order named by its ``X-Test-Order`` header, so these tests check
the messages' bytes, folders and roles as the source hands them over, and what it did on the
server; the recognition of Amazon's e-mails is tested on its own (tests/mail)."""

from __future__ import annotations

import asyncio
import json
import logging

import pytest
from aztui_source_imap.errors import LoginRefused, MailboxUnavailable, TokenRefused
from aztui_source_imap.source import ImapSource
from imap_dovecot import Mailbox, options
from imap_messages import SHAPES, message

from aztui.sources import SourceContext
from aztui.testing import PATIENCE, refused_port, wait_until, wait_until_async

WRITES = ("SELECT", "STORE", "EXPUNGE", "COPY", "MOVE", "DELETE", "RENAME", "APPEND", "CLOSE")


def source(mailbox: Mailbox, password: str | None = None, **option) -> ImapSource:
    context = SourceContext(
        "mail",
        None,
        password or mailbox.server.password,
        "FR",
        "Europe/Paris",
        options(mailbox, **option),
    )
    return ImapSource(context)


def order_ids(fetched):
    return [record.order_id for record in fetched.records]


def cursor(fetched):
    return json.loads(fetched.cursor)


def session_commands(mailbox: Mailbox, before: set[str]) -> list[str]:
    """The commands of the one session opened since ``before``, once it has logged out."""

    def ended():
        new = {k: v for k, v in mailbox.sessions().items() if k not in before}
        return new if len(new) == 1 and next(iter(new.values()))[-1:] == ["LOGOUT"] else None

    return next(iter(wait_until(ended, "the source's session in Dovecot's raw log").values()))


async def test_each_folder_read_once_then_one_examine_each(mailbox: Mailbox, reader):
    mailbox.deliver(message("alternative", "402-0000001-0000001"))
    mailbox.deliver(message("html", "402-0000002-0000002"), flags="(\\Seen)")
    mailbox.deliver(message("latin1_qp", "402-0000003-0000003"), folder="Sent")
    flags_before = (mailbox.flags(), mailbox.flags("Sent"))
    mail = source(mailbox, folders=["INBOX", {"name": "\\Sent", "role": "sent"}])

    before = set(mailbox.sessions())
    first = await mail.fetch(None)
    first_session = session_commands(mailbox, before)
    assert sorted(order_ids(first)) == [
        "402-0000001-0000001",
        "402-0000002-0000002",
        "402-0000003-0000003",
    ]
    assert [role for _, role in reader.calls] == ["inbox", "inbox", "sent"]
    assert first.note == "3 e-mail(s) in 2 folder(s)"
    assert (first.recorded_emails, first.refused, first.unrecognised) == (3, 0, {})
    assert any(c.startswith("EXAMINE") for c in first_session)
    assert not [c for c in first_session if c.split()[0] in WRITES]

    reader.calls.clear()
    before = set(mailbox.sessions())
    second = await mail.fetch(first.cursor)
    assert reader.calls == [] and list(second.records) == []
    assert second.note.startswith("0 e-mail(s) in 2 folder(s)")
    assert cursor(second) == cursor(first)
    commands = [c.split()[0] for c in session_commands(mailbox, before)]
    assert commands == ["EXAMINE", "EXAMINE", "LOGOUT"]  # one round trip a folder, no LIST
    assert cursor(first)["names"] == {"\\Sent": "Sent"}

    assert (mailbox.flags(), mailbox.flags("Sent")) == flags_before  # \Seen as it was
    assert flags_before[0][1] == set() and "\\Seen" in flags_before[0][2]
    wait_until(
        lambda: any("fetch_body_count=3" in line for line in mailbox.ended_sessions()),
        "the first sync's end in Dovecot's log, with the 3 bodies it sent",
    )
    assert mailbox.changes() == []  # nothing flagged, copied, expunged or deleted


async def test_a_cursor_without_folder_names_lists_once(mailbox: Mailbox, reader):
    """A cursor stored before the special-use folders' names were kept still works."""
    mailbox.deliver(message("alternative", "402-0000001-0000001"), folder="Sent")
    mail = source(mailbox, folders=["INBOX", {"name": "\\Sent", "role": "sent"}])
    first = await mail.fetch(None)
    older = json.dumps({"folders": cursor(first)["folders"]})
    reader.calls.clear()
    before = set(mailbox.sessions())
    second = await mail.fetch(older)
    assert reader.calls == [] and cursor(second) == cursor(first)
    commands = [c.split()[0] for c in session_commands(mailbox, before)]
    assert commands == ["EXAMINE", "LIST", "EXAMINE", "LOGOUT"]


async def test_a_renamed_special_use_folder_is_found_again(mailbox: Mailbox, reader):
    mailbox.create("Junk")
    mailbox.deliver(message("alternative", "402-0000001-0000001"), folder="Junk")
    mail = source(mailbox, folders=["\\Junk"])
    first = await mail.fetch(None)
    assert order_ids(first) == ["402-0000001-0000001"]
    assert cursor(first)["names"] == {"\\Junk": "Junk"}

    mailbox.rename("Junk", "Spam")
    mailbox.deliver(message("html", "402-0000002-0000002"), folder="Spam")
    before = set(mailbox.sessions())
    second = await mail.fetch(first.cursor)
    assert order_ids(second) == ["402-0000002-0000002"]  # the first is not read again
    assert cursor(second)["names"] == {"\\Junk": "Spam"}
    commands = session_commands(mailbox, before)
    assert commands[:3] == ['EXAMINE "Junk"', 'LIST "" "*"', 'EXAMINE "Spam"']
    assert [c.split()[0] for c in commands[3:]] == ["UID", "UID", "LOGOUT"]


async def test_a_message_travels_byte_for_byte_in_every_shape(mailbox: Mailbox, reader):
    sent = [message(shape, f"402-000000{i}-0000000") for i, shape in enumerate(SHAPES)]
    mailbox.deliver(*sent)
    await source(mailbox).fetch(None)
    assert [raw for raw, _ in reader.calls] == sent


async def test_only_what_arrived_since_is_fetched(mailbox: Mailbox, reader):
    mailbox.deliver(message("alternative", "402-0000001-0000001"))
    mail = source(mailbox)
    first = await mail.fetch(None)
    mailbox.deliver(message("base64", "402-0000009-0000009"))
    reader.calls.clear()
    before = set(mailbox.sessions())
    second = await mail.fetch(first.cursor)
    assert order_ids(second) == ["402-0000009-0000009"]
    fetches = [c for c in session_commands(mailbox, before) if c.startswith("UID FETCH")]
    assert fetches == ["UID FETCH 2 (UID BODY.PEEK[])"]


async def test_unrecognised_e_mails_are_counted_with_their_template(mailbox: Mailbox, reader):
    mailbox.deliver(message("html", "402-0000001-0000001"))
    mailbox.deliver(message("html", "402-0000002-0000002", named=False))
    fetched = await source(mailbox).fetch(None)
    assert order_ids(fetched) == ["402-0000001-0000001"]
    assert fetched.note == "2 e-mail(s) in 1 folder(s)"
    assert (fetched.recorded_emails, fetched.refused) == (1, 0)
    assert fetched.unrecognised == {"fingerprint": 1}


async def test_a_large_mailbox_is_read_in_steps(mailbox: Mailbox, reader):
    ids = [f"402-000000{n}-000000{n}" for n in range(1, 5)]
    mailbox.deliver(*(message("html", order_id) for order_id in ids[:3]))
    mailbox.deliver(message("html", ids[3]), folder="Sent")
    mail = source(mailbox, folders=["INBOX", {"name": "Sent", "role": "sent"}], max_per_sync=2)
    first = await mail.fetch(None)
    assert order_ids(first) == ids[:2]
    assert first.note.endswith("; more to read: run aztui sync again")
    second = await mail.fetch(first.cursor)
    assert sorted(order_ids(second)) == ids[2:]
    assert "more to read" not in second.note
    third = await mail.fetch(second.cursor)
    assert order_ids(third) == [] and len(reader.calls) == 4


async def test_starttls_before_the_password(mailbox: Mailbox, reader):
    mailbox.deliver(message("alternative", "402-0000001-0000001"))
    fetched = await source(mailbox, tls="starttls").fetch(None)
    assert order_ids(fetched) == ["402-0000001-0000001"]

    def logins():
        lines = mailbox.server.log().splitlines()
        found = [line for line in lines if f"Login: user=<{mailbox.user}>" in line]
        return found if len(found) == 2 else None

    # One login to deliver (implicit TLS), one by the source after STARTTLS: both in TLS.
    assert all("TLS" in line for line in wait_until(logins, "both logins in Dovecot's log"))


async def test_a_renumbered_folder_is_read_again(mailbox: Mailbox, reader):
    mailbox.create("Amazon")
    mailbox.deliver(message("html", "402-0000001-0000001"), folder="Amazon")
    mailbox.deliver(message("html", "402-0000002-0000002"), folder="Amazon")
    mail = source(mailbox, folders=["Amazon"])
    first = await mail.fetch(None)
    mailbox.delete("Amazon")
    mailbox.create("Amazon")  # a new UIDVALIDITY, UIDs from 1 again
    mailbox.deliver(message("html", "402-0000003-0000003"), folder="Amazon")
    second = await mail.fetch(first.cursor)
    assert order_ids(second) == ["402-0000003-0000003"]
    before, after = cursor(first), cursor(second)
    assert before["folders"]["Amazon"][0] != after["folders"]["Amazon"][0]
    assert after["folders"]["Amazon"][1] == 1


async def test_a_folder_with_a_name_outside_ascii(mailbox: Mailbox, reader):
    mailbox.create("&AMk-l&AOk-ments envoy&AOk-s")  # "Éléments envoyés", as IMAP writes it
    mailbox.deliver(message("html", "402-0000001-0000001"), folder="&AMk-l&AOk-ments envoy&AOk-s")
    fetched = await source(mailbox, folders=["Éléments envoyés"]).fetch(None)
    assert order_ids(fetched) == ["402-0000001-0000001"]


async def test_no_body_or_password_reaches_a_log_even_at_debug(mailbox: Mailbox, reader, caplog):
    caplog.set_level(logging.DEBUG)
    mailbox.deliver(message("alternative", "402-0000001-0000001"))
    await source(mailbox, tls="starttls").fetch(None)
    assert len(reader.calls) == 1
    assert "acheteur" not in caplog.text and "402-0000001-0000001" not in caplog.text
    assert mailbox.server.password not in caplog.text


async def test_a_wrong_password_is_told_without_its_value(mailbox: Mailbox, reader):
    wrong = "not-the-Password-42"
    with pytest.raises(LoginRefused) as refused:
        await source(mailbox, password=wrong).fetch(None)
    assert "refused the login" in str(refused.value)
    assert wrong not in str(refused.value) and mailbox.server.password not in str(refused.value)
    assert reader.calls == []


async def test_a_mailbox_that_is_down_raises(mailbox: Mailbox, reader):
    with refused_port() as port, pytest.raises(MailboxUnavailable, match="cannot connect"):
        await source(mailbox, port=port).fetch(None)


async def test_tls_against_the_plain_port_fails_clearly(mailbox: Mailbox, reader):
    with pytest.raises(MailboxUnavailable, match="TLS failed"):
        await source(mailbox, port=mailbox.server.port).fetch(None)


async def test_a_certificate_from_an_unknown_authority_is_refused(mailbox: Mailbox, reader):
    with pytest.raises(MailboxUnavailable, match="certificate verify failed"):
        await source(mailbox, cafile=None).fetch(None)  # the usual roots: not the test CA
    assert reader.calls == []


def oauth2(mailbox: Mailbox, mechanism: str = "xoauth2") -> dict:
    return {
        "login": "oauth2",
        "token_url": f"{mailbox.server.oauth_url}/token",
        "client_id": "aztui-test",
        "mechanism": mechanism,
    }


@pytest.mark.parametrize("mechanism", ["xoauth2", "oauthbearer"])
async def test_oauth2_logs_in_with_a_fresh_access_token(mailbox: Mailbox, reader, mechanism):
    mailbox.deliver(message("html", "402-0000001-0000001"))
    login_with = oauth2(mailbox, mechanism)
    fetched = await source(mailbox, password=f"rt-{mailbox.user}", **login_with).fetch(None)
    assert order_ids(fetched) == ["402-0000001-0000001"]
    said = f"Login: user=<{mailbox.user}>, method={mechanism.upper()}"

    def login():
        return [line for line in mailbox.server.log().splitlines() if said in line]

    assert wait_until(login, f"the source's {mechanism} login in Dovecot's log")


async def test_a_refresh_token_the_provider_refuses_is_told_without_it(mailbox: Mailbox, reader):
    refused_token = "expired-refresh-token-123"
    with pytest.raises(TokenRefused, match="invalid_grant") as refused:
        await source(mailbox, password=refused_token, **oauth2(mailbox)).fetch(None)
    assert refused_token not in str(refused.value)


@pytest.mark.parametrize("mechanism", ["xoauth2", "oauthbearer"])
async def test_an_access_token_the_server_refuses_is_told(mailbox: Mailbox, reader, mechanism):
    # A valid token, but another user's: Dovecot's introspection says so and refuses.
    login_with = oauth2(mailbox, mechanism)
    someone_else = source(mailbox, password="rt-someone-else", **login_with)
    with pytest.raises(LoginRefused, match="refused the login") as refused:
        await someone_else.fetch(None)
    assert "rt-someone-else" not in str(refused.value)
    assert reader.calls == []


async def test_idle_tells_of_a_new_message_as_it_arrives(mailbox: Mailbox, reader):
    mailbox.deliver(message("html", "402-0000001-0000001"))
    mail = source(mailbox)
    read = await mail.fetch(None)
    before = set(mailbox.sessions())
    waiting = asyncio.create_task(mail.wait_for_news(read.cursor, patience=PATIENCE))

    def idling():
        new = [v for k, v in mailbox.sessions().items() if k not in before]
        return any("IDLE" in commands for commands in new)

    await wait_until_async(idling, "the source's IDLE in Dovecot's raw log")
    assert not waiting.done()
    mailbox.deliver(message("html", "402-0000002-0000002"))
    assert await asyncio.wait_for(waiting, PATIENCE) is True
    after = await mail.fetch(read.cursor)
    assert order_ids(after) == ["402-0000002-0000002"]
    assert await mail.wait_for_news(read.cursor) is True  # unread mail: no need to wait


async def test_idle_without_news_ends_with_its_patience(mailbox: Mailbox, reader):
    mailbox.deliver(message("html", "402-0000001-0000001"))
    mail = source(mailbox)
    read = await mail.fetch(None)
    assert await mail.wait_for_news(read.cursor, patience=0.5) is False


async def test_idle_watches_every_folder(mailbox: Mailbox, reader):
    """The seller's answer in Sent ends a buyer message's clock: it is waited for too."""
    mail = source(mailbox, folders=["INBOX", {"name": "\\Sent", "role": "sent"}])
    read = await mail.fetch(None)
    before = set(mailbox.sessions())
    waiting = asyncio.create_task(mail.wait_for_news(read.cursor, patience=PATIENCE))

    def idling_twice():
        new = [v for k, v in mailbox.sessions().items() if k not in before]
        return sum("IDLE" in commands for commands in new) >= 2

    await wait_until_async(idling_twice, "an IDLE on each folder in Dovecot's raw log")
    assert not waiting.done()
    mailbox.deliver(message("html", "402-0000003-0000003"), folder="Sent")
    assert await asyncio.wait_for(waiting, PATIENCE) is True
    after = await mail.fetch(read.cursor)
    assert [role for _, role in reader.calls] == ["sent"]
    assert order_ids(after) == ["402-0000003-0000003"]


async def test_a_stopped_wait_ends_even_when_its_cancellation_is_lost(
    mailbox: Mailbox, reader, monkeypatch
):
    """Python 3.11's ``asyncio.wait_for`` loses a cancellation that arrives as the command it
    waits for completes: the wait, stopped right as its EXAMINE is answered, still ends
    (``aztui watch`` stops on SIGTERM) rather than IDLE for all its patience."""
    import aioimaplib

    mail = source(mailbox)
    read = await mail.fetch(None)
    answered = aioimaplib.IMAP4ClientProtocol.simple_command
    waiting: asyncio.Task[bool] | None = None

    async def examine_then_stop(self, name, *args):
        response = await answered(self, name, *args)
        if name == "EXAMINE" and waiting is not None:
            waiting.cancel()  # as the answer completes the command wait_for waits for
        return response

    monkeypatch.setattr(aioimaplib.IMAP4ClientProtocol, "simple_command", examine_then_stop)
    waiting = asyncio.create_task(mail.wait_for_news(read.cursor, patience=3600))
    await asyncio.wait({waiting}, timeout=PATIENCE)
    assert waiting.cancelled()
