"""The quote CSV export puts before what a spreadsheet evaluates comes off again on reading:
on both CSV paths, whatever the text starts with."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from aztui.domain.model import Order, Shipment
from aztui.ingest import write_csv
from aztui.ingest.values import SPREADSHEET_TRIGGERS, csv_cell
from tests.ingest.test_bulk_csv import columns_of, rows_of

from .helpers import read
from .strategies import texts

WHEN = datetime(2026, 11, 20, 10, tzinfo=UTC)
leading = st.sampled_from([*SPREADSHEET_TRIGGERS[:4], "'", "''", "'=", "' ", ""])
ids = st.builds(lambda a, b: (a + b).strip(), leading, texts).filter(bool)


def test_only_text_is_quoted() -> None:
    from decimal import Decimal

    assert csv_cell("=1+1") == "'=1+1"
    assert csv_cell("'x") == "''x"
    assert csv_cell("x'") == "x'"
    assert csv_cell(Decimal("12.50")) == "12.50"
    assert csv_cell(WHEN) == "2026-11-20T10:00:00Z"
    assert csv_cell(None) == ""


@settings(max_examples=20, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(ids, min_size=1, max_size=6, unique=True), ids)
@example(["=1+1", "'=1", "''", "-", "@x"], "+1")
def test_text_reads_back_as_it_was_written(order_ids: list[str], carrier: str) -> None:
    orders = [Order(order_id, WHEN, marketplace="FR") for order_id in order_ids]
    shipment = Shipment(order_ids[0], carrier, confirmed_at=WHEN, carrier=carrier)
    for kind, records in (("orders", orders), ("shipments", [shipment])):
        buffer = io.StringIO(newline="")
        write_csv(kind, records, buffer)
        data = buffer.getvalue().encode()
        assert read(data, kind=kind).records == records
        by_columns = columns_of(data)
        assert by_columns is None or by_columns == rows_of(data)
