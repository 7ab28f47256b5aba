"""The columnar reader takes a file a piece at a time, and its batches can be taken again."""

from __future__ import annotations

import gzip

import pytest

from aztui.domain.bulk_rules import NotColumnar
from aztui.ingest import bulk_csv
from aztui.ingest.bulk_csv import read_columns

HEADER = "order_id,purchase_date,order_total\n"


def orders(count: int) -> str:
    return HEADER + "".join(f"402-{n:07d},2026-11-20T10:00:00Z,{n}.50\n" for n in range(count))


def columns(source):
    found = read_columns(
        source, marketplace_zone="Europe/Paris", default_marketplace="FR", record_types={"order"}
    )
    assert found is not None
    return found


@pytest.mark.parametrize("zipped", [False, True])
def test_batches_taken_twice_are_the_same(monkeypatch, zipped):
    monkeypatch.setattr(bulk_csv, "CHUNK_BYTES", 500)
    data = orders(300).encode()
    found = columns(gzip.compress(data) if zipped else data)
    first = [frame.rows() for frame in found.batches]
    assert len(first) > 5  # pieces, not the whole file at once
    assert [frame.rows() for frame in found.batches] == first
    assert sum(len(rows) for rows in first) == 300


def test_what_only_the_row_reader_reads_is_found_when_its_piece_is_taken(monkeypatch):
    """A quote far into the file: the reader has not read that far when it answers, and the
    batch that holds it hands the file back."""
    monkeypatch.setattr(bulk_csv, "CHUNK_BYTES", 500)
    data = orders(300) + '402-9999999,2026-11-20T10:00:00Z,"1.50"\n'
    batches = iter(columns(data.encode()).batches)
    assert next(batches).height > 0
    with pytest.raises(NotColumnar):
        list(batches)


def test_the_lines_of_one_order_stay_in_one_piece(monkeypatch):
    monkeypatch.setattr(bulk_csv, "CHUNK_BYTES", 64)
    header = "order_id,tracking_number,confirmed_at,carrier\n"
    lines = [f"402-{n // 5:04d},T{n},2026-11-20T10:00:00Z,UPS\n" for n in range(100)]
    found = read_columns(
        (header + "".join(lines)).encode(),
        marketplace_zone="Europe/Paris",
        default_marketplace="FR",
        record_types={"shipment"},
    )
    assert found is not None
    frames = list(found.batches)
    assert len(frames) > 5
    for frame in frames:
        assert frame.height % 5 == 0  # five shipments an order, never split
    assert sum(frame.height for frame in frames) == 100
