"""The last failure of each plugin, remembered between processes for ``aztui plugins``.

Kept in the user's state directory (``plugin-failures.json``), not in the store: a plugin that
fails to load, a carrier or a source that raises in cron's environment are facts of this
machine's installation and environment, met also by commands that open no store (``aztui
plugins`` on a fresh machine), and teammates sharing a store do not share them. The store's
``plugin_faults`` keep the faults of rules and metrics, whose missing rows live there.

A failure is kept, with its traceback (redacted), until its plugin does the same thing cleanly
(loads, makes its carrier, runs its rule), or is disabled or uninstalled.
"""

from __future__ import annotations

import contextlib
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import platformdirs

from aztui.domain.faults import LOAD
from aztui.errors import AztuiError

if TYPE_CHECKING:
    from aztui.pluginmanager import PluginHost

FILE = "plugin-failures.json"


def path() -> Path:
    """``$XDG_STATE_HOME/aztui/plugin-failures.json`` (the platform's state directory)."""
    return platformdirs.user_state_path("aztui") / FILE


def remembered() -> list[dict[str, Any]]:
    """The failures kept: ``plugin``, ``kind``, ``item``, ``error``, ``version``, ``at``,
    ``traceback``; nothing when the file is missing or unreadable."""
    try:
        kept = json.loads(path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    failures = kept.get("failures") if isinstance(kept, dict) else None
    return [f for f in failures or () if isinstance(f, dict) and "plugin" in f]


def remember(host: PluginHost) -> None:
    """After a command: the failures it met replace those kept; a kept one its plugin now did
    cleanly, or of a plugin disabled or gone, is forgotten. Nothing is written when nothing
    changed."""
    if not host.faults and not path().exists():
        return
    kept = remembered()
    by_key = {(f["plugin"], f.get("kind", ""), f.get("item", "")): f for f in kept}
    now = datetime.now(UTC).isoformat(timespec="seconds")
    for key, fault in host.faults.items():
        by_key[key] = {
            "plugin": fault.plugin,
            "kind": fault.kind,
            "item": fault.item,
            "error": fault.error,
            "version": fault.version,
            "at": now,
            "traceback": host.tracebacks.get(key, ""),
        }
    for key in list(by_key):
        if key in host.faults:
            continue
        plugin, kind, _ = key
        info = host.plugins.get(plugin)
        if (
            key in host.clean
            or info is None
            or info.status == "disabled"
            or (kind == LOAD and info.status != "failed")
        ):
            del by_key[key]
    failures = list(by_key.values())
    if failures == kept:
        return
    _write({"failures": failures})


def _write(content: dict[str, Any]) -> None:
    """Written whole, private, never through a symbolic link (``aztui.files``)."""
    from aztui.files import replace_private

    # a state directory that cannot be written loses the memory, never the command
    with contextlib.suppress(OSError, AztuiError):
        replace_private(path(), json.dumps(content, ensure_ascii=False, indent=1))
