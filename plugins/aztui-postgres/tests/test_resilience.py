"""A shared store over a network: a lost connection is retried with backoff, the store says
it is offline meanwhile, and every write lands exactly once."""

from __future__ import annotations

import asyncio

import pytest
from aztui_postgres.store import PostgresStore
from pg_proxy import Proxy

from aztui.domain.engine import Engine
from aztui.domain.model import Order
from aztui.domain.policy import Policy
from aztui.store.protocol import StoreError
from aztui.testing import PATIENCE, sample_order, wait_until_async


def order(n: int) -> Order:
    return sample_order(order_id=f"402-{n:07d}-1234567")


@pytest.fixture
async def proxied(postgres_url):
    """(proxy, store) where the store reaches the server through the proxy."""
    proxy = Proxy(postgres_url)
    url = await proxy.start()
    store = PostgresStore(url, Engine(Policy("FR")))
    await store.open()
    yield proxy, store
    await store.close()
    await proxy.stop()


async def imports(store: PostgresStore, source: str) -> int:
    rows = await store.db.execute_fetchall(
        "SELECT count(*) FROM imports WHERE source = ?", (source,)
    )
    return rows[0][0]


async def lock_waiters(conn) -> list[int]:
    """The server processes waiting for the team's write lock in the test's database."""
    from aztui_postgres.store import WRITE_LOCK

    cursor = await conn.execute(
        "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND NOT granted "
        "AND database = (SELECT oid FROM pg_database WHERE datname = current_database()) "
        "AND classid::bigint = %s AND objid::bigint = %s",
        (WRITE_LOCK >> 32, WRITE_LOCK & 0xFFFFFFFF),
    )
    return [pid for (pid,) in await cursor.fetchall()]


async def test_a_write_whose_commit_answer_is_lost_lands_once(proxied):
    proxy, store = proxied
    await store.write([order(1)], source="first")
    proxy.lose_commit_answer = True
    result = await store.write([order(2), order(3)], source="second")
    assert proxy.commits_lost == 1  # the server committed and the answer never came
    assert result.written == {"order": 2}
    assert await imports(store, "second") == 1  # looked up, not applied a second time
    assert (await store.counts())["order"] == 3


async def test_a_write_cut_before_commit_is_applied_again_once(proxied, postgres_url):
    proxy, store = proxied
    await store.write([order(1)], source="first")
    # A teammate holds the write lock, so the write waits on the line the proxy then cuts.
    import psycopg
    from aztui_postgres.store import WRITE_LOCK

    async with await psycopg.AsyncConnection.connect(postgres_url, autocommit=True) as other:
        await other.execute("SELECT pg_advisory_lock(%s)", (WRITE_LOCK,))
        writing = asyncio.create_task(store.write([order(2)], source="second"))
        first = await wait_until_async(  # the write waits for the lock …
            lambda: lock_waiters(other), "the write waiting for the lock"
        )
        proxy.drop()  # … when its line is cut: it connects again, and waits again

        async def again() -> bool:
            return bool(set(await lock_waiters(other)) - set(first))

        await wait_until_async(again, "the write, connected again, waiting for the lock")
        await other.execute("SELECT pg_advisory_unlock(%s)", (WRITE_LOCK,))
    result = await asyncio.wait_for(writing, PATIENCE)
    assert result.written == {"order": 1}
    assert await imports(store, "second") == 1
    assert (await store.counts())["order"] == 2


async def test_offline_while_the_server_is_unreachable_then_back(proxied):
    proxy, store = proxied
    changed = []
    store.watch(lambda: changed.append(1))
    assert store.offline is None
    proxy.refusing = True
    proxy.drop()
    await wait_until_async(lambda: store.offline is not None, "offline")
    with pytest.raises(StoreError, match="cannot be reached"):
        await store.deadlines(order(1).purchase_date)
    proxy.refusing = False
    await wait_until_async(lambda: store.offline is None, "online again")
    assert changed  # told to read again: teammates may have written meanwhile
    await store.write([order(1)])
    assert (await store.counts())["order"] == 1


async def test_a_write_while_offline_waits_for_the_store(proxied):
    proxy, store = proxied
    proxy.refusing = True
    proxy.drop()
    writing = asyncio.create_task(store.write([order(1)], source="late"))
    await wait_until_async(lambda: proxy.refused >= 2, "the write tried again, and refused")
    assert not writing.done()  # it waits for the store (its patience is far longer)
    proxy.refusing = False
    await asyncio.wait_for(writing, PATIENCE)
    assert await imports(store, "late") == 1


async def test_a_write_gives_up_after_its_patience_and_says_nothing_was_written(proxied):
    proxy, store = proxied
    store.write_patience = 1.0
    proxy.refusing = True
    proxy.drop()
    with pytest.raises(StoreError, match="nothing was written"):
        await store.write([order(1)])
    proxy.refusing = False
    await wait_until_async(lambda: store.offline is None, "online again")
    assert (await store.counts())["order"] == 0
