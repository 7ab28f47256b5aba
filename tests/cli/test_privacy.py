"""Buyer personal data never reaches the store, the output or the error messages."""

from __future__ import annotations

import json

import pytest

from tests.cli.test_check import write

PERSONAL = [
    "Jeanne Dupont",
    "jeanne.dupont@example.fr",
    "+33 6 12 34 56 78",
    "12 rue des Lilas, 75011 Paris",
]
CSV = (
    "order_id,purchase_date,buyer_name,buyer_email,buyer_phone,ship_address\n"
    f"402-0000001-0000001,2026-11-20T10:00:00Z,{PERSONAL[0]},{PERSONAL[1]},{PERSONAL[2]},"
    f'"{PERSONAL[3]}"\n'
)
JSONL = (
    json.dumps(
        {
            "type": "order",
            "order_id": "402-0000001-0000001",
            "purchase_date": "2026-11-20T10:00:00Z",
            "buyer_name": PERSONAL[0],
            "buyer_email": PERSONAL[1],
            "buyer_phone": PERSONAL[2],
            "ship_address": PERSONAL[3],
        }
    )
    + "\n"
)


@pytest.mark.parametrize(("name", "text"), [("with-buyers.csv", CSV), ("with-buyers.jsonl", JSONL)])
@pytest.mark.parametrize("skip", [False, True])
def test_personal_columns_are_refused_and_never_printed_or_stored(aztui, workdir, name, text, skip):
    args = ["import", *(["--skip-invalid"] if skip else []), str(write(workdir, name, text))]
    run = aztui(*args)
    # Refused outright, or (--skip-invalid, JSON Lines) the row is skipped and listed.
    assert run.code == 2 or (skip and "aucun enregistrement" in run.out)
    assert "buyer_email" in run.err  # the column is named…
    for value in PERSONAL:  # …its values never are
        assert value not in run.err and value not in run.out
    for path in workdir.glob("store.db*"):
        data = path.read_bytes()
        for value in PERSONAL:
            assert value.encode() not in data
