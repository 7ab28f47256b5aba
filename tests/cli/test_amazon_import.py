"""Importing Amazon's downloads through ``aztui``: nothing personal kept, the rules applied."""

from __future__ import annotations

import sqlite3

import pytest

from tests.cli.test_check import NOW, ORDERS, write
from tests.cli.test_import_export import store_state
from tests.ingest.helpers import FIXTURES

AMAZON = FIXTURES / "amazon"
PERSONAL = [
    "Amélie Durand-Lefèvre",
    "8xq3kd2m7p@marketplace.amazon.fr",
    "+33 6 12 34 56 78",
    "12 rue des Lilas",
    "Bâtiment B",
    "Appartement 34",
    "Jean-Baptiste Martin",
    "77hf0s9t4z@marketplace.amazon.fr",
    "06 98 76 54 32",
    "5 avenue Foch",
    "q1w2e3r4t5@marketplace.amazon.de",
    "Colis jamais reçu",
    "Nous vous avons remboursée",
    "Saint-Étienne",
    "42000",
    "Théière en fonte",
]
"""Names, e-mails, phones, addresses, feedback comments and the product names around them."""


def test_personal_data_never_reaches_the_store_output_or_messages(aztui, workdir):
    files = sorted(AMAZON.glob("*.txt"))
    run = aztui("import", *map(str, files))
    assert run.code == 2  # feedback_us.txt is in month/day order, the store is FR
    for name in ("all_orders_fr.txt", "unshipped_fr.txt", "returns_fr.txt", "feedback_fr.txt"):
        assert aztui("import", str(AMAZON / name)).code == 0
    check = aztui("check", "--json", "--all", "--now", NOW)
    exported = aztui("export", "--format", "jsonl")
    for value in PERSONAL:
        for text in (run.out, run.err, check.out, exported.out):
            assert value not in text
        for path in workdir.glob("store.db*"):
            assert value.encode() not in path.read_bytes()
            assert value.encode("cp1252", "replace") not in path.read_bytes()
    with sqlite3.connect(workdir / "store.db") as db:
        assert db.execute("SELECT count(*) FROM orders").fetchone() == (5,)


def test_the_stores_check_shows_the_warnings_and_the_reported_claim(aztui, workdir):
    for name in ("all_orders_fr.txt", "unshipped_fr.txt", "returns_fr.txt"):
        assert aztui("import", str(AMAZON / name)).code == 0
    data = aztui("check", "--json", "--now", "2026-11-26T09:00:00Z").json
    signals = {(r["signal"], r["order_id"]) for r in data["risks"]}
    assert ("verge_of_late_shipment", "403-2222222-2222222") in signals
    assert ("verge_of_cancellation", "405-5555555-5555555") in signals
    due = {(d["rule"], d["subject"]): d["due"] for d in data["deadlines"]}
    assert due[("ship_confirmation", "403-2222222-2222222")] == "2026-11-26T22:59:59Z"
    assert due[("return_request_response", "DWVKmUOx9RMA")] == "2026-11-27T23:00:00Z"


def test_amazons_figures_sit_beside_aztuis_and_disagreements_are_flagged(aztui, workdir):
    for name in ("all_orders_fr.txt", "unshipped_fr.txt", "account_health.json"):
        assert aztui("import", str(AMAZON / name)).code == 0
    metrics = aztui("check", "--json", "--now", NOW).json["metrics"]
    assert metrics["late_shipment_rate_10d"]["amazon"] is None  # only DE reported a 10-day LSR
    late = metrics["late_shipment_rate_30d"]
    assert late["amazon"] == {
        "value": 0.0167,
        "numerator": 5,
        "denominator": 300,
        "numerator_derived": False,
        "window": {"start": "2026-10-27T00:00:00Z", "end": "2026-11-26T00:00:00Z"},
        "target": 0.04,
        "target_condition": "LESS_THAN",
        "status": "good",
        "score": None,
        "parts": {},
        "disagrees": True,
    }  # aztui counts 0 late of 2
    tracking = metrics["valid_tracking_rate"]["amazon"]
    assert tracking["numerator"] == 287 and tracking["disagrees"] is True
    human = aztui("check", "--now", NOW).out
    assert "Selon Amazon" in human and "≠ Amazon : 0 ici, 3 selon Amazon" in human


def test_every_report_is_kept_and_the_latest_is_shown(aztui, workdir):
    report = (AMAZON / "account_health.json").read_text(encoding="utf-8")
    older = workdir / "older.json"
    older.write_text(
        report.replace("2026-11-26T00:00:00Z", "2026-11-19T00:00:00Z")
        .replace("2026-11-26T00:00Z", "2026-11-19T00:00Z")
        .replace('"lateShipmentCount": 5', '"lateShipmentCount": 9'),
        encoding="utf-8",
    )
    assert aztui("import", str(AMAZON / "account_health.json"), str(older)).code == 0
    assert aztui("import", str(AMAZON / "account_health.json")).code == 0  # nothing new
    with sqlite3.connect(workdir / "store.db") as db:
        # 10 figures, then 8 more dated the 19th: 4 windows ending then (ODR and cancellations
        # unchanged), and 4 that state no window, dated by the report: the two account
        # statuses, the rating and the AFN order defect rate
        assert db.execute("SELECT count(*) FROM amazon_figures").fetchone() == (18,)
    late = aztui("check", "--json", "--now", NOW).json["metrics"]["late_shipment_rate_30d"]
    assert late["amazon"]["numerator"] == 5  # the report of the 26th, not the 19th's 9


@pytest.mark.usefixtures("in_english")  # the English words of a refused file
@pytest.mark.parametrize(
    ("name", "change", "where"),
    [
        (
            "all_orders_fr.txt",
            ("2026-11-24T18:40:11+00:00", "2026-11-31T18:40:11+00:00"),
            "all_orders_fr.txt:4: column purchase-date: '2026-11-31T18:40:11+00:00'",
        ),
        (
            "unshipped_fr.txt",
            ("promise-date", "promised"),
            "unshipped_fr.txt:1: column promise-date: is missing",
        ),
        (
            "returns_fr.txt",
            ("\\tY\\tN\\tB0TEA00004", "\\tperhaps\\tN\\tB0TEA00004"),
            "returns_fr.txt:3: column A-to-Z Claim: 'perhaps'",
        ),
        ("feedback_fr.txt", ("24/11/26", "31/11/26"), "feedback_fr.txt:2: column Date: '31/11/26'"),
        ("account_health.json", ('"rate": 0.0167', '"rate": "low"'), "rate 'low' is not a number"),
    ],
)
def test_bad_amazon_input_exits_2_naming_the_place_and_leaves_the_store(
    aztui, workdir, name, change, where
):
    assert aztui("import", str(write(workdir, "seed.csv", ORDERS))).code == 0
    before = store_state(workdir / "store.db")
    raw = (AMAZON / name).read_bytes()
    encoding = "cp1252" if name in ("all_orders_fr.txt", "feedback_fr.txt") else "utf-8-sig"
    old, new = (c.encode().decode("unicode_escape") for c in change)
    bad = workdir / name
    bad.write_bytes(raw.decode(encoding).replace(old, new).encode(encoding))
    run = aztui("import", str(bad))
    assert run.code == 2
    assert where in run.err
    assert store_state(workdir / "store.db") == before
