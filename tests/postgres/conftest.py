"""The command-line fixtures (``aztui``, ``workdir``) for the PostgreSQL tests too."""

from tests.cli.conftest import aztui, workdir  # noqa: F401 - fixtures
