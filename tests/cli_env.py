"""The CLI run in-process as a fresh user runs it: aztui.testing's, public for plugins' tests."""

from __future__ import annotations

from aztui.testing.cli import cli_on_store, isolate_cli

__all__ = ["cli_on_store", "isolate_cli"]
