"""Evidence for a claim response or an appeal (docs/rules.md §7): what wins, from what the
store knows, as the text the seller pastes into Seller Central's claim form.

What Amazon looks for: carrier and service, tracking number with proof of delivery,
signature confirmation, buyer-seller correspondence, the return authorisation or why a return
was closed, refunds already given. Nothing here names the buyer (the store holds no name or
address); the seller adds the delivery address from Seller Central if needed.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from aztui.domain.model import Claim, OrderBundle
from aztui.domain.tracking import ParcelEvent

WORDS = {
    "fr": {
        "title": "Réclamation {claim} — commande {order}",
        "ordered": "Commande passée le {at}.",
        "ship_by": "Date d'expédition estimée : {at}.",
        "shipped": "Expédiée le {at} par {carrier}{service}, numéro de suivi {tracking}.",
        "shipped_untracked": "Expédiée le {at} par {carrier}{service}, sans numéro de suivi.",
        "on_time": "L'expédition a été confirmée dans les délais.",
        "first_scan": "Prise en charge par le transporteur le {at}.",
        "delivered": "Livrée le {at} selon le suivi du transporteur (preuve de livraison).",
        "signature": "Remise contre signature.",
        "buy_shipping": "Étiquette achetée via l'Achat de l'affranchissement Amazon "
        "(protection contre les réclamations).",
        "messages": "{n} message(s) de l'acheteur, répondu(s) : {answered}.",
        "return": "Retour {rma} demandé le {at} ; état : {status}.",
        "refund": "Remboursement déjà accordé (retour {rma}).",
        "none": "Aucune expédition n'est enregistrée pour cette commande.",
        "pod": "Preuve de livraison du transporteur : {ref}.",
        "scans": "Suivi du transporteur ({tracking}) :",
    },
    "en": {
        "title": "Claim {claim} — order {order}",
        "ordered": "Ordered on {at}.",
        "ship_by": "Estimated ship date: {at}.",
        "shipped": "Shipped on {at} with {carrier}{service}, tracking number {tracking}.",
        "shipped_untracked": "Shipped on {at} with {carrier}{service}, without tracking.",
        "on_time": "Shipment was confirmed on time.",
        "first_scan": "Picked up by the carrier on {at}.",
        "delivered": "Delivered on {at} per the carrier's tracking (proof of delivery).",
        "signature": "Delivered against signature.",
        "buy_shipping": "Label bought through Amazon Buy Shipping (claims protection).",
        "messages": "{n} buyer message(s), answered: {answered}.",
        "return": "Return {rma} requested on {at}; status: {status}.",
        "refund": "Refund already given (return {rma}).",
        "none": "No shipment is recorded for this order.",
        "pod": "Carrier's proof of delivery: {ref}.",
        "scans": "Carrier tracking ({tracking}):",
    },
}


def evidence(
    bundle: OrderBundle,
    claim: Claim,
    language: str,
    timezone: str,
    scans: Sequence[ParcelEvent] = (),
) -> str:
    """The text; ``scans`` are the carrier events the store holds for the order's parcels."""
    words = WORDS.get(language, WORDS["en"])

    def when(at: datetime) -> str:
        return at.astimezone(ZoneInfo(timezone)).strftime("%d/%m/%Y %H:%M")

    lines = [words["title"].format(claim=claim.claim_id, order=bundle.order_id), ""]
    order = bundle.order
    if order is not None:
        lines.append(words["ordered"].format(at=when(order.purchase_date)))
        if order.latest_ship_date is not None:
            lines.append(words["ship_by"].format(at=when(order.latest_ship_date)))
    for s in bundle.shipments:
        if s.confirmed_at is None:
            continue
        service = f" ({s.service})" if s.service else ""
        key = "shipped" if s.tracking_number else "shipped_untracked"
        lines.append(
            words[key].format(
                at=when(s.confirmed_at),
                carrier=s.carrier or "?",
                service=service,
                tracking=s.tracking_number,
            )
        )
        if (
            order is not None
            and order.latest_ship_date is not None
            and s.confirmed_at <= order.latest_ship_date
        ):
            lines.append(words["on_time"])
        if s.first_scan_at is not None:
            lines.append(words["first_scan"].format(at=when(s.first_scan_at)))
        if s.delivered_at is not None:
            lines.append(words["delivered"].format(at=when(s.delivered_at)))
        if s.signature:
            lines.append(words["signature"])
        if s.proof_of_delivery:
            lines.append(words["pod"].format(ref=s.proof_of_delivery))
        events = [p.event for p in scans if p.tracking_number == s.tracking_number]
        if events:
            lines.append(words["scans"].format(tracking=s.tracking_number))
            lines += [
                f"  {when(e.at)}  {e.description or e.code}" + (f" ({e.place})" if e.place else "")
                for e in events
            ]
        if s.is_protected:
            lines.append(words["buy_shipping"])
    if not any(s.confirmed_at for s in bundle.shipments):
        lines.append(words["none"])
    if bundle.messages:
        answered = sum(1 for m in bundle.messages if m.answered_at is not None)
        lines.append(
            words["messages"].format(
                n=len(bundle.messages), answered=f"{answered}/{len(bundle.messages)}"
            )
        )
    for r in bundle.returns:
        status = r.status.value if r.status else "?"
        lines.append(
            words["return"].format(rma=r.return_id, at=when(r.requested_at), status=status)
        )
        if r.status is not None and r.status.value == "refunded":
            lines.append(words["refund"].format(rma=r.return_id))
    return "\n".join(lines) + "\n"
