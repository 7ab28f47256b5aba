"""Which defects count in the order defect rate (docs/rules.md §5, Buy Shipping included)."""

from __future__ import annotations

import pytest

from aztui.domain.facts import (
    OdrImpact,
    claim_odr_impact,
    is_buy_shipping_protected,
    order_defects,
    order_facts,
)
from aztui.domain.model import (
    AppealOutcome,
    ChargebackKind,
    ClaimType,
    CountsInOdr,
    Decision,
    Fulfillment,
    FundedBy,
)

from .builders import DAY, SECOND, at, bundle, chargeback, claim, feedback, order, shipment

LSD = at("2026-11-22T22:59:59Z")
DECIDED = {"decided_at": at("2026-12-05T09:00Z")}


def impact(c, shipments=()):
    b = bundle(shipments=shipments, claims=[c])
    return claim_odr_impact(c, b)


def is_defect(b) -> bool:
    facts = order_facts(b)
    assert facts is not None
    return facts.odr_defect


# --- claims ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        # counts_in_odr copied from Amazon's e-mail wins over everything else
        (
            {"counts_in_odr": CountsInOdr.YES, "decision": Decision.DENIED, **DECIDED},
            OdrImpact.COUNTED,
        ),
        (
            {
                "counts_in_odr": CountsInOdr.YES,
                "funded_by": FundedBy.AMAZON,
                "decision": Decision.GRANTED,
                **DECIDED,
            },
            OdrImpact.COUNTED,
        ),
        (
            {
                "counts_in_odr": CountsInOdr.NO,
                "decision": Decision.GRANTED,
                "funded_by": FundedBy.SELLER,
                **DECIDED,
            },
            OdrImpact.NOT_COUNTED,
        ),
        ({"counts_in_odr": CountsInOdr.NO}, OdrImpact.NOT_COUNTED),  # even undecided
        # otherwise: granted and not Amazon-funded
        (
            {"decision": Decision.GRANTED, "funded_by": FundedBy.SELLER, **DECIDED},
            OdrImpact.COUNTED,
        ),
        ({"decision": Decision.GRANTED, "funded_by": None, **DECIDED}, OdrImpact.COUNTED),
        (
            {
                "decision": Decision.GRANTED,
                "funded_by": FundedBy.SELLER,
                "counts_in_odr": CountsInOdr.UNKNOWN,
                **DECIDED,
            },
            OdrImpact.COUNTED,
        ),
        ({"decision": Decision.SELLER_REFUNDED, **DECIDED}, OdrImpact.COUNTED),
        ({}, OdrImpact.PENDING),  # undecided: worst case
        ({"response_requested_at": at("2026-12-01T09:00Z")}, OdrImpact.PENDING),
        ({"decision": Decision.WITHDRAWN, **DECIDED}, OdrImpact.NOT_COUNTED),
        ({"decision": Decision.DENIED, **DECIDED}, OdrImpact.NOT_COUNTED),
        (
            {"decision": Decision.GRANTED, "funded_by": FundedBy.AMAZON, **DECIDED},
            OdrImpact.NOT_COUNTED,
        ),
        (
            {
                "decision": Decision.GRANTED,
                **DECIDED,
                "appeal_filed_at": at("2026-12-06T09:00Z"),
                "appeal_decided_at": at("2026-12-20T09:00Z"),
                "appeal_outcome": AppealOutcome.GRANTED,
            },
            OdrImpact.NOT_COUNTED,
        ),
        (
            {
                "decision": Decision.GRANTED,
                **DECIDED,
                "appeal_filed_at": at("2026-12-06T09:00Z"),
                "appeal_decided_at": at("2026-12-20T09:00Z"),
                "appeal_outcome": AppealOutcome.DENIED,
            },
            OdrImpact.COUNTED,
        ),
        (
            {"decision": Decision.GRANTED, **DECIDED, "appeal_filed_at": at("2026-12-06T09:00Z")},
            OdrImpact.COUNTED,
        ),  # appeal pending: the decision stands meanwhile
    ],
)
def test_claim_odr_impact(fields, expected):
    assert impact(claim(**fields)) is expected


# --- Buy Shipping protection ----------------------------------------------------------------------


def protected(**fields):
    return shipment(**{"buy_shipping": True, "claims_protected": True, **fields})


GRANTED = {"decision": Decision.GRANTED, "funded_by": None, **DECIDED}


@pytest.mark.parametrize(
    ("the_shipment", "is_protected"),
    [
        (protected(first_scan_at=LSD - DAY), True),
        (protected(first_scan_at=LSD), True),  # at latest_ship_date: on time
        (protected(first_scan_at=LSD + SECOND), False),  # handed over late
        (protected(first_scan_at=None, confirmed_at=LSD - DAY), True),  # no scan: confirmation
        (protected(first_scan_at=None, confirmed_at=LSD + SECOND), False),
        # the scan, when known, decides even if the confirmation came late
        (protected(first_scan_at=LSD - DAY, confirmed_at=LSD + DAY), True),
        (protected(first_scan_at=None, confirmed_at=None), False),
        (protected(claims_protected=False, first_scan_at=LSD - DAY), False),
        (protected(buy_shipping=False, first_scan_at=LSD - DAY), False),
        (protected(claims_protected=None, first_scan_at=LSD - DAY), False),
    ],
)
def test_buy_shipping_protection_of_a_not_received_claim(the_shipment, is_protected):
    c = claim(**GRANTED)
    b = bundle(shipments=[the_shipment], claims=[c])
    assert is_buy_shipping_protected(c, b) is is_protected
    assert claim_odr_impact(c, b) is (OdrImpact.NOT_COUNTED if is_protected else OdrImpact.COUNTED)


def test_protection_covers_an_undecided_not_received_claim():
    assert impact(claim(), [protected(first_scan_at=LSD - DAY)]) is OdrImpact.NOT_COUNTED


def test_one_protected_on_time_shipment_of_several_is_enough():
    ships = [
        shipment(tracking_number="A", first_scan_at=LSD - DAY),
        protected(tracking_number="B", first_scan_at=LSD - DAY),
    ]
    assert impact(claim(**GRANTED), ships) is OdrImpact.NOT_COUNTED


@pytest.mark.parametrize("kind", [ClaimType.NOT_AS_DESCRIBED, ClaimType.OTHER])
def test_protection_is_only_for_not_received_claims(kind):
    assert (
        impact(claim(type=kind, **GRANTED), [protected(first_scan_at=LSD - DAY)])
        is OdrImpact.COUNTED
    )


def test_no_protection_without_a_latest_ship_date():
    c = claim(**GRANTED)
    b = bundle(order(latest_ship_date=None), shipments=[protected(first_scan_at=LSD)], claims=[c])
    assert claim_odr_impact(c, b) is OdrImpact.COUNTED


# --- feedback and chargebacks ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rating", "removed", "counts"),
    [
        (1, None, True),
        (2, False, True),
        (3, None, False),
        (5, None, False),
        (1, True, False),
        (2, True, False),
    ],
)
def test_negative_feedback(rating, removed, counts):
    b = bundle(feedback=[feedback(rating, removed=removed)])
    assert is_defect(b) is counts
    assert [kind for kind, *_ in order_defects(b)] == (["negative_feedback"] if counts else [])


@pytest.mark.parametrize(
    ("kind", "counts"),
    [(ChargebackKind.SERVICE, True), (None, True), (ChargebackKind.FRAUD, False)],
)
def test_chargebacks(kind, counts):
    assert is_defect(bundle(chargebacks=[chargeback(kind)])) is counts


# --- per order ------------------------------------------------------------------------------------


def test_an_order_with_several_defects_counts_once():
    b = bundle(
        feedback=[feedback(1)],
        chargebacks=[chargeback()],
        claims=[claim(**GRANTED), claim(claim_id="CLM-2")],
    )
    assert [kind for kind, *_ in order_defects(b)] == [
        "negative_feedback",
        "chargeback",
        "claim",
        "claim",
    ]
    assert is_defect(b) is True  # one bool per order: the numerator adds 1


def test_defects_are_dated_when_they_arrived():
    b = bundle(feedback=[feedback(2)], claims=[claim()])
    assert [when for *_, when in order_defects(b)] == [
        at("2026-11-29T09:00Z"),
        at("2026-11-30T09:00Z"),
    ]


def test_an_order_without_defect():
    b = bundle(feedback=[feedback(4)], claims=[claim(decision=Decision.DENIED, **DECIDED)])
    assert is_defect(b) is False and order_defects(b) == []


def test_afn_orders_are_not_in_the_odr():
    facts = order_facts(bundle(order(fulfillment=Fulfillment.AFN), feedback=[feedback(1)]))
    assert facts is not None and facts.mfn is False and facts.odr_defect is False


def test_no_order_facts_without_the_order():
    assert order_facts(bundle(no_order=True, claims=[claim()])) is None
