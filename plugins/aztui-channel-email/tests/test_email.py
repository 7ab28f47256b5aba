"""The ``email`` channel against a real SMTP server (aiosmtpd) on 127.0.0.1.

Each test starts its own server on a free port: STARTTLS with a certificate from a throwaway
CA (trustme), implicit TLS, or plain text; logins go through an authenticator that knows one
user. The channel only ever sees the CA through its ``ca_file`` option, as a seller's private
relay would be configured.
"""

from __future__ import annotations

import asyncio
import email
import email.policy
import ssl
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pluggy
import pytest
import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from aztui_channel_email import plugin
from aztui_channel_email.channel import EmailChannel, message_id
from aztui_channel_email.options import EmailOptions
from pydantic import ValidationError

from aztui import hookspecs
from aztui.channels import Alert, ChannelContext, ChannelSpec, Delivery, Severity, Unavailable
from aztui.hookspecs import resolved
from aztui.testing import PATIENCE, refused_port

USER, PASSWORD = "boutique", "s3cret-Mot-de-passe"

ALERT = Alert(
    id="deadline:claim_response:AZ-1:6h",
    kind="deadline_window",
    severity=Severity.CRITICAL,
    title="Réclamation A-à-z : répondre avant 18 h",
    body="La réclamation de la commande 402-1 attend votre réponse. Ça presse, évitez l'échec.",
    created_at=datetime(2025, 3, 4, 8, 0, tzinfo=UTC),
    order_id="402-1234567-1234567",
    subject="AZ-1",
    rule="claim_response",
    due=datetime(2025, 3, 4, 17, 0, tzinfo=UTC),
    link="https://sellercentral.amazon.fr/gp/guarantee-claims/home.html",
)


# --- the server -------------------------------------------------------------------------


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    message: email.message.EmailMessage
    authenticated: bool
    over_tls: bool


@dataclass
class Recorder:
    """An aiosmtpd handler: keeps what arrives, refuses the recipients it is told to."""

    refuse: dict[str, str] = field(default_factory=dict)
    """recipient → the answer to its RCPT (``"550 5.1.1 No such user"``)."""
    hold: threading.Event | None = None
    """DATA is answered only once this is set (a server slower than any timeout)."""
    received: list[Received] = field(default_factory=list)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.hold is not None:
            await asyncio.to_thread(self.hold.wait, PATIENCE)
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.received.append(
            Received(
                envelope.mail_from,
                list(envelope.rcpt_tos),
                parsed,
                bool(session.authenticated),
                session.ssl is not None
                or server.transport.get_extra_info("sslcontext") is not None,
            )
        )
        return "250 Message accepted for delivery"


def authenticator(server, session, envelope, mechanism, auth_data) -> AuthResult:
    ok = (
        isinstance(auth_data, LoginPassword)
        and auth_data.login == USER.encode()
        and auth_data.password == PASSWORD.encode()
    )
    return AuthResult(success=ok, handled=False)


class FreePortController(Controller):
    """Binds port 0 and learns the port the system chose (aiosmtpd's start-up check
    connects to ``self.port``, so it must be the real one by then)."""

    def _trigger_server(self):
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


@pytest.fixture(scope="session")
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture(scope="session")
def server_tls(ca: trustme.CA) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1", "localhost").configure_cert(context)
    return context


@pytest.fixture(scope="session")
def ca_file(ca: trustme.CA, tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("email-ca") / "ca.pem"
    ca.cert_pem.write_to_path(str(path))
    return str(path)


@pytest.fixture
def serve() -> Iterator[Callable[..., FreePortController]]:
    started: list[FreePortController] = []

    def start(handler: Recorder, **kwargs: Any) -> FreePortController:
        controller = FreePortController(
            handler, hostname="127.0.0.1", port=0, ready_timeout=PATIENCE, **kwargs
        )
        controller.start()
        started.append(controller)
        return controller

    yield start
    for controller in started:
        controller.stop()


@pytest.fixture
def starttls_server(serve, server_tls) -> tuple[Recorder, int]:
    """Submission as providers run it: STARTTLS required, login only over TLS."""
    handler = Recorder()
    controller = serve(
        handler,
        tls_context=server_tls,
        require_starttls=True,
        authenticator=authenticator,
        auth_require_tls=True,
    )
    return handler, controller.port


@pytest.fixture
def plain_server(serve) -> tuple[Recorder, int]:
    """A relay on this machine: no TLS, no login."""
    handler = Recorder()
    return handler, serve(handler).port


def channel(
    secrets: dict[str, str] | None = None, language: str = "fr", **options: Any
) -> EmailChannel:
    options = {
        "host": "127.0.0.1",
        "sender": "Boutique Dupont <alertes@boutique.fr>",
        "recipients": ["vendeur@boutique.fr"],
        **options,
    }
    return EmailChannel(ChannelContext("mail", EmailOptions(**options), secrets or {}, language))


# --- registration -----------------------------------------------------------------------


def test_registers_the_email_channel_through_the_hook() -> None:
    specs: list[ChannelSpec] = []
    plugin.aztui_register_channels(specs.append)
    assert len(specs) == 1
    spec = specs[0]
    assert (spec.type, resolved(spec.factory), spec.options) == (
        "email",
        EmailChannel,
        EmailOptions,
    )
    assert (spec.secrets, spec.optional_secrets) == ((), ("password",))  # only with a login
    assert spec.timeout_seconds == 30


def test_registers_through_pluggy() -> None:
    manager = pluggy.PluginManager("aztui")
    manager.add_hookspecs(hookspecs)
    manager.register(plugin)
    specs: list[ChannelSpec] = []
    manager.hook.aztui_register_channels(register=specs.append)
    assert [spec.type for spec in specs] == ["email"]


# --- delivery ---------------------------------------------------------------------------


async def test_starttls_login_and_the_message_as_it_arrives(starttls_server, ca_file):
    handler, port = starttls_server
    mail = channel(
        {"password": PASSWORD},
        port=port,
        username=USER,
        ca_file=ca_file,
        recipients=["vendeur@boutique.fr", "associé@boutique.fr"],
    )

    assert await mail.send(ALERT) == Delivery.ok()

    [got] = handler.received
    assert got.authenticated and got.over_tls
    assert got.mail_from == "alertes@boutique.fr"
    assert got.rcpt_tos == ["vendeur@boutique.fr", "associé@boutique.fr"]
    message = got.message
    assert message["Subject"] == "[aztui] Réclamation A-à-z : répondre avant 18 h"
    assert message["From"] == "Boutique Dupont <alertes@boutique.fr>"
    assert message["To"] == "vendeur@boutique.fr, associé@boutique.fr"
    assert message["Message-ID"] == message_id(ALERT.id)
    assert message["Message-ID"].startswith("<deadline.claim_response.AZ-1.6h.")
    assert message["Message-ID"].endswith("@aztui>")
    assert message["X-Aztui-Alert-Id"] == ALERT.id
    assert message["Date"] is not None and message["Date"].datetime.tzinfo is not None
    assert message.get_content_type() == "text/plain"
    assert message.get_content_charset() == "utf-8"
    body = message.get_content()
    assert body.startswith(ALERT.body)
    for line in (
        "Échéance : 04/03/2025 18:00 CET",  # the seller's zone, as French writes it
        "Commande : 402-1234567-1234567",
        "Concerne : AZ-1",
        f"Lien : {ALERT.link}",
        "Gravité : critique",
    ):
        assert line in body.splitlines()
    assert PASSWORD not in envelope_text(got)


def envelope_text(got: Received) -> str:
    return got.message.as_string()


async def test_english_labels_and_no_prefix(plain_server):
    handler, port = plain_server
    mail = channel(language="en", port=port, security="none", subject_prefix="")
    assert (await mail.send(ALERT)).delivered
    message = handler.received[0].message
    assert message["Subject"] == ALERT.title
    lines = message.get_content().splitlines()
    assert "Due: 2025-03-04 18:00 CET" in lines and "Severity: critical" in lines


async def test_the_same_alert_twice_is_the_same_message(plain_server):
    handler, port = plain_server
    mail = channel(port=port, security="none")
    assert (await mail.send(ALERT)).delivered
    assert (await mail.send(ALERT)).delivered
    first, second = (got.message for got in handler.received)
    assert first["Message-ID"] == second["Message-ID"]


def test_message_ids_keep_sanitised_alerts_apart():
    assert message_id("a:b") != message_id("a/b")
    assert message_id("a:b") == message_id("a:b")
    assert message_id("risk:é ü").endswith("@aztui>")
    assert "\n" not in message_id("x\ny")


async def test_implicit_tls_with_login(serve, server_tls, ca_file):
    handler = Recorder()
    # The connection is TLS from the first byte, but aiosmtpd only counts STARTTLS as TLS.
    controller = serve(
        handler, ssl_context=server_tls, authenticator=authenticator, auth_require_tls=False
    )
    mail = channel(
        {"password": PASSWORD}, port=controller.port, security="tls", username=USER, ca_file=ca_file
    )
    assert await mail.send(ALERT) == Delivery.ok()
    [got] = handler.received
    assert got.authenticated and got.message["X-Aztui-Alert-Id"] == ALERT.id


async def test_plain_text_to_a_local_relay(plain_server):
    handler, port = plain_server
    assert await channel(port=port, security="none", host="localhost").send(ALERT) == Delivery.ok()
    [got] = handler.received
    assert not got.over_tls and not got.authenticated
    assert "évitez l'échec" in got.message.get_content()


# --- failures ---------------------------------------------------------------------------


async def test_a_wrong_password_is_refused_for_good(starttls_server, ca_file):
    handler, port = starttls_server
    mail = channel({"password": "wrong-password"}, port=port, username=USER, ca_file=ca_file)
    delivery = await mail.send(ALERT)
    assert not delivery.delivered and delivery.retry is False
    assert "refused the login of 'boutique'" in delivery.reason and "535" in delivery.reason
    assert "wrong-password" not in delivery.reason
    assert handler.received == []


async def test_the_password_never_shows_even_when_the_server_echoes_it(serve, server_tls, ca_file):
    def echo(server, session, envelope, mechanism, auth_data):
        return AuthResult(
            success=False,
            handled=False,
            message=f"535 5.7.8 bad password {auth_data.password.decode()}",
        )

    controller = serve(Recorder(), tls_context=server_tls, authenticator=echo)
    delivery = await channel(
        {"password": PASSWORD}, port=controller.port, username=USER, ca_file=ca_file
    ).send(ALERT)
    assert not delivery.delivered and delivery.retry is False
    assert PASSWORD not in delivery.reason and "bad password ***" in delivery.reason


async def test_a_temporary_login_failure_is_retried(serve, server_tls, ca_file):
    def busy(server, session, envelope, mechanism, auth_data):
        return AuthResult(
            success=False, handled=False, message="454 4.7.0 Temporary authentication failure"
        )

    controller = serve(Recorder(), tls_context=server_tls, authenticator=busy)
    delivery = await channel(
        {"password": PASSWORD}, port=controller.port, username=USER, ca_file=ca_file
    ).send(ALERT)
    assert not delivery.delivered and delivery.retry is True and "454" in delivery.reason


async def test_login_without_tls_on_a_server_that_requires_it(starttls_server):
    handler, port = starttls_server
    mail = channel({"password": PASSWORD}, port=port, security="none", username=USER)
    delivery = await mail.send(ALERT)
    assert not delivery.delivered and delivery.retry is False
    assert "offers no login" in delivery.reason and 'security = "starttls"' in delivery.reason
    assert PASSWORD not in delivery.reason
    assert handler.received == []


def test_a_username_without_a_password_makes_the_channel_unavailable(ca_file):
    with pytest.raises(Unavailable) as unavailable:
        channel(username=USER, ca_file=ca_file)
    assert str(unavailable.value) == (
        "no password for the login in options.username: set AZTUI_CHANNEL_MAIL_PASSWORD or "
        "password in the channel's secrets_file; its alerts wait in the outbox"
    )
    assert USER not in str(unavailable.value)


async def test_an_untrusted_certificate(starttls_server):
    _, port = starttls_server
    delivery = await channel(port=port).send(ALERT)  # the system's CAs, not ours
    assert not delivery.delivered and delivery.retry is True
    assert "not trusted" in delivery.reason and "ca_file" in delivery.reason


async def test_starttls_on_a_server_without_it(plain_server, ca_file):
    _, port = plain_server
    delivery = await channel(port=port, ca_file=ca_file).send(ALERT)
    assert not delivery.delivered and delivery.retry is False
    assert "does not offer STARTTLS" in delivery.reason


async def test_server_down_is_retried():
    with refused_port() as port:
        delivery = await channel(port=port, security="none").send(ALERT)
    assert not delivery.delivered and delivery.retry is True
    assert "refused the connection" in delivery.reason


async def test_a_refused_recipient_is_not_retried(serve):
    handler = Recorder(refuse={"vendeur@boutique.fr": "550 5.1.1 No such user"})
    controller = serve(handler)
    delivery = await channel(port=controller.port, security="none").send(ALERT)
    assert not delivery.delivered and delivery.retry is False
    assert "vendeur@boutique.fr (550 5.1.1 No such user)" in delivery.reason
    assert handler.received == []


async def test_a_temporary_refusal_is_retried(serve):
    handler = Recorder(refuse={"vendeur@boutique.fr": "451 4.3.0 Try again later"})
    controller = serve(handler)
    delivery = await channel(port=controller.port, security="none").send(ALERT)
    assert not delivery.delivered and delivery.retry is True and "451" in delivery.reason


async def test_some_recipients_refused(serve):
    handler = Recorder(refuse={"ancien@boutique.fr": "550 5.1.1 No such user"})
    controller = serve(handler)
    mail = channel(
        port=controller.port,
        security="none",
        recipients=["vendeur@boutique.fr", "ancien@boutique.fr"],
    )
    delivery = await mail.send(ALERT)
    assert not delivery.delivered and delivery.retry is False
    assert "ancien@boutique.fr (550" in delivery.reason
    assert [got.rcpt_tos for got in handler.received] == [["vendeur@boutique.fr"]]


async def test_a_slow_server_times_out(serve):
    answer = threading.Event()  # the server answers once the client has given up
    controller = serve(Recorder(hold=answer))
    mail = channel(port=controller.port, security="none", timeout_seconds=0.3)
    try:
        delivery = await mail.send(ALERT)
    finally:
        answer.set()
    assert not delivery.delivered and delivery.retry is True
    assert "did not answer within 0.3 s" in delivery.reason


@dataclass
class HangsOnQuit(Recorder):
    quit: threading.Event = field(default_factory=threading.Event)
    """QUIT is answered only once this is set."""

    async def handle_QUIT(self, server, session, envelope):
        await asyncio.to_thread(self.quit.wait, PATIENCE)
        return "221 Bye"


async def test_a_server_hanging_after_taking_the_message_still_counts_as_sent(serve):
    handler = HangsOnQuit()
    controller = serve(handler)
    # The whole send has this long; all of it up to QUIT must fit, even on a loaded machine.
    mail = channel(port=controller.port, security="none", timeout_seconds=5)
    try:
        assert await mail.send(ALERT) == Delivery.ok()  # sending again would send it twice
    finally:
        handler.quit.set()
    assert len(handler.received) == 1


# --- options ----------------------------------------------------------------------------


def test_option_defaults():
    options = EmailOptions(
        host="smtp.example.com", sender="a@example.com", recipients=["b@example.com"]
    )
    assert (
        options.port,
        options.security,
        options.subject_prefix,
        options.timeout_seconds,
        options.username,
        options.ca_file,
    ) == (587, "starttls", "[aztui]", 30, None, None)
    assert (
        EmailOptions(
            host="smtp.example.com",
            security="tls",
            sender="a@example.com",
            recipients=["b@example.com"],
        ).port
        == 465
    )


def errors(**options: Any) -> str:
    with pytest.raises(ValidationError) as caught:
        EmailOptions(
            **{
                "host": "smtp.example.com",
                "sender": "a@example.com",
                "recipients": ["b@example.com"],
                **options,
            }
        )
    return str(caught.value)


@pytest.mark.parametrize(
    "bad",
    [
        "not-an-address",
        "a@b",
        "a b@example.com",
        "@example.com",
        "a@example.com, c@example.com",
        "Nom <pas une adresse>",
    ],
)
def test_a_bad_address_is_refused(bad):
    assert "expected an e-mail address" in errors(recipients=["ok@example.com", bad])
    assert "expected an e-mail address" in errors(sender=bad)


def test_no_recipient_unknown_keys_and_bad_hosts():
    assert "recipients" in errors(recipients=[])
    assert "Extra inputs are not permitted" in errors(pasword="x")
    assert "expected a host name" in errors(host="smtp://smtp.example.com")
    assert "security" in errors(security="ssl")
    assert "ca_file" in errors(ca_file="/nowhere/ca.pem")
    assert "less than or equal to 30" in errors(timeout_seconds=120)


def test_no_tls_only_on_this_machine():
    message = errors(security="none")
    assert 'security = "none" is only allowed for a relay on this machine' in message
    assert "in clear" in message
    for host in ("127.0.0.1", "localhost", "::1"):
        assert (
            EmailOptions(
                host=host, security="none", sender="a@example.com", recipients=["b@example.com"]
            ).port
            == 25
        )


def test_security_and_port_that_cannot_match():
    assert 'set security = "tls"' in errors(port=465)
    assert 'set security = "starttls"' in errors(security="tls", port=587)


def test_the_ca_file_is_kept(ca_file: str):
    assert (
        EmailOptions(
            host="smtp.example.com",
            sender="a@example.com",
            recipients=["b@example.com"],
            ca_file=ca_file,
        ).ca_file
        == ca_file
    )
    assert Path(ca_file).is_file()
