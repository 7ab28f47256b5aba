"""JSON Lines and the writers: exact round trips, and the same checks as CSV."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aztui.domain.lifecycle import claim_problems
from aztui.domain.model import (
    RECORD_TYPES,
    BuyerMessage,
    Claim,
    ClaimType,
    Feedback,
    Order,
    Record,
)
from aztui.ingest import ImportFailed, read_file, spec_for, write_csv, write_jsonl
from aztui.ingest.columns import SPEC_BY_RECORD, SPECS

from .helpers import FIXTURES, assert_names, failure, only, problem_text, read
from .strategies import records_of, unique_by_key

ROUND_TRIP = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def jsonl_bytes(records: list[Record]) -> bytes:
    buffer = io.StringIO()
    write_jsonl(records, buffer)
    return buffer.getvalue().encode("utf-8")


def csv_bytes(kind: str, records: list[Record]) -> bytes:
    buffer = io.StringIO(newline="")
    write_csv(kind, records, buffer)
    return buffer.getvalue().encode("utf-8")


def test_every_field_of_every_record_has_a_column() -> None:
    import dataclasses

    for cls in RECORD_TYPES:
        spec = SPEC_BY_RECORD[cls]
        # every Record is a dataclass, which Record itself does not declare to type checkers
        fields = dataclasses.fields(cls)
        assert {f.name for f in fields} == {c.field for c in spec.columns}


@ROUND_TRIP
@given(st.lists(st.one_of([records_of(cls) for cls in RECORD_TYPES]), min_size=1, max_size=12))
def test_jsonl_round_trip_is_exact(records: list[Record]) -> None:
    records = unique_by_key(records)
    assert all(not claim_problems(r) for r in records if isinstance(r, Claim))
    result = read(jsonl_bytes(records))
    assert result.records == records
    assert result.kind is None and result.rows_read == len(records)


@ROUND_TRIP
@given(
    st.sampled_from(RECORD_TYPES).flatmap(
        lambda cls: st.tuples(st.just(cls), st.lists(records_of(cls), max_size=8))
    )
)
def test_csv_round_trip_is_exact(case: tuple[type[Record], list[Record]]) -> None:
    cls, records = case
    records = unique_by_key(records)
    kind = SPEC_BY_RECORD[cls].kind
    data = csv_bytes(kind, records)
    result = read(data, kind=kind)
    assert result.records == records
    if records:
        assert read(data).kind == kind


def test_jsonl_shape() -> None:
    order, *_ = read(FIXTURES / "commandes_fr.csv").records
    _, claim = read(FIXTURES / "claims.csv").records
    lines = jsonl_bytes([order, claim]).decode().splitlines()
    assert json.loads(lines[0]) == {
        "type": "order",
        "order_id": "402-1234567-1234567",
        "purchase_date": "2026-11-20T13:32:10Z",
        "marketplace": "FR",
        "status": "Shipped",
        "fulfillment": "MFN",
        "order_total": "149.90",
        "currency": "EUR",
        "latest_ship_date": "2026-11-22T22:59:59Z",
        "latest_delivery_date": "2026-11-26T22:59:59Z",
        "is_prime": False,
    }
    assert json.loads(lines[1])["claim_type"] == "not_as_described"
    assert json.loads(lines[1])["type"] == "claim"


def test_csv_export_shape() -> None:
    orders = read(FIXTURES / "commandes_fr.csv").records
    text = csv_bytes("orders", orders[:1]).decode()
    assert text.splitlines() == [
        ",".join(c.name for c in spec_for("orders").columns),
        "402-1234567-1234567,2026-11-20T13:32:10Z,FR,Shipped,MFN,149.90,EUR,"
        "2026-11-22T22:59:59Z,2026-11-26T22:59:59Z,false,,,,,,",
    ]
    assert text.splitlines()[0].startswith("order_id,purchase_date,marketplace,")
    with pytest.raises(TypeError):
        csv_bytes("claims", orders[:1])


def test_all_fixtures_survive_both_formats() -> None:
    everything: list[Record] = []
    names = [
        "commandes_fr.csv",
        "shipments.csv",
        "returns.csv",
        "claims.csv",
        "messages.csv",
        "feedback.csv",
        "chargebacks.csv",
    ]
    for spec, name in zip(SPECS, names, strict=True):
        result = read(FIXTURES / name)
        assert result.kind == spec.kind
        records = result.records
        assert read(csv_bytes(spec.kind, records)).records == records
        everything += records
    assert read(jsonl_bytes(everything)).records == everything


def test_jsonl_reads_numbers_and_claim_type(write: Callable[..., Path]) -> None:
    path = write(
        "export.jsonl",
        "\n".join(
            [
                '{"type": "feedback", "order_id": "402-1", "date": "2026-11-26", "rating": 2}',
                "",
                '{"type": "claim", "claim_id": "C1", "order_id": "402-1", "claim_type": "Other",'
                ' "filed_at": "2026-11-01T10:00:00Z", "amount": 12.5, "counts_in_odr": false}',
                '{"type": "orders", "order_id": "402-1", "purchase_date": "2026-11-26T09:00:00"}',
            ]
        )
        + "\n",
    )
    feedback, claim, order = read(path).records
    assert isinstance(feedback, Feedback) and isinstance(claim, Claim)
    assert feedback.rating == 2
    assert claim.type is ClaimType.OTHER and str(claim.amount) == "12.5"
    assert claim.counts_in_odr is not None and claim.counts_in_odr.value == "no"
    assert isinstance(order, Order) and order.marketplace == "FR"


def test_jsonl_problems_name_file_line_key_and_value(write: Callable[..., Path]) -> None:
    path = write(
        "export.jsonl",
        "\n".join(
            [
                '{"type": "order", "order_id": "402-1", "purchase_date": "2026-11-26T09:00:00Z"}',
                '{"type": "order", "order_id": "402-2", "purchase_date": "2026-02-30"}',
                '{"type": "order", "order_id": "402-3", "purchase_date": "2026-11-26", '
                '"buyer_email": "jeanne@example.fr"}',
                '{"type": "order", "order_id": "402-1", "purchase_date": "2026-11-27"}',
                "not json at all",
                '["a", "list"]',
                '{"type": "parcel", "order_id": "402-4"}',
                '{"order_id": "402-5"}',
                '{"type": "feedback", "order_id": "402-6", "date": "2026-11-26", "rating": [1, 2]}',
                '{"type": "claim", "claim_id": "C1", "order_id": "402-1", "claim_type": "other",'
                ' "filed_at": "2026-11-20T10:00:00Z", "appeal_outcome": "granted"}',
            ]
        )
        + "\n",
    )
    error = failure(path)
    file = str(path)
    assert_names(
        problem_text(error, "2026-02-30"),
        file=file,
        line=2,
        column="purchase_date",
        value="2026-02-30",
    )
    unknown = problem_text(error, "buyer_email")
    assert_names(unknown, file=file, line=3, column="buyer_email")
    assert "jeanne" not in str(error)
    duplicate = problem_text(error, "already on line 1")
    assert_names(duplicate, file=file, line=4, column="order_id", value="402-1")
    assert_names(problem_text(error, "not valid JSON"), file=file, line=5)
    assert_names(problem_text(error, "not a JSON object"), file=file, line=6)
    assert_names(
        problem_text(error, "not a known type"), file=file, line=7, column="type", value="parcel"
    )
    assert_names(problem_text(error, "needs the type"), file=file, line=8, column="type")
    assert_names(
        problem_text(error, "not a single value"),
        file=file,
        line=9,
        column="rating",
        value="[1, 2]",
    )
    assert_names(
        problem_text(error, "appeal outcome needs an appeal"),
        file=file,
        line=10,
        column="appeal_outcome",
        value="granted",
    )
    assert len(error.problems) == 9


def test_jsonl_skip_invalid(write: Callable[..., Path]) -> None:
    path = write(
        "export.jsonl",
        '{"type": "order", "order_id": "402-1", "purchase_date": '
        '"2026-11-26"}\n{"type": "order", "order_id": "402-2"}\n',
    )
    result = read(path, skip_invalid=True)
    assert [r.order_id for r in only(Order, result.records)] == ["402-1"]
    (problem,) = result.problems
    assert_names(str(problem), file=str(path), line=2, column="purchase_date")


def test_jsonl_with_a_forced_kind(write: Callable[..., Path]) -> None:
    path = write("x.jsonl", '{"type": "chargeback", "order_id": "402-1", "date": "2026-11-26"}\n')
    assert len(read(path, kind="chargebacks").records) == 1
    with pytest.raises(ImportFailed, match="is not order, the kind asked"):
        read(path, kind="orders")


def test_read_file_picks_the_format_from_the_content(write: Callable[..., Path]) -> None:
    jsonl = write(
        "data.csv", '\n  {"type": "chargeback", "order_id": "402-1", "date": "2026-11-26"}\n'
    )
    assert read_file(jsonl, marketplace_zone="Europe/Paris", default_marketplace="FR").kind is None
    csv = write("data.jsonl", "order_id,date\n402-1,2026-11-26\n")
    assert read(csv).kind == "chargebacks"


def test_jsonl_gzip_and_bom(write: Callable[..., Path]) -> None:
    import gzip

    line = '{"type": "message", "message_id": "M1", "received_at": "2026-11-26T09:00:00Z"}\n'
    path = write("export.jsonl.gz", gzip.compress(("\ufeff" + line).encode()))
    assert only(BuyerMessage, read(path).records)[0].message_id == "M1"
