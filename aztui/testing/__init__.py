"""What a plugin's tests need from aztui, public and kept stable (docs/testing-plugins.md):
a plugin host, the contexts aztui makes plugins with, sample records and alerts, free ports,
waiting for a condition, a local HTTP server, the ``aztui`` command line run in-process.

Loaded only by tests: no ``aztui`` command imports this package. Its fixtures come with aztui's
pytest plugin (``aztui.testing.pytest_plugin``), which pytest loads wherever aztui is installed.
"""

from __future__ import annotations

from aztui.testing.cli import cli_on_store, isolate_cli
from aztui.testing.contexts import carrier_context, channel_context, source_context
from aztui.testing.host import host_with, installed_host
from aztui.testing.http import LocalServer, Request, Response
from aztui.testing.installing import Installer, forget
from aztui.testing.ports import held_socket, refused_port, reserved_port
from aztui.testing.records import NOW, ORDER_ID, sample_alert, sample_order, sample_shipment
from aztui.testing.tracking import Tracked, said, track_through_cli
from aztui.testing.waiting import PATIENCE, wait_until, wait_until_async

__all__ = [
    "NOW",
    "ORDER_ID",
    "PATIENCE",
    "Installer",
    "LocalServer",
    "Request",
    "Response",
    "Tracked",
    "carrier_context",
    "channel_context",
    "cli_on_store",
    "forget",
    "held_socket",
    "host_with",
    "installed_host",
    "isolate_cli",
    "refused_port",
    "reserved_port",
    "said",
    "sample_alert",
    "sample_order",
    "sample_shipment",
    "source_context",
    "track_through_cli",
    "wait_until",
    "wait_until_async",
]
