"""The command-line fixtures (``aztui``, ``workdir``) for the PostgreSQL tests too, and a
server of a module's own for the tests that kill it."""

import os
from collections.abc import Iterator

import pytest

from tests.cli.conftest import aztui, workdir  # noqa: F401 - fixtures
from tests.postgres.server import Server, server_bin


@pytest.fixture(scope="module")
def private_server() -> Iterator[Server]:
    """A PostgreSQL server of the module's own, which its tests may kill (``server.py``).

    Without PostgreSQL installed the tests skip and say how to get it; under CI they fail."""
    bin_dir = server_bin()
    if bin_dir is None:
        message = "no PostgreSQL server installed: apt-get install postgresql (Debian)"
        if os.environ.get("CI"):
            pytest.fail(f"CI must provide PostgreSQL: {message}")
        pytest.skip(message)
    server = Server(bin_dir)
    try:
        server.start()
        yield server
    finally:
        server.remove()


@pytest.fixture
def private_db(private_server: Server) -> str:
    """The URL of a fresh database on the module's own server, started if a test left it
    down."""
    return private_server.database()
