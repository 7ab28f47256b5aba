"""A small, realistic amazon.fr store for ``aztui demo``: ``demo_records(now)``.

A French seller shipping its own orders (about 15 % fulfilled by Amazon), ninety days of orders
ending at ``now`` with the Paris business rhythm, and, at fixed times relative to ``now``, every
situation the cockpit exists for (see ``scenarios.py``). No buyer personal data: the model has no
field for it.
"""

from __future__ import annotations

import dataclasses
import math
import random
from collections import defaultdict
from datetime import datetime, timedelta
from decimal import Decimal
from fractions import Fraction
from itertools import chain
from typing import Any

from aztui.demo import carriers
from aztui.demo.clock import (
    DAY,
    HOUR,
    business_purchase,
    end_of_day,
    hour_table,
    latest_delivery_date,
    latest_ship_date,
    local_date,
    message_id,
    order_id,
    return_id,
    salt,
    ship_slot,
    start_of,
)
from aztui.demo.clock import claim_id as make_claim_id
from aztui.domain.facts import order_facts
from aztui.domain.metrics import BUILTIN_METRICS
from aztui.domain.model import (
    BuyerMessage,
    CancelledBy,
    Chargeback,
    ChargebackKind,
    Claim,
    Feedback,
    Fulfillment,
    Order,
    OrderBundle,
    OrderStatus,
    Record,
    ReturnRequest,
    ReturnStatus,
    Shipment,
    TrackingStatus,
)
from aztui.domain.policy import Policy
from aztui.store.bundles import bundle_key

MIN_ORDERS = 60
DAYS = 90
AFN_SHARE = 0.15
POLICY = Policy("FR")


def _seconds(delta: timedelta) -> timedelta:
    return timedelta(seconds=int(delta.total_seconds()))


class StoreBuilder:
    """Accumulates the records of one store; every instant derives from ``now`` and ``rng``."""

    def __init__(self, now: datetime, seed: int) -> None:
        self.now = start_of(now)
        self.rng = random.Random(seed)
        self.hours = hour_table()
        self.order_salt = salt(seed, 1)
        self.claim_salt = salt(seed, 2)
        self.return_salt = salt(seed, 3)
        self.message_salt = salt(seed, 4)
        self.orders: dict[str, Order] = {}
        self.shipments: list[Shipment] = []
        self.returns: list[ReturnRequest] = []
        self.claims: list[Claim] = []
        self.messages: list[BuyerMessage] = []
        self.feedback: list[Feedback] = []
        self.chargebacks: list[Chargeback] = []
        self.busy: set[str] = set()
        """Orders that already carry a scenario or a feedback: background picks skip them."""

    # --- time ---------------------------------------------------------------------------------

    def ago(self, days: float = 0, hours: float = 0) -> datetime:
        return self.now - _seconds(timedelta(days=days, hours=hours))

    def jitter(self, instant: datetime, hours: float) -> datetime:
        """``instant`` moved back by up to ``hours`` (random), to avoid round numbers."""
        return instant - _seconds(timedelta(hours=self.rng.random() * hours))

    # --- orders -------------------------------------------------------------------------------

    def total(self) -> Decimal:
        """Basket value in EUR: median about 30, a long tail past 150 (signature matters)."""
        value = min(self.rng.lognormvariate(math.log(30), 0.8), 890.0)
        cents = self.rng.choice((90, 99, 99, 50, 0))
        return Decimal(f"{max(int(value), 5)}.{cents:02d}")

    def order(
        self,
        purchase: datetime,
        *,
        mfn: bool = True,
        total: Decimal | None = None,
        prime: bool | None = None,
        handling: int | None = None,
        transit: int | None = None,
        **fields: Any,
    ) -> Order:
        rng = self.rng
        handling = handling or (1 if rng.random() < 0.75 else 2)
        ship_by = latest_ship_date(purchase, handling)
        values: dict[str, Any] = {
            "order_id": order_id(self.order_salt, len(self.orders)),
            "purchase_date": purchase,
            "marketplace": "FR",
            "status": OrderStatus.UNSHIPPED,
            "fulfillment": Fulfillment.MFN if mfn else Fulfillment.AFN,
            "order_total": total if total is not None else self.total(),
            "currency": "EUR",
            "latest_ship_date": ship_by,
            "latest_delivery_date": latest_delivery_date(ship_by, transit or rng.randint(2, 5)),
            "is_prime": prime if prime is not None else rng.random() < (0.08 if mfn else 0.85),
        }
        values.update(fields)
        order = Order(**values)
        self.orders[order.order_id] = order
        return order

    def update(self, order: Order, **changes: Any) -> Order:
        order = dataclasses.replace(order, **changes)
        self.orders[order.order_id] = order
        return order

    def cancel(
        self,
        order: Order,
        by: CancelledBy,
        after_hours: float,
        buyer_requested: bool = False,
        out_of_stock: bool | None = None,
    ) -> Order:
        at = order.purchase_date + _seconds(timedelta(hours=after_hours))
        return self.update(
            order,
            status=OrderStatus.CANCELED,
            cancelled_at=min(at, self.now),
            cancelled_by=by,
            buyer_requested_cancel=buyer_requested,
            out_of_stock=out_of_stock,
        )

    # --- shipments ----------------------------------------------------------------------------

    def ship(
        self,
        order: Order,
        *,
        confirmed: datetime | None = None,
        service: str | None = None,
        protected: bool | None = None,
        scanned: bool = True,
        delivery: str = "normal",
    ) -> Shipment | None:
        """Confirm the order's shipment (``None`` when the confirmation would be after ``now``).

        ``delivery``: ``normal`` (on time when old enough), ``late`` (after the promised date),
        ``lost`` (scanned, never delivered).
        """
        rng, now = self.rng, self.now
        assert order.latest_ship_date is not None and order.latest_delivery_date is not None
        confirmed = confirmed or ship_slot(order.purchase_date, rng)
        if confirmed >= now:
            return None
        high_value = order.order_total is not None and order.order_total >= 150
        chosen = carriers.by_name(service) if service else carriers.pick(rng, high_value)
        if protected is None:
            protected = rng.random() < 0.40
        buy_shipping = protected or rng.random() < 0.05
        first_scan = None
        if scanned:
            first_scan = confirmed + _seconds(timedelta(hours=1.5 + rng.random() * 7.5))
            if first_scan >= now:
                first_scan = None
        delivered = None
        if delivery != "lost":
            leaves = first_scan or confirmed
            days = rng.randint(*chosen.transit)
            delivered = end_of_day(local_date(leaves) + timedelta(days=days)) - _seconds(
                timedelta(hours=5 + rng.random() * 9)
            )
            if delivery == "late":
                delivered = order.latest_delivery_date + _seconds(
                    timedelta(hours=10 + rng.random() * 50)
                )
            elif delivered > order.latest_delivery_date:  # a slow service still arrives in time
                delivered = max(
                    leaves + 3 * HOUR,
                    order.latest_delivery_date - _seconds(timedelta(hours=1 + rng.random() * 8)),
                )
            if delivered >= now:
                delivered = None
        if delivered is not None:
            status = TrackingStatus.DELIVERED
        elif first_scan is None:
            status = TrackingStatus.INFO_RECEIVED
        elif "Relais" in chosen.service and delivery != "lost" and rng.random() < 0.5:
            status = TrackingStatus.AVAILABLE_FOR_PICKUP
        else:
            status = TrackingStatus.IN_TRANSIT
        shipment = Shipment(
            order_id=order.order_id,
            tracking_number=chosen.tracking_number(rng),
            confirmed_at=confirmed,
            carrier=chosen.carrier,
            service=chosen.service,
            buy_shipping=buy_shipping,
            claims_protected=protected,
            signature=chosen.signature,
            first_scan_at=first_scan,
            delivered_at=delivered,
            status=status,
        )
        self.shipments.append(shipment)
        self.update(order, status=OrderStatus.SHIPPED)
        return shipment

    def delivered_order(self, purchase: datetime, **ship: Any) -> tuple[Order, Shipment]:
        """An MFN order bought at ``purchase``, shipped (and delivered unless told otherwise)."""
        order = self.order(purchase, handling=1, transit=3)
        shipment = self.ship(order, **ship)
        assert shipment is not None
        return self.orders[order.order_id], shipment

    # --- related records ----------------------------------------------------------------------

    def claim(self, order: Order, **fields: Any) -> Claim:
        values: dict[str, Any] = {
            "claim_id": make_claim_id(self.claim_salt, len(self.claims)),
            "order_id": order.order_id,
            "amount": order.order_total,
            "currency": "EUR",
        }
        values.update(fields)
        claim = Claim(**values)
        self.claims.append(claim)
        self.busy.add(order.order_id)
        return claim

    def return_request(self, order: Order, requested: datetime, **fields: Any) -> ReturnRequest:
        ret = ReturnRequest(
            return_id(self.return_salt, len(self.returns)), order.order_id, requested, **fields
        )
        self.returns.append(ret)
        self.busy.add(order.order_id)
        return ret

    def message(self, order: Order | None, received: datetime, **fields: Any) -> BuyerMessage:
        message = BuyerMessage(
            message_id(self.message_salt, len(self.messages)),
            received,
            order.order_id if order else None,
            **fields,
        )
        self.messages.append(message)
        return message

    def rate(self, order: Order, date: datetime, rating: int, removed: bool | None = None) -> None:
        self.feedback.append(Feedback(order.order_id, date, rating, removed))
        self.busy.add(order.order_id)

    def chargeback(self, order: Order, date: datetime, kind: ChargebackKind) -> None:
        self.chargebacks.append(Chargeback(order.order_id, date, kind))
        self.busy.add(order.order_id)

    # --- background ---------------------------------------------------------------------------

    def background(self, count: int, afn_share: float) -> None:
        """Ordinary orders over the last ``DAYS`` days, shipped as a careful seller does."""
        rng, now = self.rng, self.now
        for _ in range(count):
            purchase = business_purchase(now, rng, self.hours, DAYS)
            if rng.random() < afn_share:
                order = self.order(purchase, mfn=False)
                if purchase < now - 8 * HOUR:
                    self.update(order, status=OrderStatus.SHIPPED)
                continue
            order = self.order(purchase)
            roll = rng.random()
            if roll < 0.012:
                self.cancel(order, CancelledBy.BUYER, 0.5 + rng.random() * 8)
                continue
            confirmed = None
            if roll < 0.017:  # shipped late: confirmed after the latest ship date
                assert order.latest_ship_date is not None
                late = order.latest_ship_date + _seconds(timedelta(hours=2 + rng.random() * 28))
                confirmed = late if late < now else None
            delivery = "late" if rng.random() < 0.025 else "normal"
            self.ship(order, confirmed=confirmed, scanned=rng.random() > 0.02, delivery=delivery)

    def pick_delivered(self, start: datetime, end: datetime) -> list[tuple[Order, Shipment]]:
        """Free MFN orders bought in ``[start, end)`` and delivered, in a shuffled order."""
        by_order = {s.order_id: s for s in self.shipments if s.delivered_at is not None}
        found = [
            (o, by_order[o.order_id])
            for o in self.orders.values()
            if o.order_id in by_order
            and o.order_id not in self.busy
            and start <= o.purchase_date < end
        ]
        self.rng.shuffle(found)
        return found

    def everyday_life(self) -> None:
        """Answered messages, handled returns and happy feedback on ordinary orders."""
        rng, now = self.rng, self.now
        n = len(self.orders)
        for order, shipment in self.pick_delivered(self.ago(DAYS), now)[: max(4, n // 80)]:
            assert shipment.delivered_at is not None
            requested = shipment.delivered_at + _seconds(timedelta(days=1 + rng.random() * 12))
            if requested > now - 3 * DAY:
                continue
            acted = requested + _seconds(timedelta(hours=1 + rng.random() * 30))
            if rng.random() < 0.15:
                self.return_request(
                    order,
                    requested,
                    in_policy=False,
                    status=ReturnStatus.REJECTED,
                    acted_at=acted,
                    rejection_valid=True,
                )
            else:
                status = rng.choice(
                    (
                        ReturnStatus.AUTHORISED,
                        ReturnStatus.REFUNDED,
                        ReturnStatus.REFUNDED,
                        ReturnStatus.CLOSED,
                    )
                )
                self.return_request(order, requested, in_policy=True, status=status, acted_at=acted)
        orders = [
            o
            for o in self.orders.values()
            if o.fulfillment is Fulfillment.MFN
            and o.order_id not in self.busy
            and o.purchase_date < now - 2 * HOUR
        ]
        rng.shuffle(orders)
        for i, order in enumerate(orders[: max(6, n // 25)]):
            received = order.purchase_date + _seconds(timedelta(hours=1 + rng.random() * 60))
            if received > now - 26 * HOUR:
                continue
            delay = 27 + rng.random() * 20 if i % 12 == 5 else 0.3 + rng.random() * 18
            answered = received + _seconds(timedelta(hours=delay))
            if answered < now:
                self.message(order, received, answered_at=answered, no_response_needed=False)
        for order, shipment in self.pick_delivered(self.ago(DAYS), now)[: max(3, n // 12)]:
            assert shipment.delivered_at is not None
            date = shipment.delivered_at + _seconds(timedelta(days=0.5 + rng.random() * 9))
            if date < now:
                self.rate(order, date, 5 if rng.random() < 0.8 else 4)

    def calibrate_odr(self) -> None:
        """Add negative feedback until the order defect rate reaches "at risk" (0.75 % of the
        MFN orders in its window), the level that makes the demo instructive."""
        odr = next(m for m in BUILTIN_METRICS if m.id == "order_defect_rate")
        window = odr.window(self.now, POLICY)
        start, end = window.start, window.end
        bundles = self.bundles()
        population = [
            b
            for b in bundles.values()
            if b.order is not None and b.order.is_mfn and start <= b.order.purchase_date < end
        ]
        facts = [order_facts(b) for b in population]
        defects = sum(1 for f in facts if f is not None and f.odr_defect)
        at_risk = Fraction(odr.target(POLICY, self.now)) * Fraction(
            POLICY.get("at_risk_ratio", self.now)
        )
        wanted = math.ceil(len(population) * at_risk)
        candidates = self.pick_delivered(start, end)
        for order, shipment in candidates[: max(0, wanted - defects)]:
            assert shipment.delivered_at is not None
            date = min(
                shipment.delivered_at + _seconds(timedelta(days=2 + self.rng.random() * 5)),
                self.now - HOUR,
            )
            self.rate(order, date, self.rng.choice((1, 2)))

    # --- output -------------------------------------------------------------------------------

    def bundles(self) -> dict[str, OrderBundle]:
        related: dict[str, list[Record]] = defaultdict(list)
        for record in chain(
            self.shipments,
            self.returns,
            self.claims,
            self.messages,
            self.feedback,
            self.chargebacks,
        ):
            related[bundle_key(record)].append(record)  # an orderless message is in no bundle
        return {
            oid: OrderBundle.of(oid, order, related.get(oid, ()))
            for oid, order in self.orders.items()
        }

    def records(self) -> list[Record]:
        return [
            *sorted(self.orders.values(), key=lambda o: (o.purchase_date, o.order_id)),
            *sorted(self.shipments, key=lambda s: (s.confirmed_at, s.order_id)),
            *sorted(self.returns, key=lambda r: (r.requested_at, r.return_id)),
            *sorted(self.claims, key=lambda c: (c.filed_at, c.claim_id)),
            *sorted(self.messages, key=lambda m: (m.received_at, m.message_id)),
            *sorted(self.feedback, key=lambda f: (f.date, f.order_id)),
            *sorted(self.chargebacks, key=lambda c: (c.date, c.order_id)),
        ]


def demo_records(now: datetime, *, seed: int = 7, orders: int = 400) -> list[Record]:
    """A deterministic demo store of ``orders`` orders ending at ``now`` (aware, UTC).

    Same ``now`` and ``seed`` give equal records; moving ``now`` by whole weeks (with no
    daylight-saving change over the span) moves every instant by the same amount.
    """
    from aztui.demo.scenarios import SCENARIO_ORDERS, add_scenarios

    if orders < MIN_ORDERS:
        raise ValueError(f"the demo store needs at least {MIN_ORDERS} orders, got {orders}")
    builder = StoreBuilder(now, seed)
    add_scenarios(builder)
    assert len(builder.orders) == SCENARIO_ORDERS, len(builder.orders)
    remaining = orders - len(builder.orders)
    builder.background(remaining, min(0.9, AFN_SHARE * orders / remaining))
    builder.everyday_life()
    builder.calibrate_odr()
    return builder.records()
