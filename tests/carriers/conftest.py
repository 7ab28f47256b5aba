"""Carrier tests: the example carrier in ``plugins/aztui-example-carrier`` is not installed in
aztui's environment (it is an example), so these fixtures put it on ``sys.path`` — as a
package to import, or installed the way pip would, with a ``*.dist-info`` holding its entry
point, so ``aztui`` finds it through ``importlib.metadata`` like any installed plugin."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
EXAMPLE_CARRIER = REPO / "plugins" / "aztui-example-carrier"
PACKAGE = "aztui_example_carrier"


def _forget(package: str) -> None:
    for name in [m for m in sys.modules if m == package or m.startswith(package + ".")]:
        del sys.modules[name]


@pytest.fixture
def example_carrier_importable(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """``import aztui_example_carrier`` works for the test (and is forgotten after it)."""
    monkeypatch.syspath_prepend(str(EXAMPLE_CARRIER))
    importlib.invalidate_caches()
    yield
    _forget(PACKAGE)


@pytest.fixture
def install_plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                   ) -> Iterator[Callable[..., Path]]:
    """``install(name, module, source_dir=…)``: a distribution whose ``aztui`` entry point
    ``name = module`` is on ``sys.path``, as ``pip install`` leaves it (cf.
    ``tests/plugin_system/conftest.py``)."""
    site = tmp_path / "site"
    site.mkdir()
    monkeypatch.syspath_prepend(str(site))
    packages: list[str] = []

    def install(name: str, module: str, *, source_dir: Path, distribution: str,
                version: str = "0.1.0") -> Path:
        monkeypatch.syspath_prepend(str(source_dir))
        info = site / f"{distribution.replace('-', '_')}-{version}.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(
            f"Metadata-Version: 2.1\nName: {distribution}\nVersion: {version}\n")
        (info / "entry_points.txt").write_text(f"[aztui]\n{name} = {module}\n")
        packages.append(module.split(".")[0])
        importlib.invalidate_caches()
        return info

    yield install
    for package in packages:
        _forget(package)
