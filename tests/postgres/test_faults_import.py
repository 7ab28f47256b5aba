"""The PostgreSQL server killed in the middle of an import, at a point the test chooses (a
write held mid-transaction, ``faults.Hold``), then started again: the store holds the whole
file once or nothing of it, and the command says which and what to do, in a sentence."""

from __future__ import annotations

import pytest

from tests.cli.test_bulk_import import orders_file
from tests.postgres.faults import (
    Aztui,
    Hold,
    cli_env,
    contents,
    few_orders,
    imports,
    told_plainly,
)
from tests.postgres.server import Server
from tests.postgres.test_bulk import sqlite_contents
from tests.waiting import wait_until

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("postgres-faults-import")]


def held(hold: Hold, statement: str) -> None:
    wait_until(
        lambda: any(q.startswith(statement) for q in hold.held()),
        lambda: f"the import held at {statement!r} (held: {hold.held()})",
    )


def test_killed_mid_copy_the_store_is_as_it_was_and_the_import_says_run_it_again(
    aztui, workdir, private_server: Server, private_db: str
):
    big = orders_file(workdir / "orders.csv", 45_000)  # a new store: the bulk path (COPY)
    assert aztui("check", db_path=private_db).code == 0  # aztui's tables, for the hold
    with Hold(private_db, "orders") as hold:
        importing = Aztui(workdir, cli_env(workdir), "--db", private_db, "import", str(big))
        held(hold, "COPY orders")  # the first batch of orders copied, not committed …
        private_server.kill()  # … when the server dies
        code, out, err = importing.finish()
    assert code == 2 and not out
    assert "was lost during the import" in err
    assert "nothing of it was written: run the import again once the store is back" in err
    told_plainly(err)
    private_server.start()
    assert all(not rows for rows in contents(private_db).values())
    assert imports(private_db) == []
    again = aztui("import", str(big), db_path=private_db)  # what the message said to do
    assert again.code == 0 and "45000 commande(s) importée(s)" in again.out
    assert len(contents(private_db)["orders"]) == 45_000
    assert imports(private_db) == [(str(big), "order", 45_000)]


def test_killed_mid_write_and_started_again_the_import_lands_once(
    aztui, workdir, private_server: Server, private_db: str
):
    first = few_orders(workdir / "first.csv", 40, prefix="404")
    more = few_orders(workdir / "more.csv", 3_000)
    assert aztui("import", str(first)).code == 0  # the same imports into SQLite, unharmed
    assert aztui("import", str(more)).code == 0
    assert aztui("import", str(first), db_path=private_db).code == 0  # a store with data
    with Hold(private_db, "orders") as hold:
        importing = Aztui(workdir, cli_env(workdir), "--db", private_db, "import", str(more))
        held(hold, "INSERT INTO orders")  # the orders written, their deadlines not yet …
        private_server.kill()  # … when the server dies
        wait_until(lambda: importing.says("the write waits up to"), "the import told to wait")
        private_server.start()  # and comes back: the write is tried again, once
        code, out, err = importing.finish()
    assert code == 0, err
    assert out.strip() == f"{more} : 3000 commande(s) importée(s)"
    assert "cannot be reached" in err
    told_plainly(err)
    assert contents(private_db) == sqlite_contents(workdir / "store.db")
    assert imports(private_db) == [(str(first), "order", 40), (str(more), "order", 3_000)]


def test_a_server_that_stays_down_the_import_says_nothing_was_written(
    aztui, workdir, private_server: Server, private_db: str
):
    first = few_orders(workdir / "first.csv", 40, prefix="404")
    more = few_orders(workdir / "more.csv", 300)
    assert aztui("import", str(first), db_path=private_db).code == 0
    before = contents(private_db)
    with Hold(private_db, "orders") as hold:
        importing = Aztui(
            workdir, cli_env(workdir), "--db", private_db, "import", str(more), patience=1.0
        )
        held(hold, "INSERT INTO orders")
        private_server.kill()  # and not started again before the write gives up
        code, out, err = importing.finish()
    assert code == 2 and not out
    assert "cannot be reached" in err and "for 1 s; nothing was written" in err
    assert "do it again once the store is back" in err
    told_plainly(err)
    private_server.start()
    assert contents(private_db) == before
    assert imports(private_db) == [(str(first), "order", 40)]
