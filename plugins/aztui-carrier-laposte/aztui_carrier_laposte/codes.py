"""La Poste Suivi v2 event codes and what each means to aztui.

Suivi v2 harmonises Colissimo, Chronopost and Lettre suivie scans into one list of event
codes (developer.laposte.fr, catalogue « Suivi v2 », liste des codes événements). Each code
maps to one ``TrackingStatus`` here, so the mapping is one table a reviewer can read:

====  ==========================================================  =====================
code  La Poste's label                                            status
====  ==========================================================  =====================
DR1   Déclaratif réceptionné (label printed, nothing scanned)      info_received
DR2   Problème lors de la préparation                              exception
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
DI0   Distribué en lot                                             delivered
DI1   Distribué                                                    delivered
DI2   Distribué à l'expéditeur (the return reached the seller)     returned
DI3   Retardé                                                      in_transit
ID0   Informations douane (information only)                       the status in force
====  ==========================================================  =====================

Codes starting with ``ID`` (``ID0`` customs information, ``ID1`` proof of deposit issued…)
are information events: they do not move the parcel, so they take the status in force and
never decide the parcel's status. A code missing from the table is ``unknown`` and does not
decide the status either: the last known code does.
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
"""Every status-bearing code of the published list."""

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
