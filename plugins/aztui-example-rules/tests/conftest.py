"""The example plugin is not installed in aztui's environment (it is an example): each test
that needs it installs it the way pip would."""

from __future__ import annotations

from pathlib import Path

import pytest

from aztui.testing import Installer

PLUGIN = Path(__file__).resolve().parents[1]
"""``plugins/aztui-example-rules``: the folder holding the package."""


@pytest.fixture
def example_plugin(install_plugin: Installer) -> None:
    """The plugin installed for the test, as ``uv pip install`` would."""
    install_plugin(
        "example_rules",
        "aztui_example_rules",
        source_dir=PLUGIN,
        distribution="aztui-example-rules",
        version="0.1.0",
    )
