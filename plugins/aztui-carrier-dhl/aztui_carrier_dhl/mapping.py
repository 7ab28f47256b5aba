"""DHL's status codes → aztui's ``TrackingStatus``.

DHL's Shipment Tracking - Unified API gives every status and event a ``statusCode`` from a
closed list (``CODES``: ``pre-transit``, ``transit``, ``delivered``, ``failure``,
``unknown``) and, beside it, the division's own words in ``status`` and ``description``.
The ``statusCode`` decides the family, never the words: ``status`` "DELIVERED" with
``statusCode`` "pre-transit" (DHL's own spec example) is ``info_received``. DHL's help centre
says the finer steps ("out for delivery", "return to origin", "ready for pick-up") are not in
``statusCode`` yet, so within a family they are refined from those words (asked for in
English), and a shipment's ``returnFlag`` marks a parcel going back to its sender. A code
outside ``CODES`` is read as unknown and kept as written (a missing one is refused by the
parser).

=============  =======================================================  ======================
statusCode     words in ``status`` / ``description``                     TrackingStatus
=============  =======================================================  ======================
delivered      return words, or the shipment's ``returnFlag``            returned
delivered      anything else                                            delivered
transit        return words, or the shipment's ``returnFlag``            return_to_sender
transit        out for delivery, with delivery courier, loaded onto     out_for_delivery
               the delivery vehicle
transit        ready / available for pick-up or collection, ``PICKUP``  available_for_pickup
transit        anything else                                            in_transit
pre-transit    anything                                                 info_received
failure        return words, or the shipment's ``returnFlag``            return_to_sender
failure        delivery attempt, could not be delivered, not at home    delivery_failed
failure        anything else (customs, damage, …)                       exception
unknown        anything (DHL says it does not know the step)            unknown
other codes    anything                                                 unknown
=============  =======================================================  ======================
"""

from __future__ import annotations

import re

from aztui.domain.model import TrackingStatus as S

CODES = frozenset({"pre-transit", "transit", "delivered", "failure", "unknown"})

RETURN = re.compile(r"\breturn(?:ed|ing)?\b|\bback to (?:the )?(?:sender|shipper|origin)\b")
OUT_FOR_DELIVERY = re.compile(
    r"out for delivery|with (?:the )?delivery courier|out with (?:the )?courier"
    r"|loaded onto the delivery vehicle|on (?:the )?delivery vehicle"
)
PICKUP = re.compile(
    r"^pick[- ]?up$|(?:ready|available|awaiting|waiting) for (?:pick[- ]?up|collection)"
    r"|ready to be (?:picked up|collected)"
)
ATTEMPT = re.compile(
    r"delivery attempt|attempted delivery|could not be delivered|unsuccessful delivery"
    r"|delivery (?:was )?unsuccessful|not at home|recipient (?:was )?not|consignee (?:was )?not"
)
WORD_RULES: tuple[tuple[re.Pattern[str], S], ...] = (
    (OUT_FOR_DELIVERY, S.OUT_FOR_DELIVERY),
    (PICKUP, S.AVAILABLE_FOR_PICKUP),
)


def _words(status: str, description: str) -> str:
    return " | ".join(w.strip().lower() for w in (status, description) if w and w.strip())


def _match(rules: tuple[tuple[re.Pattern[str], S], ...], status: str, description: str) -> S | None:
    for text in (status.strip().lower(), description.strip().lower()):
        for pattern, result in rules:
            if text and pattern.search(text):
                return result
    return None


def normalise(
    status_code: str, status: str = "", description: str = "", returning: bool = False
) -> S:
    """One status or event, as the table in this module's docstring says."""
    code = status_code.strip().lower()
    going_back = returning or bool(RETURN.search(_words(status, description)))
    if code == "delivered":
        return S.RETURNED if going_back else S.DELIVERED
    if code == "pre-transit":
        return S.INFO_RECEIVED
    if code == "transit":
        if going_back:
            return S.RETURN_TO_SENDER
        return _match(WORD_RULES, status, description) or S.IN_TRANSIT
    if code == "failure":
        if going_back:
            return S.RETURN_TO_SENDER
        return S.DELIVERY_FAILED if ATTEMPT.search(_words(status, description)) else S.EXCEPTION
    return S.UNKNOWN
