"""The command line and plugins installed as pip would, for the tests of a broken channel."""

from __future__ import annotations

from tests.cli.conftest import aztui, in_english, workdir  # noqa: F401 - fixtures
from tests.plugin_system.faulty import plugins  # noqa: F401 - a fixture
