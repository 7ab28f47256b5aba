"""A file too large to hold, written as it is read again, gives PostgreSQL the rows it gives
SQLite; refused in a later batch, it leaves the store as it was."""

from __future__ import annotations

from tests.cli.test_check import NOW
from tests.cli.test_merge_import import placed
from tests.cli.test_streamed_import import batches as batches  # the fixture
from tests.cli.test_streamed_import import quoted, shipments_jsonl
from tests.postgres.test_bulk import pg_contents, sqlite_contents


def test_a_file_too_large_to_hold_writes_what_sqlite_has(aztui, workdir, postgres_url, batches):
    orders = quoted(workdir / "orders.csv", 2_000)
    shipments = shipments_jsonl(workdir / "shipments.jsonl", orders)
    for db in (workdir / "store.db", postgres_url):
        assert aztui("import", str(orders), str(shipments), db_path=db).code == 0
    assert len(batches) == 2 * 14
    assert pg_contents(postgres_url) == sqlite_contents(workdir / "store.db")
    checks = [
        aztui("check", "--json", "--all", "--now", NOW, db_path=db).out
        for db in (workdir / "store.db", postgres_url)
    ]
    assert checks[0] == checks[1]


def test_a_conflict_in_a_later_batch_writes_nothing(
    aztui, workdir, postgres_url, batches, monkeypatch
):
    monkeypatch.setenv("AZTUI_LANGUAGE", "en")  # the English words of the refusal
    header = "claim_id,order_id,type,filed_at,response_requested_at,responded_at\n"
    first = workdir / "claims.csv"
    first.write_text(header + "C-1,402-x,not_received,2026-11-25T08:00:00Z,2026-11-25T15:00:00Z,\n")
    assert aztui("import", str(first), db_path=postgres_url).code == 0
    claims = workdir / "more.csv"
    claims.write_text(
        header
        + "".join(
            f'C{n},403-{n:07d}-0000000,"not_received",2026-11-20T08:00:00Z,2026-11-20T09:00:00Z,\n'
            for n in range(1_000)
        )
        + "C-1,402-x,not_received,2026-11-25T16:00:00Z,,\n"
    )
    before = pg_contents(postgres_url)
    run = aztui("import", str(claims), db_path=postgres_url)
    assert run.code == 2 and placed(run.err, "more.csv", 1_002, "response_requested_at")
    assert len(batches) == 5
    assert pg_contents(postgres_url) == before
