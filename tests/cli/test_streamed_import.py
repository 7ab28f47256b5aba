"""A file too large to hold, read row by row, is written as it is read again, a batch at a
time in one transaction: the store the whole file held in memory gives, the same refusals
placed at their lines, and nothing written when one is refused."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from aztui.ingest import stream
from aztui.ingest.amazon import flatfile
from tests.cli.test_bulk_import import contents, orders_file
from tests.cli.test_check import NOW
from tests.cli.test_merge_import import placed
from tests.ingest.test_bounded_reading import report

KEEP = 300


@pytest.fixture
def batches(monkeypatch) -> list[int]:
    """Few records kept, small batches; counts the batches a store took. (A quoted cell or
    JSON Lines keep a file from the columnar reader: it is read row by row.)"""
    monkeypatch.setattr("aztui.ingest.result.KEEP_RECORDS", KEEP)
    monkeypatch.setattr(stream, "BATCH", 250)
    taken: list[int] = []
    real = stream.RecordBatches.__call__

    async def spy(self):
        async for batch in real(self):
            taken.append(len(batch))
            yield batch

    monkeypatch.setattr(stream.RecordBatches, "__call__", spy)
    return taken


def quoted(path: Path, count: int) -> Path:
    """Orders of every kind, a cell quoted (the columnar reader leaves such a file to rows)."""
    lines = orders_file(path, 45_000).read_text().splitlines()[: count + 1]
    lines[1] = lines[1].replace(",MFN,", ',"MFN",', 1)
    path.write_text("\n".join(lines) + "\n")
    return path


def shipments_jsonl(path: Path, orders: Path) -> Path:
    ids = [line.split(",")[0] for line in orders.read_text().splitlines()[1:1500]]
    path.write_text(
        "".join(
            f'{{"type": "shipment", "order_id": "{i}", "tracking_number": "1Z{n:08d}", '
            f'"confirmed_at": "2026-11-21T10:00:00Z", "carrier": "UPS"}}\n'
            for n, i in enumerate(ids)
        )
    )
    return path


def test_a_file_too_large_to_hold_gives_the_store_a_whole_reading_gives(
    aztui, workdir, batches, monkeypatch
):
    orders = quoted(workdir / "orders.csv", 2_000)
    shipments = shipments_jsonl(workdir / "shipments.jsonl", orders)
    streamed, whole = workdir / "store.db", workdir / "whole.db"
    assert aztui("import", str(orders), str(shipments), db_path=streamed).code == 0
    assert len(batches) == 8 + 6 and max(batches) == 250
    monkeypatch.setattr("aztui.ingest.result.KEEP_RECORDS", 1 << 60)
    assert aztui("import", str(orders), str(shipments), db_path=whole).code == 0
    assert len(batches) == 14
    assert contents(streamed) == contents(whole)
    checks = [
        aztui("check", "--json", "--all", "--now", NOW, db_path=db).out for db in (streamed, whole)
    ]
    assert checks[0] == checks[1]


@pytest.mark.usefixtures("in_english")  # the English words of a refused file
def test_a_conflict_in_a_later_batch_is_placed_and_nothing_is_written(aztui, workdir, batches):
    header = "claim_id,order_id,type,filed_at,response_requested_at,responded_at\n"
    first = workdir / "claims.csv"
    first.write_text(header + "C-1,402-x,not_received,2026-11-25T08:00:00Z,2026-11-25T15:00:00Z,\n")
    assert aztui("import", str(first)).code == 0
    claims = workdir / "more.csv"
    count = 1_000
    claims.write_text(
        header
        + "".join(
            f'C{n},403-{n:07d}-0000000,"not_received",2026-11-20T08:00:00Z,2026-11-20T09:00:00Z,\n'
            for n in range(count)
        )
        + "C-1,402-x,not_received,2026-11-25T16:00:00Z,,\n"  # filed after Amazon asked
    )
    before = contents(workdir / "store.db")
    run = aztui("import", str(claims))
    assert run.code == 2 and placed(run.err, "more.csv", count + 2, "response_requested_at")
    assert batches == [250, 250, 250, 250, 1]
    assert contents(workdir / "store.db") == before


@pytest.mark.parametrize("scattered", [False, True])
def test_an_amazon_report_too_large_to_hold_gives_the_store_a_whole_reading_gives(
    aztui, workdir, batches, monkeypatch, scattered
):
    """Built and written in pieces that never cut an order apart; a report that lists an
    order's items apart is read whole."""
    monkeypatch.setattr(flatfile, "PIECE_ROWS", 71)  # odd: a cut could part two items
    path = report(workdir / "all-orders.txt", 400, scattered=scattered)
    streamed, whole = workdir / "store.db", workdir / "whole.db"
    assert aztui("import", str(path), db_path=streamed).code == 0
    assert batches == ([] if scattered else [250, 150])
    monkeypatch.setattr("aztui.ingest.result.KEEP_RECORDS", 1 << 60)
    assert aztui("import", str(path), db_path=whole).code == 0
    assert contents(streamed) == contents(whole)
    assert len(contents(whole)["orders"]) == 400


def test_a_refusal_in_the_first_batch_stops_the_reading(aztui, workdir, batches):
    header = "claim_id,order_id,type,filed_at,response_requested_at,responded_at\n"
    first = workdir / "claims.csv"
    first.write_text(header + "C-1,402-x,not_received,2026-11-25T08:00:00Z,2026-11-25T15:00:00Z,\n")
    assert aztui("import", str(first)).code == 0
    claims = workdir / "more.csv"
    claims.write_text(
        header
        + "C-1,402-x,not_received,2026-11-25T16:00:00Z,,\n"  # filed after Amazon asked
        + "".join(
            f'C{n},403-{n:07d}-0000000,"not_received",2026-11-20T08:00:00Z,2026-11-20T09:00:00Z,\n'
            for n in range(2_000)
        )
    )
    before = contents(workdir / "store.db")
    run = aztui("import", str(claims))
    assert run.code == 2 and placed(run.err, "more.csv", 2, "response_requested_at")
    assert batches == [250]
    assert not [t for t in threading.enumerate() if t.name == "aztui-read-batches"]
    assert contents(workdir / "store.db") == before


def test_skipping_invalid_rows_streamed_skips_what_a_whole_reading_skips(
    aztui, workdir, batches, monkeypatch
):
    path = quoted(workdir / "orders.csv", 1_000)
    lines = path.read_text().splitlines()
    repeat = lines[5].split(",")
    repeat[5] = "777.00"  # a repeat far from its first, with another total; a bad row
    lines[700:700] = [",".join(repeat), "403-bad,not a date"]
    path.write_text("\n".join(lines) + "\n")
    streamed, whole = workdir / "store.db", workdir / "whole.db"
    run = aztui("import", "--skip-invalid", str(path), db_path=streamed)
    assert run.code == 0 and batches == [250, 250, 250, 250]
    monkeypatch.setattr("aztui.ingest.result.KEEP_RECORDS", 1 << 60)
    again = aztui("import", "--skip-invalid", str(path), db_path=whole)
    assert again.code == 0 and again.err == run.err
    assert contents(streamed) == contents(whole)
    assert len(contents(whole)["orders"]) == 1_000
