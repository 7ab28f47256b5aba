"""A file of more records than a reader keeps is read in bounded memory: refused with the same
problems (file, line, field), or read again whole, with the same records, when it has none."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from aztui.ingest import ImportFailed
from aztui.ingest.amazon import flatfile
from aztui.ingest.aztui_csv import read_csv_source
from aztui.ingest.decode import open_source
from aztui.ingest.jsonl import read_jsonl_source
from tests.ingest.helpers import FIXTURES, ZONE, read

KEEP = 50


@pytest.fixture(autouse=True)
def keep_few(monkeypatch):
    monkeypatch.setattr("aztui.ingest.result.KEEP_RECORDS", KEEP)


HEADER = "order_id,purchase_date,marketplace,status,fulfillment,order_total,currency"


def order_line(number: int) -> str:
    return (
        f"402-{number:07d}-1234567,2026-11-{1 + number % 28:02d}T09:00:00Z,FR,Shipped,MFN,12.50,EUR"
    )


def orders_csv(path: Path, count: int, *extra: tuple[int, str]) -> Path:
    """``count`` orders, with ``extra`` lines put in before the given order numbers."""
    lines = [HEADER]
    inserted = dict(extra)
    for number in range(count):
        if number in inserted:
            lines.append(inserted[number])
        lines.append(order_line(number))
    if count in inserted:
        lines.append(inserted[count])
    path.write_text("\n".join(lines) + "\n")
    return path


def problems(path: Path, **options: object) -> list[str]:
    with pytest.raises(ImportFailed) as caught:
        read(path, **options)
    return [str(p) for p in caught.value.problems]


def problems_kept(path: Path, reader: Callable[..., object]) -> list[str]:
    """What the reader itself tells, holding at most ``KEEP`` records (``read_file`` would
    read a spilled file again)."""
    with pytest.raises(ImportFailed) as caught:
        reader(open_source(path), marketplace_zone=ZONE, default_marketplace="FR", keep=KEEP)
    return [str(p) for p in caught.value.problems]


def test_a_bad_line_at_the_end_is_told_as_when_the_file_is_held(tmp_path):
    path = orders_csv(tmp_path / "orders.csv", 400, (400, "402-9999999-1234567,yesterday,FR"))
    told = problems(path, bounded=True)
    assert told == problems(path, bounded=False)
    assert len(told) == 1 and "orders.csv:402:" in told[0]


def test_a_bad_cell_past_what_is_kept_names_its_line_and_column(tmp_path):
    bad = "402-9999999-1234567,not a date,FR,Shipped,MFN,12.50,EUR"
    path = orders_csv(tmp_path / "orders.csv", 400, (300, bad))
    told = problems(path, bounded=True)
    assert told == problems(path, bounded=False)
    assert "orders.csv:302:" in told[0] and "purchase_date" in told[0]


def test_a_key_repeated_far_apart_is_found_on_disk(tmp_path):
    path = orders_csv(tmp_path / "orders.csv", 400, (350, order_line(3)))
    told = problems_kept(path, read_csv_source)
    assert told == problems(path, bounded=False)
    assert len(told) == 1 and "orders.csv:352:" in told[0] and "line 5" in told[0]


def test_the_reader_lets_records_go_past_what_it_keeps(tmp_path):
    path = orders_csv(tmp_path / "orders.csv", 400)
    options = {"marketplace_zone": ZONE, "default_marketplace": "FR"}
    held = read_csv_source(open_source(path), keep=KEEP, **options)
    assert held.spilled and held.records == [] and held.lines == {}
    whole = read_csv_source(open_source(path), **options)
    assert not whole.spilled and len(whole.records) == 400


def test_a_clean_file_past_what_is_kept_is_read_again_whole(tmp_path):
    path = orders_csv(tmp_path / "orders.csv", 400)
    bounded, whole = read(path, bounded=True), read(path, bounded=False)
    assert bounded.records == whole.records and bounded.lines == whole.lines
    assert not bounded.spilled and len(bounded.records) == 400


def test_skipping_invalid_rows_past_what_is_kept_skips_the_same(tmp_path):
    path = orders_csv(
        tmp_path / "orders.csv", 400, (100, "402-x,not a date,FR"), (350, order_line(3))
    )
    bounded = read(path, bounded=True, skip_invalid=True)
    whole = read(path, bounded=False, skip_invalid=True)
    assert bounded.records == whole.records and len(bounded.records) == 400
    assert [str(p) for p in bounded.problems] == [str(p) for p in whole.problems]


def test_json_lines_past_what_is_kept(tmp_path):
    lines = [
        f'{{"type": "order", "order_id": "402-{n:07d}-1234567", "purchase_date": '
        f'"2026-11-20T09:00:00Z", "status": "Shipped", "fulfillment": "MFN"}}'
        for n in range(300)
    ]
    lines[250] = lines[7]
    path = tmp_path / "orders.jsonl"
    path.write_text("\n".join(lines) + "\n")
    told = problems_kept(path, read_jsonl_source)
    assert told == problems(path, bounded=False)
    assert "orders.jsonl:251:" in told[0] and "line 8" in told[0]


def report(path: Path, orders: int, *, scattered: bool = False, bad: bool = False) -> Path:
    """An all-orders report of ``orders`` orders of two items each, made of the lines of the
    French fixture with new order ids: each order's items together, or (``scattered``) the
    second items after all the first ones; ``bad``: a last line whose date is not one."""
    header, first, second, *_ = (
        (FIXTURES / "amazon" / "all_orders_fr.txt").read_bytes().split(b"\n")
    )
    lines = [header]
    ids = [f"402-{n:07d}-1111111".encode() for n in range(orders)]
    items = [first.replace(b"402-1111111-1111111", i) for i in ids]
    seconds = [second.replace(b"402-1111111-1111111", i) for i in ids]
    if scattered:
        lines += items + seconds
    else:
        lines += [line for pair in zip(items, seconds, strict=True) for line in pair]
    if bad:
        lines.append(items[0].replace(b"402-0000000", b"402-9999999").replace(b"2026-11-20T", b"x"))
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


@pytest.mark.parametrize("scattered", [False, True])
def test_a_report_is_built_in_pieces_that_keep_an_order_whole(tmp_path, monkeypatch, scattered):
    """Read again in one piece only when an order's items are apart."""
    monkeypatch.setattr(flatfile, "PIECE_ROWS", 7)
    path = report(tmp_path / "all-orders.txt", 120, scattered=scattered)
    whole = read(path, bounded=False)
    again = []
    read_flat_file = flatfile.read_flat_file
    monkeypatch.setattr(
        flatfile, "read_flat_file", lambda *a, **k: again.append(k) or read_flat_file(*a, **k)
    )
    bounded = read(path, bounded=True)
    assert len(again) == scattered
    assert bounded.records == whole.records and len(bounded.records) == 120
    assert {r.order_total for r in bounded.records} == {whole.records[0].order_total}


def test_a_report_with_a_bad_last_line_is_told_as_when_it_is_held(tmp_path, monkeypatch):
    monkeypatch.setattr(flatfile, "PIECE_ROWS", 7)
    path = report(tmp_path / "all-orders.txt", 120, bad=True)
    told = problems(path, bounded=True)
    assert told == problems(path, bounded=False)
    assert len(told) == 1 and "all-orders.txt:242:" in told[0]
