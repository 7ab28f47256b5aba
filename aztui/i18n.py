"""The words aztui prints, in French and English (``language`` setting)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

MESSAGES: dict[str, dict[str, str]] = {
    "overdue": {"fr": "En retard", "en": "Overdue"},
    "due_soon": {"fr": "À faire dans les 48 h", "en": "Due in the next 48 hours"},
    "all_deadlines": {"fr": "Toutes les échéances", "en": "All deadlines"},
    # -- aztui serve's page in the browser --
    "serve_start": {"fr": "Démarrer", "en": "Start"},
    "serve_ended": {"fr": "Session terminée.", "en": "Session ended."},
    "serve_restart": {"fr": "Relancer", "en": "Restart"},
    "nothing_due": {"fr": "Rien à faire dans les 48 h.", "en": "Nothing due in the next 48 hours."},
    "later_count": {
        "fr": "{n} autres échéances ouvertes plus tard (--all pour tout voir).",
        "en": "{n} more open deadlines later (--all shows everything).",
    },
    "metrics": {"fr": "Performances du compte", "en": "Account metrics"},
    "plugin_fault": {"fr": "Extension en défaut", "en": "Plugin failing"},
    "plugin_fault_hint": {
        "fr": "Des échéances peuvent manquer : corrigez ou mettez à jour l'extension, ou "
        "désactivez-la ([plugins] disabled). « aztui plugins » dit ce qui a échoué.",
        "en": "Deadlines may be missing: fix or update the plugin, or disable it "
        "([plugins] disabled). `aztui plugins` says what failed.",
    },
    "metrics_tab": {"fr": "Indicateurs", "en": "Metrics"},
    # -- the layout: the masthead, the detail of a row --
    "weekdays": {"fr": "lun. mar. mer. jeu. ven. sam. dim.", "en": "Mon Tue Wed Thu Fri Sat Sun"},
    "months": {
        "fr": "janv. févr. mars avr. mai juin juil. août sept. oct. nov. déc.",
        "en": "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec",
    },
    "head_overdue": {"fr": "{n} en retard", "en": "{n} overdue"},
    "head_today": {"fr": "{n} aujourd'hui", "en": "{n} today"},
    "head_soon": {"fr": "{n} dans 48 h", "en": "{n} in 48 h"},
    # -- end of the layout's words --
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
    "filter_hint": {
        "fr": "Filtrer : tapez des mots (Entrée : aux lignes, Échap : effacer)",
        "en": "Filter: type words (Enter: to the rows, Escape: clear)",
    },
    "evidence_title": {
        "fr": "Éléments de preuve — modifiez, puis Ctrl+T pour copier",
        "en": "Evidence — edit it, then Ctrl+T to copy",
    },
    "evidence_copied": {
        "fr": "Copié : collez-le dans Seller Central.",
        "en": "Copied: paste it into Seller Central.",
    },
    "refused": {"fr": "Refusé", "en": "Refused"},
    "trend": {"fr": "{name} : les {days} derniers jours", "en": "{name}: the last {days} days"},
    "plot_history": {"fr": "historique", "en": "history"},
    "plot_forecast": {"fr": "prévision à {days} j", "en": "{days}-day forecast"},
    "plot_at_risk": {"fr": "à risque {sign} {value}", "en": "at risk {sign} {value}"},
    "plot_target": {"fr": "objectif {sign} {value}", "en": "target {sign} {value}"},
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
    "event_carrier_scan": {"fr": "Suivi transporteur", "en": "Carrier scan"},
    "event_message_received": {"fr": "Message reçu", "en": "Message received"},
    "event_message_answered": {"fr": "Message répondu", "en": "Message answered"},
    "event_return_requested": {"fr": "Retour demandé", "en": "Return requested"},
    "event_return_acted": {"fr": "Retour traité", "en": "Return handled"},
    "event_claim_filed": {"fr": "Réclamation déposée", "en": "Claim filed"},
    "event_response_requested": {
        "fr": "Réponse demandée par Amazon",
        "en": "Amazon asked for a response",
    },
    "event_responded": {"fr": "Réponse envoyée", "en": "Responded"},
    "event_decided": {"fr": "Décision", "en": "Decision"},
    "event_appeal_filed": {"fr": "Contestation déposée", "en": "Appeal filed"},
    "event_appeal_info_requested": {"fr": "Informations demandées", "en": "Information requested"},
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
    "tracking_status": {"fr": "Acheminement", "en": "Tracking status"},
    "tracking_pending": {"fr": "En attente", "en": "Pending"},
    "tracking_info_received": {"fr": "Étiquette créée", "en": "Label created"},
    "tracking_in_transit": {"fr": "En transit", "en": "In transit"},
    "tracking_out_for_delivery": {"fr": "En cours de livraison", "en": "Out for delivery"},
    "tracking_available_for_pickup": {"fr": "En point relais", "en": "Ready for pickup"},
    "tracking_delivery_failed": {"fr": "Échec de livraison", "en": "Delivery failed"},
    "tracking_exception": {"fr": "Incident", "en": "Exception"},
    "tracking_return_to_sender": {"fr": "Retour à l'expéditeur", "en": "Returning to sender"},
    "tracking_returned": {"fr": "Retourné", "en": "Returned"},
    "tracking_delivered": {"fr": "Livré", "en": "Delivered"},
    "tracking_expired": {"fr": "Suivi expiré", "en": "Tracking expired"},
    "tracking_unknown": {"fr": "Inconnu", "en": "Unknown"},
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
    "tab_all": {"fr": "Toutes · {days} j", "en": "All · {days} d"},
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
    "stage_appeal_info_requested": {"fr": "Informations demandées", "en": "Information requested"},
    "stage_appeal_granted": {"fr": "Contestation acceptée", "en": "Appeal granted"},
    "stage_appeal_denied": {"fr": "Contestation refusée", "en": "Appeal denied"},
    "amazon": {"fr": "Selon Amazon", "en": "Amazon says"},
    "disagrees": {
        "fr": "≠ Amazon : {ours} ici, {theirs} selon Amazon (rapport au {date})",
        "en": "≠ Amazon: {ours} here, {theirs} per Amazon (report of {date})",
    },
    "amazon_derived": {
        "fr": "≈ : nombre calculé par aztui (taux × total d'Amazon), qu'Amazon ne donne pas",
        "en": "≈: count worked out by aztui (Amazon's rate × total), which Amazon does not give",
    },
    "amazon_parts": {"fr": "Selon Amazon : {parts}", "en": "Amazon says: {parts}"},
    "amazon_only": {"fr": "Selon Amazon seulement", "en": "From Amazon only"},
    **{
        f"amazon_{key}": {"fr": fr, "en": en}
        for key, fr, en in (
            ("account_status", "État du compte", "Account status"),
            ("account_health_rating", "Note de santé du compte", "Account health rating"),
            ("warning_states", "Avertissements", "Warnings"),
            (
                "late_shipment_rate",
                "Taux d'expéditions en retard (période non précisée)",
                "Late shipment rate (window not stated)",
            ),
            (
                "order_defect_rate_afn",
                "Taux de commandes défectueuses (expédiées par Amazon)",
                "Order defect rate (fulfilled by Amazon)",
            ),
            (
                "unit_on_time_delivery_rate",
                "Taux d'unités livrées dans les délais",
                "Unit on-time delivery rate",
            ),
            ("invoice_defect_rate", "Taux de factures défectueuses", "Invoice defect rate"),
            (
                "policy_violation_warnings",
                "Avertissements de non-conformité",
                "Policy violation warnings",
            ),
            (
                "listing_policy_violations",
                "Infractions aux règles des offres",
                "Listing policy violations",
            ),
            (
                "product_authenticity_customer_complaints",
                "Réclamations sur l'authenticité",
                "Product authenticity complaints",
            ),
            (
                "product_condition_customer_complaints",
                "Réclamations sur l'état des produits",
                "Product condition complaints",
            ),
            (
                "product_safety_customer_complaints",
                "Réclamations sur la sécurité des produits",
                "Product safety complaints",
            ),
            (
                "food_and_product_safety_issues",
                "Sécurité des aliments et des produits",
                "Food and product safety issues",
            ),
            (
                "received_intellectual_property_complaints",
                "Réclamations pour propriété intellectuelle",
                "Intellectual property complaints",
            ),
            (
                "suspected_intellectual_property_violations",
                "Atteintes présumées à la propriété intellectuelle",
                "Suspected intellectual property violations",
            ),
            (
                "restricted_product_policy_violations",
                "Infractions aux règles des produits soumis à restrictions",
                "Restricted product policy violations",
            ),
            ("other_policy_violations", "Autres infractions aux règles", "Other policy violations"),
            ("document_requests", "Demandes de documents", "Document requests"),
            ("part_claims", "réclamations A à Z", "A-to-z claims"),
            ("part_chargebacks", "rétrofacturations", "chargebacks"),
            ("part_negativeFeedback", "commentaires négatifs", "negative feedback"),
            ("part_missingInvoice", "factures manquantes", "missing invoices"),
            ("part_lateInvoice", "factures en retard", "late invoices"),
            ("status_good", "bon", "good"),
            ("status_bad", "mauvais", "bad"),
            ("status_none", "—", "—"),
            ("status_great", "excellent", "great"),
            ("status_warned", "averti", "warned"),
            ("status_normal", "normal", "normal"),
            ("status_at_risk", "à risque", "at risk"),
            ("status_deactivated", "désactivé", "deactivated"),
            ("status_suspended", "suspendu", "suspended"),
        )
    },
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
    "headroom": {
        "fr": "encore {n} défaut(s) avant dépassement",
        "en": "{n} more defect(s) before a breach",
    },
    "next_defect_breaches": {
        "fr": "le prochain défaut fait dépasser l'objectif",
        "en": "the next defect is a breach",
    },
    "recover": {
        "fr": "{n} commande(s) sans défaut pour repasser sous l'objectif",
        "en": "{n} defect-free order(s) to get back under the target",
    },
    "next_exit": {
        "fr": "prochain défaut sort de la période le {date}",
        "en": "next defect leaves the window on {date}",
    },
    "in_7_days": {
        "fr": "dans 7 j sans nouveau défaut : {value}",
        "en": "in 7 days if nothing new: {value}",
    },
    "what_if_appeal": {
        "fr": "si la contestation de {claim} aboutit : {value}",
        "en": "if the appeal of {claim} is won: {value}",
    },
    "summary": {
        "fr": "{overdue} en retard · {soon} dans les 48 h · {breach} indicateur(s) dépassé(s)",
        "en": "{overdue} overdue · {soon} due in 48 h · {breach} metric(s) in breach",
    },
    "check_title": {"fr": "aztui — état au {now}", "en": "aztui — status at {now}"},
    "form_hint": {
        "fr": "Entrée ou Ctrl+S : enregistrer · Tab : champ suivant · Échap : annuler",
        "en": "Enter or Ctrl+S: save · Tab: next field · Escape: cancel",
    },
    "form_decision": {"fr": "{claim} : décision d'Amazon", "en": "{claim}: Amazon's decision"},
    "form_appeal_outcome": {
        "fr": "{claim} : décision sur la contestation",
        "en": "{claim}: outcome of the appeal",
    },
    "form_new_claim": {"fr": "Nouvelle réclamation A à Z", "en": "New A-to-z claim"},
    "form_tracking": {"fr": "{order} : numéro de suivi", "en": "{order}: tracking number"},
    "form_cancel": {
        "fr": "{order} : annuler pour rupture de stock (compte dans le taux d'annulation)",
        "en": "{order}: cancel, out of stock (counts in the cancellation rate)",
    },
    "saved": {"fr": "{subject} : enregistré.", "en": "{subject}: saved."},
    "carrier_degraded": {"fr": "Transporteur en échec", "en": "Carrier failing"},
    "changed_meanwhile": {
        "fr": "{subject} a été modifié entre-temps (par un coéquipier ?) : {changes}. Rien "
        "n'a été enregistré. Vérifiez ; valider à nouveau applique votre saisie à "
        "l'état actuel.",
        "en": "{subject} was changed meanwhile (by a teammate?): {changes}. Nothing was "
        "saved. Check; submitting again applies your entry to it as it is now.",
    },
    "store_offline": {"fr": "Base hors ligne", "en": "Store offline"},
    "store_offline_body": {
        "fr": "{reason}. Nouvel essai en cours ; vos saisies ne sont "
        "enregistrées qu'une fois la base revenue.",
        "en": "{reason}. Retrying; entries are saved only once the store is back.",
    },
    "store_online": {"fr": "Base de nouveau en ligne.", "en": "Store back online."},
    "offline_mark": {"fr": "hors ligne", "en": "offline"},
    "mailbox_failing": {"fr": "Boîte aux lettres injoignable", "en": "Mailbox unreachable"},
    "mailbox_failing_body": {
        "fr": "{name} : {reason}. Nouvel essai automatique, de plus en plus espacé.",
        "en": "{name}: {reason}. Retrying by itself, less and less often.",
    },
    "source_warning": {"fr": "Source à surveiller", "en": "Source needs attention"},
    "mailbox_back": {
        "fr": "{name} : boîte aux lettres de nouveau lue.",
        "en": "{name}: mailbox read again.",
    },
    "mail_set_aside": {"fr": "E-mails écartés", "en": "E-mails set aside"},
    "mail_set_aside_body": {
        "fr": "{name} : {refused} refusé(s) (non signé(s) par Amazon), {unrecognised} non "
        "reconnu(s). Un modèle inconnu demande un motif : voir docs/email.md ; "
        "aztui plugins les liste.",
        "en": "{name}: {refused} refused (not signed by Amazon), {unrecognised} "
        "unrecognised. An unknown template needs a pattern: see docs/email.md; "
        "aztui plugins lists them.",
    },
    "alert": {"fr": "Alerte", "en": "Alert"},
    "more_alerts": {"fr": "et {n} autre(s) alerte(s)", "en": "and {n} more alert(s)"},
    "no_order_here": {"fr": "Aucune commande sur cette ligne.", "en": "No order on this row."},
    "unknown": {"fr": "inconnu", "en": "unknown"},
    "untracked": {"fr": "(sans numéro)", "en": "(no number)"},
    "new_parcel": {"fr": "un nouveau colis", "en": "a new parcel"},
    "funded_seller": {"fr": "vous (le vendeur)", "en": "you (the seller)"},
    "funded_amazon": {"fr": "Amazon", "en": "Amazon"},
    "counts_unknown": {"fr": "pas encore connu", "en": "not known yet"},
    "counts_yes": {"fr": "oui", "en": "yes"},
    "counts_no": {"fr": "non", "en": "no"},
    "field_decision": {"fr": "Décision", "en": "Decision"},
    "field_funded_by": {"fr": "Remboursement payé par", "en": "Refund paid by"},
    "field_counts_in_odr": {
        "fr": "Compte dans le taux de défauts (ODR)",
        "en": "Counts in the order defect rate",
    },
    "field_decided_at": {"fr": "Décidée le (heure locale)", "en": "Decided at (local time)"},
    "field_appeal_outcome": {"fr": "Décision", "en": "Outcome"},
    "field_appeal_decided_at": {"fr": "Décidée le (heure locale)", "en": "Decided at (local time)"},
    "field_claim_id": {
        "fr": "N° de réclamation (avis d'Amazon)",
        "en": "Claim id (from Amazon's notice)",
    },
    "field_order_id": {"fr": "N° de commande", "en": "Order id"},
    "field_type": {"fr": "Motif", "en": "Reason"},
    "field_amount": {"fr": "Montant réclamé", "en": "Amount claimed"},
    "field_currency": {"fr": "Devise", "en": "Currency"},
    "field_filed_at": {"fr": "Déposée le (heure locale)", "en": "Filed at (local time)"},
    "field_replacing": {"fr": "Colis", "en": "Parcel"},
    "field_tracking_number": {"fr": "Numéro de suivi", "en": "Tracking number"},
    "field_carrier": {"fr": "Transporteur", "en": "Carrier"},
    "field_confirmed_at": {
        "fr": "Expédition confirmée le (heure locale)",
        "en": "Shipment confirmed at (local time)",
    },
    "field_cancelled_at": {"fr": "Annulée le (heure locale)", "en": "Cancelled at (local time)"},
    "form_bad_amount": {
        "fr": "« {value} » n'est pas un montant : écrivez par exemple 12,50 ou 12,50 €",
        "en": "“{value}” is not an amount: write for example 12.50 or €12.50",
    },
    "form_bad_date": {
        "fr": "« {value} » n'est pas une date : écrivez 2026-11-26 10:00 ou 26/11/2026 10:00",
        "en": "“{value}” is not a date: write 2026-11-26 10:00 or 26/11/2026 10:00",
    },
    "form_required": {"fr": "à remplir", "en": "is required"},
    "saved_undo": {
        "fr": "{subject} : {what} (u : annuler)",
        "en": "{subject}: {what} (u: undo)",
    },
    "nothing_to_undo": {"fr": "Rien à annuler.", "en": "Nothing to undo."},
    "paid_by_seller": {"fr": "à vos frais", "en": "at your expense"},
    "paid_by_amazon": {"fr": "aux frais d'Amazon", "en": "at Amazon's expense"},
    "cancelled_by_buyer": {"fr": "par l'acheteur", "en": "by the buyer"},
    "cancelled_by_seller": {"fr": "par vous", "en": "by you"},
    "cancelled_by_amazon": {"fr": "par Amazon", "en": "by Amazon"},
    "chargeback_service": {"fr": "litige de service", "en": "service dispute"},
    "chargeback_fraud": {"fr": "fraude", "en": "fraud"},
    "feedback_removed": {"fr": "retiré", "en": "removed"},
    "tracking_started": {
        "fr": "Suivi des colis : les transporteurs sont interrogés…",
        "en": "Tracking: asking the carriers…",
    },
    "tracking_done": {
        "fr": "Suivi des colis : {asked} colis demandé(s), {updated} mis à jour.",
        "en": "Tracking: {asked} parcel(s) asked about, {updated} updated.",
    },
    "tracking_nothing_due": {
        "fr": "Suivi des colis : aucun colis à demander maintenant.",
        "en": "Tracking: no parcel to ask about now.",
    },
    "tracking_unavailable": {
        "fr": "Transporteur(s) sans réglage ou clé : {names} (aztui plugins).",
        "en": "Carrier(s) without settings or key: {names} (aztui plugins).",
    },
    "tracking_unmatched": {
        "fr": "{n} colis d'un transporteur qu'aucune extension ne suit.",
        "en": "{n} parcel(s) of a carrier no plugin tracks.",
    },
    "tracking_busy": {
        "fr": "Suivi des colis : un autre aztui sur cette base interroge déjà les transporteurs.",
        "en": "Tracking: another aztui on this store is already asking the carriers.",
    },
    "draft_resumed": {
        "fr": "Brouillon repris (Ctrl+D : l'abandonner).",
        "en": "Draft resumed (Ctrl+D: discard it).",
    },
    "draft_kept_form": {
        "fr": "Brouillon gardé : la même touche rouvre ce formulaire tel quel.",
        "en": "Draft kept: the same key opens this form as you left it.",
    },
    "draft_kept_evidence": {
        "fr": "Texte modifié gardé comme brouillon : p le rouvre.",
        "en": "Edited text kept as a draft: p opens it again.",
    },
    "draft_discarded": {"fr": "Brouillon abandonné.", "en": "Draft discarded."},
    "undone": {"fr": "annulé, remis comme avant", "en": "undone, put back as it was"},
    "subject_claim": {
        "fr": "Réclamation {claim} (commande {order})",
        "en": "Claim {claim} (order {order})",
    },
    "subject_return": {"fr": "Retour de la commande {order}", "en": "Return of order {order}"},
    "subject_message": {
        "fr": "Message sur la commande {order}",
        "en": "Message about order {order}",
    },
    "subject_order": {"fr": "Commande {order}", "en": "Order {order}"},
    "did_response_requested": {
        "fr": "demande de réponse d'Amazon enregistrée",
        "en": "Amazon's request for a response recorded",
    },
    "did_responded": {"fr": "réponse enregistrée", "en": "response recorded"},
    "did_appeal_filed": {"fr": "contestation enregistrée", "en": "appeal recorded"},
    "did_acted": {"fr": "retour marqué traité", "en": "return marked acted on"},
    "did_answered": {"fr": "message marqué répondu", "en": "message marked answered"},
    "did_no_response": {
        "fr": "message marqué sans réponse nécessaire",
        "en": "message marked as needing no response",
    },
    "did_snoozed": {
        "fr": "alertes en silence jusqu'au {until}",
        "en": "alerts snoozed until {until}",
    },
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
