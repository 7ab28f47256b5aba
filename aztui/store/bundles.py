"""Grouping records into order bundles, and turning derivations into rows.

Shared by every backend: which bundle a record belongs to, and the row shapes of the derived
tables (deadlines, risks, metric facts) and derived columns.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from aztui.domain.engine import Derivation
from aztui.domain.model import BuyerMessage, Order, OrderBundle, Record
from aztui.domain.timeutil import to_epoch

MAX_EPOCH = 253402300799
"""9999-12-31T23:59:59Z: the stored end of a risk that lasts until its object changes."""

MESSAGE_PREFIX = "~message:"


def bundle_key(record: Record) -> str:
    """The bundle a record belongs to: its order, or its own key for an orderless message."""
    if isinstance(record, BuyerMessage) and not record.order_id:
        return MESSAGE_PREFIX + record.message_id
    return record.order_id  # type: ignore[attr-defined]


def dedupe(records: Iterable[Record]) -> list[Record]:
    """One record per (type, key), later ones merged over earlier ones field by field."""
    merged: dict[tuple[str, tuple], Record] = {}
    for record in records:
        ident = (record.record_type, record.key)
        previous = merged.get(ident)
        merged[ident] = record if previous is None else previous.merged_with(record)
    return list(merged.values())


def group_bundles(records: Iterable[Record]) -> dict[str, OrderBundle]:
    """Bundles built from records alone (when the store holds nothing else about them)."""
    orders: dict[str, Order] = {}
    related: dict[str, list[Record]] = {}
    for record in records:
        if isinstance(record, Order):
            orders[record.order_id] = record
        else:
            related.setdefault(bundle_key(record), []).append(record)
    bundles = {key: OrderBundle(key, order) for key, order in orders.items() if key not in related}
    for key, items in related.items():
        bundles[key] = OrderBundle.of(key, orders.get(key), items)
    return bundles


def deadline_rows(derivations: Sequence[Derivation]) -> list[tuple]:
    return [
        (
            d.order_id,
            dl.rule,
            dl.subject,
            dl.order_id,
            to_epoch(dl.due),
            to_epoch(dl.starts_at),
            int(dl.done),
            to_epoch(dl.done_at),
            int(dl.closed),
            dl.after_due.value,
        )
        for d in derivations
        for dl in d.deadlines
    ]


def risk_rows(derivations: Sequence[Derivation]) -> list[tuple]:
    return [
        (
            d.order_id,
            r.signal,
            r.order_id,
            r.subject,
            r.detail,
            to_epoch(r.active_from),
            MAX_EPOCH if r.active_until is None else to_epoch(r.active_until),
        )
        for d in derivations
        for r in d.risks
    ]


def fact_rows(derivations: Sequence[Derivation]) -> list[tuple]:
    return [
        (
            d.order_id,
            metric,
            f.subject,
            to_epoch(f.basis_at),
            to_epoch(f.eligible_at),
            int(f.counted),
        )
        for d in derivations
        for metric, f in d.facts
    ]


ORDER_DERIVED = ("mfn", "odr_defect", "late_population", "late", "seller_cancel")
SHIPMENT_DERIVED = (
    "basis_at",
    "tracking_population",
    "tracking_valid",
    "delivery_population",
    "on_time",
)
RETURN_DERIVED = ("dissatisfaction_eligible_at", "dissatisfied")
MESSAGE_DERIVED = ("late_population", "late_eligible_at", "late")


def order_columns(d: Derivation) -> tuple | None:
    f = d.order
    if f is None:
        return None
    return (
        int(f.mfn),
        int(f.odr_defect),
        int(f.late_population),
        int(f.late),
        int(f.seller_cancel),
    )


def shipment_columns(d: Derivation) -> dict[tuple[str, str], tuple]:
    return {
        key: (
            to_epoch(f.basis_at),
            int(f.tracking_population),
            int(f.tracking_valid),
            int(f.delivery_population),
            int(f.on_time),
        )
        for key, f in d.shipments.items()
    }


def return_columns(d: Derivation) -> dict[str, tuple]:
    return {key: (to_epoch(f.eligible_at), int(f.dissatisfied)) for key, f in d.returns.items()}


def message_columns(d: Derivation) -> dict[str, tuple]:
    return {
        key: (int(f.population), to_epoch(f.eligible_at), int(f.late))
        for key, f in d.messages.items()
    }
