"""What the cockpit would show for demo records, derived without a store."""

from __future__ import annotations

import csv
import re
import typing
from collections.abc import Sequence
from datetime import UTC, datetime
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any, TypeVar

from aztui.domain.deadlines import Deadline
from aztui.domain.engine import Derivation, Engine
from aztui.domain.metrics import ColumnFacts, MetricResult, evaluate
from aztui.domain.model import BuyerMessage, Order, Record, ReturnRequest, Shipment
from aztui.domain.policy import Policy
from aztui.store.bundles import group_bundles

R = TypeVar("R", bound=Record)
FR = Policy("FR")
STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")
AMOUNT = re.compile(r"\d+\.\d\d")
ORDER_ID = re.compile(r"\d{3}-\d{7}-\d{7}")
ENGINE = Engine(FR)


def derive(records: Sequence[Record]) -> list[Derivation]:
    return ENGINE.derive_many(list(group_bundles(records).values()))


def deadlines(records: Sequence[Record], rule: str | None = None) -> list[Deadline]:
    return [d for der in derive(records) for d in der.deadlines if rule in (None, d.rule)]


def _rows(records: Sequence[Record]) -> dict[str, list[dict[str, Any]]]:
    """The derived columns of each table, named as ``ColumnFacts`` names them."""
    orders = {r.order_id: r for r in records if isinstance(r, Order)}
    messages = {r.message_id: r for r in records if isinstance(r, BuyerMessage)}
    returns = {r.return_id: r for r in records if isinstance(r, ReturnRequest)}
    tables: dict[str, list[dict[str, Any]]] = {
        "orders": [],
        "shipments": [],
        "messages": [],
        "returns": [],
    }
    for der in derive(records):
        if der.order is not None:
            order = orders[der.order_id]
            tables["orders"].append(
                {
                    "purchase_date": order.purchase_date,
                    "latest_ship_date": order.latest_ship_date,
                    "mfn": der.order.mfn,
                    "odr_defect": der.order.odr_defect,
                    "late_population": der.order.late_population,
                    "late": der.order.late,
                    "seller_cancel": der.order.seller_cancel,
                }
            )
        for f in der.shipments.values():
            tables["shipments"].append(
                {
                    "basis_at": f.basis_at,
                    "tracking_population": f.tracking_population,
                    "tracking_valid": f.tracking_valid,
                    "delivery_population": f.delivery_population,
                    "on_time": f.on_time,
                }
            )
        for key, m in der.messages.items():
            tables["messages"].append(
                {
                    "received_at": messages[key].received_at,
                    "late_population": m.population,
                    "late_eligible_at": m.eligible_at,
                    "late": m.late,
                }
            )
        for key, r in der.returns.items():
            tables["returns"].append(
                {
                    "requested_at": returns[key].requested_at,
                    "dissatisfaction_eligible_at": r.eligible_at,
                    "dissatisfied": r.dissatisfied,
                }
            )
    return tables


def metric(records: Sequence[Record], metric_id: str, now: datetime) -> MetricResult:
    """A built-in metric counted the way the store counts it, over the derived columns."""
    definition = ENGINE.metric(metric_id)
    facts = definition.facts
    assert isinstance(facts, ColumnFacts)  # a built-in metric is counted on columns
    window = definition.window(now, FR)
    numerator = denominator = 0
    for row in _rows(records)[facts.table]:
        basis = row[facts.basis]
        if basis is None or basis not in window:
            continue
        if facts.population and not row[facts.population]:
            continue
        if facts.eligible and row[facts.eligible] > now:
            continue
        denominator += 1
        numerator += bool(row[facts.counted])
    return evaluate(definition, numerator, denominator, now, FR)


# --- reading aztui CSV files back (only the shapes write_dataset writes) -----------------------

_INSTANTS = ("purchase_date", "latest_ship_date", "latest_delivery_date", "date")


def _parse(field: str, text: str, hint: Any) -> Any:
    if text == "":
        return None
    if field.endswith("_at") or field in _INSTANTS:
        assert STAMP.fullmatch(text), (field, text)
        return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    if field in ("order_total", "amount"):
        assert AMOUNT.fullmatch(text), (field, text)
        return Decimal(text)
    if field == "rating":
        return int(text)
    if text in ("true", "false"):
        return text == "true"
    for arg in typing.get_args(hint) or (hint,):
        if isinstance(arg, type) and issubclass(arg, Enum):
            return arg(text)
    return text


def read_csv(path: Path, record_type: type[R]) -> list[R]:
    """The rows of an aztui CSV file as domain records."""
    hints = typing.get_type_hints(record_type)
    out: list[R] = []
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            values = {name: _parse(name, text, hints[name]) for name, text in row.items()}
            if record_type is Shipment and values["tracking_number"] is None:
                values["tracking_number"] = ""
            out.append(record_type(**values))
    return out
