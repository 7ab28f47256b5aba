"""What Mondial Relay's codes and words mean, in aztui's ``TrackingStatus`` vocabulary.

``STAT`` is the return code of every Mondial Relay web-service method; its table is in the
"Web Service" documentation (return-code list; the French wording below is Mondial Relay's,
shortened). For ``WSI2_TracingColisDetaille`` four codes are the parcel's state rather than an
error:

====  ================================================  ==================
STAT  meaning (documentation)                           status
====  ================================================  ==================
80    code de tracing : colis enregistré                ``info_received``
81    code de tracing : colis en traitement (transit)   ``in_transit``
82    code de tracing : colis livré                     ``delivered``
83    code de tracing : anomalie                        ``exception``
84-89 codes de tracing réservés                         from the events
0     opération effectuée avec succès                   from the events
====  ================================================  ==================

Every other code is an error (``STAT_ERRORS``): the number gets an error result.

Events carry no code, only a label: ``labels`` reads them, in seven languages.

The parcel's status is STAT's, refined by its latest recognised event: 80, 81, 0 and 84-89
take the event's status (so 81 + DISPONIBLE AU POINT RELAIS is ``available_for_pickup``),
except that only 82 (or a STAT that is no status: 0, 84-89) makes a parcel ``delivered``;
82 stays ``delivered`` unless the event says the parcel went back to its sender
(``returned``); 83 stays ``exception`` unless the event names the trouble
(``delivery_failed``, ``return_to_sender``, ``returned``). A STAT that is no status (0,
84-89) with no recognised event gives no status at all (``unknown``): the carrier then fails
the parcel rather than guess.
"""

from __future__ import annotations

from aztui.domain.model import TrackingStatus as S

TRACING_STAT: dict[str, S | None] = {
    "80": S.INFO_RECEIVED,
    "81": S.IN_TRANSIT,
    "82": S.DELIVERED,
    "83": S.EXCEPTION,
    "84": None,
    "85": None,
    "86": None,
    "87": None,
    "88": None,
    "89": None,
    "0": None,
}
"""STAT codes that describe the parcel; None: the events decide."""

STAT_ERRORS: dict[str, str] = {
    "1": "enseigne invalide",
    "2": "numéro d'enseigne vide ou inexistant",
    "3": "numéro de compte enseigne invalide",
    "5": "numéro de dossier enseigne invalide",
    "7": "numéro de client enseigne invalide",
    "8": "mot de passe ou clé de hachage invalide",
    "24": "numéro d'expédition invalide",
    "40": "paramètres manquants",
    "69": "code enseigne invalide",
    "74": "langue invalide",
    "90": "service indisponible (AS400)",
    "91": "numéro d'expédition invalide",
    "93": "aucun élément retourné par le plan de tri",
    "94": "colis inexistant",
    "95": "compte enseigne non activé",
    "96": "type d'enseigne incorrect en base",
    "97": "clé de sécurité invalide",
    "98": "erreur générique (paramètres invalides)",
    "99": "erreur générique du service",
}
"""The documented error codes a tracing call can meet (the list also has codes for label
creation and Point Relais search: those get a generic message)."""

UNKNOWN_NUMBER = frozenset({"24", "91", "94"})
"""Codes meaning Mondial Relay does not know this shipment number."""


def stat_error(stat: str) -> str:
    meaning = STAT_ERRORS.get(stat, "code retour non documenté pour le suivi")
    return f"Mondial Relay STAT {stat} : {meaning}"


def parcel_status(stat: str, last_recognised: S | None) -> S:
    """STAT's status refined by the latest recognised event (see the module's table)."""
    base = TRACING_STAT.get(stat)
    if stat == "82":
        return S.RETURNED if last_recognised is S.RETURNED else S.DELIVERED
    if stat == "83":
        trouble = (S.DELIVERY_FAILED, S.RETURN_TO_SENDER, S.RETURNED, S.EXCEPTION)
        return last_recognised if last_recognised in trouble else S.EXCEPTION
    if last_recognised is S.DELIVERED and base is not None:
        return base  # 80/81 say it is not delivered yet: a label alone does not overrule them
    if last_recognised is not None:
        return last_recognised
    return base if base is not None else S.UNKNOWN
