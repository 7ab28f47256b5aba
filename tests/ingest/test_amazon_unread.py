"""Amazon downloads aztui does not read are named, with what to download instead.

The files are real downloads kept under ``fixtures/amazon/real/`` (``SOURCES.md`` names each
origin)."""

from __future__ import annotations

from pathlib import Path

import pytest

from aztui.ingest import ImportFailed, read_file
from aztui.ingest.amazon.known import NOTE_LINES

REAL = Path(__file__).parent / "fixtures" / "amazon" / "real"

UNREAD = {
    "returns_xml_es_elganso.xml": ("XML returns report", "GET_FLAT_FILE_RETURNS_DATA"),
    "settlement_v1_us_fba.txt": ("settlement report", "all-orders report"),
    "merchant_listings_all_us.txt": ("inventory report", "all-orders report"),
    "payments_transactions_in.txt": ("payments transaction view", "all-orders report"),
    "order_report_new_orders_us.txt": ("order report of new orders", "all-orders report"),
    "date_range_transactions_us.csv": ("payments date range report", "all-orders report"),
    "business_report_child_us.csv": ("business report", "all-orders report"),
    "fba_customer_returns_us.txt": ("FBA customer returns report", "orders you ship yourself"),
    "fba_inventory_afn_us.txt": ("FBA inventory report", "all-orders report"),
    "fba_inventory_planning_us.csv": ("FBA inventory planning report", "all-orders report"),
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
    assert "no aztui column" not in message and "is missing" not in message


GUESSED_HEADERS = {
    # No real French or German date range report was found (SOURCES.md): these header lines
    # are GUESSED, from the column names other projects' parsers give.
    "fr": '"date/heure","numéro de versement","type","numéro de la commande","sku"',
    "de": '"Datum/Uhrzeit","Abrechnungsnummer","Typ","Bestellnummer","SKU"',
}


@pytest.mark.parametrize("language", sorted(GUESSED_HEADERS))
def test_a_localised_date_range_report_is_named_past_its_notes(language, tmp_path):
    notes = '"Alle Beträge in Euro sofern nicht anders gekennzeichnet"\n"Definitionen:"\n'
    report = tmp_path / "range.csv"
    report.write_text(notes + GUESSED_HEADERS[language] + "\n", encoding="utf-8")
    with pytest.raises(ImportFailed, match="this is Amazon's payments date range report"):
        read_file(report, marketplace_zone="Europe/Paris", default_marketplace="FR")


def test_a_header_far_below_the_notes_is_not_taken_for_the_date_range_report(tmp_path):
    real = (REAL / "date_range_transactions_us.csv").read_text(encoding="utf-8").splitlines()
    report = tmp_path / "range.csv"
    notes = ['"note"'] * (NOTE_LINES + 1)
    report.write_text("\n".join(notes + real[7:]) + "\n", encoding="utf-8")
    with pytest.raises(ImportFailed) as failed:
        read_file(report, marketplace_zone="Europe/Paris", default_marketplace="FR")
    assert "date range report" not in str(failed.value)


def test_import_names_the_xml_returns_report(aztui_cli):
    run = aztui_cli("import", str(REAL / "returns_xml_es_elganso.xml"))
    assert run.returncode == 2
    assert "returns_xml_es_elganso.xml:1: this is Amazon's XML returns report" in run.stderr
    assert "flat file instead" in run.stderr and "Traceback" not in run.stderr


def test_the_new_orders_report_is_named_not_taken_for_an_unshipped_report_missing_a_column(
    aztui_cli,
):
    # It shares order-id, order-item-id and purchase-date with the unshipped-orders report.
    run = aztui_cli("import", str(REAL / "order_report_new_orders_us.txt"))
    assert run.returncode == 2
    assert "order_report_new_orders_us.txt:1: this is Amazon's order report of new orders" in (
        run.stderr
    )
    assert "promise-date" not in run.stderr and "Fake Buyer" not in run.stderr


def test_import_names_the_date_range_report_whose_header_follows_seven_notes(aztui_cli):
    run = aztui_cli("import", str(REAL / "date_range_transactions_us.csv"))
    assert run.returncode == 2
    assert "date_range_transactions_us.csv:1: this is Amazon's payments date range report" in (
        run.stderr
    )
    assert "no aztui column" not in run.stderr and "Traceback" not in run.stderr


@pytest.fixture
def aztui_cli(tmp_path, monkeypatch):
    import subprocess
    import sys

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "aztui", "--db", str(tmp_path / "store.db"), *args],
            cwd=tmp_path,
            env={  # in English: the words below are the reason's own
                "PATH": "/usr/bin:/bin",
                "AZTUI_USER_CONFIG": str(tmp_path / "none.toml"),
                "AZTUI_LANGUAGE": "en",
            },
            capture_output=True,
            text=True,
        )

    return run
