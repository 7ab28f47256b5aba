"""What every test may use: installing a plugin the way pip would, a ``*.dist-info`` with an
``aztui`` entry point on ``sys.path``, so loading goes through ``importlib.metadata`` like a
real installation."""

from __future__ import annotations

import importlib
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest


def forget(package: str) -> None:
    """Drop a package and its modules from ``sys.modules`` (the next test imports it anew)."""
    for name in [m for m in sys.modules if m == package or m.startswith(package + ".")]:
        del sys.modules[name]


@pytest.fixture
def install_plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Path]:
    site = tmp_path / "site"
    site.mkdir()
    monkeypatch.syspath_prepend(str(site))
    modules: list[str] = []

    def install(name: str, module: str, *, source: str | None = None,
                source_dir: Path | None = None, distribution: str | None = None,
                version: str = "1.2.3") -> Path:
        dist = distribution or f"aztui-{name.replace('_', '-')}"
        if source is not None:
            (site / f"{module}.py").write_text(textwrap.dedent(source))
        if source_dir is not None:
            monkeypatch.syspath_prepend(str(source_dir))
        info = site / f"{dist.replace('-', '_')}-{version}.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(
            f"Metadata-Version: 2.1\nName: {dist}\nVersion: {version}\n")
        (info / "entry_points.txt").write_text(f"[aztui]\n{name} = {module}\n")
        modules.append(module)
        importlib.invalidate_caches()
        return info

    yield install
    for module in modules:
        forget(module.split(".")[0])
