"""UPS's status of an activity (``status.type`` and ``status.statusCode``) as an aztui status.

The type letter is UPS's verdict and decides; the three-digit status code only makes it finer
where the two agree:

* ``M`` (label created), ``MV`` (label voided) and ``RS`` (returned to the shipper): the type
  alone (a return delivered to the shipper carries 011 and is a return, not a delivery).
* ``X`` (exception): an exception, whatever the code, except a code that names a more precise
  problem (035 returning to the sender, 017 held for pickup). A code never turns an exception
  into a delivery or a label (the developer portal's example has type X, code 003 and the
  simplified text "Delivered": it is an exception).
* ``D`` (delivered): delivered, except 040 (left at a UPS Access Point: not yet the buyer's).
* ``I``, ``P``, ``O``, ``DO``, ``DD``, ``W`` (movement), or no type: the status code when the
  table knows it (021 out for delivery, 017/040 waiting for pickup, 013… exceptions),
  else the type.

The words of the answer (``description``, ``simplifiedTextDescription``) are never read for
the status: they are translated, and UPS's own example contradicts its type with them.
"""

from __future__ import annotations

from collections.abc import Mapping

from aztui.domain.model import TrackingStatus

S = TrackingStatus

TYPE_STATUS: Mapping[str, TrackingStatus] = {
    "M": S.INFO_RECEIVED,  # Billing Information Received (label created)
    "MV": S.EXCEPTION,  # Billing Information Voided (shipment cancelled)
    "P": S.IN_TRANSIT,  # Pickup
    "I": S.IN_TRANSIT,  # In Transit
    "O": S.OUT_FOR_DELIVERY,  # Out for Delivery
    "D": S.DELIVERED,  # Delivered
    "X": S.EXCEPTION,  # Exception
    "RS": S.RETURNED,  # Returned to Shipper
    "DO": S.IN_TRANSIT,  # Delivered Origin CFS (freight only)
    "DD": S.IN_TRANSIT,  # Delivered Destination CFS (freight only)
    "W": S.IN_TRANSIT,  # Warehousing (freight only)
    "NA": S.UNKNOWN,  # Not Available
}
"""``status.type``: the activity status type letters of the Tracking API."""

STATUS_CODE_STATUS: Mapping[str, TrackingStatus] = {
    "003": S.INFO_RECEIVED,  # shipper created a label, UPS has not received the package
    "005": S.IN_TRANSIT,  # in transit (arrived / departed / we have your package)
    "007": S.EXCEPTION,  # shipment information voided
    "011": S.DELIVERED,  # delivered
    "012": S.IN_TRANSIT,  # clearance in progress
    "013": S.EXCEPTION,  # exception
    "016": S.EXCEPTION,  # held in warehouse, pending instructions
    "017": S.AVAILABLE_FOR_PICKUP,  # held for customer pickup
    "021": S.OUT_FOR_DELIVERY,  # out for delivery today
    "029": S.EXCEPTION,  # address information required
    "035": S.RETURN_TO_SENDER,  # returning to sender
    "038": S.IN_TRANSIT,  # picked up
    "040": S.AVAILABLE_FOR_PICKUP,  # delivered to a UPS Access Point, awaiting pickup
    "058": S.EXCEPTION,  # clearance information required
    "071": S.IN_TRANSIT,  # preparing for delivery / processing at UPS facility
    "072": S.IN_TRANSIT,  # loaded on delivery vehicle
}
"""``status.statusCode`` (three digits): finer than the type where the type allows it."""

TYPE_ONLY = frozenset({"M", "MV", "RS"})
"""Types that say more than any status code."""

REFINES: Mapping[str, frozenset[TrackingStatus]] = {
    "X": frozenset({S.RETURN_TO_SENDER, S.AVAILABLE_FOR_PICKUP}),
    "D": frozenset({S.AVAILABLE_FOR_PICKUP}),
}
"""For these types, the only statuses a status code may make of them."""

NOT_A_SCAN = frozenset({"M", "MV"})
"""Types that are paperwork, not a physical scan: never the first scan."""


def map_status(type_: str, status_code: str) -> TrackingStatus:
    """The aztui status of a UPS ``status`` (type letter(s), three-digit status code)."""
    type_, status_code = type_.strip().upper(), status_code.strip()
    by_type = TYPE_STATUS.get(type_)
    by_code = STATUS_CODE_STATUS.get(status_code)
    if type_ in TYPE_ONLY or by_code is None:
        return by_type or S.UNKNOWN
    allowed = REFINES.get(type_)
    if allowed is not None and by_code not in allowed:
        return by_type or S.UNKNOWN
    return by_code
