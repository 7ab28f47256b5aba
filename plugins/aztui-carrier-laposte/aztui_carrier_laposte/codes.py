"""La Poste Suivi v2 event codes and what each means to aztui.

Suivi v2 harmonises Colissimo, Chronopost and Lettre suivie scans into one list of event
codes. The list is La Poste's (developer.laposte.fr, catalogue « Suivi v2 », liste des codes
événements); its 19 codes and their French names (DR1 … DI2 below, not marked) are copied
verbatim by other projects (``find_string 'DR1=("Déclaratif réceptionné"'`` finds three
copies). Each code maps to one ``TrackingStatus`` here, so the mapping is one table a reviewer
can read:

====  ==========================================================  =====================
code  La Poste's label                                            status
====  ==========================================================  =====================
DR1   Déclaratif réceptionné (label printed, nothing scanned)      info_received
DR2*  Problème lors de la préparation                              exception
PC1   Pris en charge                                               in_transit
PC2   Pris en charge dans le pays d'expédition                     in_transit
ET1   En cours de traitement                                       in_transit
ET2   En cours de traitement dans le pays d'expédition             in_transit
ET3   En cours de traitement dans le pays de destination           in_transit
ET4   En cours de traitement dans un pays de transit               in_transit
EP1   En attente de présentation                                   in_transit
DO1   Entrée en douane                                             in_transit
DO2   Sortie de douane                                             in_transit
DO3   Retenu en douane                                             exception
PB1   Problème en cours                                            exception
PB2   Problème résolu                                              in_transit
MD2   Mis en distribution                                          out_for_delivery
ND1   Non distribuable                                             delivery_failed
AG1   En attente d'être retiré au guichet (post office, relay)     available_for_pickup
RE1   Retourné à l'expéditeur                                      return_to_sender
DI0*  Distribué en lot                                             delivered
DI1   Distribué                                                    delivered
DI2   Distribué à l'expéditeur (the return reached the seller)     returned
DI3*  Retardé                                                      in_transit
ID0   Informations douane (information only)                       the status in force
====  ==========================================================  =====================

``*``: not in the copies of the published list found so far (kept from aztui's first table,
source not found again): DI0 dates a delivery like DI1, DR2 is no scan.

Codes starting with ``ID`` (``ID0`` customs information; ``ID1`` proof of deposit issued,
seen twice in one real answer quoted in itsvic-dev/deliveries issue 56) are information
events: they do not move the parcel, so they take the status in force and never decide the
parcel's status. Any other code is unknown to aztui (codes seen in other projects' code or
hand-written samples but in no published list: MD1, MD3, AN1): the event is kept with the
status ``unknown`` and La Poste's own words, it does not decide the parcel's status (the last
known code does), and the result names it in ``raw_status`` (``DI1 (unknown to aztui:
MD3)``) so it is seen, not dropped. An incident such as an incomplete address comes as PB1
(problem) or ND1 (not deliverable) with La Poste's words in the label.
"""

from __future__ import annotations

from aztui.domain.model import TrackingStatus

S = TrackingStatus

EVENT_STATUS: dict[str, TrackingStatus] = {
    "DR1": S.INFO_RECEIVED,
    "DR2": S.EXCEPTION,
    "PC1": S.IN_TRANSIT,
    "PC2": S.IN_TRANSIT,
    "ET1": S.IN_TRANSIT,
    "ET2": S.IN_TRANSIT,
    "ET3": S.IN_TRANSIT,
    "ET4": S.IN_TRANSIT,
    "EP1": S.IN_TRANSIT,
    "DO1": S.IN_TRANSIT,
    "DO2": S.IN_TRANSIT,
    "DO3": S.EXCEPTION,
    "PB1": S.EXCEPTION,
    "PB2": S.IN_TRANSIT,
    "MD2": S.OUT_FOR_DELIVERY,
    "ND1": S.DELIVERY_FAILED,
    "AG1": S.AVAILABLE_FOR_PICKUP,
    "RE1": S.RETURN_TO_SENDER,
    "DI0": S.DELIVERED,
    "DI1": S.DELIVERED,
    "DI2": S.RETURNED,
    "DI3": S.IN_TRANSIT,
}
"""Every status-bearing code aztui knows."""

PUBLISHED = frozenset(EVENT_STATUS) - {"DR2", "DI0", "DI3"}
"""The 19 codes of La Poste's published list, each mapped above."""

NOT_A_SCAN = frozenset({"DR1", "DR2"})
"""Codes about the label, before La Poste has the parcel in hand: never the first scan."""

DELIVERED_TO_BUYER = frozenset({"DI0", "DI1"})
"""Codes that date ``delivered_at``. ``DI2`` is the return reaching the sender, not a
delivery to the buyer, so it leaves ``delivered_at`` empty."""


def is_information(code: str) -> bool:
    """An information event (``ID0``, ``ID1``…): it says something, the parcel does not move."""
    return code.startswith("ID")


def status_of(code: str) -> TrackingStatus:
    """The status a status-bearing code means; ``unknown`` for codes not in the table."""
    return EVENT_STATUS.get(code, S.UNKNOWN)


def decides_status(code: str) -> bool:
    """Whether this event may set the parcel's status (known, and not information only)."""
    return code in EVENT_STATUS


def is_unknown(code: str) -> bool:
    """A code aztui cannot read: kept, reported, never deciding."""
    return not decides_status(code) and not is_information(code)
