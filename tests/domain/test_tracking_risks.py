"""Risk signals from the carriers' facts (docs/rules.md §6), with the interval each matters
in."""

from __future__ import annotations

import pytest

from aztui.domain.model import TrackingStatus
from aztui.domain.risks import derive_risks

from .builders import DAY, FR, HOUR, at, bundle, shipment

SHIP_BY = at("2026-11-22T22:59:59Z")  # the default order's latest_ship_date (end of 11-22)
LDD = at("2026-11-26T22:59:59Z")  # its latest_delivery_date
SCAN = at("2026-11-21T18:00Z")


def signals(**fields):
    return {r.signal: r for r in derive_risks(bundle(shipments=[shipment(**fields)]), FR)}


def test_a_label_never_scanned_by_the_ship_by_date_is_not_handed_over():
    risk = signals(status=TrackingStatus.INFO_RECEIVED)["not_handed_over"]
    assert risk.active_from == SHIP_BY and risk.subject == "6A12345678901"
    assert "not_handed_over" not in signals(status=TrackingStatus.INFO_RECEIVED, first_scan_at=SCAN)


def test_a_parcel_without_news_for_the_policys_days_is_stalled():
    last = at("2026-11-23T10:00Z")
    risk = signals(status=TrackingStatus.IN_TRANSIT, first_scan_at=SCAN, last_event_at=last)[
        "tracking_stalled"
    ]
    assert risk.active_from == last + 4 * DAY and not risk.active(last + 4 * DAY - HOUR)
    assert "tracking_stalled" not in signals(
        status=TrackingStatus.DELIVERED, first_scan_at=SCAN, last_event_at=last, delivered_at=last
    )


@pytest.mark.parametrize(
    "status",
    [TrackingStatus.DELIVERY_FAILED, TrackingStatus.EXCEPTION, TrackingStatus.RETURN_TO_SENDER],
)
def test_carrier_trouble_is_a_risk_while_it_is_the_latest_news(status):
    last = at("2026-11-24T10:00Z")
    risk = signals(status=status, first_scan_at=SCAN, last_event_at=last)[status.value]
    assert risk.active_from == last


def test_a_delivery_later_than_promised_is_late_until_delivered():
    late = signals(status=TrackingStatus.IN_TRANSIT, first_scan_at=SCAN)["late_delivery"]
    assert late.active_from == LDD
    delivered = at("2026-11-28T10:00Z")
    done = signals(status=TrackingStatus.DELIVERED, first_scan_at=SCAN, delivered_at=delivered)[
        "late_delivery"
    ]
    assert done.active_until == delivered and not done.active(delivered)
    assert "late_delivery" not in signals(
        status=TrackingStatus.DELIVERED, first_scan_at=SCAN, delivered_at=LDD - DAY
    )
    assert "late_delivery" not in signals()  # no carrier facts: nothing is claimed
