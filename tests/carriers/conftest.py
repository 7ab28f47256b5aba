"""Carrier tests: the example carrier in ``plugins/aztui-example-carrier`` is not installed in
aztui's environment (it is an example), so these fixtures put it on ``sys.path`` — as a
package to import, or installed the way pip would, with a ``*.dist-info`` holding its entry
point, so ``aztui`` finds it through ``importlib.metadata`` like any installed plugin."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import forget

REPO = Path(__file__).resolve().parents[2]
EXAMPLE_CARRIER = REPO / "plugins" / "aztui-example-carrier"
PACKAGE = "aztui_example_carrier"


@pytest.fixture
def example_carrier_importable(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """``import aztui_example_carrier`` works for the test (and is forgotten after it)."""
    monkeypatch.syspath_prepend(str(EXAMPLE_CARRIER))
    importlib.invalidate_caches()
    yield
    forget(PACKAGE)
