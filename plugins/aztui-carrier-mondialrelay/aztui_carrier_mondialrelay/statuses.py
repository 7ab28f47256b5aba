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

Events carry no code, only a label (``Libelle``, upper case in the answers, in the language
asked for). ``LABEL_RULES`` read it, accents, case and apostrophes aside; the first rule that
matches gives the event's status and an event code (``TrackingEvent.code``):

==================  ======================  ================================================
code                status                  label says (examples)
==================  ======================  ================================================
RETOUR_LIVRE        returned                LIVRÉ/REMIS À L'EXPÉDITEUR, RETOUR LIVRÉ
NON_RETIRE          return_to_sender        COLIS NON RETIRÉ, NON RÉCLAMÉ, DÉLAI DE RETRAIT
                                            DÉPASSÉ (an uncollected parcel goes back)
RETOUR              return_to_sender        RETOUR À L'EXPÉDITEUR, EN RETOUR, RETOURNÉ
NON_LIVRE           delivery_failed         NON LIVRÉ, ÉCHEC DE LIVRAISON, DESTINATAIRE
                                            ABSENT, REFUSÉ, ADRESSE INCOMPLÈTE/ERRONÉE
ANOMALIE            exception               ANOMALIE, INCIDENT, AVARIE, ENDOMMAGÉ, PERDU,
                                            LITIGE
DISPONIBLE_RELAIS   available_for_pickup    DISPONIBLE AU POINT RELAIS / EN LOCKER, MIS À
                                            DISPOSITION, LIVRÉ/ARRIVÉ AU POINT RELAIS
LIVRE               delivered               COLIS LIVRÉ (AU DESTINATAIRE), RETIRÉ PAR LE
                                            DESTINATAIRE, REMIS AU DESTINATAIRE, DISTRIBUÉ
EN_LIVRAISON        out_for_delivery        EN COURS DE LIVRAISON, COLIS REMIS AU LIVREUR,
                                            MISE EN LIVRAISON, EN TOURNÉE
RECEPTION_DONNEES   info_received           RÉCEPTION DES DONNÉES, COLIS ENREGISTRÉ,
                                            EN ATTENTE DE DÉPÔT / DE PRISE EN CHARGE
PRISE_EN_CHARGE     in_transit              PRISE EN CHARGE EN AGENCE / EN POINT RELAIS,
                                            DÉPOSÉ (EN POINT RELAIS: the sender's drop-off),
                                            COLLECTÉ, ENLÈVEMENT
ACHEMINEMENT        in_transit              EN COURS D'ACHEMINEMENT, EN TRANSIT, AGENCE,
                                            HUB, PLATEFORME, TRI, EXPÉDIÉ, ARRIVÉ
AUTRE               unknown                 anything else
==================  ======================  ================================================

The parcel's status is STAT's, refined by its latest recognised event: 80, 81, 0 and 84-89
take the event's status (so 81 + DISPONIBLE AU POINT RELAIS is ``available_for_pickup``),
except that only 82 (or a STAT that is no status: 0, 84-89) makes a parcel ``delivered``;
82 stays ``delivered`` unless the event says the parcel went back to its sender
(``returned``); 83 stays ``exception`` unless the event names the trouble
(``delivery_failed``, ``return_to_sender``, ``returned``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

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


@dataclass(frozen=True, slots=True)
class LabelRule:
    code: str
    status: S
    pattern: re.Pattern[str]


def _rule(code: str, status: S, *alternatives: str) -> LabelRule:
    return LabelRule(code, status, re.compile("|".join(f"(?:{a})" for a in alternatives)))


LABEL_RULES: tuple[LabelRule, ...] = (
    _rule(
        "RETOUR_LIVRE",
        S.RETURNED,
        r"\b(?:LIVREE?|REMISE?|DISTRIBUEE?|RESTITUEE?)S? (?:A|AU|CHEZ) L'?(?:EXPEDITEUR|"
        r"ENSEIGNE|VENDEUR)",
        r"\bRETOUR (?:LIVRE|DISTRIBUE|REMIS)",
        r"\bRETURNED TO SENDER\b",
        r"\bDELIVERED TO (?:THE )?SENDER\b",
    ),
    _rule(
        "NON_RETIRE",
        S.RETURN_TO_SENDER,
        r"\bNON (?:RETIRE|RECLAME|RECUPERE)",
        r"\bDELAI DE (?:RETRAIT|GARDE)",
        r"\bNOT (?:COLLECTED|PICKED UP)\b",
    ),
    _rule("RETOUR", S.RETURN_TO_SENDER, r"\bRETOUR", r"\bRETURN"),
    _rule(
        "NON_LIVRE",
        S.DELIVERY_FAILED,
        r"\bNON (?:LIVRE|DISTRIBUE)",
        r"\bECHEC\b",
        r"\bLIVRAISON IMPOSSIBLE\b",
        r"\bABSENT",
        r"\bREFUSE",
        r"\bADRESSE (?:INCOMPLETE|ERRONEE|INCONNUE|INCORRECTE)",
        r"\bAVIS DE PASSAGE\b",
        r"\bNOT DELIVERED\b",
        r"\bFAILED\b",
    ),
    _rule(
        "ANOMALIE",
        S.EXCEPTION,
        r"\bANOMALIE",
        r"\bINCIDENT",
        r"\bAVARIE",
        r"\bENDOMMAGE",
        r"\bDETERIORE",
        r"\bPERDU",
        r"\bSPOLI",
        r"\bLITIGE",
        r"\bANOMALY\b",
        r"\bDAMAGED\b",
        r"\bLOST\b",
    ),
    _rule(
        "DISPONIBLE_RELAIS",
        S.AVAILABLE_FOR_PICKUP,
        r"\bDISPONIBLE",
        r"\bMISE? A (?:SA )?DISPOSITION\b",
        r"\bA RETIRER\b",
        r"\bATTENTE DE RETRAIT\b",
        r"\b(?:LIVREE?|ARRIVEE?|RECEPTIONNEE?) (?:AU|EN|DANS LE|DANS VOTRE) "
        r"(?:POINT RELAIS|LOCKER|CONSIGNE)",
        r"\bAVAILABLE\b",
        r"\bDELIVERY AT PICK ?UP POINT\b",
    ),
    _rule(
        "LIVRE",
        S.DELIVERED,
        r"\bLIVREE?S?\b",
        r"\bRETIREE? PAR\b",
        r"\b(?:REMISE?|RECUPEREE?) (?:AU|PAR LE) "
        r"DESTINATAIRE\b",
        r"\bDISTRIBUEE?S?\b",
        r"\bDELIVERED\b",
        r"\bCOLLECTED BY\b",
    ),
    _rule(
        "EN_LIVRAISON",
        S.OUT_FOR_DELIVERY,
        r"\bEN (?:COURS DE )?LIVRAISON\b",
        r"\bREMISE? AU LIVREUR\b",
        r"\bMISE? EN LIVRAISON\b",
        r"\bTOURNEE\b",
        r"\bOUT FOR DELIVERY\b",
    ),
    _rule(
        "RECEPTION_DONNEES",
        S.INFO_RECEIVED,
        r"\bRECEPTION DES DONNEES\b",
        r"\bDONNEES RECUES\b",
        r"\bENREGISTRE",
        r"\bEN ATTENTE DE (?:DEPOT|REMISE|PRISE EN CHARGE)",
        r"\bDATA RECEPTION\b",
        r"\bREGISTERED\b",
    ),
    _rule(
        "PRISE_EN_CHARGE",
        S.IN_TRANSIT,
        r"\bPRISE? EN CHARGE\b",
        r"\bDEPOSEE?\b",
        r"\bCOLLECTEE?\b",
        r"\bENLEVE",
        r"\bRAMASSEE?\b",
        r"\bRECE?I?E?VED IN\b",
        r"\bPICKED UP\b",
    ),
    _rule(
        "ACHEMINEMENT",
        S.IN_TRANSIT,
        r"\bACHEMINEMENT\b",
        r"\bTRANSIT\b",
        r"\bAGENCE\b",
        r"\bHUB\b",
        r"\bPLATE-?FORME\b",
        r"\bTRI\b",
        r"\bCENTRE\b",
        r"\bEXPEDIEE?\b",
        r"\bARRIVEE?\b",
        r"\bDEPART\b",
        r"\bTRANSFERT\b",
        r"\bIN PROCESS\b",
        r"\bAGENCY\b",
    ),
)
UNRECOGNISED = ("AUTRE", S.UNKNOWN)


def normalise(label: str) -> str:
    """Upper case, no accents, straight apostrophes, single spaces."""
    text = unicodedata.normalize("NFKD", label)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
    return " ".join(text.upper().split())


def classify(label: str) -> tuple[str, S]:
    """The event code and status a label gives (``AUTRE``/unknown when none matches)."""
    text = normalise(label)
    for rule in LABEL_RULES:
        if rule.pattern.search(text):
            return rule.code, rule.status
    return UNRECOGNISED


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
