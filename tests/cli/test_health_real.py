"""Real account-health reports through ``aztui import`` and ``aztui check``: every figure
beside aztui's own, or in ``amazon_only``, and a derived numerator marked as such.

The files are under ``tests/ingest/fixtures/amazon/real/`` (``SOURCES.md`` names their origin).
"""

from __future__ import annotations

import json

import pytest

from aztui.sources import inbox as inbox_module
from tests.ingest.helpers import FIXTURES

REAL = FIXTURES / "amazon" / "real"
DE = REAL / "account_health_de_excerpt.json"
US = REAL / "account_health_schema_example_us.json"
DE_WINDOW = {"start": "2026-08-26T00:00:00Z", "end": "2026-09-24T23:59:59Z"}


@pytest.fixture
def marketplace(monkeypatch):
    def set_to(code: str) -> None:
        monkeypatch.setenv("AZTUI_MARKETPLACE", code)

    return set_to


def test_the_current_report_sits_beside_aztuis_figures_in_check_json(aztui, marketplace):
    marketplace("DE")
    run = aztui("import", str(DE))
    assert run.code == 0 and "10 amazon_figure record(s) imported" in run.out
    assert run.err == ""  # nothing skipped
    data = aztui("check", "--json", "--now", "2026-09-25T08:00:00Z").json
    metrics = data["metrics"]
    assert metrics["order_defect_rate"]["amazon"] == {
        "value": 0.0,
        "numerator": 0,
        "denominator": 11,
        "numerator_derived": True,
        "window": DE_WINDOW,
        "target": 0.01,
        "target_condition": "LESS_THAN",
        "status": "good",
        "score": None,
        "parts": {},
        "disagrees": False,
    }
    tracking = metrics["valid_tracking_rate"]["amazon"]
    assert (tracking["numerator"], tracking["numerator_derived"]) == (7, True)
    delivery = metrics["on_time_delivery_rate"]["amazon"]
    assert (delivery["numerator"], delivery["numerator_derived"]) == (3, False)
    # the list's one entry states no window: beside neither of aztui's late shipment rates
    assert metrics["late_shipment_rate_10d"]["amazon"] is None
    assert metrics["late_shipment_rate_30d"]["amazon"] is None
    only = data["amazon_only"]
    assert list(only) == [
        "account_status",
        "account_health_rating",
        "warning_states",
        "late_shipment_rate",
        "order_defect_rate_afn",
        "policy_violation_warnings",
        "listing_policy_violations",
    ]
    rating = only["account_health_rating"]
    assert (rating["score"], rating["status"], rating["window"]) == (428, "great", DE_WINDOW)
    assert (only["warning_states"]["numerator"], only["warning_states"]["parts"]) == (0, {})
    late = only["late_shipment_rate"]
    assert (late["value"], late["target"], late["window"]["start"]) == (0.0, 0.04, None)
    assert only["order_defect_rate_afn"]["numerator_derived"] is True


def test_the_current_report_in_the_text_view_marks_what_aztui_derived(aztui, marketplace):
    marketplace("DE")
    assert aztui("import", str(DE)).code == 0
    text = aztui("check", "--now", "2026-09-25T08:00:00Z").out
    assert "0.00% ≈0/11" in text  # the order defect rate beside aztui's
    assert "≈: count worked out by aztui" in text
    assert "From Amazon only" in text
    rating = next(line for line in text.splitlines() if "Account health rating" in line)
    assert "428" in rating and "great" in rating
    assert "Late shipment rate (window not stated)" in text


def test_the_documented_shape_sits_beside_aztuis_figures_in_check_json(aztui, marketplace):
    marketplace("US")
    run = aztui("import", str(US))
    assert run.code == 0 and "21 amazon_figure record(s) imported" in run.out
    data = aztui("check", "--json", "--now", "2020-11-20T08:00:00Z").json
    metrics = data["metrics"]
    late = metrics["late_shipment_rate_30d"]["amazon"]
    assert (late["value"], late["numerator"], late["denominator"]) == (0.032, 27896, 870669)
    assert late["numerator_derived"] is False
    assert metrics["pre_fulfillment_cancel_rate"]["amazon"]["numerator"] == 551
    assert metrics["order_defect_rate"]["amazon"]["parts"] == {
        "claims": {"count": 442, "status": "none"},
        "chargebacks": {"count": 15, "status": "none"},
        "negativeFeedback": {"count": 628, "status": "none"},
    }
    only = data["amazon_only"]
    assert only["account_status"]["status"] == "at_risk"  # the US one; CA and MX are kept apart
    assert (only["account_health_rating"]["status"], only["account_health_rating"]["score"]) == (
        "warned",
        None,
    )
    assert only["warning_states"]["parts"] == {
        "spammingSellerMessaging": {"count": None, "status": "bad"}
    }
    unit = only["unit_on_time_delivery_rate"]
    assert (unit["value"], unit["numerator"], unit["denominator"]) == (0.8848, 146, 165)
    invoice = only["invoice_defect_rate"]
    assert (invoice["numerator"], invoice["denominator"]) == (315, 9001)
    assert invoice["parts"]["missingInvoice"] == {"count": 214, "status": "none"}
    assert {m: f["numerator"] for m, f in only.items() if f["target_condition"] == "EQUALS"} == {
        "listing_policy_violations": 86,
        "product_authenticity_customer_complaints": 212,
        "product_condition_customer_complaints": 337,
        "product_safety_customer_complaints": 165,
        "food_and_product_safety_issues": 37,
        "received_intellectual_property_complaints": 75,
        "other_policy_violations": 86,
        "document_requests": 8,
    }


def test_what_the_reader_does_not_know_is_told_and_the_rest_imported(aztui, marketplace, workdir):
    """The real DE report with a metric its schema does not have (one Seller Central shows)."""
    marketplace("DE")
    document = json.loads(DE.read_text(encoding="utf-8"))
    entry = document["performanceMetrics"][0]
    entry["customerProductReviewsPolicyViolations"] = entry["listingPolicyViolations"]
    changed = workdir / "health.json"
    changed.write_text(json.dumps(document, indent=2), encoding="utf-8")
    run = aztui("import", str(changed))
    assert run.code == 0 and "10 amazon_figure record(s) imported" in run.out
    assert "performanceMetrics[0].customerProductReviewsPolicyViolations: not read" in run.err
    assert "skipped" in run.err


@pytest.mark.usefixtures("in_english")  # the English words of a refused file
def test_a_json_file_that_is_not_account_health_is_refused_naming_it(aztui, workdir):
    orders = workdir / "orders.json"
    orders.write_text(json.dumps({"payload": {"Orders": []}}, indent=2), encoding="utf-8")
    for kind in ((), ("--kind", "amazon-account-health")):
        run = aztui("import", *kind, str(orders))
        assert run.code == 2
        assert "orders.json: column performanceMetrics: has no performanceMetrics list" in run.err
        assert "GET_V2_SELLER_PERFORMANCE_REPORT" in run.err


def test_the_inbox_tells_what_it_skipped_too(aztui, marketplace, workdir, monkeypatch):
    marketplace("DE")
    monkeypatch.setattr(inbox_module, "SETTLE_SECONDS", 0.3)  # the file is written whole
    (workdir / "aztui.toml").write_text('inbox = "downloads"\n', encoding="utf-8")
    (workdir / "downloads").mkdir()
    document = json.loads(DE.read_text(encoding="utf-8"))
    document["performanceMetrics"][0]["validTrackingRate"]["validTrackingCountByCarrier"] = {}
    changed = workdir / "downloads" / "health.json"
    changed.write_text(json.dumps(document, indent=2), encoding="utf-8")
    run = aztui("import", "--inbox")
    assert run.code == 0, run.err
    assert "inbox/health.json: imported: 10 amazon_figure" in run.out
    assert "validTrackingRate.validTrackingCountByCarrier: not read" in run.out
