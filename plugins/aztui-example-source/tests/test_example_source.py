"""The example source plugin in plugins/ feeds ``aztui sync``; a failing source is contained."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from aztui.testing import Installer

PLUGIN = Path(__file__).resolve().parents[1]

ORDER = {
    "type": "order",
    "order_id": "402-0000001-0000001",
    "purchase_date": "2026-11-24T10:00:00Z",
    "status": "Unshipped",
    "latest_ship_date": "2026-11-26T22:59:59Z",
}
CLAIM = {
    "type": "claim",
    "claim_id": "AZ-1",
    "order_id": "402-0000001-0000001",
    "claim_type": "not_received",
    "filed_at": "2026-11-25T08:00:00Z",
    "response_requested_at": "2026-11-25T15:00:00Z",
}


@pytest.fixture
def run(aztui_cli):
    return aztui_cli


@pytest.fixture
def source_plugin(install_plugin: Installer) -> None:
    install_plugin(
        "example_source",
        "aztui_example_source",
        source_dir=PLUGIN,
        distribution="aztui-example-source",
        version="0.1.0",
    )


def jsonl(path: Path, *objects: dict) -> None:
    path.write_text("".join(json.dumps(o) + "\n" for o in objects), encoding="utf-8")


def count(tmp_path: Path, table: str) -> int:
    with sqlite3.connect(tmp_path / "store.db") as db:
        return db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_sync_reads_each_new_file_once(run, tmp_path, source_plugin):
    (tmp_path / "aztui.toml").write_text('[sources.jsonl_folder]\nfolder = "exports"\n')
    exports = tmp_path / "exports"
    exports.mkdir()
    jsonl(exports / "2026-11-25T0900.jsonl", ORDER)
    jsonl(exports / "2026-11-25T1000.jsonl", CLAIM)
    code, out, err = run("sync")
    assert code == 0, err
    assert "jsonl_folder: synced: 1 order, 1 claim (2 file(s) read)" in out
    assert (count(tmp_path, "orders"), count(tmp_path, "claims")) == (1, 1)
    code, out, _ = run("sync")
    assert code == 0 and "nothing new (0 file(s) read)" in out
    jsonl(exports / "2026-11-26T0900.jsonl", {**ORDER, "status": "Shipped"})
    assert "1 order (1 file(s) read)" in run("sync")[1]
    with sqlite3.connect(tmp_path / "store.db") as db:
        assert db.execute("SELECT status FROM orders").fetchone() == ("Shipped",)
    code, out, _ = run("plugins")
    assert "example_source" in out and "source" in out


def test_a_bad_file_writes_nothing_and_is_read_again_once_fixed(run, tmp_path, source_plugin):
    (tmp_path / "aztui.toml").write_text('[sources.jsonl_folder]\nfolder = "exports"\n')
    exports = tmp_path / "exports"
    exports.mkdir()
    jsonl(exports / "a.jsonl", ORDER)
    jsonl(exports / "b.jsonl", {**CLAIM, "filed_at": "2026-02-30T08:00:00Z"})
    code, _, err = run("sync")
    assert code == 2 and "b.jsonl:1" in err and "filed_at" in err
    assert count(tmp_path, "orders") == 0
    jsonl(exports / "b.jsonl", CLAIM)
    assert run("sync")[0] == 0
    assert (count(tmp_path, "orders"), count(tmp_path, "claims")) == (1, 1)


def test_a_failing_source_is_reported_and_the_others_still_sync(
    run, tmp_path, source_plugin, install_plugin
):
    install_plugin(
        "broken_source",
        "broken_source",
        source="""
        from aztui.hookspecs import hookimpl

        class Broken:
            name = "broken"
            def __init__(self, context):
                pass
            async def fetch(self, cursor):
                raise ConnectionError("the API is down")

        @hookimpl
        def aztui_register_sources(register):
            register("broken", Broken)
    """,
    )
    (tmp_path / "aztui.toml").write_text(
        '[sources.broken]\n[sources.jsonl_folder]\nfolder = "exports"\n'
        "[sources.off]\nenabled = false\n"  # one no plugin registers: tests/plugin_system
    )
    (tmp_path / "exports").mkdir()
    jsonl(tmp_path / "exports" / "a.jsonl", ORDER)
    code, out, err = run("sync")
    assert code == 2
    assert "broken: failed: ConnectionError: the API is down" in err
    told = "extension broken_source, source broken : ConnectionError: the API is down"
    assert err.splitlines()[-1].startswith(f"aztui : {told} — ")  # after the command's lines
    assert "off: disabled" in out
    assert "jsonl_folder: synced: 1 order" in out
    assert count(tmp_path, "orders") == 1


def test_a_source_quoting_its_credentials_never_prints_them(
    run, tmp_path, monkeypatch, install_plugin
):
    install_plugin(
        "chatty_source",
        "chatty_source",
        source="""
        from aztui.hookspecs import hookimpl

        class Chatty:
            name = "chatty"
            def __init__(self, context):
                self.credentials = context.credentials
            async def fetch(self, cursor):
                raise PermissionError(f"login refused for {self.credentials}")

        @hookimpl
        def aztui_register_sources(register):
            register("chatty", Chatty)
    """,
    )
    monkeypatch.setenv("CHATTY_CREDENTIALS", "cnry-source-7d2e")
    (tmp_path / "aztui.toml").write_text(
        '[sources.chatty]\ncredentials = { env = "CHATTY_CREDENTIALS" }\n'
    )
    code, out, err = run("--debug", "sync")
    assert code == 2
    assert "chatty: failed: PermissionError: login refused for ***" in err
    assert "cnry-source-7d2e" not in out + err


def test_credentials_never_sit_in_the_team_file(run, tmp_path, source_plugin):
    (tmp_path / "aztui.toml").write_text(
        '[sources.jsonl_folder]\nfolder = "exports"\ncredentials = "s3cr3t-token"\n'
    )
    code, _, err = run("sync")
    assert code == 2 and "sources.jsonl_folder.credentials" in err
    assert "s3cr3t-token" not in err
