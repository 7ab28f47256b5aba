"""``aztui check``: the JSON contract of formats.md §4, the exit status, the human report."""

from __future__ import annotations

from pathlib import Path

NOW = "2026-11-26T09:00:00Z"
ORDERS = """order_id,purchase_date,status,latest_ship_date,latest_delivery_date,order_total
402-0000001-0000001,2026-11-24T10:00:00Z,Unshipped,2026-11-26T22:59:59Z,2026-11-30T22:59:59Z,49.90
402-0000002-0000002,2026-11-20T10:00:00Z,Unshipped,2026-11-25T22:59:59Z,2026-11-28T22:59:59Z,19.90
"""
CLAIMS = """claim_id,order_id,type,filed_at,response_requested_at
CLM-1,402-0000001-0000001,not_received,2026-11-25T08:00:00Z,2026-11-25T15:00:00Z
"""


def write(dir: Path, name: str, text: str) -> Path:
    path = dir / name
    path.write_text(text, encoding="utf-8")
    return path


def test_check_json_follows_the_contract(aztui, workdir):
    assert (
        aztui(
            "import",
            str(write(workdir, "orders.csv", ORDERS)),
            str(write(workdir, "claims.csv", CLAIMS)),
        ).code
        == 0
    )
    run = aztui("check", "--now", NOW, "--json")
    assert run.code == 1  # the second order's ship-by date has passed
    data = run.json
    assert set(data) == {"now", "deadlines", "metrics", "risks", "plugin_faults", "amazon_only"}
    assert data["plugin_faults"] == [] and data["amazon_only"] == {}
    assert data["now"] == NOW
    assert data["deadlines"] == [
        {
            "rule": "ship_confirmation",
            "subject": "402-0000002-0000002",
            "order_id": "402-0000002-0000002",
            "due": "2026-11-25T22:59:59Z",
            "status": "overdue",
            "remaining_seconds": -36001,
        },
        {
            "rule": "ship_confirmation",
            "subject": "402-0000001-0000001",
            "order_id": "402-0000001-0000001",
            "due": "2026-11-26T22:59:59Z",
            "status": "open",
            "remaining_seconds": 50399,
        },
        {
            "rule": "claim_response",
            "subject": "CLM-1",
            "order_id": "402-0000001-0000001",
            "due": "2026-11-28T15:00:00Z",
            "status": "open",
            "remaining_seconds": 194400,
        },
    ]
    assert set(data["metrics"]) == {
        "order_defect_rate",
        "late_shipment_rate_10d",
        "late_shipment_rate_30d",
        "pre_fulfillment_cancel_rate",
        "valid_tracking_rate",
        "on_time_delivery_rate",
        "late_response_rate",
        "return_dissatisfaction_rate",
    }
    late = data["metrics"]["late_shipment_rate_10d"]
    assert late == {
        "value": 1.0,
        "numerator": 1,
        "denominator": 1,
        "window": {"start": "2026-11-16T09:00:00Z", "end": "2026-11-26T09:00:00Z"},
        "target": 0.04,
        "status": "breach",
        "amazon": None,
    }
    assert data["metrics"]["order_defect_rate"]["window"] == {
        "start": "2026-09-13T09:00:00Z",
        "end": "2026-11-12T09:00:00Z",
    }


def test_check_exit_status_is_zero_when_nothing_needs_attention(aztui, workdir):
    aztui("import", str(write(workdir, "orders.csv", ORDERS)))
    assert aztui("check", "--now", "2026-11-25T09:00:00Z", "--json").code == 0
    assert aztui("check", "--now", "2026-11-26T00:00:00Z", "--json").code == 1


def test_check_all_adds_met_and_missed(aztui, workdir):
    aztui("import", str(write(workdir, "claims.csv", CLAIMS)))
    later = "2026-12-01T00:00:00Z"
    assert aztui("check", "--now", later, "--json").json["deadlines"] == []
    [missed] = aztui("check", "--now", later, "--json", "--all").json["deadlines"]
    assert (missed["rule"], missed["status"]) == ("claim_response", "missed")


def test_the_human_report_puts_overdue_first_in_french(aztui, workdir):
    aztui(
        "import",
        str(write(workdir, "orders.csv", ORDERS)),
        str(write(workdir, "claims.csv", CLAIMS)),
    )
    out = aztui("check", "--now", NOW).out
    assert (
        out.index("En retard")
        < out.index("À faire dans les 48 h")
        < out.index("Performances du compte")
    )
    assert (
        "Représenter une réclamation" not in out.split("Performances")[0].split("À faire")[0]
    )  # the claim is not overdue
    assert "Taux d'expéditions en retard (10 j)" in out


def test_the_human_report_speaks_english_when_asked(aztui, workdir):
    (workdir / "aztui.toml").write_text('marketplace = "FR"\nlanguage = "en"\n')
    aztui("import", str(write(workdir, "orders.csv", ORDERS)))
    out = aztui("check", "--now", NOW).out
    assert "Overdue" in out and "Late shipment rate (10 days)" in out


def test_bad_now_is_a_usage_error(aztui):
    run = aztui("check", "--now", "yesterday")
    assert run.code == 2 and "--now" in run.err
