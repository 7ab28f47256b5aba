"""Dependencies point inwards (design.md): the core never pulls in the screen, and the domain
stays pure (no I/O libraries, no plugin machinery)."""

from __future__ import annotations

import subprocess
import sys

import pytest


def imported_after(statement: str) -> set[str]:
    code = f"import sys; {statement}; print('\\n'.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return {name.split(".")[0] for name in out.stdout.split()}


@pytest.mark.parametrize(
    "module",
    [
        "aztui.domain.engine",
        "aztui.domain.forecasts",
        "aztui.store.sqlite",
        "aztui.hookspecs",
        "aztui.service",
        "aztui.cli",
    ],
)
def test_the_core_does_not_import_textual(module):
    assert "textual" not in imported_after(f"import {module}")


def test_the_domain_is_pure():
    modules = imported_after(
        "import aztui.domain.engine, aztui.domain.forecasts, "
        "aztui.domain.lifecycle, aztui.domain.risks"
    )
    assert not modules & {
        "pluggy",
        "aiosqlite",
        "sqlite3",
        "rich",
        "pydantic",
        "textual",
        "httpx",
        "asyncio",
    }
