"""The columnar reader gives exactly the row reader's records, or hands the file back to it."""

from __future__ import annotations

import gzip
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from aztui.domain.bulk_rules import NotColumnar
from aztui.ingest import ImportFailed, bulk_csv
from aztui.ingest.bulk_csv import read_columns
from aztui.store.codec import CODECS
from tests.ingest.helpers import FIXTURES, ZONE, read

HEADER = [
    "order_id",
    "purchase_date",
    "marketplace",
    "status",
    "fulfillment",
    "order_total",
    "currency",
    "latest_ship_date",
    "latest_delivery_date",
    "is_prime",
    "cancelled_at",
    "cancelled_by",
    "buyer_requested_cancel",
    "out_of_stock",
]


def columns_of(source: Path | bytes, **options: Any) -> list[tuple] | None:
    """The columnar reader's rows (sorted by key), or None when it hands the file back."""
    found = read_columns(
        source,
        marketplace_zone=ZONE,
        default_marketplace="FR",
        record_types={"order", "shipment", "return", "claim", "message", "feedback", "chargeback"},
        **options,
    )
    if found is None:
        return None
    try:
        frames = list(found.batches)
    except NotColumnar:
        return None
    return sorted((row for frame in frames for row in frame.rows()), key=repr)


def rows_of(source: Path | bytes) -> list[tuple] | None:
    """The row reader's records in the store's encoding (sorted by key), None if refused."""
    try:
        result = read(source)
    except ImportFailed:
        return None
    return sorted((CODECS[r.record_type].encode(r) for r in result.records), key=repr)


GOOD_INSTANTS = [
    "2026-03-29T01:30:00Z",
    "2026-10-25T00:30:00Z",
    "2026-11-26T09:00:00+01:00",
    "2026-11-26T09:00:00+00:00",
    "2026-03-29T02:30:00",
    "2026-10-25 02:30:00",
    "2026-11-26",
    " 2026-11-26T09:00:00Z ",
    "2026-11-26T09:00:00.5Z",
    "2026-11-26T09:00Z",
    "",
]
BAD_INSTANTS = [
    "2026-02-30T10:00:00Z",
    "2026-02-29T09:00:00+00:00",
    "2026-11-26T24:00:00Z",
    "26/11/2026",
    "2026-11-26T09:00:60Z",
]
GOOD = {
    "order_id": ["402-1", " 402-2", "402-3 ", "402\x1f4", "étoile-5"],
    "marketplace": ["FR", "fr", " DE", ""],
    "status": ["Shipped", "shipped ", "Cancelled", "Unshipped", "Pending", ""],
    "fulfillment": ["MFN", "fba", "Merchant", ""],
    "order_total": ["12.50", "12,5", "0", ""],
    "currency": ["EUR", "eur", ""],
    "is_prime": ["true", "FALSE", "oui", "non", "1", ""],
    "cancelled_by": ["buyer", "SELLER", "", "amazon"],
    "buyer_requested_cancel": ["true", "false", "", "vrai"],
    "out_of_stock": ["true", "false", "", "y", "n"],
}
BAD = {
    "order_id": [""],
    "marketplace": ["F-R"],
    "status": ["nope"],
    "fulfillment": ["x"],
    "order_total": ["1 234,50", "-3", "abc"],
    "currency": ["EURO"],
    "is_prime": ["maybe"],
    "cancelled_by": ["nobody"],
    "buyer_requested_cancel": ["si"],
    "out_of_stock": ["?"],
}
TIMES = ("purchase_date", "latest_ship_date", "latest_delivery_date", "cancelled_at")
z_instants = st.datetimes().map(lambda d: d.strftime("%Y-%m-%dT%H:%M:%SZ"))


def cells(bad: bool) -> st.SearchStrategy[dict[str, str]]:
    """Every column's cell in the spellings people write; ``bad`` adds refused ones."""
    fields: dict[str, st.SearchStrategy[str]] = {}
    for name in HEADER:
        if name in TIMES:
            spellings = GOOD_INSTANTS + (BAD_INSTANTS if bad else [])
            fields[name] = st.sampled_from(spellings) | z_instants
        else:
            fields[name] = st.sampled_from(GOOD[name] + (BAD[name] if bad else []))
    # "12,5" in a comma-separated file is a ragged row: both readers refuse it.
    fields["order_id"] = fields["order_id"] | st.from_regex(
        r"40[2-8]-[0-9]{7}-[0-9]{7}", fullmatch=True
    )
    if not bad:  # a required instant
        fields["purchase_date"] = st.sampled_from(GOOD_INSTANTS[:-1]) | z_instants
    return st.fixed_dictionaries(fields)


rows = cells(bad=False) | cells(bad=True)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(rows, min_size=1, max_size=12, unique_by=lambda row: row["order_id"].strip("\x1f "))
    | st.lists(rows, max_size=4),
    st.sampled_from([",", ";"]),
    st.sampled_from(["\n", "\r\n"]),
    st.sampled_from(["", "\ufeff"]),
    st.integers(16, 400),
)
def test_either_the_same_records_or_handed_back(table, delimiter, newline, bom, chunk):
    lines = [HEADER, *([row[c] for c in HEADER] for row in table)]
    data = (bom + newline.join(delimiter.join(line) for line in lines) + newline).encode()
    with mock.patch.object(bulk_csv, "CHUNK_BYTES", chunk):
        by_rows = rows_of(data)
        by_columns = columns_of(data)
    event("read as columns" if by_columns is not None else "handed back")
    if by_columns is not None and by_rows is None:
        # The one thing a batch cannot see: a key repeated in another batch (the store's
        # primary key refuses it, and the import falls back to the row reader).
        keys = [row[0] for row in by_columns]
        assert len(set(keys)) < len(keys)
    elif by_columns is not None:
        assert by_columns == by_rows


@pytest.fixture
def monkeypatch_chunk(monkeypatch):
    return lambda size: monkeypatch.setattr(bulk_csv, "CHUNK_BYTES", size)


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("*.csv")))
def test_every_fixture_reads_the_same_both_ways(name, monkeypatch_chunk):
    monkeypatch_chunk(64)
    found = columns_of(FIXTURES / name)
    if found is not None:
        assert found == rows_of(FIXTURES / name)


def test_cp1252_gzip_bom_crlf_and_blank_lines_read_as_columns(tmp_path, monkeypatch_chunk):
    monkeypatch_chunk(40)
    text = (
        "\ufefforder_id;purchase_date;status\r\n402-é;2026-11-20T10:00:00Z;Shipped\r\n\r\n"
        "402-2;2026-11-21 10:00;Unshipped\r\n\r\n"
    )
    for data in (
        text.encode("utf-8"),
        text.encode("utf-8").replace(b"\xef\xbb\xbf", b"").decode("utf-8").encode("cp1252"),
    ):
        for content in (data, gzip.compress(data)):
            path = tmp_path / "orders.csv"
            path.write_bytes(content)
            found = columns_of(path)
            assert found is not None and found == rows_of(path)
            assert [r[0] for r in found] == ["402-2", "402-é"]


def test_what_the_row_reader_must_read_is_handed_back(tmp_path):
    cases = {
        "quoted": 'order_id,purchase_date\n"402-1",2026-11-20T10:00:00Z\n',
        "json lines": '{"type": "order"}\n',
        "ragged": "order_id,purchase_date\n402-1,2026-11-20T10:00:00Z,x\n402-2\n",
        "short": "order_id,purchase_date,status\n402-1,2026-11-20T10:00:00Z\n",
        "duplicate": "order_id,purchase_date\n402-1,2026-11-20T10:00:00Z\n"
        "402-1,2026-11-21T10:00:00Z\n",
        "bad date": "order_id,purchase_date\n402-1,2026-02-30T10:00:00Z\n",
        "unknown column": "order_id,purchase_date,buyer_name\n402-1,2026-11-20T10:00:00Z,x\n",
        "lone CR": "order_id,purchase_date\r402-1,2026-11-20T10:00:00Z\r",
        "binary": "order_id,purchase_date\n402-1,\x00\n",
    }
    for name, text in cases.items():
        path = tmp_path / f"{name}.csv"
        path.write_text(text, encoding="utf-8")
        assert columns_of(path) is None, name


def test_a_record_type_the_caller_does_not_take_is_handed_back(tmp_path):
    path = tmp_path / "orders.csv"
    path.write_text("order_id,purchase_date\n402-1,2026-11-20T10:00:00Z\n")
    assert (
        read_columns(
            path, marketplace_zone=ZONE, default_marketplace="FR", record_types={"shipment"}
        )
        is None
    )
    assert (
        read_columns(
            path,
            marketplace_zone=ZONE,
            default_marketplace="FR",
            record_types={"order"},
            min_bytes=10_000,
        )
        is None
    )
