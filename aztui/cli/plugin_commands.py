"""The sub-commands plugins add (``aztui_register_commands``, ``aztui.subcommands``).

``aztui --help`` lists them without importing any installed plugin: their names and their
distributions' summaries come from the ``aztui.commands`` entry points; only the one-file
plugins of ``AZTUI_PLUGINS_DIR`` are imported, to ask them. ``aztui <name>`` loads the one
plugin that adds it, lets it add its arguments, then runs it. A plugin that fails on the way
(a file that does not import, a hook or a command that raises) is told on stderr, with its
traceback under ``--debug``, and remembered for ``aztui plugins``; it never stops the others.
"""

from __future__ import annotations

import argparse
import contextlib
import inspect
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aztui import plugin_folder
from aztui.errors import EXIT_DEGRADED
from aztui.subcommands import GROUP


@dataclass
class Offered:
    """A plugin command as ``--help`` lists it, and what to load to run it."""

    name: str
    help: str
    entry_points: list[Any]
    """The plugin's entry points in the ``aztui`` group (its one file, for a folder's)."""


def offered(builtin: set[str], told: Callable[[str], None]) -> dict[str, Offered]:
    """Every plugin command, by name; a name taken by aztui or another plugin is told and
    left out."""
    found: dict[str, Offered] = {}

    def add(offer: Offered, owner: str) -> None:
        if offer.name in builtin or offer.name in found:
            told(f"aztui: plugin {owner}: command {offer.name!r} is already aztui's or another's")
        else:
            found[offer.name] = offer

    declared: Any = ()
    plugins: Any = ()
    if _any_declared():
        import importlib.metadata

        declared = importlib.metadata.entry_points(group=GROUP)
        plugins = importlib.metadata.entry_points(group="aztui")
    for ep in declared:
        dist = getattr(ep, "dist", None)
        same = [p for p in plugins if p.value == ep.value] or [
            importlib.metadata.EntryPoint(ep.name, ep.value, "aztui")
        ]
        summary = (dist.metadata["Summary"] if dist else None) or ""
        source = f"({dist.name})" if dist else ""
        add(Offered(ep.name, f"{summary} {source}".strip(), same), same[0].name)
    for ep in plugin_folder.entry_points():
        for name, text in _file_commands(ep, told):
            add(Offered(name, text, [ep]), ep.name)
    return found


def _any_declared() -> bool:
    """Whether an installed distribution names a command: a glance at the ``entry_points.txt``
    files on ``sys.path``, which costs far less than ``importlib.metadata`` reading every
    distribution's metadata (``aztui --help`` stays as fast without plugin commands)."""
    heading = f"[{GROUP}]"
    for entry in sys.path:
        folder = Path(entry or ".")
        for info in (*folder.glob("*.dist-info"), *folder.glob("*.egg-info")):
            with contextlib.suppress(OSError, UnicodeDecodeError):
                if heading in (info / "entry_points.txt").read_text(encoding="utf-8"):
                    return True
    return False


def _file_commands(ep: Any, told: Callable[[str], None]) -> list[tuple[str, str]]:
    """The commands a one-file plugin registers: (name, help)."""
    try:
        module = ep.load()
        hook = getattr(module, "aztui_register_commands", None)
        commands: list[Any] = []
        if hook is not None:
            hook(register=commands.append)
        return [(c.name, c.help) for c in commands if isinstance(c.name, str)]
    except Exception as exc:  # noqa: BLE001 - a broken file is told; the others are listed
        from aztui.pluginmanager import describe

        told(f"aztui: plugin {ep.name} failed to load: {describe(exc)}")
        return []


def subparsers(parser: argparse.ArgumentParser) -> Any:
    return next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))


def prepare(
    parser: argparse.ArgumentParser, argv: Sequence[str], language: str
) -> Callable[[argparse.Namespace], int] | None:
    """Add the plugins' commands to ``parser`` when ``argv`` names none of aztui's own (its
    help, or a plugin's command); the runner of the plugin command ``argv`` names, if any."""
    sub = subparsers(parser)
    builtin = set(sub.choices)
    if any(word in builtin for word in argv):
        return None
    commands = offered(builtin, _to_stderr)
    wanted = next((commands[word] for word in argv if word in commands), None)
    for offer in commands.values():
        if offer is not wanted:
            sub.add_parser(offer.name, help=offer.help, description=offer.help)
    if wanted is None:
        return None
    return _load(wanted, sub, language)


def _load(offer: Offered, sub: Any, language: str) -> Callable[[argparse.Namespace], int]:
    """Load the plugin adding ``offer``, add the command with its arguments; its runner."""
    from aztui.cli.plugins import FaultTeller
    from aztui.pluginmanager import PluginHost

    host = PluginHost(entry_points=offer.entry_points)
    FaultTeller().watch(host, language)
    registered = host.commands().get(offer.name)
    parser = sub.add_parser(offer.name, help=offer.help, description=offer.help)
    if registered is None:
        owners = ", ".join(ep.name for ep in offer.entry_points)
        return _failed(
            f"aztui: plugin {owners} names the command {offer.name!r} but registers "
            f"none (aztui plugins says why)"
        )
    command, owner = registered.item, registered.owner
    parser.description = command.help
    if command.arguments is not None:
        arguments = command.arguments
        if host.guard(owner, lambda: arguments(parser) or True, offer.name, "command") is None:
            return _failed(f"aztui: plugin {owner}'s command {offer.name!r} cannot be run")

    def run(args: argparse.Namespace) -> int:
        try:
            outcome = command.run(args)
            if inspect.isawaitable(outcome):
                import asyncio  # only for a command that returned a coroutine

                outcome = asyncio.run(_awaited(outcome))
        except Exception as exc:  # noqa: BLE001 - a plugin's failure is told and remembered
            host.failed_call(owner, "command", offer.name, exc)
            return EXIT_DEGRADED
        return int(outcome or 0)

    return run


async def _awaited(outcome: Any) -> Any:
    return await outcome


def _failed(message: str) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        _to_stderr(message)
        return EXIT_DEGRADED

    return run


def _to_stderr(line: str) -> None:
    sys.stderr.write(line + "\n")
