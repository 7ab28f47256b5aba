"""A recording channel for the alert tests, on a plugin host of its own."""

from __future__ import annotations

import asyncio

import pytest
from pydantic import BaseModel, ConfigDict

from aztui.channels import ChannelSpec, Delivery
from aztui.config import load_config
from aztui.hookspecs import hookimpl
from aztui.pluginmanager import PluginHost, PluginInfo

SENT: dict[str, list] = {}
"""What each recording channel received, by channel id."""
DOWN: dict[str, int] = {}
"""Sends still to fail, by channel id: the outage outlives the channel objects."""


class Options(BaseModel):
    model_config = ConfigDict(extra="forbid")
    fail: int = 0
    """Fail this many sends first (an outage)."""
    mode: str = "ok"


class Recorder:
    def __init__(self, context) -> None:
        self.name, self.options = context.name, context.options
        DOWN.setdefault(self.name, context.options.fail)

    async def send(self, alert):
        if self.options.mode == "raise":
            raise RuntimeError("broken channel")
        if self.options.mode == "hang":
            await asyncio.sleep(3600)
        if self.options.mode == "refuse":
            return Delivery.failed("address refused", retry=False)
        if DOWN[self.name] > 0:
            DOWN[self.name] -= 1
            return Delivery.failed("server down")
        SENT.setdefault(self.name, []).append(alert)
        return Delivery.ok()


def recording_host() -> PluginHost:
    class Plugin:
        @staticmethod
        @hookimpl
        def aztui_register_channels(register):
            register(ChannelSpec("recorder", Recorder, options=Options, timeout_seconds=0.5))

    host = PluginHost(entry_points=[]).load()
    host.pm.register(Plugin, name="recorderplugin")
    host.plugins["recorderplugin"] = PluginInfo("recorderplugin", "aztui-test", "1.0")
    return host


@pytest.fixture
def configure(tmp_path, monkeypatch):
    """``configure(toml)``: a config with that aztui.toml and its own store."""
    SENT.clear()
    DOWN.clear()
    monkeypatch.setenv("AZTUI_USER_CONFIG", str(tmp_path / "none.toml"))
    monkeypatch.chdir(tmp_path)

    def make(text: str):
        (tmp_path / "aztui.toml").write_text(f'db = "store.db"\n{text}')
        return load_config(config_path=tmp_path / "aztui.toml")

    return make
