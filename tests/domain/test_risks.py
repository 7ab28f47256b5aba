"""Risk signals that need no carrier data (docs/rules.md §6), with the interval each matters
in."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest

from aztui.domain.model import Fulfillment, OrderStatus, ReturnStatus
from aztui.domain.policy import Policy
from aztui.domain.risks import Risk, derive_risks

from .builders import (
    DAY,
    FR,
    HOUR,
    ORDER_ID,
    PARIS,
    SECOND,
    at,
    bundle,
    order,
    return_request,
    shipment,
)

CONFIRMED = at("2026-11-21T15:00Z")  # the default shipment's confirmation
LDD = at("2026-11-26T22:59:59Z")  # the default order's latest_delivery_date
UNTIL = at("2027-02-24T22:59:59Z")  # LDD + 90 days: Nov 26 + 4, + 31, + 31, + 24
SCANNED = {"first_scan_at": CONFIRMED + HOUR}
PROTECTED = {"buy_shipping": True, "claims_protected": True}


def risks(the_bundle, signal=None, policy=FR):
    return [r for r in derive_risks(the_bundle, policy) if signal in (None, r.signal)]


def one(the_bundle, signal, policy=FR) -> Risk:
    found = risks(the_bundle, signal, policy)
    assert len(found) == 1, found
    return found[0]


# --- no_tracking ----------------------------------------------------------------------------------


def test_no_tracking_number():
    r = one(bundle(shipments=[shipment(tracking_number="")]), "no_tracking")
    assert (r.order_id, r.subject) == (ORDER_ID, ORDER_ID)
    assert (r.active_from, r.active_until) == (CONFIRMED, UNTIL)


def test_tracking_number_without_a_scan_24_hours_after_confirmation():
    r = one(bundle(shipments=[shipment()]), "no_tracking")
    assert r.subject == "6A12345678901"
    assert r.active_from == CONFIRMED + 24 * HOUR
    assert not r.active(CONFIRMED + 24 * HOUR - SECOND)
    assert r.active(CONFIRMED + 24 * HOUR)


def test_the_grace_is_elapsed_hours_with_a_zone_aware_confirmation():
    confirmed = datetime(2026, 3, 28, 12, 0, tzinfo=PARIS)  # 11:00Z, the night before DST
    r = one(bundle(shipments=[shipment(confirmed_at=confirmed)]), "no_tracking")
    assert r.active_from == at("2026-03-29T11:00Z")


def test_grace_hours_are_policy():
    r = one(bundle(shipments=[shipment()]), "no_tracking", Policy("FR", {"no_scan_grace_hours": 6}))
    assert r.active_from == CONFIRMED + 6 * HOUR


@pytest.mark.parametrize("fields", [SCANNED, {"delivered_at": LDD}, {"confirmed_at": None}])
def test_no_no_tracking(fields):
    assert risks(bundle(shipments=[shipment(**fields)]), "no_tracking") == []


def test_unconfirmed_shipment_has_no_shipment_risk():
    the_bundle = bundle(
        order(order_total=Decimal("500")),
        shipments=[shipment(tracking_number="", confirmed_at=None)],
    )
    assert {r.signal for r in risks(the_bundle)} <= {"inr_exposure"}


# --- signature_missing ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "flagged"),
    [("149.99", False), ("150", True), ("150.00", True), ("150.01", True), ("1200", True)],
)
def test_signature_threshold(total, flagged):
    the_bundle = bundle(order(order_total=Decimal(total)), shipments=[shipment(**SCANNED)])
    found = risks(the_bundle, "signature_missing")
    assert bool(found) is flagged
    if flagged:
        assert found[0].active_from == CONFIRMED
        assert "threshold=150.00&currency=EUR" in found[0].detail


@pytest.mark.parametrize(
    ("order_fields", "ship_fields"),
    [
        ({"order_total": Decimal("300")}, {"signature": True}),
        ({"order_total": None}, {}),
        ({"order_total": Decimal("300"), "currency": "GBP"}, {}),  # not comparable with 150 EUR
    ],
)
def test_no_signature_risk(order_fields, ship_fields):
    the_bundle = bundle(order(**order_fields), shipments=[shipment(**SCANNED, **ship_fields)])
    assert risks(the_bundle, "signature_missing") == []


def test_signature_threshold_is_the_sellers_choice():
    policy = Policy("FR", {"signature_threshold": 40})
    assert one(bundle(shipments=[shipment(**SCANNED)]), "signature_missing", policy)


# --- unprotected_shipping -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "flagged"),
    [
        ({}, True),
        ({"buy_shipping": True}, True),
        ({"buy_shipping": True, "claims_protected": False}, True),
        (PROTECTED, False),
    ],
)
def test_unprotected_shipping(fields, flagged):
    found = risks(bundle(shipments=[shipment(**SCANNED, **fields)]), "unprotected_shipping")
    assert bool(found) is flagged
    if flagged:
        assert (found[0].active_from, found[0].active_until) == (CONFIRMED, UNTIL)


# --- inr_exposure ---------------------------------------------------------------------------------


def test_inr_exposure_from_three_days_after_promised_delivery_to_ninety():
    r = one(bundle(shipments=[shipment(**SCANNED)]), "inr_exposure")
    assert r.active_from == at("2026-11-29T22:59:59Z")  # LDD + 3 days
    assert r.active_until == UNTIL
    assert not r.active(r.active_from - SECOND) and r.active(r.active_from)
    assert r.active(UNTIL - SECOND) and not r.active(UNTIL)


def test_inr_exposure_opens_at_delivery_when_delivered_earlier():
    delivered = LDD - DAY
    r = one(bundle(shipments=[shipment(**SCANNED, delivered_at=delivered)]), "inr_exposure")
    assert (r.active_from, r.active_until) == (delivered, UNTIL)


def test_inr_exposure_opens_three_days_after_promise_even_if_delivered_later():
    # Undelivered three days after the promise, the buyer could already file.
    r = one(bundle(shipments=[shipment(**SCANNED, delivered_at=LDD + 10 * DAY)]), "inr_exposure")
    assert r.active_from == LDD + 3 * DAY


@pytest.mark.parametrize(
    ("the_order", "ships"),
    [
        (order(), [shipment(**SCANNED, **PROTECTED)]),  # Buy Shipping protected
        (order(), [shipment(tracking_number="A"), shipment(tracking_number="B", **PROTECTED)]),
        (order(), []),  # not shipped
        (order(latest_delivery_date=None), [shipment()]),
        (order(status=OrderStatus.CANCELED), [shipment()]),
        (order(fulfillment=Fulfillment.AFN), [shipment()]),
    ],
)
def test_no_inr_exposure(the_order, ships):
    assert risks(bundle(the_order, shipments=ships), "inr_exposure") == []


def test_a_delivery_after_the_claim_window_does_not_hide_the_exposure():
    ships = [shipment(**SCANNED, delivered_at=LDD + 91 * DAY)]
    r = one(bundle(shipments=ships), "inr_exposure")  # still exposed from LDD + 3 days
    assert (r.active_from, r.active_until) == (LDD + 3 * DAY, UNTIL)


# --- order risks ----------------------------------------------------------------------------------


def test_cancel_out_of_stock():
    r = one(bundle(order(out_of_stock=True)), "cancel_out_of_stock")
    assert (r.active_from, r.active_until) == (at("2026-11-20T09:00Z"), None)
    assert r.active(at("2030-01-01T00:00Z"))


@pytest.mark.parametrize(
    "the_order",
    [
        order(out_of_stock=True, status=OrderStatus.CANCELED),
        order(out_of_stock=True, cancelled_at=at("2026-11-20T12:00Z")),
        order(out_of_stock=False),
        order(),
    ],
)
def test_no_cancel_out_of_stock(the_order):
    assert risks(bundle(the_order), "cancel_out_of_stock") == []


@pytest.mark.parametrize(
    ("status", "flagged"),
    [
        (ReturnStatus.AUTHORISED, True),
        (ReturnStatus.REFUNDED, False),
        (ReturnStatus.PENDING, False),
        (ReturnStatus.CLOSED, False),
        (None, False),
    ],
)
def test_refund_pending(status, flagged):
    found = risks(bundle(returns=[return_request(status=status)]), "refund_pending")
    assert bool(found) is flagged
    if flagged:
        assert found[0].subject == "RMA-1"
        assert found[0].active_from == at("2026-11-28T09:00Z")


# --- Risk.active ----------------------------------------------------------------------------------


def test_active_is_half_open():
    start, end = at("2026-12-01T00:00Z"), at("2026-12-02T00:00Z")
    r = Risk("x", ORDER_ID, ORDER_ID, "", start, end)
    assert [r.active(t) for t in (start - SECOND, start, end - SECOND, end)] == [
        False,
        True,
        True,
        False,
    ]
    open_ended = Risk("x", ORDER_ID, ORDER_ID, "", start)
    assert not open_ended.active(start - SECOND) and open_ended.active(start + 999 * DAY)
