"""Actions recorded by hand: the records they write, and the reasons they are refused."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from aztui.domain.actions import ActionRefused, cancel_out_of_stock, record_claim, set_tracking
from aztui.domain.model import (
    CancelledBy,
    Claim,
    ClaimType,
    Fulfillment,
    Order,
    OrderBundle,
    OrderStatus,
    Shipment,
    TrackingStatus,
)

NOW = datetime(2026, 11, 26, 9, tzinfo=UTC)
H = timedelta(hours=1)
ORDER = Order("402-1", NOW - 30 * H, status=OrderStatus.UNSHIPPED, latest_ship_date=NOW + H)
OPEN = OrderBundle("402-1", ORDER)


def shipped(number: str = "") -> OrderBundle:
    return OrderBundle(
        "402-1",
        ORDER,
        shipments=(
            Shipment(
                "402-1",
                number,
                confirmed_at=NOW - 2 * H,
                carrier="Colissimo",
                status=TrackingStatus.IN_TRANSIT,
                first_scan_at=NOW - H,
            ),
        ),
    )


def test_a_new_parcel_is_confirmed_when_the_seller_says():
    change = set_tracking(OPEN, "402-1", " 6A123456 ", "Colissimo", NOW - H, NOW)
    assert change.write == (
        Shipment("402-1", "6A123456", confirmed_at=NOW - H, carrier="Colissimo"),
    )
    assert change.remove == ()


def test_a_corrected_number_replaces_the_wrong_one_and_forgets_its_carrier_facts():
    change = set_tracking(shipped("6A12"), "402-1", "6A13", None, NOW, NOW, replacing="6A12")
    (new,), (old,) = change.write, change.remove
    assert old.tracking_number == "6A12"
    assert (new.tracking_number, new.carrier, new.confirmed_at) == (
        "6A13",
        "Colissimo",
        NOW - 2 * H,
    )
    assert new.first_scan_at is None and new.status is None  # those were the wrong parcel's


def test_the_same_number_again_only_updates_the_carrier():
    change = set_tracking(
        shipped("6A12"), "402-1", "6A12", "Chronopost", NOW, NOW, replacing="6A12"
    )
    assert change.remove == () and change.write[0].carrier == "Chronopost"


@pytest.mark.parametrize(
    ("bundle", "number", "at", "replacing", "reason"),
    [
        (None, "6A12", NOW, None, "order 402-1 is not in the store"),
        (OPEN, "6A 12", NOW, None, "is not a tracking number"),
        (OPEN, "ab", NOW, None, "is not a tracking number"),
        (OPEN, "6A12", NOW + H, None, "the shipment is dated in the future"),
        (OPEN, "6A12", NOW - 31 * H, None, "before the order was placed"),
        (shipped("6A12"), "6A13", NOW, "6A99", "has no parcel 6A99"),
        (
            OrderBundle(
                "402-1", ORDER, shipments=shipped("6A12").shipments + shipped("6A13").shipments
            ),
            "6A13",
            NOW,
            "6A12",
            "parcel 6A13 is already on order 402-1",
        ),
        (
            OrderBundle("402-1", Order("402-1", NOW - 30 * H, fulfillment=Fulfillment.AFN)),
            "6A12",
            NOW,
            None,
            "Amazon ships order 402-1",
        ),
        (
            OrderBundle("402-1", Order("402-1", NOW - 30 * H, status=OrderStatus.CANCELED)),
            "6A12",
            NOW,
            None,
            "is cancelled",
        ),
    ],
)
def test_impossible_tracking_is_refused_with_the_reason(bundle, number, at, replacing, reason):
    with pytest.raises(ActionRefused, match=reason):
        set_tracking(bundle, "402-1", number, None, at, NOW, replacing)


def test_out_of_stock_cancels_as_the_seller():
    (order,) = cancel_out_of_stock(OPEN, "402-1", NOW - H, NOW).write
    assert (order.status, order.cancelled_at, order.cancelled_by, order.out_of_stock) == (
        OrderStatus.CANCELED,
        NOW - H,
        CancelledBy.SELLER,
        True,
    )


@pytest.mark.parametrize(
    ("bundle", "reason"),
    [
        (shipped("6A12"), "already shipped"),
        (OrderBundle("402-1", Order("402-1", NOW - H, cancelled_at=NOW)), "already cancelled"),
        (OrderBundle("402-1"), "not in the store"),
    ],
)
def test_out_of_stock_is_refused_when_it_cannot_be(bundle, reason):
    with pytest.raises(ActionRefused, match=reason):
        cancel_out_of_stock(bundle, "402-1", NOW, NOW)


def test_a_claim_is_recorded_once_and_never_before_its_order():
    claim = Claim("AZ-1", "402-1", ClaimType.NOT_RECEIVED, NOW - H)
    assert record_claim(OPEN, claim, NOW).write == (claim,)
    assert record_claim(None, claim, NOW).write == (claim,)  # the order may come later
    with pytest.raises(ActionRefused, match="already recorded"):
        record_claim(OrderBundle("402-1", ORDER, claims=(claim,)), claim, NOW)
    with pytest.raises(ActionRefused, match="before the order was placed"):
        record_claim(OPEN, Claim("AZ-2", "402-1", ClaimType.OTHER, NOW - 40 * H), NOW)
    with pytest.raises(ActionRefused, match="reserved"):
        record_claim(OPEN, Claim("returns-report:402-1", "402-1", ClaimType.OTHER, NOW), NOW)
    with pytest.raises(ActionRefused, match="read from Amazon's e-mails"):
        record_claim(OPEN, Claim("email:402-1:other", "402-1", ClaimType.OTHER, NOW), NOW)
