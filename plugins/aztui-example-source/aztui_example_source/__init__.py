"""An example aztui source plugin: a folder that another program fills with JSON Lines files.

``aztui sync`` reads the files it has not read yet — in name order, so name them by date
(``2026-11-26T0900.jsonl``) — and hands their records to aztui. The cursor is the last file
name read: aztui keeps it in its store, so this plugin keeps nothing itself. Configure it in
``aztui.toml``::

    [sources.jsonl_folder]
    folder = "exports"

Copy this package to start a source of your own (an SP-API sync would call the Reports API in
``fetch`` and return the records the same way): see ``docs/plugins.md``.
"""

from __future__ import annotations

import asyncio

from aztui.hookspecs import hookimpl
from aztui.ingest import read_jsonl
from aztui.sources import Fetched, SourceContext


class JsonlFolder:
    """Every ``*.jsonl`` file of a folder whose name sorts after the cursor."""

    name = "jsonl_folder"

    def __init__(self, context: SourceContext) -> None:
        if context.folder is None:
            raise ValueError('[sources.jsonl_folder] needs folder = "…"')
        self.folder = context.folder
        self.zone = context.marketplace_zone
        self.marketplace = context.marketplace

    async def fetch(self, cursor: str | None) -> Fetched:
        return await asyncio.to_thread(self._read, cursor)

    def _read(self, cursor: str | None) -> Fetched:
        files = sorted(p for p in self.folder.glob("*.jsonl") if cursor is None or p.name > cursor)
        records = []
        for path in files:  # a bad file raises ImportFailed: nothing is written, try again
            records.extend(
                read_jsonl(
                    path, marketplace_zone=self.zone, default_marketplace=self.marketplace
                ).records
            )
        last = files[-1].name if files else None
        return Fetched(records, cursor=last, note=f"{len(files)} file(s) read")


@hookimpl
def aztui_register_sources(register) -> None:
    register(JsonlFolder.name, JsonlFolder)


__all__ = ["JsonlFolder", "aztui_register_sources"]
