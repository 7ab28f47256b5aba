"""Per-object facts the metrics count (docs/rules.md §5): late shipment, seller cancellation, valid
tracking, on-time delivery, late response, return dissatisfaction."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from aztui.domain.facts import message_facts, order_facts, return_facts, shipment_facts
from aztui.domain.model import CancelledBy, Fulfillment, OrderStatus, ReturnStatus
from aztui.domain.policy import Policy

from .builders import (
    DAY,
    FR,
    HOUR,
    PARIS,
    SECOND,
    at,
    bundle,
    message,
    order,
    return_request,
    shipment,
)

LSD = at("2026-11-22T22:59:59Z")
LDD = at("2026-11-26T22:59:59Z")


def facts_of(the_order, *shipments):
    facts = order_facts(bundle(the_order, shipments=shipments))
    assert facts is not None
    return facts


# --- late shipment --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("confirmed", "late"), [(LSD - DAY, False), (LSD, False), (LSD + SECOND, True)]
)
def test_late_shipment_by_confirmation_time(confirmed, late):
    facts = facts_of(order(status=OrderStatus.SHIPPED), shipment(confirmed_at=confirmed))
    assert facts.late_population and facts.late is late


def test_not_shipped_is_late():
    facts = facts_of(order())
    assert facts.late_population and facts.late


def test_shipment_without_confirmation_is_late():
    assert facts_of(order(), shipment(confirmed_at=None)).late


def test_the_earliest_confirmation_decides():
    facts = facts_of(
        order(),
        shipment(tracking_number="A", confirmed_at=LSD + DAY),
        shipment(tracking_number="B", confirmed_at=LSD),
    )
    assert not facts.late


def test_status_shipped_without_a_confirmation_record_is_not_late():
    # The code's reading: Amazon says shipped, the time is unknown, so not counted as late.
    assert not facts_of(order(status=OrderStatus.SHIPPED)).late


@pytest.mark.parametrize(
    "changes",
    [
        {"status": OrderStatus.CANCELED},
        {"cancelled_at": at("2026-11-21T10:00Z"), "cancelled_by": CancelledBy.BUYER},
        {"fulfillment": Fulfillment.AFN},
        {"latest_ship_date": None},
    ],
)
def test_outside_the_late_shipment_population(changes):
    facts = facts_of(order(**changes))
    assert not facts.late_population and not facts.late


# --- pre-fulfilment cancellation ------------------------------------------------------------------

CANCELLED = {"status": OrderStatus.CANCELED, "cancelled_at": at("2026-11-21T10:00Z")}


@pytest.mark.parametrize(
    ("changes", "counted"),
    [
        ({**CANCELLED, "cancelled_by": CancelledBy.SELLER}, True),
        ({**CANCELLED, "cancelled_by": CancelledBy.SELLER, "buyer_requested_cancel": False}, True),
        ({**CANCELLED, "cancelled_by": CancelledBy.SELLER, "buyer_requested_cancel": True}, False),
        ({**CANCELLED, "cancelled_by": CancelledBy.BUYER}, False),
        ({**CANCELLED, "cancelled_by": CancelledBy.AMAZON}, False),
        ({**CANCELLED}, False),  # who cancelled is unknown
        ({"cancelled_by": CancelledBy.SELLER}, False),  # not cancelled (yet)
        ({**CANCELLED, "cancelled_by": CancelledBy.SELLER, "fulfillment": Fulfillment.AFN}, False),
    ],
)
def test_seller_cancel(changes, counted):
    assert facts_of(order(**changes)).seller_cancel is counted


def test_cancelled_at_alone_marks_the_order_cancelled():
    facts = facts_of(order(cancelled_at=at("2026-11-21T10:00Z"), cancelled_by=CancelledBy.SELLER))
    assert facts.seller_cancel and facts.mfn


# --- valid tracking and on-time delivery ----------------------------------------------------------


def ship_facts(the_shipment, the_order=None):
    the_order = the_order or order()
    return shipment_facts(the_shipment, bundle(the_order, shipments=[the_shipment]))


@pytest.mark.parametrize(
    ("fields", "valid"),
    [
        ({"first_scan_at": LSD}, True),
        ({"first_scan_at": None}, False),
        ({"tracking_number": "", "first_scan_at": LSD}, False),
        ({"first_scan_at": LSD, "delivered_at": at("2026-11-21T15:00Z")}, True),  # = confirmed
        (
            {"first_scan_at": LSD, "delivered_at": at("2026-11-21T14:59:59Z")},
            False,
        ),  # confirmed after
    ],
)
def test_valid_tracking(fields, valid):
    facts = ship_facts(shipment(**fields))  # confirmed 2026-11-21T15:00Z
    assert facts.tracking_population and facts.tracking_valid is valid
    assert facts.basis_at == LDD  # windowed on the order's latest_delivery_date


@pytest.mark.parametrize(
    ("the_shipment", "the_order"),
    [
        (shipment(confirmed_at=None, first_scan_at=LSD), order()),
        (shipment(first_scan_at=LSD), order(fulfillment=Fulfillment.AFN)),
        (shipment(first_scan_at=LSD), order(latest_delivery_date=None)),
    ],
)
def test_outside_the_tracking_population(the_shipment, the_order):
    assert not ship_facts(the_shipment, the_order).tracking_population


@pytest.mark.parametrize(
    ("delivered", "on_time"), [(LDD - DAY, True), (LDD, True), (LDD + SECOND, False), (None, False)]
)
def test_on_time_delivery(delivered, on_time):
    facts = ship_facts(shipment(delivered_at=delivered))
    assert facts.delivery_population and facts.on_time is on_time


def test_no_tracking_number_is_outside_the_delivery_population():
    assert not ship_facts(shipment(tracking_number="", delivered_at=LDD)).delivery_population


# --- late response --------------------------------------------------------------------------------

RECEIVED = at("2026-11-21T09:00Z")


@pytest.mark.parametrize(
    ("answered", "late"),
    [
        (RECEIVED + HOUR, False),
        (RECEIVED + 24 * HOUR, False),  # exactly 24 h: on time
        (RECEIVED + 24 * HOUR + SECOND, True),
        (None, True),
    ],
)
def test_late_response(answered, late):
    facts = message_facts(message(answered_at=answered), FR)
    assert facts.population and facts.late is late
    assert facts.eligible_at == RECEIVED + 24 * HOUR  # counted from then on


def test_message_needing_no_response_is_outside_the_population():
    assert not message_facts(message(no_response_needed=True), FR).population
    assert message_facts(message(order_id=None), FR).population  # pre-order questions count


def test_late_response_hours_follow_the_policy():
    policy = Policy("FR", {"buyer_message_response.hours": 12})
    facts = message_facts(message(answered_at=RECEIVED + 13 * HOUR), policy)
    assert facts.late and facts.eligible_at == RECEIVED + 12 * HOUR


def test_late_response_across_dst_with_a_zone_aware_instant():
    received = datetime(2026, 3, 28, 12, 0, tzinfo=PARIS)  # 11:00Z
    answered = at("2026-03-29T10:30Z")  # 23.5 h later (12:30 CEST on the wall clock)
    facts = message_facts(message(received_at=received, answered_at=answered), FR)
    assert facts.eligible_at == at("2026-03-29T11:00Z") and not facts.late


# --- return dissatisfaction -----------------------------------------------------------------------

REQUESTED = at("2026-11-28T09:00Z")


@pytest.mark.parametrize(
    ("fields", "dissatisfied"),
    [
        ({"acted_at": REQUESTED + 48 * HOUR, "status": ReturnStatus.AUTHORISED}, False),
        ({"acted_at": REQUESTED + 48 * HOUR + SECOND, "status": ReturnStatus.AUTHORISED}, True),
        ({}, True),  # never acted on
        ({"status": ReturnStatus.PENDING}, True),
        ({"status": ReturnStatus.REFUNDED}, False),  # acted on, time unknown
        (
            {
                "acted_at": REQUESTED + HOUR,
                "status": ReturnStatus.REJECTED,
                "rejection_valid": False,
            },
            True,
        ),  # quick but invalid rejection
        (
            {
                "acted_at": REQUESTED + HOUR,
                "status": ReturnStatus.REJECTED,
                "rejection_valid": True,
            },
            False,
        ),
        (
            {"acted_at": REQUESTED + HOUR, "status": ReturnStatus.REJECTED},
            False,
        ),  # validity unknown
    ],
)
def test_return_dissatisfaction(fields, dissatisfied):
    facts = return_facts(return_request(**fields), FR)
    assert facts.dissatisfied is dissatisfied
    assert facts.eligible_at == REQUESTED + 48 * HOUR


def test_return_window_across_dst_with_a_zone_aware_instant():
    requested = datetime(2026, 10, 24, 10, 0, tzinfo=PARIS)  # CEST, 08:00Z
    facts = return_facts(return_request(requested_at=requested), FR)
    assert facts.eligible_at == at("2026-10-26T08:00Z")  # 48 h elapsed, 09:00 CET
    assert facts.eligible_at - requested == timedelta(hours=48)
