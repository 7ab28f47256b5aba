"""The first-party example plugins, installed for a test (``install_plugin`` is in
``tests/conftest.py``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.conftest import aztui, workdir  # noqa: F401 - fixtures
from tests.plugin_system.faulty import plugins  # noqa: F401 - a fixture

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def example_plugin(install_plugin) -> None:
    """The first-party example plugin from ``plugins/aztui-example-rules``."""
    install_plugin(
        "example_rules",
        "aztui_example_rules",
        source_dir=REPO / "plugins" / "aztui-example-rules",
        distribution="aztui-example-rules",
        version="0.1.0",
    )
