"""Sample records and alerts for plugins' tests: valid, made-up values (no person's name,
street, phone or e-mail, ever), at a fixed instant, each field changeable by keyword."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from typing import Any

from aztui.domain.alerts import Alert, Severity
from aztui.domain.model import Order, OrderStatus, Shipment

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
"""The instant the samples are set around (a Thursday, 10:00 in Paris)."""

ORDER_ID = "402-1234567-1234567"
"""The order every sample belongs to."""


def sample_order(**changes: Any) -> Order:
    """An unshipped merchant-fulfilled order of amazon.fr, bought a day before ``NOW``, to
    ship within a day of it."""
    order = Order(
        ORDER_ID,
        NOW - timedelta(days=1),
        marketplace="FR",
        status=OrderStatus.UNSHIPPED,
        latest_ship_date=NOW + timedelta(days=1),
    )
    return dataclasses.replace(order, **changes)


def sample_shipment(**changes: Any) -> Shipment:
    """The sample order's parcel, confirmed with Colissimo a day before ``NOW``."""
    shipment = Shipment(
        ORDER_ID,
        "6A12345678901",
        confirmed_at=NOW - timedelta(days=1),
        carrier="Colissimo",
    )
    return dataclasses.replace(shipment, **changes)


def sample_alert(**changes: Any) -> Alert:
    """A critical alert, as aztui hands channels one: a claim to answer within 6 hours (its
    body holds French quotes, a euro sign and a check mark, for a channel's encoding)."""
    alert = Alert(
        id="deadline:claim_response:AZ-1:6h",
        kind="deadline_window",
        severity=Severity.CRITICAL,
        title="Réclamation A-to-z : réponse attendue",
        body=f"Répondez à la réclamation de la commande {ORDER_ID} avant 16 h — "
        "« délai garanti », 12,50 € ✓",
        created_at=NOW,
        order_id=ORDER_ID,
        subject="AZ-1",
        rule="claim_response",
        due=NOW + timedelta(hours=6),
        link="https://sellercentral.amazon.fr/gp/guarantee-claims/home.html",
    )
    return dataclasses.replace(alert, **changes)
