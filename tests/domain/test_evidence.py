"""Evidence for a claim: what wins, from what the store knows, never a buyer's data."""

from __future__ import annotations

from aztui.domain.evidence import evidence
from aztui.domain.model import (
    BuyerMessage,
    Claim,
    ClaimType,
    Order,
    OrderBundle,
    ReturnRequest,
    ReturnStatus,
    Shipment,
)
from tests.domain.builders import at

ORDER = Order(
    "402-1234567-1234567",
    at("2026-11-20T10:00:00+01:00"),
    latest_ship_date=at("2026-11-21T23:59:59+01:00"),
)
SHIPMENT = Shipment(
    ORDER.order_id,
    "6A123456789",
    confirmed_at=at("2026-11-21T15:00:00+01:00"),
    carrier="Colissimo",
    service="Domicile",
    buy_shipping=True,
    claims_protected=True,
    signature=True,
    first_scan_at=at("2026-11-21T18:00:00+01:00"),
    delivered_at=at("2026-11-24T11:30:00+01:00"),
)
CLAIM = Claim("AZ-1", ORDER.order_id, ClaimType.NOT_RECEIVED, at("2026-11-26T09:00:00Z"))


def test_a_tracked_signed_protected_delivery_in_french():
    bundle = OrderBundle(
        ORDER.order_id,
        ORDER,
        shipments=(SHIPMENT,),
        claims=(CLAIM,),
        messages=(
            BuyerMessage(
                "M1",
                at("2026-11-25T08:00:00Z"),
                ORDER.order_id,
                answered_at=at("2026-11-25T09:00:00Z"),
            ),
        ),
    )
    text = evidence(bundle, CLAIM, "fr", "Europe/Paris").splitlines()
    assert text[0] == "Réclamation AZ-1 — commande 402-1234567-1234567"
    assert (
        "Expédiée le 21/11/2026 15:00 par Colissimo (Domicile), numéro de suivi "
        "6A123456789." in text
    )
    assert "L'expédition a été confirmée dans les délais." in text
    assert (
        "Livrée le 24/11/2026 11:30 selon le suivi du transporteur (preuve de livraison)." in text
    )
    assert "Remise contre signature." in text
    assert any("Achat de l'affranchissement" in line for line in text)
    assert "1 message(s) de l'acheteur, répondu(s) : 1/1." in text


def test_nothing_shipped_and_a_refunded_return_in_english():
    refunded = ReturnRequest(
        "RMA1", ORDER.order_id, at("2026-11-22T10:00:00Z"), status=ReturnStatus.REFUNDED
    )
    bundle = OrderBundle(ORDER.order_id, ORDER, returns=(refunded,), claims=(CLAIM,))
    text = evidence(bundle, CLAIM, "en", "Europe/Paris")
    assert "No shipment is recorded for this order." in text
    assert "Return RMA1 requested on 22/11/2026 11:00; status: refunded." in text
    assert "Refund already given (return RMA1)." in text


def test_the_carriers_scans_and_proof_of_delivery_are_part_of_the_evidence():
    from dataclasses import replace

    from aztui.domain.model import TrackingStatus
    from aztui.domain.tracking import ParcelEvent, TrackingEvent

    shipment = replace(SHIPMENT, proof_of_delivery="https://carrier.example/pod/6A123456789")
    bundle = OrderBundle(ORDER.order_id, ORDER, shipments=(shipment,), claims=(CLAIM,))
    scans = [
        ParcelEvent(
            ORDER.order_id,
            "6A123456789",
            TrackingEvent(
                at("2026-11-21T18:00:00+01:00"),
                TrackingStatus.IN_TRANSIT,
                "PC1",
                "Votre colis est pris en charge par La Poste",
                "FR",
            ),
        ),
        ParcelEvent(
            ORDER.order_id,
            "6A123456789",
            TrackingEvent(
                at("2026-11-24T11:30:00+01:00"),
                TrackingStatus.DELIVERED,
                "DI1",
                "Votre colis est livré",
                "FR",
            ),
        ),
    ]
    text = evidence(bundle, CLAIM, "fr", "Europe/Paris", scans).splitlines()
    assert "Preuve de livraison du transporteur : https://carrier.example/pod/6A123456789." in text
    start = text.index("Suivi du transporteur (6A123456789) :")
    assert text[start + 1 : start + 3] == [
        "  21/11/2026 18:00  Votre colis est pris en charge par La Poste (FR)",
        "  24/11/2026 11:30  Votre colis est livré (FR)",
    ]
