"""Every hook of the plugin API is documented (docstring with an example, plugins.md) and used
by a plugin in the tests."""

from __future__ import annotations

import inspect
from pathlib import Path

from aztui import hookspecs

REPO = Path(__file__).resolve().parents[2]
HOOKS = [
    name
    for name, _ in inspect.getmembers(hookspecs, inspect.isfunction)
    if name.startswith("aztui_")
]


def test_there_are_hooks():
    assert {
        "aztui_register_stores",
        "aztui_register_deadline_rules",
        "aztui_register_metrics",
    } <= set(HOOKS)


def test_every_hook_is_documented():
    guide = (REPO / "docs" / "plugins.md").read_text()
    for name in HOOKS:
        doc = inspect.getdoc(getattr(hookspecs, name)) or ""
        assert "Example::" in doc, f"{name} has no example in its docstring"
        assert f"`{name}(register)`" in guide, f"{name} is not in docs/plugins.md"


def test_every_hook_is_implemented_by_a_tested_plugin():
    sources = [
        p.read_text()
        for p in (
            REPO / "aztui" / "builtin.py",
            *(REPO / "plugins").rglob("*.py"),
            *(REPO / "tests" / "plugin_system").glob("test_*.py"),
        )
    ]
    for name in HOOKS:
        assert any(f"def {name}(" in s for s in sources), f"no plugin implements {name}"
