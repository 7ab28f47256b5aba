"""The sub-command plugin API: what a plugin registers through ``aztui_register_commands`` to
add ``aztui <name>`` (argparse), and the entry-point group that lets ``aztui --help`` list it
without importing the plugin.

A distribution names each command it adds in the ``aztui.commands`` group, pointing at the
plugin module that registers it::

    [project.entry-points."aztui.commands"]
    report = "aztui_myplugin.plugin"

``aztui --help`` lists ``report`` from that metadata alone (with the distribution's summary);
``aztui report …`` imports that one plugin, asks its hook for the ``Command``, lets it add its
arguments, then runs it. A one-file plugin of ``AZTUI_PLUGINS_DIR`` needs no metadata.
"""

from __future__ import annotations

import argparse
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

GROUP = "aztui.commands"
"""The entry-point group naming the commands a distribution adds."""


@dataclass(frozen=True)
class Command:
    """``aztui <name>``, as a plugin registers it."""

    name: str
    """Lower-case letters, digits and _ (``report``); not one of aztui's own commands."""
    help: str
    """One line for ``aztui --help``."""
    run: Callable[[argparse.Namespace], int | Awaitable[int | None] | None]
    """Runs the command with the parsed arguments (``args.db``, ``args.config`` … included);
    its exit status (None is 0). May be ``async``, and may be ``lazy("package.module:run")``
    so that its heavy libraries load only when it runs."""
    arguments: Callable[[argparse.ArgumentParser], None] | None = None
    """Adds the command's own arguments to its parser (``parser.add_argument(...)``)."""
