"""Plugin faults in a SQL store: each rule or metric whose results some stored bundles lack.

A fault is kept in the transaction that stores what was derived without it, so no store ever
holds a derivation that is silently incomplete. It is cleared by a complete derivation of the
store (``rederive``) during which the item ran cleanly, at the version that failed or a newer
one: a clean run over a few new orders does not bring back what the others lack, and a
teammate's older version working does not clear the fault of a newer one. An item no longer
registered because its plugin was disabled or uninstalled has its faults cleared; one whose
plugin failed to load keeps them (docs/plugins.md).
"""

from __future__ import annotations

import re
import time
from collections.abc import Collection, Sequence
from typing import Any

from aztui.domain.engine import Engine
from aztui.domain.faults import DERIVATION_KINDS, PluginFault
from aztui.domain.timeutil import from_epoch

_RELEASE = re.compile(r"\d+(?:\.\d+)*")


def _release(version: str) -> tuple[int, ...] | None:
    match = _RELEASE.match(version.strip().lstrip("vV"))
    if match is None:
        return None
    numbers = [int(n) for n in match[0].split(".")]
    while len(numbers) > 1 and numbers[-1] == 0:
        numbers.pop()
    return tuple(numbers)


def same_or_newer(version: str, than: str) -> bool:
    """Whether ``version`` is ``than`` or a later release (by release number, ``1.2`` =
    ``1.2.0``; a version that is not numbered counts only as itself)."""
    if version == than:
        return True
    mine, theirs = _release(version), _release(than)
    return mine is not None and theirs is not None and mine >= theirs


async def keep(db: Any, faults: Sequence[PluginFault]) -> None:
    """Keep (or bring up to date) each fault, in the caller's transaction."""
    if not faults:
        return
    now = int(time.time())
    await db.executemany(
        "INSERT INTO plugin_faults (plugin, kind, item, version, error, since, at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (plugin, kind, item) DO UPDATE SET "
        "version = excluded.version, error = excluded.error, at = excluded.at",
        [(f.plugin, f.kind, f.item, f.version, f.error, now, now) for f in faults],
    )


async def settle(db: Any, engine: Engine, met: Collection[tuple[str, str, str]]) -> None:
    """After a complete derivation: clear the faults of the items that ran cleanly during it
    (at the same or a newer version) and of the items no longer registered (their plugin was
    disabled or uninstalled: their results are no longer expected); keep the others, and
    those of a plugin that failed to load (``engine.unloaded``)."""
    ran = {
        (r.owner, kind, r.item.id): r.version
        for kind, items in (("deadline_rule", engine.rules), ("metric", engine.metrics))
        for r in items
        if not r.builtin
    }
    rows = await db.execute_fetchall(
        "SELECT plugin, kind, item, version FROM plugin_faults WHERE kind IN (?, ?)",
        DERIVATION_KINDS,
    )
    cleared = [
        (plugin, kind, item)
        for plugin, kind, item, version in rows
        if (plugin, kind, item) not in met
        and plugin not in engine.unloaded
        and ((plugin, kind, item) not in ran or same_or_newer(ran[(plugin, kind, item)], version))
    ]
    if cleared:
        await db.executemany(
            "DELETE FROM plugin_faults WHERE plugin = ? AND kind = ? AND item = ?", cleared
        )


async def kept(db: Any) -> list[PluginFault]:
    rows = await db.execute_fetchall(
        "SELECT plugin, kind, item, error, version, since, at FROM plugin_faults "
        "ORDER BY plugin, kind, item"
    )
    return [
        PluginFault(plugin, kind, item, error, version, from_epoch(since), from_epoch(at))
        for plugin, kind, item, error, version, since, at in rows
    ]


class FaultTable:
    """The faults a SQL store keeps (mixed into ``SQLStore``)."""

    db: Any

    async def plugin_faults(self) -> list[PluginFault]:
        return await kept(self.db)
