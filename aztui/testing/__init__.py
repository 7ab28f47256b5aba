"""What a plugin's tests need from aztui, public and kept stable (docs/testing-plugins.md).

Loaded only by tests: no ``aztui`` command imports this package. Its fixtures come with aztui's
pytest plugin (``aztui.testing.pytest_plugin``), which pytest loads wherever aztui is installed.
"""

from __future__ import annotations

from aztui.testing.cli import cli_on_store, isolate_cli
from aztui.testing.installing import Installer, forget
from aztui.testing.ports import held_socket, refused_port, reserved_port
from aztui.testing.waiting import PATIENCE, wait_until, wait_until_async

__all__ = [
    "PATIENCE",
    "Installer",
    "cli_on_store",
    "forget",
    "held_socket",
    "isolate_cli",
    "refused_port",
    "reserved_port",
    "wait_until",
    "wait_until_async",
]
