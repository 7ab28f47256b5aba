"""A plugin host holding only the plugins a test names, loaded through the same checks as
``aztui`` applies to an installed plugin (its hooks known, its registrations held to their
contracts): what a test sees of a plugin is what a seller's aztui would see."""

from __future__ import annotations

import importlib.metadata
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from aztui.pluginmanager import PluginHost


class _Given:
    """An entry point whose plugin is an object the test already holds."""

    def __init__(self, name: str, plugin: object) -> None:
        self.name, self.value, self.group, self.dist = name, f"{name} (a test's)", "aztui", None
        self.module = getattr(plugin, "__name__", name)
        self._plugin = plugin

    def load(self) -> Any:
        return self._plugin


def installed_host(*names: str) -> PluginHost:
    """A host with only the installed plugins of these entry-point names (``carrier_dhl``),
    loaded; fails naming the installed ones when one is not installed."""
    from aztui.pluginmanager import PluginHost

    installed = {ep.name: ep for ep in importlib.metadata.entry_points(group="aztui")}
    missing = [name for name in names if name not in installed]
    if missing:
        raise LookupError(
            f"no installed aztui plugin named {', '.join(missing)} "
            f"(installed: {', '.join(sorted(installed)) or 'none'}); install it into the "
            "environment the tests run in (uv pip install -e .)"
        )
    return PluginHost(entry_points=[installed[name] for name in names]).load()


def host_with(plugin: object, name: str = "test_plugin") -> PluginHost:
    """A host with one plugin the test holds (a module, a class or an object with
    ``@hookimpl`` functions), registered under entry-point name ``name``, loaded."""
    from aztui.pluginmanager import PluginHost

    entry = cast(importlib.metadata.EntryPoint, _Given(name, plugin))
    return PluginHost(entry_points=[entry]).load()
