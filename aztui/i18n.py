"""The words aztui prints, in French and English (``language`` setting)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

MESSAGES: dict[str, dict[str, str]] = {
    "overdue": {"fr": "En retard", "en": "Overdue"},
    "due_soon": {"fr": "À faire dans les 48 h", "en": "Due in the next 48 hours"},
    "all_deadlines": {"fr": "Toutes les échéances", "en": "All deadlines"},
    "nothing_due": {"fr": "Rien à faire dans les 48 h.", "en": "Nothing due in the next 48 hours."},
    "later_count": {"fr": "{n} autres échéances ouvertes plus tard (--all pour tout voir).",
                    "en": "{n} more open deadlines later (--all shows everything)."},
    "metrics": {"fr": "Performances du compte", "en": "Account metrics"},
    "risks": {"fr": "Signaux de risque", "en": "Risk signals"},
    "no_risk": {"fr": "Aucun signal de risque.", "en": "No risk signal."},
    "rule": {"fr": "Échéance", "en": "Deadline"},
    "subject": {"fr": "Objet", "en": "Subject"},
    "order": {"fr": "Commande", "en": "Order"},
    "due": {"fr": "Date limite", "en": "Due"},
    "remaining": {"fr": "Reste", "en": "Left"},
    "status": {"fr": "État", "en": "Status"},
    "metric": {"fr": "Indicateur", "en": "Metric"},
    "today": {"fr": "Aujourd'hui", "en": "Today"},
    "filter_hint": {"fr": "Filtrer : tapez des mots (Entrée : aux lignes, Échap : effacer)",
                    "en": "Filter: type words (Enter: to the rows, Escape: clear)"},
    "evidence_title": {"fr": "Éléments de preuve — modifiez, puis Ctrl+T pour copier",
                       "en": "Evidence — edit it, then Ctrl+T to copy"},
    "evidence_copied": {"fr": "Copié : collez-le dans Seller Central.",
                        "en": "Copied: paste it into Seller Central."},
    "refused": {"fr": "Refusé", "en": "Refused"},
    "done_saved": {"fr": "{subject} : enregistré comme fait.", "en": "{subject}: saved as done."},
    "trend": {"fr": "{name} : les {days} derniers jours", "en": "{name}: the last {days} days"},
    "no_forecast": {"fr": "Rien à prévoir.", "en": "Nothing to forecast."},
    "order_detail": {"fr": "Commande {order}", "en": "Order {order}"},
    "when": {"fr": "Quand", "en": "When"},
    "event": {"fr": "Événement", "en": "Event"},
    "detail": {"fr": "Détail", "en": "Detail"},
    "event_purchased": {"fr": "Commande passée", "en": "Ordered"},
    "event_ship_by": {"fr": "Date d'expédition estimée", "en": "Ship by"},
    "event_deliver_by": {"fr": "Date de livraison promise", "en": "Deliver by"},
    "event_cancelled": {"fr": "Annulée", "en": "Cancelled"},
    "event_confirmed": {"fr": "Expédition confirmée", "en": "Shipment confirmed"},
    "event_first_scan": {"fr": "Prise en charge transporteur", "en": "First carrier scan"},
    "event_delivered": {"fr": "Livrée", "en": "Delivered"},
    "event_message_received": {"fr": "Message reçu", "en": "Message received"},
    "event_message_answered": {"fr": "Message répondu", "en": "Message answered"},
    "event_return_requested": {"fr": "Retour demandé", "en": "Return requested"},
    "event_return_acted": {"fr": "Retour traité", "en": "Return handled"},
    "event_claim_filed": {"fr": "Réclamation déposée", "en": "Claim filed"},
    "event_response_requested": {"fr": "Réponse demandée par Amazon",
                                 "en": "Amazon asked for a response"},
    "event_responded": {"fr": "Réponse envoyée", "en": "Responded"},
    "event_decided": {"fr": "Décision", "en": "Decision"},
    "event_appeal_filed": {"fr": "Contestation déposée", "en": "Appeal filed"},
    "event_appeal_info_requested": {"fr": "Informations demandées",
                                    "en": "Information requested"},
    "event_appeal_info_responded": {"fr": "Informations envoyées", "en": "Information sent"},
    "event_appeal_decided": {"fr": "Décision sur la contestation", "en": "Appeal decided"},
    "event_feedback": {"fr": "Évaluation", "en": "Feedback"},
    "event_chargeback": {"fr": "Rétrofacturation", "en": "Chargeback"},
    "returns": {"fr": "Retours", "en": "Returns"},
    "shipments": {"fr": "Expéditions", "en": "Shipments"},
    "messages": {"fr": "Messages", "en": "Messages"},
    "return": {"fr": "Retour", "en": "Return"},
    "message": {"fr": "Message", "en": "Message"},
    "requested": {"fr": "Demandé le", "en": "Requested"},
    "received": {"fr": "Reçu le", "en": "Received"},
    "purchased": {"fr": "Acheté le", "en": "Purchased"},
    "total": {"fr": "Total", "en": "Total"},
    "carrier": {"fr": "Transporteur", "en": "Carrier"},
    "tracking": {"fr": "Suivi", "en": "Tracking"},
    "risks_column": {"fr": "Risques", "en": "Risks"},
    "return_status": {"fr": "État", "en": "Status"},
    "return_pending": {"fr": "En attente", "en": "Pending"},
    "return_authorised": {"fr": "Autorisé", "en": "Authorised"},
    "return_refunded": {"fr": "Remboursé", "en": "Refunded"},
    "return_closed": {"fr": "Clos", "en": "Closed"},
    "return_rejected": {"fr": "Refusé", "en": "Rejected"},
    "claims": {"fr": "Réclamations", "en": "Claims"},
    "claim": {"fr": "Réclamation", "en": "Claim"},
    "tab_action": {"fr": "Action requise", "en": "Action required"},
    "tab_review": {"fr": "En cours d'examen", "en": "Under review"},
    "tab_appeal": {"fr": "Contestation possible", "en": "Appeal possible"},
    "tab_all": {"fr": "Toutes", "en": "All"},
    "type": {"fr": "Type", "en": "Type"},
    "amount": {"fr": "Montant", "en": "Amount"},
    "stage": {"fr": "Étape", "en": "Stage"},
    "odr": {"fr": "Compte (ODR)", "en": "In ODR"},
    "odr_counted": {"fr": "oui", "en": "yes"},
    "odr_pending": {"fr": "oui, en attente", "en": "yes, pending"},
    "odr_not_counted": {"fr": "non", "en": "no"},
    "not_received": {"fr": "Non reçu", "en": "Not received"},
    "not_as_described": {"fr": "Non conforme", "en": "Not as described"},
    "other": {"fr": "Autre", "en": "Other"},
    "stage_filed": {"fr": "Déposée", "en": "Filed"},
    "stage_response_requested": {"fr": "Réponse demandée", "en": "Response requested"},
    "stage_under_review": {"fr": "En cours d'examen", "en": "Under review"},
    "stage_granted": {"fr": "Accordée", "en": "Granted"},
    "stage_denied": {"fr": "Refusée", "en": "Denied"},
    "stage_withdrawn": {"fr": "Retirée", "en": "Withdrawn"},
    "stage_seller_refunded": {"fr": "Remboursée par vous", "en": "Refunded by you"},
    "stage_appealed": {"fr": "Contestée", "en": "Appealed"},
    "stage_appeal_info_requested": {"fr": "Informations demandées",
                                    "en": "Information requested"},
    "stage_appeal_granted": {"fr": "Contestation acceptée", "en": "Appeal granted"},
    "stage_appeal_denied": {"fr": "Contestation refusée", "en": "Appeal denied"},
    "amazon": {"fr": "Selon Amazon", "en": "Amazon says"},
    "disagrees": {"fr": "≠ Amazon : {ours} ici, {theirs} selon Amazon (rapport au {date})",
                  "en": "≠ Amazon: {ours} here, {theirs} per Amazon (report of {date})"},
    "value": {"fr": "Valeur", "en": "Value"},
    "target": {"fr": "Objectif", "en": "Target"},
    "count": {"fr": "Nombre", "en": "Count"},
    "window": {"fr": "Période", "en": "Window"},
    "forecast": {"fr": "Prévision", "en": "Forecast"},
    "signal": {"fr": "Signal", "en": "Signal"},
    "orders": {"fr": "Commandes", "en": "Orders"},
    "in": {"fr": "dans {d}", "en": "in {d}"},
    "late_by": {"fr": "retard {d}", "en": "{d} late"},
    "open": {"fr": "ouverte", "en": "open"},
    "met": {"fr": "tenue", "en": "met"},
    "missed": {"fr": "manquée", "en": "missed"},
    "ok": {"fr": "OK", "en": "OK"},
    "at_risk": {"fr": "à risque", "en": "at risk"},
    "breach": {"fr": "dépassé", "en": "breach"},
    "advisory": {"fr": "indicatif", "en": "advisory"},
    "headroom": {"fr": "encore {n} défaut(s) avant dépassement",
                 "en": "{n} more defect(s) before a breach"},
    "next_defect_breaches": {"fr": "le prochain défaut fait dépasser l'objectif",
                             "en": "the next defect is a breach"},
    "recover": {"fr": "{n} commande(s) sans défaut pour repasser sous l'objectif",
                "en": "{n} defect-free order(s) to get back under the target"},
    "next_exit": {"fr": "prochain défaut sort de la période le {date}",
                  "en": "next defect leaves the window on {date}"},
    "in_7_days": {"fr": "dans 7 j sans nouveau défaut : {value}",
                  "en": "in 7 days if nothing new: {value}"},
    "what_if_appeal": {"fr": "si la contestation de {claim} aboutit : {value}",
                       "en": "if the appeal of {claim} is won: {value}"},
    "summary": {"fr": "{overdue} en retard · {soon} dans les 48 h · {breach} indicateur(s) dépassé(s)",
                "en": "{overdue} overdue · {soon} due in 48 h · {breach} metric(s) in breach"},
    "check_title": {"fr": "aztui — état au {now}", "en": "aztui — status at {now}"},
}


def t(key: str, language: str, **values: object) -> str:
    entry = MESSAGES[key]
    return entry.get(language, entry["en"]).format(**values)


def duration(seconds: int, language: str) -> str:
    """``2 j 4 h``, ``3 h 05``, ``12 min`` — the coarse countdown a seller reads at a glance."""
    seconds = abs(seconds)
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    day = "j" if language == "fr" else "d"
    if days:
        return f"{days} {day} {hours} h"
    if hours:
        return f"{hours} h {minutes:02d}"
    return f"{minutes} min"


def local_time(instant: datetime, zone: str, language: str) -> str:
    local = instant.astimezone(ZoneInfo(zone))
    return local.strftime("%d/%m %H:%M" if language == "fr" else "%d %b %H:%M")


def percent(value: float | None, language: str) -> str:
    if value is None:
        return "—"
    text = f"{value * 100:.2f} %"
    return text.replace(".", ",") if language == "fr" else text.replace(" %", "%")
