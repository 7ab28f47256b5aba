"""Hypothesis strategies for valid domain records, as aztui writes and reads them back."""

from __future__ import annotations

import dataclasses
import typing
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from enum import Enum
from types import UnionType
from typing import Any, TypeVar

from hypothesis import strategies as st

from aztui.domain import model
from aztui.domain.model import Claim, ClaimType, Decision, FundedBy, Record

R = TypeVar("R", bound=Record)
instants = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31), timezones=st.just(UTC)
)
texts = (
    st.text(
        st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")),
        min_size=1,
        max_size=30,
    )
    .map(str.strip)
    .filter(bool)
)
amounts = st.decimals(min_value=0, max_value=10**7, places=2).map(Decimal)
codes = st.text(st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZ"), min_size=3, max_size=3)

SPECIAL: dict[tuple[type, str], st.SearchStrategy[Any]] = {
    (model.Order, "marketplace"): st.sampled_from(["FR", "DE", "UK"]),
    (model.Order, "currency"): codes | st.none(),
    (model.Claim, "currency"): codes | st.none(),
    (model.Shipment, "tracking_number"): texts | st.just(""),
    (model.Feedback, "rating"): st.integers(1, 5),
}


def _for(cls: type, name: str, hint: Any) -> st.SearchStrategy[Any]:
    if (cls, name) in SPECIAL:
        return SPECIAL[(cls, name)]
    optional = isinstance(hint, UnionType) and type(None) in typing.get_args(hint)
    base = next(a for a in typing.get_args(hint) if a is not type(None)) if optional else hint
    if base is datetime:
        inner: st.SearchStrategy[Any] = instants
    elif base is Decimal:
        inner = amounts
    elif base is bool:
        inner = st.booleans()
    elif isinstance(base, type) and issubclass(base, Enum):
        inner = st.sampled_from(list(base))
    else:
        inner = texts
    return inner | st.none() if optional else inner


def simple_records(cls: type[R]) -> st.SearchStrategy[R]:
    hints = typing.get_type_hints(cls)
    fields = {f.name: _for(cls, f.name, hints[f.name]) for f in dataclasses.fields(cls)}
    return st.builds(cls, **fields)


@st.composite
def claims(draw: st.DrawFn) -> Claim:
    """A claim whose dates and decisions are consistent (``claim_problems`` is empty)."""
    filed = at = draw(instants.filter(lambda t: t.year < 2090))
    step = st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=40))
    values: dict[str, Any] = {}
    if draw(st.booleans()):
        at = values["response_requested_at"] = at + draw(step)
        if draw(st.booleans()):
            at = values["responded_at"] = at + draw(step)
    if draw(st.booleans()):
        values["decided_at"] = at = at + draw(step)
        values["decision"] = draw(st.sampled_from(list(Decision)))
        values["funded_by"] = draw(st.sampled_from([*FundedBy, None]))
        appealable = (
            values["decision"] is Decision.GRANTED and values["funded_by"] is not FundedBy.AMAZON
        )
        if appealable and draw(st.booleans()):
            at = values["appeal_filed_at"] = at + draw(step)
            if draw(st.booleans()):
                at = values["appeal_info_requested_at"] = at + draw(step)
                if draw(st.booleans()):
                    at = values["appeal_info_responded_at"] = at + draw(step)
            if draw(st.booleans()):
                values["appeal_decided_at"] = at + draw(step)
                values["appeal_outcome"] = draw(st.sampled_from(list(model.AppealOutcome)))
    return Claim(
        claim_id=draw(texts),
        order_id=draw(texts),
        type=draw(st.sampled_from(list(ClaimType))),
        filed_at=filed,
        amount=draw(amounts | st.none()),
        currency=draw(codes | st.none()),
        counts_in_odr=draw(st.sampled_from([*model.CountsInOdr, None])),
        **values,
    )


def records_of(cls: type[Record]) -> st.SearchStrategy[Record]:
    return claims() if cls is Claim else simple_records(cls)


def unique_by_key(items: list[Record]) -> list[Record]:
    """The first record of each key (a file holds each key once)."""
    seen: dict[Any, Record] = {}
    for item in items:
        seen.setdefault((type(item), item.key), item)
    return list(seen.values())
