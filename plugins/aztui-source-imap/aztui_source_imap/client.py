"""One read-only IMAP session over aioimaplib: TLS first (implicit, or STARTTLS before any
password), log in, EXAMINE each folder (never SELECT: nothing can change), fetch new messages
with ``BODY.PEEK[]`` (which leaves ``\\Seen`` as it was). Nothing here stores, moves,
expunges or deletes.

aioimaplib logs whole server answers, message bodies included, at debug level: its logger is
kept at WARNING, since a body carries a buyer's name and address.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import ssl
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from types import TracebackType

import aioimaplib

from aztui_source_imap import wire
from aztui_source_imap.errors import LoginRefused, MailboxUnavailable
from aztui_source_imap.options import Folder, ImapOptions

logging.getLogger("aioimaplib").setLevel(logging.WARNING)

FETCH_BATCH = 200
"""Messages asked for in one FETCH: few round trips, a bounded answer."""


@dataclass(frozen=True, slots=True)
class FolderState:
    wire_name: str
    uidvalidity: int
    uidnext: int | None


def ssl_context(options: ImapOptions) -> ssl.SSLContext:
    if options.cafile is not None:
        if not options.cafile.is_file():
            raise MailboxUnavailable(f"cafile {options.cafile} is not a file")
        return ssl.create_default_context(cafile=str(options.cafile))
    from aztui.tls import shared_ssl_context

    return shared_ssl_context()


LOGOUT_SECONDS = 5.0
"""How long a LOGOUT may take before the connection is simply closed."""


class Session:
    """``async with Session(options, password) as imap:`` logged in, logged out after."""

    def __init__(self, options: ImapOptions, password: str) -> None:
        self.options = options
        self._password = password
        self._imap: aioimaplib.IMAP4 | None = None
        self._where = f"{options.host}:{options.port}"
        self._stopped = False

    def stop(self) -> None:
        """Ends this session's wait for news, now or before it starts. A cancellation alone
        is not enough: Python 3.11's ``asyncio.wait_for`` loses one that arrives as the
        command it waits for completes, and the session would then IDLE all its patience."""
        self._stopped = True
        if self._imap is not None and self._imap.has_pending_idle():
            self._imap.protocol.idle_queue.put_nowait(aioimaplib.STOP_WAIT_SERVER_PUSH)

    async def __aenter__(self) -> Session:
        try:
            await self._open()
        except BaseException:
            await self._drop()
            raise
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._imap is not None and (error is None or isinstance(error, asyncio.CancelledError)):
            # Done, or stopped (the app closes): a polite LOGOUT, briefly; a server that hangs
            # up first changes nothing.
            with contextlib.suppress(aioimaplib.AioImapException, OSError, TimeoutError):
                await asyncio.wait_for(self._imap.logout(), LOGOUT_SECONDS)
        await self._drop()

    async def _drop(self) -> None:
        if self._imap is not None and self._imap.protocol.transport is not None:
            self._imap.protocol.transport.close()

    async def _open(self) -> None:
        options = self.options
        context = ssl_context(options)
        if options.tls == "implicit":
            self._imap = aioimaplib.IMAP4_SSL(
                options.host, options.port, timeout=options.timeout_seconds, ssl_context=context
            )
        else:
            self._imap = aioimaplib.IMAP4(
                options.host, options.port, timeout=options.timeout_seconds
            )
        try:
            await self._imap.wait_hello_from_server()
            if options.tls == "starttls":
                await self._starttls(context)
        except ssl.SSLError as exc:
            raise MailboxUnavailable(f"{self._where}: TLS failed: {exc}") from None
        except (OSError, TimeoutError, aioimaplib.AioImapException) as exc:
            raise MailboxUnavailable(f"{self._where}: cannot connect: {_said(exc)}") from None
        await self._login()

    async def _starttls(self, context: ssl.SSLContext) -> None:
        """STARTTLS (RFC 3501 6.2.1), which aioimaplib sends but does not follow through:
        the connection is wrapped in TLS here, then the capabilities asked again."""
        imap = self._imap
        assert imap is not None
        protocol = imap.protocol
        if "STARTTLS" not in protocol.capabilities:
            raise MailboxUnavailable(
                f"{self._where}: the server does not offer STARTTLS, and aztui never sends a "
                'password without TLS (tls = "implicit" on the server\'s TLS port?)'
            )
        command = aioimaplib.Command("STARTTLS", protocol.new_tag(), loop=protocol.loop)
        response = await asyncio.wait_for(protocol.execute(command), imap.timeout)
        if response.result != "OK":
            raise MailboxUnavailable(f"{self._where}: STARTTLS refused: {_text(response)}")
        loop = asyncio.get_running_loop()
        transport = await asyncio.wait_for(
            loop.start_tls(
                protocol.transport, protocol, context, server_hostname=self.options.host
            ),
            imap.timeout,
        )
        protocol.transport = transport
        await asyncio.wait_for(protocol.capability(), imap.timeout)

    async def _login(self) -> None:
        imap = self._imap
        assert imap is not None
        if self.options.login == "oauth2":
            response = await self._xoauth2()
            what = "the refresh token in the source's credentials and its scope"
        else:
            try:
                response = await imap.login(wire.quoted(self.options.username), self._password)
            except (OSError, TimeoutError, aioimaplib.AioImapException) as exc:
                raise MailboxUnavailable(f"{self._where}: login failed: {_said(exc)}") from None
            what = "the password in the source's credentials"
        if response.result != "OK":
            raise LoginRefused(
                f"{self._where}: the server refused the login ({_text(response)}): check the "
                f"username option and {what}"
            )

    async def _xoauth2(self) -> aioimaplib.Response:
        from aztui_source_imap.oauth import OAuthLogin, access_token

        imap = self._imap
        assert imap is not None
        token = await access_token(self.options, self._password)
        protocol = imap.protocol
        try:
            response = await asyncio.wait_for(
                protocol.execute(OAuthLogin(protocol, self.options, token)), imap.timeout
            )
        except (OSError, TimeoutError, aioimaplib.AioImapException) as exc:
            raise MailboxUnavailable(f"{self._where}: login failed: {_said(exc)}") from None
        if response.result == "OK":
            protocol.state = aioimaplib.AUTH
        return response

    async def _command(self, what: str, call) -> aioimaplib.Response:
        try:
            response = await call
        except (OSError, TimeoutError, aioimaplib.AioImapException) as exc:
            raise MailboxUnavailable(f"{self._where}: {what}: {_said(exc)}") from None
        if response.result != "OK":
            raise MailboxUnavailable(f"{self._where}: {what}: {_text(response)}")
        return response

    async def wire_name(self, folder: Folder) -> str:
        """The name to EXAMINE: a special-use attribute looked up with LIST, else the name
        as written, in modified UTF-7."""
        if not folder.special_use:
            return wire.encode_mailbox(folder.name)
        imap = self._imap
        assert imap is not None
        response = await self._command("LIST", imap.list('""', '"*"'))
        found = wire.special_use_names(response.lines).get(folder.name.lower())
        if found is None:
            raise MailboxUnavailable(f"{self._where}: no folder is marked {folder.name}")
        return found

    async def examine_folder(self, folder: Folder, known: str | None = None) -> FolderState:
        """EXAMINE ``folder``: by ``known``, the name it resolved to last time, without a LIST;
        looked up again when that name is gone (renamed or deleted) or none is known."""
        if known is not None:
            try:
                return await self.examine(known)
            except MailboxUnavailable:
                pass  # gone: the special-use attribute says where it went
        return await self.examine(await self.wire_name(folder))

    async def examine(self, wire_name: str) -> FolderState:
        imap = self._imap
        assert imap is not None
        shown = wire.decode_mailbox(wire_name)
        response = await self._command(f"folder {shown!r}", imap.examine(wire.quoted(wire_name)))
        imap.protocol.state = aioimaplib.SELECTED  # EXAMINE selects, read-only
        uidvalidity = wire.status_number(response.lines, "uidvalidity")
        if uidvalidity is None:
            raise MailboxUnavailable(f"{self._where}: folder {shown!r}: no UIDVALIDITY")
        return FolderState(wire_name, uidvalidity, wire.status_number(response.lines, "uidnext"))

    async def news(self, patience: float) -> bool:
        """Whether a message arrives in the folder examined last within ``patience`` seconds:
        IDLE where the server has it, else a wait of ``patience`` (the caller then looks, as
        a poll)."""
        imap = self._imap
        assert imap is not None
        if self._stopped:
            return False
        if not imap.has_capability("IDLE"):
            await asyncio.sleep(patience)
            return True
        try:
            return await _idle_news(imap, patience, lambda: self._stopped)
        except (OSError, TimeoutError, aioimaplib.AioImapException) as exc:
            raise MailboxUnavailable(f"{self._where}: IDLE: {_said(exc)}") from None

    async def uids_after(self, last: int) -> list[int]:
        imap = self._imap
        assert imap is not None
        search = imap.protocol.search("UID", f"{last + 1}:*", by_uid=True, charset=None)
        response = await self._command("UID SEARCH", asyncio.wait_for(search, imap.timeout))
        return sorted(uid for uid in wire.search_uids(response.lines) if uid > last)

    async def messages(self, uids: list[int]) -> AsyncIterator[list[tuple[int, bytes]]]:
        """``(uid, raw)`` for ``uids`` in UID order, ``FETCH_BATCH`` at a time: a folder of
        thousands of e-mails is never held in memory whole."""
        imap = self._imap
        assert imap is not None
        for start in range(0, len(uids), FETCH_BATCH):
            batch = uids[start : start + FETCH_BATCH]
            response = await self._command(
                "UID FETCH", imap.uid("fetch", wire.uid_set(batch), "(UID BODY.PEEK[])")
            )
            yield sorted(wire.fetched_messages(response.lines))


async def _idle_news(imap: aioimaplib.IMAP4, patience: float, stopped: Callable[[], bool]) -> bool:
    """IDLE (RFC 2177) on the selected folder: True once the server says a message arrived
    (``EXISTS``), False when ``patience`` ran out (a server ends an IDLE after 30 minutes:
    the caller asks again) or the session was stopped."""
    idle = await imap.idle_start(timeout=patience)
    try:
        while not stopped():
            push = await imap.wait_server_push(timeout=patience + imap.timeout)
            if push == aioimaplib.STOP_WAIT_SERVER_PUSH:
                return False
            if any(bytes(line).upper().endswith(b" EXISTS") for line in push):
                return True
        return False
    finally:
        imap.idle_done()
        await asyncio.wait_for(idle, imap.timeout)


def _text(response: aioimaplib.Response) -> str:
    """The server's words closing a refused command (``[AUTHENTICATIONFAILED] …``)."""
    last = response.lines[-1] if response.lines else b""
    return bytes(last).decode("utf-8", "replace").strip() or response.result


def _said(exc: BaseException) -> str:
    if isinstance(exc, TimeoutError):
        return "no answer in time"
    return str(exc) or type(exc).__name__
