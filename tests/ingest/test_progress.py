"""The readers tell how far they are: bytes of the file read (or of its text, on columns) and
rows read, up to the whole file."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from aztui.ingest import bulk_csv
from aztui.ingest.bulk_csv import read_columns
from tests.ingest.helpers import ZONE, read

ROWS = 600
HEADER = "order_id,purchase_date,status,latest_ship_date\n"
ORDER = {"type": "order", "purchase_date": "2026-11-24T10:00:00Z", "status": "Shipped"}


def order(n: int) -> str:
    return f"402-{n:07d}-0000001,2026-11-24T10:00:00Z,Unshipped,2026-11-26T22:59:59Z\n"


def csv_file(tmp_path: Path) -> Path:
    path = tmp_path / "orders.csv"
    path.write_text(HEADER + "".join(order(n) for n in range(ROWS)), encoding="utf-8")
    return path


def told(calls: list[tuple[int, int, int]]):
    """A progress callback that keeps what it is told."""
    return lambda done, total, rows: calls.append((done, total, rows))


def assert_grows_to(calls: list[tuple[int, int, int]], size: int) -> None:
    """Several steps, never backwards, ending at the whole file and every row."""
    assert len(calls) > 1
    assert all(total == size for _, total, _ in calls)
    assert [c[0] for c in calls] == sorted(c[0] for c in calls)
    assert [c[2] for c in calls] == sorted(c[2] for c in calls)
    assert calls[0][0] < size and calls[-1] == (size, size, ROWS)


def test_the_row_reader_tells_bytes_and_rows_read(tmp_path):
    path, calls = csv_file(tmp_path), []
    result = read(path, progress=told(calls))
    assert len(result.records) == ROWS
    assert_grows_to(calls, path.stat().st_size)


def test_a_gzipped_file_is_told_in_bytes_of_the_file_as_stored(tmp_path):
    text = csv_file(tmp_path).read_bytes()
    path = tmp_path / "orders.csv.gz"
    path.write_bytes(gzip.compress(text))
    calls: list[tuple[int, int, int]] = []
    read(path, progress=told(calls))
    assert path.stat().st_size < len(text)
    assert calls[-1] == (path.stat().st_size, path.stat().st_size, ROWS)


def test_json_lines_have_no_header_line(tmp_path):
    path = tmp_path / "orders.jsonl"
    path.write_text(
        "".join(
            json.dumps(ORDER | {"order_id": f"402-{n:07d}-0000001"}) + "\n" for n in range(ROWS)
        ),
        encoding="utf-8",
    )
    calls: list[tuple[int, int, int]] = []
    assert len(read(path, progress=told(calls)).records) == ROWS
    assert_grows_to(calls, path.stat().st_size)


def test_the_columnar_reader_tells_each_piece_once_taken(tmp_path, monkeypatch):
    monkeypatch.setattr(bulk_csv, "CHUNK_BYTES", 4096)  # several pieces
    path, calls = csv_file(tmp_path), []
    found = read_columns(
        path,
        marketplace_zone=ZONE,
        default_marketplace="FR",
        record_types={"order"},
        progress=told(calls),
    )
    assert found is not None
    frames = iter(found.batches)
    first = next(frames)
    assert calls == []  # told once the piece is done with: when the next is asked for
    rows = first.height + sum(frame.height for frame in frames)
    assert rows == ROWS
    assert_grows_to(calls, path.stat().st_size)


@pytest.mark.parametrize("progress", [None, "told"])
def test_progress_changes_nothing_read(tmp_path, progress):
    path = csv_file(tmp_path)
    calls: list[tuple[int, int, int]] = []
    with_progress = read(path, progress=told(calls) if progress else None)
    assert with_progress.records == read(path).records
