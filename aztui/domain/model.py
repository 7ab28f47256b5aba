"""The objects aztui keeps (docs/rules.md §2), as immutable values.

Every instant is an aware UTC ``datetime``; every optional field is ``None`` when unknown.
Buyer names, addresses, phones and e-mails have no field here on purpose: they are never kept.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from operator import attrgetter
from typing import Any, ClassVar, Self


class OrderStatus(StrEnum):
    PENDING = "Pending"
    UNSHIPPED = "Unshipped"
    PARTIALLY_SHIPPED = "PartiallyShipped"
    SHIPPED = "Shipped"
    CANCELED = "Canceled"


class Fulfillment(StrEnum):
    MFN = "MFN"
    AFN = "AFN"


class CancelledBy(StrEnum):
    BUYER = "buyer"
    SELLER = "seller"
    AMAZON = "amazon"


class ReturnStatus(StrEnum):
    PENDING = "pending"
    AUTHORISED = "authorised"
    REFUNDED = "refunded"
    CLOSED = "closed"
    REJECTED = "rejected"


class ClaimType(StrEnum):
    NOT_RECEIVED = "not_received"
    NOT_AS_DESCRIBED = "not_as_described"
    OTHER = "other"


class Decision(StrEnum):
    GRANTED = "granted"
    DENIED = "denied"
    WITHDRAWN = "withdrawn"
    SELLER_REFUNDED = "seller_refunded"


class FundedBy(StrEnum):
    SELLER = "seller"
    AMAZON = "amazon"


class CountsInOdr(StrEnum):
    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"


class AppealOutcome(StrEnum):
    GRANTED = "granted"
    DENIED = "denied"


class ChargebackKind(StrEnum):
    SERVICE = "service"
    FRAUD = "fraud"


class TrackingStatus(StrEnum):
    """Normalised carrier statuses (docs/rules.md §6); the carrier's raw code is kept beside."""

    PENDING = "pending"
    INFO_RECEIVED = "info_received"
    IN_TRANSIT = "in_transit"
    OUT_FOR_DELIVERY = "out_for_delivery"
    AVAILABLE_FOR_PICKUP = "available_for_pickup"
    DELIVERY_FAILED = "delivery_failed"
    EXCEPTION = "exception"
    RETURN_TO_SENDER = "return_to_sender"
    RETURNED = "returned"
    DELIVERED = "delivered"
    EXPIRED = "expired"
    UNKNOWN = "unknown"


class Record:
    """Common behaviour of the stored objects: a type name, a key, and field-wise merging."""

    __slots__ = ()

    record_type: ClassVar[str]
    key_fields: ClassVar[tuple[str, ...]]
    _key_of: ClassVar[Callable[[Any], Any]]
    __dataclass_fields__: ClassVar[dict[str, dataclasses.Field[Any]]]
    """Every record is a dataclass (what ``dataclasses.fields`` and ``replace`` need)."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "key_fields" in cls.__dict__:
            cls._key_of = staticmethod(attrgetter(*cls.key_fields))

    @property
    def key(self) -> tuple[Any, ...]:
        value = type(self)._key_of(self)
        return value if len(self.key_fields) > 1 else (value,)

    def merged_with(self, newer: Self) -> Self:
        """A later record wins field by field, only where it has a value (formats.md §2)."""
        changes = {
            f.name: getattr(newer, f.name)
            for f in dataclasses.fields(self)
            if getattr(newer, f.name) is not None
        }
        return dataclasses.replace(self, **changes)


@dataclass(frozen=True, slots=True)
class Order(Record):
    record_type: ClassVar[str] = "order"
    key_fields: ClassVar[tuple[str, ...]] = ("order_id",)

    order_id: str
    purchase_date: datetime
    marketplace: str | None = None
    status: OrderStatus | None = None
    fulfillment: Fulfillment | None = None
    order_total: Decimal | None = None
    currency: str | None = None
    latest_ship_date: datetime | None = None
    latest_delivery_date: datetime | None = None
    is_prime: bool | None = None
    cancelled_at: datetime | None = None
    cancelled_by: CancelledBy | None = None
    buyer_requested_cancel: bool | None = None
    out_of_stock: bool | None = None
    verge_of_late_shipment: bool | None = None
    """Amazon's unshipped-orders report warns the order is about to ship late."""
    verge_of_cancellation: bool | None = None
    """Amazon's unshipped-orders report warns the order is about to be cancelled."""

    @property
    def is_mfn(self) -> bool:
        """Merchant-fulfilled unless said otherwise (formats.md: fulfillment defaults to MFN)."""
        return self.fulfillment is not Fulfillment.AFN

    @property
    def is_cancelled(self) -> bool:
        return self.status is OrderStatus.CANCELED or self.cancelled_at is not None


@dataclass(frozen=True, slots=True)
class Shipment(Record):
    record_type: ClassVar[str] = "shipment"
    key_fields: ClassVar[tuple[str, ...]] = ("order_id", "tracking_number")

    order_id: str
    tracking_number: str
    """Empty string when the shipment was confirmed without a tracking number."""
    confirmed_at: datetime | None = None
    carrier: str | None = None
    service: str | None = None
    buy_shipping: bool | None = None
    claims_protected: bool | None = None
    signature: bool | None = None
    first_scan_at: datetime | None = None
    delivered_at: datetime | None = None
    status: TrackingStatus | None = None
    carrier_status: str | None = None
    """The carrier's own status code, beside the normalised ``status``."""
    last_event_at: datetime | None = None
    """The carrier's latest event (a parcel in transit with none for days is stalled)."""
    proof_of_delivery: str | None = None
    """A reference to the carrier's proof of delivery (a URL or document id), never a name."""

    @property
    def is_protected(self) -> bool:
        """Bought through Buy Shipping with claims protection."""
        return bool(self.buy_shipping and self.claims_protected)


@dataclass(frozen=True, slots=True)
class ReturnRequest(Record):
    record_type: ClassVar[str] = "return"
    key_fields: ClassVar[tuple[str, ...]] = ("return_id",)

    return_id: str
    order_id: str
    requested_at: datetime
    in_policy: bool | None = None
    status: ReturnStatus | None = None
    acted_at: datetime | None = None
    rejection_valid: bool | None = None

    @property
    def is_acted_on(self) -> bool:
        return self.acted_at is not None or self.status not in (None, ReturnStatus.PENDING)


REPORTED_CLAIM_PREFIX = "returns-report:"
"""The id of a claim known only from Amazon's returns report (its ``A-to-Z Claim`` column):
``returns-report:<order id>``. It stands in for the order's claim until the seller records
the real one, with its id and dates."""


def reported_claim_id(order_id: str) -> str:
    return REPORTED_CLAIM_PREFIX + order_id


@dataclass(frozen=True, slots=True)
class Claim(Record):
    record_type: ClassVar[str] = "claim"
    key_fields: ClassVar[tuple[str, ...]] = ("claim_id",)

    claim_id: str
    order_id: str
    type: ClaimType
    filed_at: datetime
    amount: Decimal | None = None
    currency: str | None = None
    response_requested_at: datetime | None = None
    responded_at: datetime | None = None
    decided_at: datetime | None = None
    decision: Decision | None = None
    funded_by: FundedBy | None = None
    counts_in_odr: CountsInOdr | None = None
    appeal_filed_at: datetime | None = None
    appeal_info_requested_at: datetime | None = None
    appeal_info_responded_at: datetime | None = None
    appeal_decided_at: datetime | None = None
    appeal_outcome: AppealOutcome | None = None

    @property
    def is_reported_only(self) -> bool:
        """Known only from the returns report: a stand-in for the real claim."""
        return self.claim_id.startswith(REPORTED_CLAIM_PREFIX)


@dataclass(frozen=True, slots=True)
class BuyerMessage(Record):
    record_type: ClassVar[str] = "message"
    key_fields: ClassVar[tuple[str, ...]] = ("message_id",)

    message_id: str
    received_at: datetime
    order_id: str | None = None
    answered_at: datetime | None = None
    no_response_needed: bool | None = None


@dataclass(frozen=True, slots=True)
class Feedback(Record):
    record_type: ClassVar[str] = "feedback"
    key_fields: ClassVar[tuple[str, ...]] = ("order_id", "date")

    order_id: str
    date: datetime
    rating: int
    removed: bool | None = None


@dataclass(frozen=True, slots=True)
class Chargeback(Record):
    record_type: ClassVar[str] = "chargeback"
    key_fields: ClassVar[tuple[str, ...]] = ("order_id", "date")

    order_id: str
    date: datetime
    kind: ChargebackKind | None = None

    @property
    def is_service(self) -> bool:
        return self.kind is not ChargebackKind.FRAUD


RECORD_TYPES: tuple[type[Record], ...] = (
    Order,
    Shipment,
    ReturnRequest,
    Claim,
    BuyerMessage,
    Feedback,
    Chargeback,
)
RECORD_BY_TYPE: dict[str, type[Record]] = {cls.record_type: cls for cls in RECORD_TYPES}


@dataclass(frozen=True, slots=True)
class OrderBundle:
    """Everything known about one order: what every rule, metric and risk is derived from.

    ``order`` is ``None`` when related objects (a claim, a message) arrived before the order.
    """

    order_id: str
    order: Order | None = None
    shipments: tuple[Shipment, ...] = ()
    returns: tuple[ReturnRequest, ...] = ()
    claims: tuple[Claim, ...] = ()
    messages: tuple[BuyerMessage, ...] = ()
    feedback: tuple[Feedback, ...] = ()
    chargebacks: tuple[Chargeback, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, order_id: str, order: Order | None, related: Iterable[Record]) -> OrderBundle:
        """The bundle of ``order`` and its ``related`` records, each in its field, in order."""
        shipments: list[Shipment] = []
        returns: list[ReturnRequest] = []
        claims: list[Claim] = []
        messages: list[BuyerMessage] = []
        feedback: list[Feedback] = []
        chargebacks: list[Chargeback] = []
        for record in related:
            match record:
                case Shipment():
                    shipments.append(record)
                case ReturnRequest():
                    returns.append(record)
                case Claim():
                    claims.append(record)
                case BuyerMessage():
                    messages.append(record)
                case Feedback():
                    feedback.append(record)
                case Chargeback():
                    chargebacks.append(record)
                case _:
                    raise TypeError(f"a {record.record_type} is not a related record")
        return cls(
            order_id,
            order,
            tuple(shipments),
            tuple(returns),
            tuple(claims),
            tuple(messages),
            tuple(feedback),
            tuple(chargebacks),
        )

    def replacing(self, record: Record) -> OrderBundle:
        """A copy with ``record`` put in place of the object with the same key (for what-ifs)."""
        if isinstance(record, Order):
            return dataclasses.replace(self, order=record)
        name = {
            Shipment: "shipments",
            ReturnRequest: "returns",
            Claim: "claims",
            BuyerMessage: "messages",
            Feedback: "feedback",
            Chargeback: "chargebacks",
        }[type(record)]
        # The field is chosen at run time: its tuple holds records of ``record``'s own type.
        changes: dict[str, Any] = {
            name: (*(r for r in getattr(self, name) if r.key != record.key), record)
        }
        return dataclasses.replace(self, **changes)
