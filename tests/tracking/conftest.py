"""A carrier for the tracking tests: a small JSON API on a real local server (pytest-httpserver)
and the plugin that asks it, registered on a host of its own (no installed plugin)."""

from __future__ import annotations

import asyncio
import functools
import json
import types
from datetime import datetime
from typing import Any

import httpx
import pytest

from aztui.carriers import CarrierSpec, TrackingEvent, TrackingResult
from aztui.carriers import http as carrier_http
from aztui.carriers import run as carrier_run
from aztui.config import load_config
from aztui.domain.model import TrackingStatus
from aztui.pluginmanager import PluginHost, PluginInfo


class TestCarrier:
    """``GET /v1/track?numbers=A,B`` → ``{"A": {"status": …, "events": […]}, "B": null}``."""

    def __init__(self, context) -> None:
        self.client = context.client
        self.key = context.secrets["api_key"]

    async def track(self, numbers):
        try:
            response = await self.client.get(
                "/v1/track", params={"numbers": ",".join(numbers)}, headers={"X-Key": self.key}
            )
            response.raise_for_status()
            body = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            return [TrackingResult.failed(n, f"{type(exc).__name__}: {exc}") for n in numbers]
        out = []
        for number in numbers:
            parcel = body.get(number)
            if parcel is None:
                out.append(TrackingResult.not_found(number, "unknown number"))
                continue
            events = tuple(
                TrackingEvent(
                    datetime.fromisoformat(e["at"]),
                    TrackingStatus(e["status"]),
                    e["code"],
                    e.get("text", ""),
                    e.get("place", ""),
                )
                for e in parcel["events"]
            )
            scans = [e.at for e in events if e.status is not TrackingStatus.INFO_RECEIVED]
            delivered = [e.at for e in events if e.status is TrackingStatus.DELIVERED]
            out.append(
                TrackingResult(
                    number,
                    TrackingStatus(parcel["status"]),
                    parcel["status"],
                    events,
                    min(scans, default=None),
                    min(delivered, default=None),
                    signed=parcel.get("signed"),
                )
            )
        return out


def spec(url: str, **changes) -> CarrierSpec:
    values: dict[str, Any] = {
        "name": "testpost",
        "factory": TestCarrier,
        "base_url": url,
        "aliases": ("Test Post",),
        "patterns": (r"TP\d{6}",),
        "batch_size": 2,
        "per_second": 50,
        "secrets": ("api_key",),
    }
    values.update(changes)
    return CarrierSpec(**values)


def host_with(*specs: CarrierSpec, owner: str = "testplugin") -> PluginHost:
    """A host whose only plugin registers ``specs`` (and nothing is installed)."""

    from aztui.hookspecs import hookimpl

    class Plugin:
        @staticmethod
        @hookimpl
        def aztui_register_carriers(register):
            for s in specs:
                register(s)

    host = PluginHost(entry_points=[]).load()
    host.pm.register(Plugin, name=owner)
    host.plugins[owner] = PluginInfo(owner, "aztui-test", "1.0")
    return host


def answer(parcels: dict) -> str:
    return json.dumps(parcels)


@pytest.fixture
def config(tmp_path, monkeypatch):
    monkeypatch.setenv("AZTUI_USER_CONFIG", str(tmp_path / "none.toml"))
    monkeypatch.setenv("AZTUI_TESTPOST_API_KEY", "k-123")
    monkeypatch.chdir(tmp_path)
    return load_config(cli_overrides={"db": str(tmp_path / "store.db")})


class VirtualTime:
    """The carriers' clock in a test: it moves only when their pace or a retry waits, and
    then at once, by the time asked (``asyncio.sleep`` of ``aztui.carriers.http``). A test
    checks exactly how long the code would have waited, and never waits itself."""

    def __init__(self) -> None:
        self.now = 0.0
        self.waits: list[float] = []
        """Every wait asked, in seconds, in order."""

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float, result: Any = None) -> Any:
        self.waits.append(seconds)
        self.now += max(0.0, seconds)
        await REAL_SLEEP(0)  # other tasks run, as they would during a real wait
        return result


REAL_SLEEP = asyncio.sleep


@pytest.fixture
def virtual_time(monkeypatch: pytest.MonkeyPatch) -> VirtualTime:
    """Virtual time for ``aztui.carriers.http`` (its ``Pace`` and retries), real elsewhere."""
    clock = VirtualTime()
    patched = types.ModuleType("asyncio")
    patched.__dict__.update(vars(asyncio))
    patched.sleep = clock.sleep  # type: ignore[attr-defined]
    monkeypatch.setattr(carrier_http, "asyncio", patched)
    monkeypatch.setattr(carrier_run, "Pace", functools.partial(carrier_http.Pace, clock=clock))
    return clock
