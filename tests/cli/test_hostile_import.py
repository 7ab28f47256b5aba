"""JSON escapes of what no value may hold, and file names that are not UTF-8, through
``aztui import`` and the inbox: a refusal naming file, line and key (exit 2), the store as it
was, the file in ``failed/``; never the store's ``UnicodeEncodeError`` as a bug (exit 70), nor
a file kept in the inbox to fail again at every look."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from aztui.sources import inbox as inbox_module
from tests.cli.test_check import ORDERS
from tests.ingest.test_fuzz_readers import HEALTH_BLOCK

GOOD = '{"type": "order", "order_id": "402-1", "purchase_date": "2026-11-20T10:00:00Z"}\n'
LONE = GOOD.replace("402-1", "402-\\ud800")
"""An order id ending in a JSON escape of a lone surrogate."""
NUL = GOOD.replace("402-1", "402-\\u0000")
STATUS = HEALTH_BLOCK % '{"rate": 1.0, "status": "GOOD\\udc00"}'
"""The account-health report with a lone surrogate in a metric's status."""


def dump(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        return list(conn.iterdump())


def assert_text(*outputs: str) -> None:
    """What aztui printed or wrote is text any UTF-8 stream takes (no surrogate came out)."""
    for output in outputs:
        output.encode("utf-8")


@pytest.mark.usefixtures("in_english")  # the English words of a refused file
@pytest.mark.parametrize(
    ("name", "content", "where", "words"),
    [
        ("orders.jsonl", GOOD + LONE, ":2: column order_id:", "lone surrogate (U+D800)"),
        ("orders.jsonl", GOOD + NUL, ":2: column order_id:", "NUL character (U+0000)"),
        ("health.json", STATUS, ": column performanceMetrics[0]", "lone surrogate (U+DC00)"),
    ],
)
def test_import_refuses_an_escape_naming_file_line_and_key(
    aztui, workdir, name, content, where, words
):
    (workdir / "orders.csv").write_text(ORDERS, encoding="utf-8")
    assert aztui("import", "orders.csv").code == 0
    before = dump(workdir / "store.db")
    path = workdir / name
    path.write_text(content, encoding="utf-8")
    run = aztui("import", str(path))
    assert run.code == 2, run.err
    assert f"{path}{where}" in run.err and words in run.err
    assert "bug" not in run.err
    assert_text(run.out, run.err)
    assert dump(workdir / "store.db") == before


@pytest.mark.usefixtures("in_english")  # the English words of a refused file
def test_a_file_name_not_in_utf8_is_imported_and_logged_escaped(aztui, workdir):
    """``os.fsdecode`` keeps the byte as a lone surrogate: messages and the store's log of
    imports name the file with it written ``\\xff``."""
    path = workdir / os.fsdecode(b"orders-\xff.csv")
    path.write_text(ORDERS.replace("49.90", "x"), encoding="utf-8")
    refused = aztui("import", str(path))
    assert refused.code == 2 and "orders-\\\\xff.csv:2: column order_total" in refused.err
    path.write_text(ORDERS, encoding="utf-8")
    run = aztui("import", str(path))
    assert run.code == 0, run.err
    assert_text(refused.err, run.out, run.err)
    with sqlite3.connect(workdir / "store.db") as db:
        (source,) = db.execute("SELECT source FROM imports").fetchone()
    assert source == str(workdir / "orders-\\xff.csv")


def test_the_inbox_sends_a_file_with_an_escape_to_failed(aztui, workdir, monkeypatch):
    (workdir / "aztui.toml").write_text('inbox = "downloads"\n', encoding="utf-8")
    inbox = workdir / "downloads"
    inbox.mkdir()
    monkeypatch.setattr(inbox_module, "SETTLE_SECONDS", 0.3)
    odd_name = os.fsdecode(b"lone-\xff.jsonl")
    files = {"lone.jsonl": GOOD + LONE, "health.json": STATUS, odd_name: LONE}
    for name, content in files.items():
        (inbox / name).write_text(content, encoding="utf-8")
    run = aztui("import", "--inbox")
    assert run.code == 2, run.err
    assert_text(run.out, run.err)
    assert sorted(p.name for p in inbox.iterdir()) == ["failed"]  # none kept
    failed = inbox / "failed"
    assert {p.name for p in failed.iterdir()} == {
        *files,
        *(name + ".error.txt" for name in files),
    }
    for name in files:
        note = (failed / (name + ".error.txt")).read_text(encoding="utf-8")
        assert "lone surrogate" in note, note
    assert "lone.jsonl:2: column order_id:" in (failed / "lone.jsonl.error.txt").read_text()
    assert "bug" not in run.err
    with sqlite3.connect(workdir / "store.db") as db:
        assert db.execute("SELECT count(*) FROM orders").fetchone()[0] == 0
