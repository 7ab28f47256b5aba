"""The plugin system's tests' fixtures: the CLI run in-process and the faulty plugins they
install (``install_plugin`` is aztui.testing's)."""

from __future__ import annotations

from tests.cli.conftest import aztui, workdir  # noqa: F401 - fixtures
from tests.plugin_system.faulty import plugins  # noqa: F401 - a fixture
