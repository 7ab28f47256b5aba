"""Amazon's all-orders report on columns: the bulk path of a large one (``ingest.bulk_csv``).

The same records as ``orders.ALL_ORDERS`` gives row by row: the items of an order grouped
into one ``Order`` (its first purchase date, status, channel and marketplace; the item and
shipping prices of its items not cancelled summed), each cell converted by the row reader's
own parser or by a vectorised form checked against it. The file is cut into pieces between
orders, never between two items of one order; an order whose items are not next to each other,
a cell the parser refuses, a ragged row or two currencies in one order make the batch raise
``NotColumnar``, and the file is read row by row, which names the problem.
"""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Collection
from datetime import datetime
from decimal import Decimal

import polars as pl

from aztui.domain.bulk_rules import NotColumnar, RecordColumns
from aztui.domain.model import Order
from aztui.ingest.amazon.orders import ALL_ORDERS
from aztui.ingest.bulk_convert import base_type, convert, dtype_of, identifiers, utc_instants
from aztui.ingest.bulk_csv import Batches
from aztui.ingest.columns import ParseContext
from aztui.ingest.decode import TextBlocks
from aztui.ingest.progress import Progress
from aztui.ingest.values import BadValue

_VECTORISED = {"order_id": identifiers, "purchase_date": utc_instants}
_PRICES = ("item_price", "shipping_price")
_INSTANTS = ("purchase_date", "last_updated")
_CANCELLED = "item_cancelled"
_FIRST = ("purchase_date", "marketplace", "status", "fulfillment", "currency")


def report_columns(
    text: TextBlocks,
    header_end: int,
    header_text: str,
    ctx: ParseContext,
    kind: str | None,
    record_types: Collection[str],
    progress: Progress | None = None,
) -> RecordColumns | None:
    """The orders of an all-orders report as batches of columns; None when the header is
    not that report's (or ``kind`` names another), or orders are not wanted."""
    if kind not in (None, ALL_ORDERS.kind) or "order" not in record_types:
        return None
    names = header_text.split("\t")
    positions = ALL_ORDERS.positions(names)
    if positions is None:
        return None
    plan = _Plan(positions, len(names), ctx)
    batches = Batches(plan.convert, text, header_end + 1, b"\t", progress, quotes=False)
    return RecordColumns("order", batches, text.label)


class _Plan:
    def __init__(self, positions: dict[str, int], width: int, ctx: ParseContext) -> None:
        self.width = width
        self.columns = [
            (name, index, next(c for c in ALL_ORDERS.columns if c.name == name))
            for name, index in positions.items()
        ]
        self.parsers = {c.name: c.reader(ctx) for c in ALL_ORDERS.columns}
        hints = typing.get_type_hints(Order)
        self.fields = [f.name for f in dataclasses.fields(Order)]
        self.dtypes = {name: dtype_of(base_type(hints[name])) for name in self.fields}
        self.schema: dict[str, pl.DataType] = {f"c{i}": pl.String() for i in range(width)}
        for name, index, _ in self.columns:
            if name not in _VECTORISED:
                self.schema[f"c{index}"] = pl.Categorical()

    def convert(self, piece: bytes) -> pl.DataFrame:
        if b"\n\n" in piece or piece.startswith(b"\n"):
            raise NotColumnar("a blank line")
        try:
            frame = pl.read_csv(
                piece,
                has_header=False,
                separator="\t",
                quote_char=None,
                schema=self.schema,
                empty_string_is_null=False,
                columns=[index for _, index, _ in self.columns],
            )
        except pl.exceptions.PolarsError as exc:
            raise NotColumnar(f"not a plain flat file ({exc})") from None
        if piece.count(b"\t") != frame.height * (self.width - 1):
            raise NotColumnar("a row with more or fewer fields than the header")
        items = {}
        for (name, _, column), series in zip(self.columns, frame.get_columns(), strict=True):
            kind = datetime if name in _INSTANTS else bool if name == _CANCELLED else str
            try:
                items[name] = convert(series, self.parsers[name], kind, _VECTORISED.get(name))
            except BadValue as exc:
                raise NotColumnar(f"a cell of {column.header} {exc}") from None
        return self._orders(pl.DataFrame(items))

    def _orders(self, items: pl.DataFrame) -> pl.DataFrame:
        prices = [p for p in _PRICES if p in items.columns]
        for price in prices:  # the row reader sums Decimals: exact only with two decimals
            distinct = items[price].drop_nulls().unique().to_list()
            if any(Decimal(v).as_tuple().exponent != -2 for v in distinct):
                raise NotColumnar(f"a {price} without two decimals")
        present = [n for n in _FIRST if n in items.columns]
        charged = pl.col(_CANCELLED) != 1 if _CANCELLED in items.columns else pl.lit(True)
        summed = [pl.when(charged).then(pl.col(p).cast(pl.Decimal(38, 2))) for p in prices]
        grouped = items.group_by("order_id", maintain_order=True).agg(
            *[pl.col(n).drop_nulls().first() for n in present],
            *(
                [pl.col("currency").drop_nulls().n_unique().alias("currencies")]
                if "currency" in items.columns
                else []
            ),
            *(
                [
                    pl.concat_list(summed).list.drop_nulls().explode().sum().alias("total"),
                    pl.concat_list(summed).list.drop_nulls().list.len().sum().alias("priced"),
                ]
                if prices
                else []
            ),
        )
        if "currencies" in grouped.columns and (grouped["currencies"] > 1).any():
            raise NotColumnar("two currencies in one order")
        if grouped.height != grouped["order_id"].n_unique():
            raise NotColumnar("an order whose items are apart")
        total = pl.lit(None, pl.String())
        if prices:
            total = pl.when(pl.col("priced") > 0).then(pl.col("total").cast(pl.String()))
        out = {
            name: (
                pl.col(name)
                if name in present or name == "order_id"
                else total
                if name == "order_total"
                else pl.lit(None, self.dtypes[name])
            ).alias(name)
            for name in self.fields
        }
        return grouped.select(*out.values()).sort("order_id")
