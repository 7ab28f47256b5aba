"""The command-line fixtures (``aztui``, ``workdir``) for the PostgreSQL tests too, a server of
a module's own for the tests that kill it, and the store plugin's TCP proxy
(``plugins/aztui-postgres/tests/pg_proxy.py``) importable as ``pg_proxy``."""

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli.conftest import aztui, workdir  # noqa: F401 - fixtures
from tests.postgres.server import Server, server_bin

PROXY = Path(__file__).resolve().parents[2] / "plugins" / "aztui-postgres" / "tests"
if str(PROXY) not in sys.path:
    sys.path.append(str(PROXY))


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
