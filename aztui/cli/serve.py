"""``aztui serve``: the terminal app in a browser (textual-serve), each tab running ``aztui tui``
on the same store, on a page that loads nothing from the internet (``serve_page/``).

An address it cannot listen on (a port taken, a port needing privileges, a host that is not
this machine's) is told in one line, before anything else is printed.
"""

from __future__ import annotations

import errno
import ipaddress
import os
import shlex
import socket
import sys
from pathlib import Path
from typing import Any

import aiohttp_jinja2
from aiohttp import web
from rich.console import Console
from textual_serve.server import Server

from aztui.config import Config
from aztui.errors import EXIT_OK, UsageError
from aztui.i18n import t

PAGE = Path(__file__).with_name("serve_page")
"""The page's template: textual-serve's, with its font from textual-serve's static files and
every address relative to the page."""

PAGE_WORDS = ("start", "ended", "restart")
"""What the page says (``serve_*`` in ``aztui.i18n``): before the app starts, after it ends."""


class Page(Server):
    """textual-serve's server, its page in the seller's language."""

    def __init__(self, language: str, command: str, **options: Any) -> None:
        super().__init__(command, **options)
        self.language = language

    async def on_startup(self, app: web.Application) -> None:
        words = {key: t(f"serve_{key}", self.language) for key in PAGE_WORDS}
        aiohttp_jinja2.get_env(app).globals.update(language=self.language, words=words)
        await super().on_startup(app)


class CannotListen(UsageError):
    """``aztui serve`` cannot listen on the address asked for."""


def serve(config: Config, host: str, port: int, config_path: Path | None) -> int:
    """Serve until interrupted; ``CannotListen`` if ``host``:``port`` cannot be listened on."""
    check_can_listen(host, port)
    # The store reaches each tab's aztui through the environment, never its command line,
    # which textual-serve prints and every local user sees (ps): a URL may hold a password.
    os.environ["AZTUI_DB"] = config.database
    command = [sys.executable, "-m", "aztui"]
    if config_path is not None:
        command += ["--config", str(config_path)]
    url = public_url(host, port)
    err = Console(stderr=True, highlight=False)
    err.print(
        f"aztui serve: {url} — it has no login: anyone who can "
        "reach this address reads and changes your store.",
        markup=False,
    )
    if host not in ("127.0.0.1", "localhost", "::1"):
        err.print(f"aztui serve: listening on {host}, beyond this machine.", markup=False)
    server = Page(
        config.language,
        shlex.join([*command, "tui"]),
        host=host,
        port=port,
        title="aztui",
        public_url=url,
        templates_path=PAGE,
    )
    try:
        server.serve()
    except OSError as exc:
        if exc.errno != errno.EADDRINUSE:
            raise
        raise cannot_listen(host, port, exc) from exc  # taken since check_can_listen looked
    return EXIT_OK


def public_url(host: str, port: int) -> str:
    """The address printed for a browser on this machine: an IPv6 address in brackets."""
    try:
        literal = ipaddress.ip_address(host)
    except ValueError:
        return f"http://{host}:{port}"
    return f"http://[{host}]:{port}" if literal.version == 6 else f"http://{host}:{port}"


def check_can_listen(host: str, port: int) -> None:
    """Bind each address ``host`` names as the server will (``SO_REUSEADDR``, as asyncio does),
    then let go: ``CannotListen`` saying why and what to do if one cannot be bound."""
    try:
        addresses = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
        for family, kind, proto, _, address in addresses:
            with socket.socket(family, kind, proto) as probe:
                probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                if family == socket.AF_INET6:
                    probe.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
                probe.bind(address)
    except OSError as exc:
        raise cannot_listen(host, port, exc) from exc


def cannot_listen(host: str, port: int, exc: OSError) -> CannotListen:
    """The one line that says why ``host``:``port`` cannot be listened on, and what to do."""
    where = f"cannot serve on {host} port {port}"
    if isinstance(exc, socket.gaierror):
        return CannotListen(
            f"{where}: {host!r} is not a known host name or address; choose one with --host "
            "(127.0.0.1, the default, for this machine only)"
        )
    if exc.errno == errno.EADDRINUSE:
        return CannotListen(
            f"{where}: another program already listens there; choose another port with "
            f"--port (aztui serve --port {port + 1 if port < 65535 else 8000})"
        )
    if exc.errno == errno.EACCES:
        return CannotListen(
            f"{where}: not allowed (ports below 1024 need privileges); choose a port from "
            "1024 up with --port (the default is 8000)"
        )
    if exc.errno == errno.EADDRNOTAVAIL:
        return CannotListen(
            f"{where}: {host} is not an address of this machine; choose one with --host "
            "(127.0.0.1, the default, for this machine only)"
        )
    reason = exc.strerror or str(exc)
    return CannotListen(f"{where}: {reason}; choose another address with --host or --port")
