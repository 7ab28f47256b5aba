"""Fuzzing every reader: whatever the bytes, records or an ``ImportFailed`` naming the file
(and the line, where the problem has one), never another exception.

The readers: aztui CSV of each record type (recognised by its header, and with ``--kind``),
JSON Lines, each Amazon report (all orders, unshipped orders, returns, feedback), the
account-health report, and the columnar readers of the bulk path (aztui CSV and Amazon's all
orders), which must moreover give the row reader's records whenever they take a file. The
e-mail recognisers issue 14 mentions do not exist in aztui yet: nothing of theirs to fuzz.

Inputs are any bytes, and the fixture files mutated (``fuzzing``) so that most examples get
past the header, or given ``\\u`` escapes of what no value may hold. What a reader gives must be
storable: no text a store cannot encode (a lone surrogate) or refuses (a NUL). Each crash the
fuzzer found is fixed and kept as an ``@example``.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import zlib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from aztui.domain.model import RECORD_TYPES, Record
from aztui.ingest import KINDS, ImportFailed, ImportProblem, ReadResult, read_file
from aztui.ingest.amazon import REPORTS, Report, detect
from aztui.ingest.columns import SPEC_BY_RECORD
from tests.ingest.test_bulk_csv import columns_of, rows_of

from .fuzzing import (
    AMAZON_REPORTS,
    AZTUI_CSV,
    HEALTH,
    escaped_health,
    escaped_jsonl,
    mutated_health,
    mutated_jsonl,
    mutated_table,
    text_of,
)
from .helpers import ZONE

NAME = "fuzzed-input"
NOW = datetime(2026, 11, 26, 9, tzinfo=UTC)
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "40"))
"""Examples per reader; ``FUZZ_EXAMPLES=2000`` (and ``HYPOTHESIS_PROFILE=dev``) fuzzes longer."""
FUZZ = settings(
    max_examples=EXAMPLES,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
FUZZ_MORE = settings(FUZZ, max_examples=EXAMPLES * 3)
markets = st.sampled_from(["FR", "US", "DE", None])

JSONL_RECORDS: list[dict[str, Any]] = [
    {
        "type": "order",
        "order_id": "402-1",
        "purchase_date": "2026-11-20T10:00:00Z",
        "order_total": "12.50",
        "currency": "EUR",
        "is_prime": False,
    },
    {
        "type": "shipment",
        "order_id": "402-1",
        "confirmed_at": "2026-11-21T10:00:00Z",
        "carrier": "La Poste",
        "tracking_number": "8R0001",
    },
    {
        "type": "claim",
        "claim_id": "C-1",
        "order_id": "402-1",
        "claim_type": "not_received",
        "filed_at": "2026-11-24T12:00:00Z",
        "amount": "12.50",
        "response_requested_at": "2026-11-24T15:00:00Z",
    },
    {"type": "feedback", "order_id": "402-1", "date": "2026-11-25", "rating": 2},
    {"type": "message", "message_id": "M-1", "received_at": "2026-11-25T20:00:00Z"},
]


HEALTH_BLOCK = '{"performanceMetrics": [{"marketplaceId": "A", "validTrackingRate": %s}]}'
"""An account-health report around one metric's block."""


def lines_in(data: bytes) -> int:
    """An upper bound of the lines a reader may count in ``data`` (in its text once
    decompressed: the readers take gzip files as they come from Amazon)."""
    if data.startswith(b"\x1f\x8b"):
        with contextlib.suppress(zlib.error):  # what a cut-short file gives before it ends
            data = zlib.decompressobj(wbits=31).decompress(data)
    return data.count(b"\n") + data.count(b"\r") + 1


def assert_located(problems: list[ImportProblem], data: bytes) -> None:
    for problem in problems:
        assert problem.file == NAME, problem
        assert problem.line is None or 1 <= problem.line <= lines_in(data), problem
        assert str(problem).startswith(NAME)


def assert_storable(result: ReadResult) -> None:
    """Every text a reader gives is one both stores take: UTF-8 encodable, without a NUL."""
    items: list[Any] = [*result.records, *result.figures]
    for item in items:
        for field in dataclasses.fields(item):
            value = getattr(item, field.name)
            if isinstance(value, str):
                assert "\0" not in value, (item, field.name)
                value.encode("utf-8")  # a lone surrogate raises here, as in the store


def read_any(
    data: bytes, kind: str | None, skip_invalid: bool = False, marketplace: str | None = "FR"
) -> list[Record] | None:
    """The records of ``data``, or None when refused with a located ``ImportFailed``; any
    other exception fails the test."""
    try:
        result = read_file(
            data,
            kind=kind,
            marketplace_zone=ZONE,
            default_marketplace=marketplace,
            skip_invalid=skip_invalid,
            name=NAME,
            now=NOW,
        )
    except ImportFailed as exc:
        assert exc.problems
        assert_located(exc.problems, data)
        return None
    assert_located(result.problems, data)
    assert all(isinstance(r, Record) for r in result.records)
    assert_storable(result)
    return result.records


def assert_columns_agree(data: bytes) -> None:
    """The columnar reader takes ``data`` only to give exactly the row reader's records."""
    by_columns = columns_of(data)
    if by_columns is not None:
        assert by_columns == rows_of(data)


@FUZZ_MORE
@given(st.binary(max_size=600), st.sampled_from([None, *KINDS]), st.booleans())
@example(b"\xef\xbb\xbf{" + b"[" * 5000, None, False)
@example(b'{"performanceMetrics": ' + b"[" * 5000, "amazon-account-health", False)
@example(b"order_id,purchase_date\n\xef\xbb\xbf402-1,2026-11-20\n", None, False)
def test_any_bytes(data: bytes, kind: str | None, skip_invalid: bool) -> None:
    read_any(data, kind, skip_invalid)
    assert_columns_agree(data)


@FUZZ_MORE
@given(st.text(max_size=300), st.sampled_from([None, *KINDS]))
@example('{"type": "order", "order_id": "402\\u0000", "purchase_date": "2026-11-20"}', None)
@example('{"type": "order", "order_id": 1' + "0" * 5000 + "}", None)
@example(
    '{"performanceMetrics": [{"marketplaceId": "A", "validTrackingRate": {"rate": 1e999}}]}', None
)
@example(HEALTH_BLOCK % '{"reportingDateRange": [1]}', None)
@example(HEALTH_BLOCK % ('{"rate": 1' + "0" * 400 + "}"), None)
@example('{"type": "order", "order_id": "402\\ud800", "purchase_date": "2026-11-20"}', None)
@example('{"type": "shipment", "order_id": "1", "carrier": "\\udc00\\ud800"}', None)
@example(HEALTH_BLOCK % '{"rate": 1.0, "status": "GOOD\\ud800"}', None)
@example(HEALTH_BLOCK.replace('"A"', '"A\\udfff"') % '{"rate": 1.0}', None)
def test_any_text(text: str, kind: str | None) -> None:
    data = text.encode("utf-8", "surrogatepass")
    read_any(data, kind)
    assert_columns_agree(data)


@pytest.mark.parametrize("name", sorted(AZTUI_CSV))
@FUZZ
@given(data=st.data())
def test_mutated_aztui_csv(name: str, data: st.DataObject) -> None:
    content = data.draw(mutated_table(AZTUI_CSV[name]), label="file")
    read_any(content, None)
    kind = next(
        (SPEC_BY_RECORD[c].kind for c in RECORD_TYPES if SPEC_BY_RECORD[c].kind in name), None
    )
    read_any(content, kind, skip_invalid=True)
    assert_columns_agree(content)


@pytest.mark.parametrize("name", sorted(AMAZON_REPORTS))
@FUZZ
@given(data=st.data())
def test_mutated_amazon_report(name: str, data: st.DataObject) -> None:
    content = data.draw(mutated_table(AMAZON_REPORTS[name]), label="file")
    read_any(content, None, marketplace=data.draw(markets, label="marketplace"))
    read_any(content, None, skip_invalid=True)
    assert_columns_agree(content)


@pytest.mark.parametrize("name", sorted(HEALTH))
@FUZZ
@given(data=st.data())
def test_mutated_account_health_report(name: str, data: st.DataObject) -> None:
    content = data.draw(mutated_health(HEALTH[name]), label="file")
    read_any(content, "amazon-account-health")
    read_any(content, None, skip_invalid=True)


@FUZZ
@given(mutated_jsonl(JSONL_RECORDS))
@example(b'{"type": "order", "order_id": ' + b"[" * 40 + b"1" + b"]" * 40 + b"}\n")
def test_mutated_json_lines(content: bytes) -> None:
    read_any(content, None)
    read_any(content, None, skip_invalid=True)


@FUZZ
@given(escaped_jsonl(JSONL_RECORDS))
@example(b'{"type": "order", "order_id": "402-\\ud800", "purchase_date": "2026-11-20"}\n')
@example(b'{"type": "message", "message_id": "M\\u0000", "received_at": "2026-11-25"}\n')
def test_json_lines_with_escapes(content: bytes) -> None:
    read_any(content, None)
    read_any(content, None, skip_invalid=True)


@pytest.mark.parametrize("name", sorted(HEALTH))
@FUZZ
@given(data=st.data())
def test_account_health_report_with_escapes(name: str, data: st.DataObject) -> None:
    content = data.draw(escaped_health(HEALTH[name]), label="file")
    read_any(content, "amazon-account-health")
    read_any(content, None, skip_invalid=True)


REFUSED_FIXTURES = {"expeditions_fr.csv"}
"""Fixtures of a refusal: a date written day first (``21/11/2026``)."""


def test_the_fuzzed_fixtures_are_read_as_they_are() -> None:
    """Unmutated, the fixtures give records: the mutations mostly start from good files."""
    for path in [*AZTUI_CSV.values(), *AMAZON_REPORTS.values()]:
        records = read_any(path.read_bytes(), None, marketplace=path.stem[-2:].upper())
        assert (records is None) is (path.name in REFUSED_FIXTURES), path.name
    for path in HEALTH.values():
        assert read_any(path.read_bytes(), None) is not None, path.name
    lines = "".join(json.dumps(r) + "\n" for r in JSONL_RECORDS).encode()
    assert read_any(lines, None) and len(read_any(lines, None) or []) == len(JSONL_RECORDS)


def test_every_kind_is_fuzzed() -> None:
    aztui = {SPEC_BY_RECORD[c].kind for c in RECORD_TYPES}  # by header, and by --kind
    amazon = {report.kind for p in AMAZON_REPORTS.values() if (report := detect_report(p))}
    assert aztui | amazon | {"amazon-account-health"} == set(KINDS)
    assert len(amazon) == len(REPORTS)


def detect_report(path: Path) -> Report | None:
    return detect(text_of(path).split("\n")[0], path.name)
