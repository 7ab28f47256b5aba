"""The domain's refusals (``aztui.domain.refusals``) in the seller's words and language: a
claim stage by its Seller Central name, an instant in the marketplace's zone."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from aztui.domain.refusals import Refusal
from aztui.i18n import local_time, t

WORDS: dict[str, dict[str, str]] = {
    "step_in_future": {
        "fr": "cette étape est datée dans le futur",
        "en": "that step is dated in the future",
    },
    "claim_already_decided": {
        "fr": "la réclamation est déjà « {stage} »",
        "en": "the claim is already “{stage}”",
    },
    "response_already_requested": {
        "fr": "une réponse a déjà été demandée",
        "en": "a response was already requested",
    },
    "response_not_requested": {
        "fr": "Amazon n'a pas demandé de réponse sur cette réclamation",
        "en": "Amazon has not asked for a response on this claim",
    },
    "response_already_recorded": {
        "fr": "la réponse est déjà enregistrée",
        "en": "the response is already recorded",
    },
    "not_appealable": {
        "fr": "seule une réclamation accordée et non financée par Amazon peut être contestée "
        "(celle-ci : « {stage} »)",
        "en": "only a claim granted and not funded by Amazon can be appealed (this one: “{stage}”)",
    },
    "appeal_already_filed": {
        "fr": "une contestation est déjà déposée",
        "en": "an appeal is already filed",
    },
    "appeal_window_closed": {
        "fr": "le délai de contestation a pris fin le {closes}",
        "en": "the appeal window closed on {closes}",
    },
    "no_appeal": {
        "fr": "cette réclamation n'a pas de contestation",
        "en": "there is no appeal on this claim",
    },
    "appeal_already_decided": {
        "fr": "la contestation est déjà « {stage} »",
        "en": "the appeal is already “{stage}”",
    },
    "appeal_info_already_requested": {
        "fr": "des informations ont déjà été demandées",
        "en": "information was already requested",
    },
    "appeal_info_not_requested": {
        "fr": "Amazon n'a pas demandé d'informations sur cette contestation",
        "en": "Amazon has not asked for information on this appeal",
    },
    "appeal_answer_already_recorded": {
        "fr": "la réponse est déjà enregistrée",
        "en": "the answer is already recorded",
    },
    "step_before_previous": {
        "fr": "cette étape est datée avant l'étape qu'elle suit ({previous})",
        "en": "that step is dated before the step it follows ({previous})",
    },
    "unknown_step": {"fr": "étape inconnue : {step}", "en": "unknown step: {step}"},
    "inconsistent_claim": {
        "fr": "réclamation incohérente : {problem}",
        "en": "inconsistent claim: {problem}",
    },
    "dated_in_future": {
        "fr": "{what} est datée dans le futur",
        "en": "{what} is dated in the future",
    },
    "before_purchase": {
        "fr": "{what} est antérieure à la commande (passée le {placed})",
        "en": "{what} is before the order was placed ({placed})",
    },
    "order_not_in_store": {
        "fr": "la commande {order} n'est pas dans la base (importez-la d'abord)",
        "en": "order {order} is not in the store (import it first)",
    },
    "claim_id_missing": {
        "fr": "la réclamation a besoin de son numéro (celui de l'avis d'Amazon)",
        "en": "the claim needs its id (from Amazon's notice)",
    },
    "claim_id_malformed": {
        "fr": "« {claim} » n'est pas un numéro de réclamation (3 à 40 lettres, chiffres ou "
        "tirets, dont un chiffre)",
        "en": "“{claim}” is not a claim id (3 to 40 letters, digits or dashes, a digit among them)",
    },
    "claim_id_reserved_report": {
        "fr": "ce numéro est réservé aux réclamations vues dans un rapport de retours",
        "en": "that id is reserved for claims seen in a returns report",
    },
    "claim_id_reserved_email": {
        "fr": "ce numéro est réservé aux réclamations lues dans les e-mails d'Amazon",
        "en": "that id is reserved for claims read from Amazon's e-mails",
    },
    "claim_already_recorded": {
        "fr": "la réclamation {claim} est déjà enregistrée",
        "en": "claim {claim} is already recorded",
    },
    "fba_no_tracking": {
        "fr": "la commande {order} est expédiée par Amazon : pas de suivi à ajouter",
        "en": "Amazon ships order {order} (FBA): no tracking to add",
    },
    "order_cancelled": {
        "fr": "la commande {order} est annulée",
        "en": "order {order} is cancelled",
    },
    "not_a_tracking_number": {
        "fr": "« {number} » n'est pas un numéro de suivi (4 à 40 lettres, chiffres ou tirets)",
        "en": "“{number}” is not a tracking number (4 to 40 letters, digits or dashes)",
    },
    "no_such_parcel": {
        "fr": "la commande {order} n'a pas de colis {parcel}",
        "en": "order {order} has no parcel {parcel}",
    },
    "no_untracked_parcel": {
        "fr": "la commande {order} n'a pas de colis confirmé sans numéro",
        "en": "order {order} has no parcel confirmed without a number",
    },
    "parcel_already_on_order": {
        "fr": "le colis {number} est déjà sur la commande {order}",
        "en": "parcel {number} is already on order {order}",
    },
    "fba_order": {
        "fr": "la commande {order} est expédiée par Amazon",
        "en": "Amazon ships order {order} (FBA)",
    },
    "order_already_cancelled": {
        "fr": "la commande {order} est déjà annulée",
        "en": "order {order} is already cancelled",
    },
    "order_already_shipped": {
        "fr": "la commande {order} est déjà expédiée",
        "en": "order {order} is already shipped",
    },
}
"""Each reason code of ``aztui.domain.refusals.REASONS``, in each language."""

WHAT: dict[str, dict[str, str]] = {
    "claim": {"fr": "la réclamation", "en": "the claim"},
    "shipment": {"fr": "l'expédition", "en": "the shipment"},
    "cancellation": {"fr": "l'annulation", "en": "the cancellation"},
}


def worded(refusal: Refusal, language: str, zone: str) -> str:
    """Why ``refusal`` was refused, in ``language``; instants in ``zone``."""
    values = {name: _shown(name, v, language, zone) for name, v in refusal.values.items()}
    entry = WORDS[refusal.code]
    return entry.get(language, entry["en"]).format(**values)


def _shown(name: str, value: object, language: str, zone: str) -> object:
    if name == "what" and isinstance(value, str):
        return WHAT[value].get(language, WHAT[value]["en"])
    if isinstance(value, datetime):
        return local_time(value, zone, language)
    if isinstance(value, StrEnum):
        return t(f"stage_{value.value}", language)
    return value


def about(subject: str, why: str, language: str) -> str:
    """``subject : why`` (French puts a space before the colon)."""
    return f"{subject} : {why}" if language == "fr" else f"{subject}: {why}"
