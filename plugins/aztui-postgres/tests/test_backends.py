"""One store, two backends: the same data gives the same ``aztui check --json`` on SQLite and
on PostgreSQL (selected by its URL)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from aztui.cli.main import main
from aztui.demo import demo_records
from aztui.ingest.export import write_jsonl

NOW = datetime(2026, 11, 26, 9, tzinfo=UTC)


def test_check_is_identical_on_both_backends(postgres_url, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("AZTUI_USER_CONFIG", str(tmp_path / "none.toml"))
    monkeypatch.chdir(tmp_path)
    data = tmp_path / "all.jsonl"
    with data.open("w", encoding="utf-8") as stream:
        write_jsonl(demo_records(NOW, seed=7), stream)
    reports = []
    for db in (str(tmp_path / "store.db"), postgres_url):
        assert main(["--db", db, "import", str(data)]) == 0
        capsys.readouterr()
        main(["--db", db, "check", "--json", "--all", "--now", "2026-11-26T09:00:00Z"])
        reports.append(json.loads(capsys.readouterr().out))
    assert reports[0] == reports[1]
    assert reports[0]["deadlines"] and reports[0]["metrics"]  # a report with something in it
