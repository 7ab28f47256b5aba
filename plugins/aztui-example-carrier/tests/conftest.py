"""The example carrier is not installed in aztui's environment (it is an example, and installed
every ``aztui`` run of every test would meet its carrier): its folder is put on ``sys.path``,
so its tests import it as they would an installed plugin, but aztui finds no entry point for it
unless a test installs it (``install_plugin``)."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from aztui.testing import forget

PLUGIN = Path(__file__).resolve().parents[1]
"""``plugins/aztui-example-carrier``: the folder holding the package."""
if str(PLUGIN) not in sys.path:
    sys.path.append(str(PLUGIN))


@pytest.fixture
def example_carrier_importable(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """``import aztui_example_carrier`` works for the test; the plugin's folder."""
    monkeypatch.syspath_prepend(str(PLUGIN))
    importlib.invalidate_caches()
    yield PLUGIN
    forget("aztui_example_carrier")
