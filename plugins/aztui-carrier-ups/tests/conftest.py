"""The UPS tests' fixtures: a client on the local server and the carrier made with it. Their
shared helpers are in ``ups_server.py``, importable as this folder is put on ``sys.path``
(pytest imports the test files by path)."""

from __future__ import annotations

import sys
from pathlib import Path

import httpx
import pytest
from aztui_carrier_ups.carrier import UpsCarrier
from pytest_httpserver import HTTPServer

if str(Path(__file__).parent) not in sys.path:
    sys.path.append(str(Path(__file__).parent))

from ups_server import make_carrier


@pytest.fixture
async def client(httpserver: HTTPServer):
    async with httpx.AsyncClient(base_url=httpserver.url_for("/"), timeout=5.0) as client:
        yield client


@pytest.fixture
def carrier(client: httpx.AsyncClient) -> UpsCarrier:
    return make_carrier(client)
