"""Install plugins for a test the way pip would: a ``*.dist-info`` with an ``aztui`` entry point
on ``sys.path``, so loading goes through ``importlib.metadata`` like a real installation."""

from __future__ import annotations

import importlib
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


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
        sys.modules.pop(module, None)


@pytest.fixture
def example_plugin(install_plugin) -> None:
    """The first-party example plugin from ``plugins/aztui-example-rules``."""
    install_plugin("example_rules", "aztui_example_rules",
                   source_dir=REPO / "plugins" / "aztui-example-rules",
                   distribution="aztui-example-rules", version="0.1.0")
