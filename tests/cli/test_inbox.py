"""``aztui import --inbox``: each dropped file once, to done/ or failed/, never half-written."""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from aztui.sources import inbox as inbox_module
from aztui.sources.inbox import Inbox
from tests.cli.test_check import ORDERS
from tests.ingest.helpers import FIXTURES

AMAZON = FIXTURES / "amazon"


@pytest.fixture
def inbox(workdir, monkeypatch) -> Path:
    (workdir / "aztui.toml").write_text('inbox = "downloads"\n', encoding="utf-8")
    folder = workdir / "downloads"
    folder.mkdir()
    monkeypatch.setattr(inbox_module, "SETTLE_SECONDS", 0.3)
    return folder


def orders_in_store(workdir: Path) -> int:
    with sqlite3.connect(workdir / "store.db") as db:
        return db.execute("SELECT count(*) FROM orders").fetchone()[0]


def test_each_file_is_imported_once_and_moved_to_done(aztui, workdir, inbox):
    for name in ("all_orders_fr.txt", "unshipped_fr.txt", "account_health.json"):
        shutil.copy(AMAZON / name, inbox / name)
    (inbox / "orders.csv").write_text(ORDERS, encoding="utf-8")
    (inbox / "rapport.txt.crdownload").write_text("half", encoding="utf-8")
    (inbox / ".hidden").write_text("x", encoding="utf-8")
    run = aztui("import", "--inbox")
    assert run.code == 0, run.err
    assert sorted(p.name for p in (inbox / "done").iterdir()) == [
        "account_health.json",
        "all_orders_fr.txt",
        "orders.csv",
        "unshipped_fr.txt",
    ]
    assert sorted(p.name for p in inbox.iterdir()) == [".hidden", "done", "rapport.txt.crdownload"]
    assert "inbox/all_orders_fr.txt : importé : 4 commande(s) importée(s)" in run.out
    assert orders_in_store(workdir) == 7
    again = aztui("import", "--inbox")  # nothing new: nothing happens
    assert again.code == 0 and again.out == ""


def test_a_bad_file_goes_to_failed_with_its_reason_and_the_rest_is_imported(aztui, workdir, inbox):
    shutil.copy(AMAZON / "unshipped_fr.txt", inbox / "unshipped_fr.txt")
    (inbox / "orders.csv").write_text(
        ORDERS.replace("2026-11-24T10:00:00Z", "2026-02-30"), encoding="utf-8"
    )
    run = aztui("import", "--inbox")
    assert run.code == 2
    error = (inbox / "failed" / "orders.csv.error.txt").read_text(encoding="utf-8")
    assert "orders.csv:2: column purchase_date: '2026-02-30'" in error
    assert (inbox / "failed" / "orders.csv").exists()
    assert (inbox / "done" / "unshipped_fr.txt").exists()
    assert orders_in_store(workdir) == 2
    assert "Amélie" not in error and "Amélie" not in run.err


def test_a_second_file_of_the_same_name_keeps_the_first(aztui, workdir, inbox):
    for _ in range(2):
        (inbox / "orders.csv").write_text(ORDERS, encoding="utf-8")
        assert aztui("import", "--inbox").code == 0
    assert len(list((inbox / "done").iterdir())) == 2


async def test_a_file_still_being_written_waits_for_the_next_look(tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    growing = folder / "orders.csv"
    growing.write_text("order_id,purchase_date\n", encoding="utf-8")

    async def write_more() -> None:
        """A download still coming in: one more line, while the inbox looks."""
        with growing.open("a", encoding="utf-8") as out:
            out.write("402-0000000-0000001,2026-11-20T10:00:00Z\n")

    imported: list[Path] = []

    async def import_one(path: Path) -> str:
        imported.append(path)
        return "ok"

    box = Inbox(folder, settle_seconds=0.2)
    # The writer's first line comes once the inbox has begun its look, and has waited: this
    # event loop runs it only then. The file has changed during the look, whatever the load.
    writer = asyncio.create_task(write_more())
    try:
        outcomes = await box.run(import_one, lambda exc: True)
    finally:
        writer.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await writer
    assert [(o.name, o.status) for o in outcomes] == [("orders.csv", "waiting")]
    assert imported == [] and growing.exists()
    outcomes = await box.run(import_one, lambda exc: True)  # written in full now
    assert [(o.name, o.status) for o in outcomes] == [("orders.csv", "imported")]
    assert (folder / "done" / "orders.csv").exists()


def test_without_an_inbox_the_message_says_how_to_set_one(aztui, workdir):
    run = aztui("import", "--inbox")
    assert run.code == 2 and 'écrivez inbox = "dossier" dans aztui.toml' in run.err  # in French


def test_import_needs_files_or_the_inbox(aztui, workdir):
    run = aztui("import")
    assert run.code == 2 and "--inbox" in run.err
