"""One-file plugins: every ``*.py`` file of the folder ``AZTUI_PLUGINS_DIR`` names, loaded
with the installed plugins, for trying an idea without packaging it.

Each file is a plugin module (``@hookimpl`` functions), named after the file (``my_rule.py``
is the plugin ``my_rule``), imported as the module ``aztui_plugins_dir.my_rule``. A file that
fails to import is a plugin that failed to load, its error naming the file and the line.
"""

from __future__ import annotations

import importlib.util
import os
import sys
import traceback
from pathlib import Path
from types import ModuleType
from typing import Any

from aztui.domain.faults import Refused

VARIABLE = "AZTUI_PLUGINS_DIR"
PACKAGE = "aztui_plugins_dir"
DISTRIBUTION = "AZTUI_PLUGINS_DIR"


class FileFailed(Refused):
    """A one-file plugin that could not be imported: ``path, line N: error``."""


class _Folder:
    """What ``aztui plugins`` shows as the distribution of a one-file plugin."""

    name = DISTRIBUTION
    version = "-"


class FileEntryPoint:
    """A one-file plugin, loaded as an installed plugin's entry point is."""

    group = "aztui"
    dist = _Folder()

    def __init__(self, path: Path) -> None:
        self.path = path
        self.name = path.stem
        self.module = f"{PACKAGE}.{path.stem}"
        self.value = str(path)

    def load(self) -> ModuleType:
        return import_file(self.path, self.module)


def folder() -> Path | None:
    value = os.environ.get(VARIABLE, "")
    return Path(value).expanduser() if value else None


def entry_points() -> list[Any]:
    """One entry point per ``*.py`` file of the folder, in name order; none when the variable
    is unset. A folder that does not exist is a load failure of its own, never ignored."""
    where = folder()
    if where is None:
        return []
    if not where.is_dir():
        return [_Missing(where)]
    return [FileEntryPoint(path) for path in sorted(where.glob("*.py"))]


class _Missing(FileEntryPoint):
    def load(self) -> ModuleType:
        raise FileFailed(f"{VARIABLE}={self.path}: no such folder")


def import_file(path: Path, module: str) -> ModuleType:
    """Import ``path`` as ``module`` (again, if it changed); ``FileFailed`` with its line."""
    spec = importlib.util.spec_from_file_location(module, path)
    if spec is None or spec.loader is None:
        raise FileFailed(f"{path}: not a Python file")
    loaded = importlib.util.module_from_spec(spec)
    sys.modules[module] = loaded
    try:
        spec.loader.exec_module(loaded)
    except SyntaxError as exc:
        del sys.modules[module]
        raise FileFailed(f"{path}, line {exc.lineno}: SyntaxError: {exc.msg}") from exc
    except Exception as exc:
        del sys.modules[module]
        frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == str(path)]
        line = f", line {frames[-1].lineno}" if frames else ""
        raise FileFailed(f"{path}{line}: {type(exc).__name__}: {exc}") from exc
    return loaded
