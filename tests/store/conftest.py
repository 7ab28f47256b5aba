"""The store contract runs on every backend: each test gets an open, empty store."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from aztui.domain.engine import Engine
from aztui.domain.policy import Policy
from aztui.store.protocol import Store
from aztui.store.sqlite import SQLiteStore

BACKENDS = ("sqlite", "postgres")


@pytest.fixture(params=BACKENDS)
def make_store(request: pytest.FixtureRequest, tmp_path: Path):
    """A factory of open stores on the same database (so a test can reopen it)."""
    opened: list[Store] = []
    if request.param == "postgres":
        from aztui_postgres.store import PostgresStore

        url = request.getfixturevalue("postgres_url")

        def build(engine: Engine) -> Store:
            return PostgresStore(url, engine)
    else:

        def build(engine: Engine) -> Store:
            return SQLiteStore(tmp_path / "store.db", engine)

    async def make(engine: Engine | None = None) -> Store:
        store = build(engine or Engine(Policy("FR")))
        await store.open()
        opened.append(store)
        return store

    yield make


@pytest.fixture
async def store(make_store) -> AsyncIterator[Store]:
    store = await make_store()
    yield store
    await store.close()
