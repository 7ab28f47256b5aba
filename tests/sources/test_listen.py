"""``aztui.sources.listen`` without a server: a source whose news cannot be synced is not
asked again at once (its cursor did not move, so its news is still there)."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace

import aztui.sources.listen as listening
from aztui.config import load_config
from aztui.sources.sync import SyncOutcome
from tests.waiting import wait_until_async


class AlwaysNews:
    name = "fake"

    def __init__(self, context) -> None:
        self.context = context

    async def wait_for_news(self, cursor, patience):
        return True


class NoMeta:
    async def get_meta(self, key):
        return None


async def test_a_failed_sync_waits_before_the_next(tmp_path, monkeypatch):
    monkeypatch.setenv("AZTUI_USER_CONFIG", str(tmp_path / "none.toml"))
    (tmp_path / "aztui.toml").write_text('db = "store.db"\n[sources.fake]\n')
    config = load_config(config_path=tmp_path / "aztui.toml")
    host = SimpleNamespace(sources=lambda: {"fake": SimpleNamespace(factory=AlwaysNews)})
    monkeypatch.setattr(listening, "FIRST_RETRY_SECONDS", 3600.0)
    syncs: list[str] = []
    logged: list[str] = []

    async def sync(names):
        syncs.extend(names)
        return [SyncOutcome("fake", "failed", "refused: a conflict")]

    stop = asyncio.Event()
    task = asyncio.create_task(
        listening.listen(
            "fake",
            config=config,
            host=host,
            store=NoMeta(),
            policy=SimpleNamespace(timezone="Europe/Paris"),
            sync=sync,
            log=logged.append,
            stop=stop,
        )
    )
    await wait_until_async(lambda: syncs, "the first sync")
    for _ in range(200):  # the loop runs on: without the wait, it would sync again and again
        await asyncio.sleep(0)
    assert syncs == ["fake"]
    assert logged == ["source fake: failed: refused: a conflict"]
    stop.set()
    await asyncio.wait_for(task, 60)
