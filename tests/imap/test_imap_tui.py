"""The app listens to the mailbox as ``aztui watch`` does: a DKIM-signed claim e-mail delivered
into the real Dovecot shows in the Claims pane while the app runs; a mailbox that is down is
marked in the header, told, and retried, and the app goes on answering."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from imap_dovecot import (
    PASSWORD_VARIABLE,
    REFRESH_VARIABLE,
    Mailbox,
    configure,
    configure_oauth,
    no_token_in,
    seed,
)
from imap_messages import message

from aztui.config import load_config
from aztui.tui.app import AztuiApp
from aztui.tui.panes.claims import ClaimsPane
from tests.imap.test_imap_amazon import test_dns  # noqa: F401 - the fixture
from tests.mail.mails import build
from tests.ports import refused_port
from tests.tui.helpers import Clock, table_rows
from tests.waiting import wait_until_async

NOW = datetime(2026, 11, 10, 9, tzinfo=UTC)
"""A day after the claim e-mail's Date: its response is due."""
CLAIM = "email:114-0000001-0000001:not_received"


def app_for(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AztuiApp:
    monkeypatch.setenv("AZTUI_USER_CONFIG", str(tmp_path / "none.toml"))
    monkeypatch.chdir(tmp_path)
    config = load_config(cli_overrides={"db": str(tmp_path / "store.db")})
    return AztuiApp(config, clock=Clock(NOW), tick_seconds=3600)


def claims(app: AztuiApp) -> dict[str, dict[str, str]]:
    return table_rows(app, ClaimsPane)


@pytest.mark.usefixtures("test_dns", "no_timed_looks")
async def test_a_claim_e_mail_shows_in_the_app_as_it_arrives(
    tmp_path, mailbox: Mailbox, monkeypatch
):
    monkeypatch.setenv(PASSWORD_VARIABLE, mailbox.server.password)
    configure(tmp_path, mailbox)
    app = app_for(tmp_path, monkeypatch)
    async with app.run_test(size=(160, 30)) as pilot:
        assert app.background.sources.start() == ["mail"]
        await wait_until_async(  # the first round read the empty mailbox, then IDLE
            lambda: any("IDLE" in commands for commands in mailbox.sessions().values()),
            "the app's IDLE in Dovecot's raw log",
            pause=pilot.pause,
        )
        await pilot.press("2")
        assert CLAIM not in claims(app)
        notices: list[tuple[str, dict]] = []
        app.notify = lambda message, **kw: notices.append((message, kw))  # type: ignore[method-assign]
        mailbox.deliver(build("en_claim_received.eml"))
        await wait_until_async(
            lambda: CLAIM in claims(app),
            lambda: f"the claim in the Claims pane; it shows {list(claims(app))}",
            pause=pilot.pause,
        )
        assert notices == []
        mailbox.deliver(build("en_claim_received.eml", signer="example.net"))  # forged
        [(told, how)] = await wait_until_async(
            lambda: [(m, kw) for m, kw in notices if kw.get("title") == "E-mails écartés"],
            lambda: f"the forged e-mail told; the app told {notices}",
            pause=pilot.pause,
        )
        assert told.startswith("mail : 1 refusé(s) (non signé(s) par Amazon), 0 non reconnu(s)")
        assert how["severity"] == "warning"
        assert "⚠" not in app.sub_title
        app.background.sources.stop.set()


@pytest.mark.usefixtures("no_timed_looks")
async def test_a_mailbox_that_is_down_is_marked_and_the_app_goes_on(
    tmp_path, mailbox: Mailbox, monkeypatch
):
    monkeypatch.setenv(PASSWORD_VARIABLE, mailbox.server.password)
    with refused_port() as port:
        configure(tmp_path, mailbox)
        toml = tmp_path / "aztui.toml"
        toml.write_text(
            toml.read_text().replace(f"port = {mailbox.server.tls_port}", f"port = {port}")
        )
        app = app_for(tmp_path, monkeypatch)
        async with app.run_test(size=(160, 30)) as pilot:
            notices: list[tuple[str, dict]] = []
            app.notify = lambda message, **kw: notices.append((message, kw))  # type: ignore[method-assign]
            sources = app.background.sources
            rounds: list[str | None] = []
            show = sources.show

            def counted(name: str, why: str | None) -> None:
                rounds.append(why)
                show(name, why)

            sources.show = counted  # type: ignore[method-assign]
            sources.start()
            await wait_until_async(
                lambda: app.sub_title.endswith("· ⚠ mail"),
                lambda: f"the header's mark; it says {app.sub_title!r}",
                pause=pilot.pause,
            )
            await wait_until_async(  # tried again after its first wait (5 s)
                lambda: len(rounds) >= 2, "the listener's second round", pause=pilot.pause
            )
            assert all(why and why.startswith("MailboxUnavailable") for why in rounds)
            assert app.sub_title.endswith("· ⚠ mail")
            [(told, how)] = [
                (m, kw) for m, kw in notices if kw.get("title") == "Boîte aux lettres injoignable"
            ]
            assert told.startswith("mail : MailboxUnavailable")
            assert how["severity"] == "warning"
            await pilot.press("2")  # the app answers while the listener waits to retry
            assert app.query_one(ClaimsPane).display
            assert mailbox.server.password not in told
            app.background.sources.stop.set()


@pytest.mark.usefixtures("test_dns", "no_timed_looks")
async def test_closing_the_app_ends_its_idle_and_logs_out(tmp_path, mailbox: Mailbox, monkeypatch):
    monkeypatch.setenv(PASSWORD_VARIABLE, mailbox.server.password)
    configure(tmp_path, mailbox)
    app = app_for(tmp_path, monkeypatch)

    def idle_sessions() -> list[list[str]]:
        return [c for c in mailbox.sessions().values() if "IDLE" in c]

    async with app.run_test(size=(160, 30)) as pilot:
        assert app.background.sources.start() == ["mail"]
        await wait_until_async(
            lambda: len(idle_sessions()) >= 2,  # INBOX and Sent
            "the app's IDLE on each folder in Dovecot's raw log",
            pause=pilot.pause,
        )
    assert app.background.sources.stop.is_set()
    await wait_until_async(
        lambda: all(c[-1] == "LOGOUT" for c in idle_sessions()),
        lambda: f"each IDLE session ended with LOGOUT; the raw log says {idle_sessions()}",
    )


@pytest.mark.usefixtures("no_timed_looks")
async def test_the_app_tells_a_token_it_cannot_keep(tmp_path, mailbox, reader, monkeypatch):
    """The app's stderr is not seen: the warning is a toast, and its listener, then each
    sync after, logs in with the newest token."""
    monkeypatch.setenv(REFRESH_VARIABLE, seed(mailbox))
    configure_oauth(tmp_path, mailbox, f'{{ env = "{REFRESH_VARIABLE}" }}')
    app = app_for(tmp_path, monkeypatch)
    async with app.run_test(size=(160, 30)) as pilot:
        notices: list[tuple[str, dict]] = []
        app.notify = lambda message, **kw: notices.append((message, kw))
        assert app.background.sources.start() == ["mail"]
        [(told, how)] = await wait_until_async(
            lambda: [(m, kw) for m, kw in notices if kw.get("title") == "Source à surveiller"],
            lambda: f"the warning told; the app told {notices}",
            pause=pilot.pause,
        )
        assert f"put a new one in environment variable {REFRESH_VARIABLE}" in told
        assert how["severity"] == "warning"
        await wait_until_async(  # its rounds went on with the new token: IDLE reached
            lambda: any("IDLE" in commands for commands in mailbox.sessions().values()),
            "the app's IDLE in Dovecot's raw log",
            pause=pilot.pause,
        )
        mailbox.deliver(message("html", "402-0000001-0000001"))
        await wait_until_async(
            lambda: reader.calls, "the e-mail read as it arrived", pause=pilot.pause
        )
        assert "⚠" not in app.sub_title
        app.background.sources.stop.set()
    assert len([m for m, kw in notices if kw.get("title") == "Source à surveiller"]) == 1
    no_token_in(mailbox, *(m for m, _ in notices))
