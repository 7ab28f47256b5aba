"""One TLS context for every outgoing connection (carriers, channels), with certifi's roots."""

from __future__ import annotations

import ssl
from functools import cache

import certifi


@cache
def shared_ssl_context() -> ssl.SSLContext:
    """Built once: building one blocks the event loop for tens of milliseconds, which would
    delay calls already cleared to go."""
    return ssl.create_default_context(cafile=certifi.where())
