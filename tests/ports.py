"""Free ports for tests that run in parallel: aztui.testing's, public for plugins' tests."""

from __future__ import annotations

from aztui.testing.ports import held_socket, refused_port, reserved_port

__all__ = ["held_socket", "refused_port", "reserved_port"]
