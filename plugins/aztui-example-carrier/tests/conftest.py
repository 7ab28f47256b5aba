"""The example carrier is not installed in aztui's environment (it is an example): these
fixtures put it on ``sys.path`` for a test, as a package to import, and forget it after."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from aztui.testing import forget

PLUGIN = Path(__file__).resolve().parents[1]
"""``plugins/aztui-example-carrier``: the folder holding the package."""


@pytest.fixture
def example_carrier_importable(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """``import aztui_example_carrier`` works for the test; the plugin's folder."""
    monkeypatch.syspath_prepend(str(PLUGIN))
    importlib.invalidate_caches()
    yield PLUGIN
    forget("aztui_example_carrier")
