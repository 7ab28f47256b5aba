"""Ports for tests that run in parallel (pytest-xdist): never a fixed number, and never a number
picked, let go, then bound again later (another worker, or any outgoing connection, may take
it in between).

A socket bound and not listening holds its port: the kernel gives it to no one else, neither
to ``bind(("", 0))`` nor as the local port of an outgoing connection, and a connection to it is
refused. With ``SO_REUSEADDR`` set on it, a server that sets it too (asyncio's, werkzeug's and
aiohttp's do) may still bind that same port and listen there.
"""

from __future__ import annotations

import contextlib
import socket
from collections.abc import Iterator


def held_socket() -> socket.socket:
    """A TCP socket bound to a free port on 127.0.0.1, not listening: connections to it are
    refused until ``listen()`` is called on it (or a server binds the port beside it)."""
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


@contextlib.contextmanager
def refused_port() -> Iterator[int]:
    """A port on 127.0.0.1 that refuses every connection while the block runs (a carrier or
    a channel that cannot reach its server)."""
    with held_socket() as sock:
        yield sock.getsockname()[1]


@contextlib.contextmanager
def reserved_port() -> Iterator[int]:
    """A port for a server started in the block (another process, say): nobody else can take
    it meanwhile; the server binds it beside the reservation, which ends with the block."""
    with held_socket() as sock:
        yield sock.getsockname()[1]
