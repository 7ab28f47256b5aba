"""A large file into a store that holds records is merged set-based (``aztui.store.sql_merge``),
with the row path's store, check and errors; the same file again writes nothing."""

from __future__ import annotations

import re
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import given

from aztui import importing
from aztui.store import sql_merge
from tests.cli.test_amazon_bulk import all_orders
from tests.cli.test_bulk_import import contents, orders_file
from tests.cli.test_check import NOW
from tests.cli.test_fuzz_store import FUZZ, files, run_in_copy
from tests.cli.test_fuzz_store import seeded as seeded  # the fixture: a store with data

SHIPMENTS = "order_id,tracking_number,confirmed_at,carrier\n"


@pytest.fixture
def merges(monkeypatch) -> list[int]:
    """Counts the files the set-based path wrote to the end."""
    done: list[int] = []
    real = sql_merge.merge

    async def spy(*args, **kwargs):
        result = await real(*args, **kwargs)
        done.append(result.bundles)
        return result

    monkeypatch.setattr(sql_merge, "merge", spy)
    return done


def placed(message: str, file: str, line: int, column: str) -> bool:
    """Whether ``message`` names the file, line and column, in whichever language it is."""
    return bool(
        re.search(rf"{re.escape(file)}(:{line}:|, (line|ligne) {line}\b).*{column}", message)
    )


def history(workdir: Path, orders: Path, aztui, db: Path) -> None:
    """Part of ``orders``' orders as they were days ago (not shipped yet), with shipments for
    some, and other orders besides."""
    lines = orders.read_bytes().decode("cp1252" if orders.suffix == ".txt" else "utf-8")
    rows = lines.splitlines()[1:600]
    first = orders.with_name("history" + orders.suffix)
    first.write_bytes(
        "\n".join([lines.splitlines()[0], *rows])
        .replace("Shipped", "Pending")
        .encode("cp1252" if orders.suffix == ".txt" else "utf-8")
    )
    ids = sorted({row.split("\t" if "\t" in row else ",")[0] for row in rows})[:40]
    shipments = workdir / "shipments.csv"
    shipments.write_text(
        SHIPMENTS + "".join(f"{i},T{n},2026-11-20T10:00:00Z,UPS\n" for n, i in enumerate(ids))
    )
    few = orders_file(workdir / "others.csv", 45_000, prefix="405").read_text().splitlines()
    others = workdir / "few.csv"
    others.write_text("\n".join(few[:50]) + "\n")
    for file in (first, shipments, others):
        assert aztui("import", str(file), db_path=db).code == 0


def same_as_rows(aztui, workdir: Path, file: Path, merges: list[int], monkeypatch) -> None:
    """``file`` into a store with history by the set-based path, then into another by rows:
    the same stores and checks; then ``file`` again changes nothing and touches nothing."""
    merged, rows = workdir / "store.db", workdir / "rows.db"
    history(workdir, file, aztui, merged)
    history(workdir, file, aztui, rows)
    assert merges == []
    assert aztui("import", str(file)).code == 0
    assert len(merges) == 1 and merges[0] > 0
    with monkeypatch.context() as patch:
        patch.setattr(importing, "MERGE_MIN_BYTES", 1 << 60)
        assert aztui("import", str(file), db_path=rows).code == 0
    assert len(merges) == 1
    assert contents(merged) == contents(rows)
    checks = [
        aztui("check", "--json", "--all", "--now", NOW, db_path=db).out for db in (merged, rows)
    ]
    assert checks[0] == checks[1]
    before = contents(merged)
    assert aztui("import", str(file)).code == 0
    assert merges[1:] == [0]
    after = contents(merged)
    assert after.pop("imports")[:-1] == before.pop("imports")
    assert after == before


def test_a_large_orders_file_merges_as_rows_would(aztui, workdir, merges, monkeypatch):
    file = orders_file(workdir / "orders.csv", 45_000)
    same_as_rows(aztui, workdir, file, merges, monkeypatch)


def test_amazons_report_merges_into_history_as_rows_would(aztui, workdir, merges, monkeypatch):
    with monkeypatch.context() as patch:
        patch.setattr(importing, "BULK_MIN_BYTES", 0)  # what all_orders checks it reaches
        file = all_orders(workdir / "report.txt", 2_000)
    same_as_rows(aztui, workdir, file, merges, monkeypatch)


def test_shipments_merge_as_rows_would(aztui, workdir, merges, monkeypatch):
    orders = orders_file(workdir / "orders.csv", 45_000)
    ids = [line.split(",")[0] for line in orders.read_text().splitlines()[1:5001]]
    file = workdir / "confirmations.csv"
    file.write_text(
        SHIPMENTS + "".join(f"{i},1Z{n:08d},2026-11-21T10:00:00Z,UPS\n" for n, i in enumerate(ids))
    )
    for db in ("store.db", "rows.db"):
        assert aztui("import", str(orders), db_path=workdir / db).code == 0
    same_as_rows(aztui, workdir, file, merges, monkeypatch)


@pytest.mark.usefixtures("in_english")  # the English words of a refused file
def test_a_key_repeated_across_batches_is_named_and_nothing_written(
    aztui, workdir, merges, monkeypatch
):
    monkeypatch.setattr("aztui.ingest.bulk_csv.CHUNK_BYTES", 100_000)
    file = orders_file(workdir / "orders.csv", 45_000)
    lines = file.read_text().splitlines()[:5000]
    few = workdir / "few.csv"
    few.write_text("\n".join(lines[:10]) + "\n")
    assert aztui("import", str(few)).code == 0
    file.write_text("\n".join([*lines, lines[1]]) + "\n")
    before = contents(workdir / "store.db")
    run = aztui("import", str(file))
    assert run.code == 2
    assert placed(run.err, "orders.csv", len(lines) + 1, "order_id")
    assert re.search(r"(line|ligne) 2\b", run.err)  # the first place of the key
    assert merges == []
    assert contents(workdir / "store.db") == before


@pytest.mark.usefixtures("in_english")  # the English words of a refused file
def test_a_claim_the_merge_would_break_is_refused_by_the_row_path(aztui, workdir, merges):
    orders = orders_file(workdir / "orders.csv", 45_000)
    ids = [line.split(",")[0] for line in orders.read_text().splitlines()[1:6001]]
    header = "claim_id,order_id,type,filed_at,response_requested_at,responded_at\n"
    first = workdir / "claims.csv"
    first.write_text(header + "C-1,402-x,not_received,2026-11-25T08:00:00Z,2026-11-25T15:00:00Z,\n")
    assert aztui("import", str(first)).code == 0
    claims = workdir / "more.csv"
    claims.write_text(
        header
        + "".join(
            f"C{n},{i},not_received,2026-11-20T08:00:00Z,2026-11-20T09:00:00Z,\n"
            for n, i in enumerate(ids)
        )
        + "C-1,402-x,not_received,2026-11-25T16:00:00Z,,\n"  # filed after Amazon asked
    )
    before = contents(workdir / "store.db")
    run = aztui("import", str(claims))
    assert run.code == 2 and placed(run.err, "more.csv", len(ids) + 2, "response_requested_at")
    assert merges == []
    assert contents(workdir / "store.db") == before


@FUZZ
@given(files)
def test_a_refused_merge_leaves_a_store_with_data_as_it_was(seeded: Path, file) -> None:
    """With the set-based path's threshold at 0, every file it takes goes through it."""
    name, content = file
    with mock.patch.object(importing, "MERGE_MIN_BYTES", 0):
        run_in_copy(seeded, name, content)


def test_the_store_with_data_takes_the_merge_for_what_it_can(seeded: Path, merges) -> None:
    """The test above is not vacuous: a file of orders is merged there."""
    content = b"order_id,purchase_date,order_total\n402-1,2026-11-20T10:00:00Z,12.50\n"
    with mock.patch.object(importing, "MERGE_MIN_BYTES", 0):
        assert run_in_copy(seeded, "orders.csv", content)
        assert not run_in_copy(seeded, "orders.csv", content.replace(b"12.50", b"9" * 400))
    assert merges == [1]  # the second one's batch is handed back, then refused by rows
