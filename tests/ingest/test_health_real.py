"""The account-health report as Amazon sends it now: ``lateShipmentRateList``.

``account_health_de_excerpt.json`` is a real answer kept by another project (``SOURCES.md`` in
``fixtures/amazon/real/``): one list entry, with no window and no counts."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from aztui.ingest import ImportFailed, read_file

REAL = Path(__file__).parent / "fixtures" / "amazon" / "real" / "account_health_de_excerpt.json"
NOW = datetime(2026, 9, 25, 8, 0, tzinfo=UTC)


def read(document: dict, tmp_path: Path):
    path = tmp_path / "health.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return read_file(path, marketplace_zone="Europe/Berlin", default_marketplace="DE", now=NOW)


def late(figures) -> list[tuple[str, float | None, float | None]]:
    return sorted(
        (f.metric, f.rate, f.target) for f in figures if f.metric.startswith("late_shipment")
    )


def test_the_late_shipment_rate_of_the_current_report_is_kept():
    result = read_file(REAL, marketplace_zone="Europe/Berlin", default_marketplace="DE", now=NOW)
    assert late(result.figures) == [("late_shipment_rate_30d", 0.0, 0.04)]
    [figure] = [f for f in result.figures if f.metric == "late_shipment_rate_30d"]
    assert (figure.marketplace, figure.status, figure.numerator) == ("DE", "good", None)


def window(days: int) -> dict:
    return {
        "reportingDateFrom": f"2026-09-{25 - days:02d}T00:00:00Z",
        "reportingDateTo": "2026-09-24T23:59:59Z",
    }


def test_a_10_and_a_30_day_entry_each_go_to_their_metric(tmp_path):
    document = json.loads(REAL.read_text(encoding="utf-8"))
    [entry] = document["performanceMetrics"][0]["lateShipmentRateList"]
    ten, thirty = copy.deepcopy(entry), copy.deepcopy(entry)
    ten |= {"rate": 0.05, "reportingDateRange": window(10), "lateShipmentCount": 1}
    thirty |= {"rate": 0.02, "reportingDateRange": window(22), "orderCount": 50}
    document["performanceMetrics"][0]["lateShipmentRateList"] = [ten, thirty]
    figures = read(document, tmp_path).figures
    assert late(figures) == [
        ("late_shipment_rate_10d", 0.05, 0.04),
        ("late_shipment_rate_30d", 0.02, 0.04),
    ]


def test_two_entries_that_cannot_be_told_apart_are_refused(tmp_path):
    document = json.loads(REAL.read_text(encoding="utf-8"))
    [entry] = document["performanceMetrics"][0]["lateShipmentRateList"]
    document["performanceMetrics"][0]["lateShipmentRateList"] = [entry, entry]
    with pytest.raises(ImportFailed, match="cannot tell the 10-day rate from the 30-day one"):
        read(document, tmp_path)
