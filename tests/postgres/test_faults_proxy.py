"""The line to the PostgreSQL server cut by a proxy in the middle of an import's transaction,
some of its rows sent and others not: nothing half-written stays, and nothing is written twice.
The bulk path (``COPY``) says so and asks for the import again; the row path writes it again,
once."""

from __future__ import annotations

import asyncio

import pytest
from pg_proxy import Proxy

from tests.cli.test_bulk_import import orders_file
from tests.postgres.faults import contents, few_orders, imports, told_plainly
from tests.postgres.test_bulk import sqlite_contents

pytestmark = pytest.mark.slow


@pytest.fixture
async def through(postgres_url):
    """A URL that reaches the test's database through a proxy, and the proxy."""
    proxy = Proxy(postgres_url)
    url = await proxy.start()
    yield url, proxy
    await proxy.stop()


async def test_cut_mid_copy_nothing_stays_and_the_import_says_run_it_again(
    aztui, workdir, postgres_url, through
):
    url, proxy = through
    big = orders_file(workdir / "orders.csv", 45_000)  # a new store: the bulk path (COPY)
    proxy.cut_before = b"COPY deadlines"  # the orders copied, their deadlines not
    # aztui in a thread of its own: the proxy runs on this one's event loop.
    cut = await asyncio.to_thread(aztui, "import", str(big), db_path=url)
    assert proxy.cuts == 1
    assert cut.code == 2 and not cut.out
    assert "was lost during the import" in cut.err
    assert "nothing of it was written: run the import again once the store is back" in cut.err
    told_plainly(cut.err)
    assert all(not rows for rows in contents(postgres_url).values())
    assert imports(postgres_url) == []
    again = await asyncio.to_thread(aztui, "import", str(big), db_path=url)
    assert again.code == 0 and "45000 commande(s) importée(s)" in again.out
    assert len(contents(postgres_url)["orders"]) == 45_000
    assert imports(postgres_url) == [(str(big), "order", 45_000)]


async def test_cut_mid_write_the_import_is_written_again_once(
    aztui, workdir, postgres_url, through
):
    url, proxy = through
    first = few_orders(workdir / "first.csv", 40, prefix="404")
    more = few_orders(workdir / "more.csv", 3_000)
    for path in (first, more):  # the same imports into SQLite, unharmed
        assert (await asyncio.to_thread(aztui, "import", str(path))).code == 0
    assert (await asyncio.to_thread(aztui, "import", str(first), db_path=url)).code == 0
    proxy.cut_before = b"COPY deadlines"  # orders merged, old deadlines deleted, no new
    run = await asyncio.to_thread(aztui, "import", str(more), db_path=url)
    assert proxy.cuts == 1
    assert run.code == 0 and run.out.strip() == f"{more} : 3000 commande(s) importée(s)"
    told_plainly(run.err)
    assert contents(postgres_url) == sqlite_contents(workdir / "store.db")
    assert imports(postgres_url) == [(str(first), "order", 40), (str(more), "order", 3_000)]
