"""Small builders for the domain tests: an object with sensible defaults, overridden by keyword.

Every instant is written as an ISO string with its offset (``at("2026-03-27T10:00+01:00")``) and
turned into an aware UTC datetime, as the store keeps it.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from aztui.domain.deadlines import BUILTIN_RULES, Deadline
from aztui.domain.model import (
    BuyerMessage,
    Chargeback,
    ChargebackKind,
    Claim,
    ClaimType,
    Feedback,
    Fulfillment,
    Order,
    OrderBundle,
    OrderStatus,
    ReturnRequest,
    Shipment,
)
from aztui.domain.policy import Policy

PARIS = ZoneInfo("Europe/Paris")
ORDER_ID = "402-1234567-1234567"
FR = Policy("FR")

SECOND = timedelta(seconds=1)
HOUR = timedelta(hours=1)
DAY = timedelta(days=1)


def at(text: str) -> datetime:
    """An ISO 8601 instant with its offset (``Z`` allowed), as an aware UTC datetime."""
    value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    assert value.tzinfo is not None, f"{text} needs an offset"
    return value.astimezone(UTC)


def paris(instant: datetime) -> datetime:
    return instant.astimezone(PARIS)


def order(**fields: Any) -> Order:
    """An unshipped MFN order on amazon.fr bought 2026-11-20 09:00Z, ship by 11-22, deliver by
    11-26, 49.90 EUR."""
    values: dict[str, Any] = {
        "order_id": ORDER_ID,
        "purchase_date": at("2026-11-20T09:00Z"),
        "marketplace": "FR",
        "status": OrderStatus.UNSHIPPED,
        "fulfillment": Fulfillment.MFN,
        "order_total": Decimal("49.90"),
        "currency": "EUR",
        "latest_ship_date": at("2026-11-22T22:59:59Z"),
        "latest_delivery_date": at("2026-11-26T22:59:59Z"),
    }
    values.update(fields)
    return Order(**values)


def shipment(**fields: Any) -> Shipment:
    values: dict[str, Any] = {
        "order_id": ORDER_ID,
        "tracking_number": "6A12345678901",
        "confirmed_at": at("2026-11-21T15:00Z"),
        "carrier": "La Poste",
    }
    values.update(fields)
    return Shipment(**values)


def claim(**fields: Any) -> Claim:
    values: dict[str, Any] = {
        "claim_id": "CLM-1",
        "order_id": ORDER_ID,
        "type": ClaimType.NOT_RECEIVED,
        "filed_at": at("2026-11-30T09:00Z"),
        "amount": Decimal("49.90"),
        "currency": "EUR",
    }
    values.update(fields)
    return Claim(**values)


def return_request(**fields: Any) -> ReturnRequest:
    values: dict[str, Any] = {
        "return_id": "RMA-1",
        "order_id": ORDER_ID,
        "requested_at": at("2026-11-28T09:00Z"),
    }
    values.update(fields)
    return ReturnRequest(**values)


def message(**fields: Any) -> BuyerMessage:
    values: dict[str, Any] = {
        "message_id": "MSG-1",
        "order_id": ORDER_ID,
        "received_at": at("2026-11-21T09:00Z"),
    }
    values.update(fields)
    return BuyerMessage(**values)


def feedback(rating: int, **fields: Any) -> Feedback:
    values: dict[str, Any] = {
        "order_id": ORDER_ID,
        "date": at("2026-11-29T09:00Z"),
        "rating": rating,
    }
    values.update(fields)
    return Feedback(**values)


def chargeback(kind: ChargebackKind | None = ChargebackKind.SERVICE, **fields: Any) -> Chargeback:
    values: dict[str, Any] = {"order_id": ORDER_ID, "date": at("2026-12-05T09:00Z"), "kind": kind}
    values.update(fields)
    return Chargeback(**values)


def bundle(
    the_order: Order | None = None, *, no_order: bool = False, **related: Any
) -> OrderBundle:
    """A bundle around ``the_order`` (the default ``order()`` unless ``no_order``); related
    objects are passed as tuples or lists under the bundle's field names."""
    if the_order is None and not no_order:
        the_order = order()
    order_id = the_order.order_id if the_order is not None else related.pop("order_id", ORDER_ID)
    parts: dict[str, Any] = {k: tuple(v) for k, v in related.items()}
    return OrderBundle(order_id, the_order, **parts)


def deadlines(
    the_bundle: OrderBundle, rule: str | None = None, policy: Policy = FR
) -> list[Deadline]:
    """The deadlines of the built-in rules (only ``rule`` when given)."""
    found = [d for r in BUILTIN_RULES if rule in (None, r.id) for d in r.derive(the_bundle, policy)]
    return found


def only(the_bundle: OrderBundle, rule: str, policy: Policy = FR) -> Deadline:
    """The single deadline ``rule`` yields for the bundle."""
    found = deadlines(the_bundle, rule, policy)
    assert len(found) == 1, found
    return found[0]
