"""Amazon downloads aztui does not read are named, with what to download instead.

The files are real downloads kept under ``fixtures/amazon/real/`` (``SOURCES.md`` names each
origin)."""

from __future__ import annotations

from pathlib import Path

import pytest

from aztui.ingest import ImportFailed, read_file

REAL = Path(__file__).parent / "fixtures" / "amazon" / "real"

UNREAD = {
    "returns_xml_es_elganso.xml": ("XML returns report", "GET_FLAT_FILE_RETURNS_DATA"),
    "settlement_v1_us_fba.txt": ("settlement report", "all-orders report"),
    "merchant_listings_all_us.txt": ("inventory report", "all-orders report"),
    "payments_transactions_in.txt": ("payments transaction view", "all-orders report"),
}


@pytest.mark.parametrize("name", sorted(UNREAD))
def test_a_report_aztui_does_not_read_is_named_with_what_to_download(name):
    what, instead = UNREAD[name]
    with pytest.raises(ImportFailed) as failed:
        read_file(REAL / name, marketplace_zone="Europe/Paris", default_marketplace="FR")
    [problem] = failed.value.problems
    message = str(failed.value)
    assert problem.line == 1
    assert f"this is Amazon's {what}" in message and "aztui does not read" in message
    assert instead in message
    assert "no aztui column" not in message


def test_import_names_the_xml_returns_report(aztui_cli):
    run = aztui_cli("import", str(REAL / "returns_xml_es_elganso.xml"))
    assert run.returncode == 2
    assert "returns_xml_es_elganso.xml:1: this is Amazon's XML returns report" in run.stderr
    assert "flat file instead" in run.stderr and "Traceback" not in run.stderr


@pytest.fixture
def aztui_cli(tmp_path, monkeypatch):
    import subprocess
    import sys

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "aztui", "--db", str(tmp_path / "store.db"), *args],
            cwd=tmp_path,
            env={"PATH": "/usr/bin:/bin", "AZTUI_USER_CONFIG": str(tmp_path / "none.toml")},
            capture_output=True,
            text=True,
        )

    return run
