"""Importing Amazon's downloads through ``aztui``: nothing personal kept, the rules applied."""

from __future__ import annotations

import sqlite3

from tests.cli.test_check import NOW
from tests.ingest.helpers import FIXTURES

AMAZON = FIXTURES / "amazon"
PERSONAL = ["Amélie Durand-Lefèvre", "8xq3kd2m7p@marketplace.amazon.fr", "+33 6 12 34 56 78",
            "12 rue des Lilas", "Bâtiment B", "Appartement 34", "Jean-Baptiste Martin",
            "77hf0s9t4z@marketplace.amazon.fr", "06 98 76 54 32", "5 avenue Foch",
            "q1w2e3r4t5@marketplace.amazon.de", "Colis jamais reçu", "Nous vous avons remboursée",
            "Saint-Étienne", "42000", "Théière en fonte"]
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

