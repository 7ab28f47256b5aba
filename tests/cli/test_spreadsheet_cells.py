"""``aztui export --format csv``: no cell a spreadsheet would evaluate, and the round trip
through ``aztui import`` still gives the same store (formats.md, "CSV export and
spreadsheets")."""

from __future__ import annotations

import csv
import io
import json

from tests.cli.test_check import write

HOSTILE = ["=1+1", "+33 6 12", "-12", "@SUM(A1:A9)", "'quoted", "'=both", "402-1"]
"""Order ids a seller's files may hold (none is refused): formulas, and a quote before one."""


def jsonl(*objects: dict) -> str:
    return "".join(json.dumps(o) + "\n" for o in objects)


def test_csv_export_neutralises_formulas_and_reimports_to_the_same_store(aztui, workdir):
    lines = [
        {
            "type": "order",
            "order_id": order_id,
            "purchase_date": "2026-11-20T10:00:00Z",
            "order_total": "12.50",
        }
        for order_id in HOSTILE
    ] + [
        {
            "type": "shipment",
            "order_id": "=1+1",
            "confirmed_at": "2026-11-21T10:00:00Z",
            "carrier": "=cmd|' /C calc'!A0",
            "tracking_number": "-8R0001",
            "carrier_status": "@home",
        }
    ]
    assert aztui("import", str(write(workdir, "start.jsonl", jsonl(*lines)))).code == 0
    out = workdir / "csv"
    out.mkdir()
    assert aztui("export", "--format", "csv", "--output", str(out)).code == 0

    orders = list(csv.DictReader(io.StringIO((out / "orders.csv").read_text())))
    assert sorted(row["order_id"] for row in orders) == sorted(
        ["'=1+1", "'+33 6 12", "'-12", "'@SUM(A1:A9)", "''quoted", "''=both", "402-1"]
    )
    assert {row["order_total"] for row in orders} == {"12.50"}  # numbers stay numbers
    (shipment,) = csv.DictReader(io.StringIO((out / "shipments.csv").read_text()))
    assert shipment["order_id"] == "'=1+1"
    assert shipment["carrier"] == "'=cmd|' /C calc'!A0"
    assert shipment["tracking_number"] == "'-8R0001"
    assert shipment["carrier_status"] == "'@home"
    triggers = ("=", "+", "-", "@", "\t", "\r")
    for path in out.glob("*.csv"):
        for row in csv.reader(io.StringIO(path.read_text())):
            assert not any(cell.startswith(triggers) for cell in row), (path.name, row)

    before = aztui("export").out
    second = workdir / "second.db"
    files = [str(p) for p in sorted(out.glob("*.csv")) if p.read_text().count("\n") > 1]
    assert aztui("import", *files, db_path=second).code == 0
    assert aztui("export", db_path=second).out == before
