"""The situations the cockpit exists for, placed at fixed times relative to ``now``.

Each scenario creates its own order, so the demo holds all of them whatever its size. Orders
bought between 14 and 74 days ago sit in the order defect rate window (60 days, 14 days behind):
the scenarios put exactly two counted defects there (claims ``granted_open_appeal`` and
``response_missed``); ``StoreBuilder.calibrate_odr`` tops up to "at risk".
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from aztui.demo.clock import (
    HOUR,
    at_local,
    end_of_day,
    latest_delivery_date,
    local_date,
    ship_slot,
)
from aztui.demo.store import StoreBuilder
from aztui.domain.model import (
    AppealOutcome,
    CancelledBy,
    ChargebackKind,
    ClaimType,
    CountsInOdr,
    Decision,
    FundedBy,
    Order,
    OrderStatus,
    ReturnStatus,
    Shipment,
)

SCENARIO_ORDERS = 33

INR, NAD, OTHER = ClaimType.NOT_RECEIVED, ClaimType.NOT_AS_DESCRIBED, ClaimType.OTHER
GRANTED, SELLER = Decision.GRANTED, FundedBy.SELLER


def add_scenarios(b: StoreBuilder) -> None:
    _shipping(b)
    _returns(b)
    _claims(b)
    _feedback_and_chargebacks(b)


def _shipped(b: StoreBuilder, days: float, *, early: bool = False, **ship: Any) -> Order:
    """An MFN order bought ``days`` ago and shipped; ``early``: confirmed the morning of its
    latest ship date, so the first scan is on time (what Buy Shipping protection needs)."""
    purchase = b.jitter(b.ago(days), 2)
    if early:
        order = b.order(purchase, handling=1, transit=3)
        assert order.latest_ship_date is not None
        morning = at_local(local_date(order.latest_ship_date), 10, b.rng.randrange(60))
        shipment = b.ship(order, confirmed=morning, **ship)
        assert shipment is not None
        return b.orders[order.order_id]
    return b.delivered_order(purchase, **ship)[0]


def _shipping(b: StoreBuilder) -> None:
    now, today = b.now, local_date(b.now)
    # "in the next hours": tonight, or tomorrow night when tonight is less than 3 hours away
    ship_by = end_of_day(today)
    if ship_by - now < 3 * HOUR:
        ship_by = end_of_day(today + timedelta(days=1))
    due_soon = []
    for hours, extra in (
        (18, {"order_total": Decimal("189.00")}),
        (27, {"is_prime": True}),
        (40, {}),
    ):
        due_soon.append(
            b.order(
                b.jitter(b.ago(hours=hours), 1),
                latest_ship_date=ship_by,
                latest_delivery_date=latest_delivery_date(ship_by, 3),
                **extra,
            )
        )
    b.message(due_soon[2], b.ago(hours=20), no_response_needed=False)  # due in 4 h
    overdue_by = end_of_day(today - timedelta(days=1))
    b.order(
        b.jitter(overdue_by - timedelta(days=2, hours=5), 3),
        latest_ship_date=overdue_by,
        latest_delivery_date=latest_delivery_date(overdue_by, 3),
    )
    b.order(b.jitter(b.ago(hours=9), 1), handling=2, out_of_stock=True)
    b.order(b.ago(hours=0.4), status=OrderStatus.PENDING)
    b.cancel(b.order(b.jitter(b.ago(12, 3), 2)), CancelledBy.SELLER, 5, out_of_stock=True)
    b.cancel(b.order(b.jitter(b.ago(41), 2)), CancelledBy.SELLER, 18)
    b.cancel(b.order(b.jitter(b.ago(3, 2), 1)), CancelledBy.SELLER, 2, buyer_requested=True)

    late = b.order(b.jitter(b.ago(20), 3), handling=1)
    assert late.latest_ship_date is not None
    b.ship(late, confirmed=late.latest_ship_date + timedelta(hours=7, minutes=12))
    b.message(due_soon[1], b.ago(hours=5), no_response_needed=True)  # "Merci !"

    untracked = b.order(b.jitter(b.ago(3, 5), 1))
    confirmed = ship_slot(untracked.purchase_date, b.rng)
    if confirmed >= now:
        confirmed = untracked.purchase_date + timedelta(hours=20)
    b.shipments.append(
        Shipment(
            untracked.order_id,
            "",
            confirmed,
            "La Poste",
            "Lettre verte",
            buy_shipping=False,
            claims_protected=False,
            signature=False,
        )
    )
    b.update(untracked, status=OrderStatus.SHIPPED)
    b.message(None, b.ago(hours=3), no_response_needed=False)  # a pre-order question
    b.message(None, b.ago(10, 4), answered_at=b.ago(10, 2), no_response_needed=False)


def _returns(b: StoreBuilder) -> None:
    b.return_request(
        _shipped(b, 11), b.ago(hours=30), in_policy=True, status=ReturnStatus.PENDING
    )  # due in 18 h
    b.return_request(
        _shipped(b, 15), b.ago(3, 4), in_policy=True, status=ReturnStatus.PENDING
    )  # overdue by 28 h


def _claims(b: StoreBuilder) -> None:
    exact = b.ago

    def ago(days: float = 0, hours: float = 0) -> datetime:
        """About that long ago (up to 3 h earlier): the instants nothing is due from."""
        return b.jitter(b.ago(days, hours), 3)

    lost = _shipped(b, 13, protected=False, delivery="lost")
    b.claim(lost, type=INR, filed_at=exact(hours=20))  # filed, Amazon has not asked yet
    b.message(lost, exact(hours=30), no_response_needed=False)  # overdue by 6 h
    b.claim(
        _shipped(b, 13.5), type=NAD, filed_at=ago(4), response_requested_at=exact(hours=50)
    )  # representation due in 22 h
    b.claim(
        _shipped(b, 22, early=True, protected=True, delivery="lost"),
        type=INR,
        filed_at=ago(9),
        response_requested_at=ago(8),
        responded_at=ago(7, 3),
    )  # under review, protected by Buy Shipping
    b.claim(
        _shipped(b, 45),
        type=NAD,
        filed_at=ago(33),
        response_requested_at=ago(32),
        responded_at=ago(31),
        decided_at=exact(25),
        decision=GRANTED,
        funded_by=SELLER,
    )  # granted_open_appeal: appeal due in 5 days, counts in ODR
    b.claim(
        _shipped(b, 82, protected=False),
        type=INR,
        filed_at=ago(60),
        response_requested_at=ago(59, 20),
        responded_at=ago(59),
        decided_at=ago(52),
        decision=GRANTED,
        funded_by=SELLER,
        appeal_filed_at=ago(40),
    )  # appeal pending
    b.claim(
        _shipped(b, 85),
        type=NAD,
        filed_at=ago(70),
        decided_at=ago(60),
        decision=GRANTED,
        funded_by=SELLER,
        counts_in_odr=CountsInOdr.YES,
        appeal_filed_at=ago(33),
        appeal_info_requested_at=exact(hours=30),
    )  # information due in 42 h
    b.claim(
        _shipped(b, 50),
        type=NAD,
        filed_at=ago(40),
        response_requested_at=ago(39),
        responded_at=ago(38, 12),
        decided_at=ago(33),
        decision=Decision.DENIED,
    )
    b.claim(
        _shipped(b, 38), type=INR, filed_at=ago(28), decided_at=ago(26), decision=Decision.WITHDRAWN
    )
    b.claim(
        _shipped(b, 60, early=True, protected=True, delivery="lost"),
        type=INR,
        filed_at=ago(50),
        decided_at=ago(45),
        decision=GRANTED,
        funded_by=FundedBy.AMAZON,
        counts_in_odr=CountsInOdr.NO,
    )
    b.claim(
        _shipped(b, 86),
        type=NAD,
        filed_at=ago(76),
        decided_at=ago(75),
        decision=Decision.SELLER_REFUNDED,
        funded_by=SELLER,
        counts_in_odr=CountsInOdr.UNKNOWN,
    )
    b.claim(
        _shipped(b, 70, protected=False),
        type=INR,
        filed_at=ago(60),
        response_requested_at=ago(59),
        responded_at=ago(58),
        decided_at=ago(50),
        decision=GRANTED,
        funded_by=SELLER,
        appeal_filed_at=ago(45),
        appeal_decided_at=ago(38),
        appeal_outcome=AppealOutcome.GRANTED,
    )
    b.claim(
        _shipped(b, 89),
        type=NAD,
        filed_at=ago(79),
        decided_at=ago(72),
        decision=GRANTED,
        funded_by=SELLER,
        appeal_filed_at=ago(66),
        appeal_decided_at=ago(60),
        appeal_outcome=AppealOutcome.DENIED,
    )
    b.claim(
        _shipped(b, 30),
        type=OTHER,
        filed_at=ago(20),
        decided_at=ago(15),
        decision=GRANTED,
        funded_by=SELLER,
        counts_in_odr=CountsInOdr.NO,
    )  # appeal due in 15 days
    b.claim(
        _shipped(b, 20, protected=False, delivery="lost"),
        type=INR,
        filed_at=ago(10),
        response_requested_at=ago(8),
        decided_at=ago(4, 20),
        decision=GRANTED,
        funded_by=SELLER,
    )  # response_missed: Amazon granted it after 3 silent days


def _feedback_and_chargebacks(b: StoreBuilder) -> None:
    b.rate(_shipped(b, 9), b.ago(1), 1)
    b.rate(_shipped(b, 80), b.ago(70), 2)
    b.rate(_shipped(b, 40), b.ago(30), 2, removed=True)
    b.rate(_shipped(b, 35), b.ago(26), 3)
    b.chargeback(_shipped(b, 10), b.ago(1), ChargebackKind.SERVICE)
    b.chargeback(_shipped(b, 40), b.ago(20), ChargebackKind.FRAUD)
