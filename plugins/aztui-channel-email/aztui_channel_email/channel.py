"""The ``email`` channel: one plain-text message per alert, sent over SMTP with aiosmtplib.

One connection per ``send``; aztui's outbox does the retrying. The ``Message-ID`` comes from
the alert id, so a message sent again after a crash or a lost answer is the same message to a
mail client.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import re
import ssl
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

import aiosmtplib

from aztui.channels import Alert, ChannelContext, Delivery, Unavailable, secret_variable
from aztui.i18n import Catalog, zoned_instant

from .options import EmailOptions, address_of

WORDS = Catalog("aztui_channel_email", Path(__file__).parent / "locale")
"""The message's labels, in the seller's language (``locale/``)."""


def message_id(alert_id: str) -> str:
    """``<deadline.claim_response.AZ-1.6h.1f2e3d4c5b6a@aztui>``: the same for the same alert.

    The readable part keeps what a Message-ID may hold; the hash of the whole id keeps two
    alerts apart when sanitising makes them look alike (``a:b`` and ``a/b``), so a mail client
    never hides a genuine alert as a duplicate.
    """
    readable = re.sub(r"[^A-Za-z0-9_-]+", ".", alert_id).strip(".")[:64].strip(".")
    digest = hashlib.sha256(alert_id.encode()).hexdigest()[:12]
    return f"<{readable}.{digest}@aztui>" if readable else f"<{digest}@aztui>"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def body_text(alert: Alert, language: str, zone: str = "Europe/Paris") -> str:
    """The alert's body, then its facts, one a line, in ``language``; times in ``zone``."""

    def line(key: str, value: str) -> str:
        return WORDS.t("line", language, label=WORDS.t(key, language), value=value)

    lines = [alert.body.rstrip(), ""]
    if alert.due is not None:
        lines.append(line("due", zoned_instant(alert.due, zone, language)))
    if alert.order_id:
        lines.append(line("order", alert.order_id))
    if alert.subject:
        lines.append(line("subject", alert.subject))
    if alert.link:
        lines.append(line("link", alert.link))
    lines.append(line("severity", WORDS.t(f"severity_{alert.severity.value}", language)))
    return "\n".join(lines) + "\n"


def build_message(
    alert: Alert,
    options: EmailOptions,
    language: str = "fr",
    now: datetime | None = None,
    zone: str = "Europe/Paris",
) -> EmailMessage:
    message = EmailMessage()
    title = _one_line(alert.title)
    message["Subject"] = f"{options.subject_prefix} {title}" if options.subject_prefix else title
    message["From"] = options.sender
    message["To"] = ", ".join(options.recipients)
    message["Date"] = format_datetime(now or datetime.now(UTC))
    message["Message-ID"] = message_id(alert.id)
    message["X-Aztui-Alert-Id"] = _one_line(alert.id)
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation replies
    # Quoted-printable: accents survive any relay, with or without 8BITMIME.
    message.set_content(body_text(alert, language, zone), charset="utf-8", cte="quoted-printable")
    return message


class _Stage:
    """Where the exchange got to, for a failure's reason."""

    def __init__(self) -> None:
        self.name = "connect"
        self.refused: dict[str, aiosmtplib.SMTPResponse] = {}


class EmailChannel:
    def __init__(self, context: ChannelContext) -> None:
        self.options: EmailOptions = context.options
        self.password = context.secrets.get("password")
        self.language, self.zone = context.language, context.timezone
        self.name = context.name
        if self.options.username and not self.password:  # its alerts wait for the password
            # the username is not quoted: a secret typed there by mistake would come out
            raise Unavailable(
                "no password for the login in options.username: set "
                f"{secret_variable(self.name, 'password')} or password in the channel's "
                "secrets_file; its alerts wait in the outbox"
            )

    async def send(self, alert: Alert) -> Delivery:
        """Send the alert once; a ``Delivery``, never an exception."""
        options = self.options
        try:
            message = build_message(alert, options, self.language, zone=self.zone)
        except Exception as exc:  # noqa: BLE001 - the same alert would fail the same way
            return Delivery.failed(f"could not write the message: {exc}", retry=False)
        try:
            tls_context = (
                None
                if options.security == "none"
                else ssl.create_default_context(cafile=options.ca_file)
            )
        except (OSError, ValueError) as exc:
            return Delivery.failed(
                f"could not load ca_file {options.ca_file!r}: {exc}", retry=False
            )
        stage = _Stage()
        try:
            async with asyncio.timeout(options.timeout_seconds):
                await self._exchange(message, tls_context, stage)
        except Exception as exc:  # noqa: BLE001 - a channel reports, it does not raise
            if stage.name != "quit":  # past "quit" the server has taken the message
                return self._scrub(_failure(exc, stage.name, options))
        if refused := stage.refused:
            # Some recipients got it, others were refused: report it, but trying again
            # would only help the temporary refusals (and the others get it twice, with
            # the same Message-ID).
            retry = any(400 <= response.code < 500 for response in refused.values())
            listed = "; ".join(
                f"{rcpt} ({response.code} {response.message})" for rcpt, response in refused.items()
            )
            return self._scrub(
                Delivery.failed(
                    f"sent, but the server refused some recipients: {listed}", retry=retry
                )
            )
        return Delivery.ok()

    async def _exchange(
        self, message: EmailMessage, tls_context: ssl.SSLContext | None, stage: _Stage
    ) -> None:
        options = self.options
        client = aiosmtplib.SMTP(
            hostname=options.host,
            port=options.port,
            timeout=options.timeout_seconds,
            use_tls=options.security == "tls",
            start_tls=options.security == "starttls",
            tls_context=tls_context,
        )
        await client.connect()
        try:
            if options.username:
                stage.name = "login"
                await client.login(options.username, self.password or "")
            stage.name = "send"
            stage.refused, _ = await client.send_message(
                message,
                sender=address_of(options.sender),
                recipients=[address_of(r) for r in options.recipients],
            )
            stage.name = "quit"  # sent: whatever QUIT meets changes nothing
            await client.quit()
        finally:
            client.close()

    def _scrub(self, delivery: Delivery) -> Delivery:
        """Never let the password through in a reason, even echoed back by a server."""
        if not self.password or delivery.delivered:
            return delivery
        reason = delivery.reason
        user = self.options.username or ""
        for secret in (
            self.password,
            base64.b64encode(self.password.encode()).decode(),
            base64.b64encode(f"\0{user}\0{self.password}".encode()).decode(),
        ):
            reason = reason.replace(secret, "***")
        return Delivery.failed(reason, retry=delivery.retry)


def _server(options: EmailOptions) -> str:
    return f"{options.host}:{options.port}"


def _answer(exc: aiosmtplib.SMTPResponseException) -> str:
    return f"{exc.code} {_one_line(exc.message)}"


def _failure(exc: Exception, stage: str, options: EmailOptions) -> Delivery:
    """What went wrong, in words, and whether trying again later could help.

    Permanent (5xx) refusals of the login, the sender or the recipients cannot get better by
    themselves, nor can a server that offers no STARTTLS or no login; a refused connection, a
    timeout, a dropped line, a TLS failure or a temporary (4xx) answer may.
    """
    server = _server(options)
    if isinstance(exc, aiosmtplib.SMTPRecipientsRefused):
        codes = [r.code for r in exc.recipients]
        listed = "; ".join(f"{r.recipient} ({_answer(r)})" for r in exc.recipients)
        return Delivery.failed(
            f"{server} refused every recipient: {listed}",
            retry=any(400 <= code < 500 for code in codes),
        )
    if isinstance(exc, aiosmtplib.SMTPAuthenticationError):
        return Delivery.failed(
            f"{server} refused the login of {options.username!r}: {_answer(exc)}",
            retry=not 500 <= exc.code < 600,
        )
    if isinstance(exc, aiosmtplib.SMTPSenderRefused):
        return Delivery.failed(
            f"{server} refused the sender {exc.sender}: {_answer(exc)}",
            retry=not 500 <= exc.code < 600,
        )
    if isinstance(exc, aiosmtplib.SMTPResponseException):
        doing = {"connect": "while connecting", "login": "at login", "send": "while sending"}.get(
            stage, ""
        )
        return Delivery.failed(
            f"{server} answered {_answer(exc)} {doing}", retry=not 500 <= exc.code < 600
        )
    if isinstance(exc, (aiosmtplib.SMTPTimeoutError, TimeoutError)):
        return Delivery.failed(
            f"{server} did not answer within {options.timeout_seconds:g} s ({stage})"
        )
    if isinstance(exc, ssl.SSLCertVerificationError) or isinstance(
        exc.__cause__, ssl.SSLCertVerificationError
    ):
        return Delivery.failed(
            f"the TLS certificate of {server} is not trusted ({exc.__cause__ or exc}); "
            f"for a private relay, point ca_file to the CA that signed it"
        )
    if isinstance(exc, ConnectionRefusedError) or isinstance(exc.__cause__, ConnectionRefusedError):
        return Delivery.failed(
            f"{server} refused the connection (no server running there, or the wrong port)"
        )
    if isinstance(
        exc, (aiosmtplib.SMTPConnectError, aiosmtplib.SMTPServerDisconnected, ssl.SSLError, OSError)
    ):
        hint = ""
        if "WRONG_VERSION_NUMBER" in str(exc) and options.security == "tls":
            hint = ' (no TLS on this port: does it expect security = "starttls"?)'
        return Delivery.failed(f"could not talk to {server}{hint}: {_one_line(str(exc))}")
    if isinstance(exc, aiosmtplib.SMTPNotSupported):
        return Delivery.failed(
            f"{server} lacks what this message needs: {exc.message}", retry=False
        )
    if isinstance(exc, aiosmtplib.SMTPException):
        if stage == "login":
            hint = (
                ' (servers usually offer it over TLS only: use security = "starttls" or "tls")'
                if options.security == "none"
                else ""
            )
            return Delivery.failed(
                f"{server} offers no login on this connection{hint}: {exc.message}", retry=False
            )
        if stage == "connect" and options.security == "starttls":
            return Delivery.failed(
                f'{server} does not offer STARTTLS: use security = "tls" (port 465) if it '
                f"expects TLS from the start: {exc.message}",
                retry=False,
            )
        return Delivery.failed(f"{server}: {exc.message} ({stage})")
    return Delivery.failed(f"{type(exc).__name__} ({stage}): {_one_line(str(exc))}")
