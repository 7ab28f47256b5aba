"""Test set-up shared by several folders: an empty store, as the first import creates it."""

from __future__ import annotations

import asyncio
from pathlib import Path

from aztui.config import load_config
from aztui.service import Service


def make_empty_store(path: Path) -> Path:
    """An empty SQLite store at ``path`` (read-only commands refuse a store that is not there),
    made with the default settings whatever the developer's own configuration."""
    nowhere = path.parent / "no-such-user-config.toml"

    async def create() -> None:
        config = load_config(
            config_path=None,
            cwd=path.parent,
            env={},
            cli_overrides={"db": str(path)},
            user_config_path=nowhere,
        )
        async with Service(config):
            pass

    asyncio.run(create())
    return path
