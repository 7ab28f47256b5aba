"""Every first-party plugin is complete on its own: a README, and its tests in its folder,
which ``uv run pytest`` runs with aztui's (pyproject's ``testpaths``) as a plugin written
elsewhere would write them (no import of aztui's own ``tests`` package)."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PLUGINS = sorted(p for p in (REPO / "plugins").iterdir() if (p / "pyproject.toml").is_file())


@pytest.mark.parametrize("plugin", PLUGINS, ids=[p.name for p in PLUGINS])
def test_a_plugin_has_its_readme_and_its_tests(plugin: Path):
    assert (plugin / "README.md").is_file(), f"{plugin.name} has no README.md"
    tests = sorted((plugin / "tests").glob("test_*.py"))
    assert tests, f"{plugin.name} has no tests/test_*.py"
    assert not (plugin / "tests" / "__init__.py").exists()  # imported by path, no `tests` package
    for path in (plugin / "tests").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert node.module.split(".")[0] != "tests", f"{path} imports {node.module}"
            if isinstance(node, ast.Import):
                for alias in node.names:
                    assert alias.name.split(".")[0] != "tests", f"{path} imports {alias.name}"


def test_pytest_runs_the_plugins_tests_with_aztuis():
    options = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]
    assert "plugins/*/tests" in options["testpaths"]
    assert "--import-mode=importlib" in options["addopts"]
