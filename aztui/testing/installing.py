"""A plugin installed for one test the way pip would: a ``*.dist-info`` with an ``aztui``
entry point on ``sys.path``, so aztui finds it through ``importlib.metadata`` like a real
installation, and forgets it afterwards."""

from __future__ import annotations

import importlib
import sys
import textwrap
from pathlib import Path

import pytest


def forget(package: str) -> None:
    """Drop a package and its modules from ``sys.modules`` (the next test imports it anew)."""
    for name in [m for m in sys.modules if m == package or m.startswith(package + ".")]:
        del sys.modules[name]


class Installer:
    """``install(name, module, ...)`` into a folder put first on ``sys.path``; ``forget_all()``
    drops what was imported of the installed modules."""

    def __init__(self, site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.site = site
        self.monkeypatch = monkeypatch
        self.modules: list[str] = []
        site.mkdir(parents=True, exist_ok=True)
        monkeypatch.syspath_prepend(str(site))

    def __call__(
        self,
        name: str,
        module: str,
        *,
        source: str | None = None,
        source_dir: Path | None = None,
        distribution: str | None = None,
        version: str = "1.2.3",
        commands: tuple[str, ...] = (),
        summary: str = "",
    ) -> Path:
        """Install entry point ``name = module`` of ``distribution`` (``aztui-<name>`` unless
        given): ``source`` is the module's text (a one-file plugin), ``source_dir`` a folder
        holding its package (a plugin's project folder); ``commands``, the sub-commands it names
        in the ``aztui.commands`` group (``aztui.subcommands``), ``summary`` its one-line
        description. Returns the ``*.dist-info`` made."""
        dist = distribution or f"aztui-{name.replace('_', '-')}"
        if source is not None:
            (self.site / f"{module}.py").write_text(textwrap.dedent(source))
        if source_dir is not None:
            self.monkeypatch.syspath_prepend(str(source_dir))
        info = self.site / f"{dist.replace('-', '_')}-{version}.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(
            f"Metadata-Version: 2.1\nName: {dist}\nVersion: {version}\nSummary: {summary}\n"
        )
        named = "".join(f"{command} = {module}\n" for command in commands)
        groups = f"[aztui]\n{name} = {module}\n" + (f"\n[aztui.commands]\n{named}" if named else "")
        (info / "entry_points.txt").write_text(groups)
        self.modules.append(module)
        importlib.invalidate_caches()
        return info

    def forget_all(self) -> None:
        for module in self.modules:
            forget(module.split(".")[0])
