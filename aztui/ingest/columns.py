"""The columns of aztui's own files, per kind (formats.md §2), and how a header maps to them.

A header is matched by name (trimmed, case-insensitive), never by position. Each column names
the domain field it fills and how its cells are parsed. Two additions to formats.md: claims
accept ``appeal_info_responded_at`` (docs/rules.md §4 reads it) and shipments accept
``status`` (the normalised tracking status of docs/rules.md §6), so that every field survives
a round trip.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum

from aztui.domain import model
from aztui.domain.marketplaces import MARKETPLACES, Marketplace
from aztui.ingest import values
from aztui.ingest.errors import ImportFailed, ImportProblem, problem
from aztui.ingest.values import Parser


@dataclass(frozen=True, slots=True)
class ParseContext:
    """What parsing needs beyond the cell: the zone of naive times, the default marketplace
    (the file's, when the file does not say)."""

    zone: str
    default_marketplace: str | None = None
    unquote: bool = False
    """aztui CSV: text cells drop the quote ``values.csv_cell`` puts before what a spreadsheet
    would evaluate."""

    @property
    def marketplace(self) -> Marketplace | None:
        """The default marketplace's data (its date order, its decimal separator): how a cell
        that does not say is read; None when aztui does not know it."""
        return MARKETPLACES.get(self.default_marketplace or "")


ParserFactory = Callable[[ParseContext, bool], Parser]


def _ident(ctx: ParseContext, required: bool) -> Parser:
    return values.text(required, values.MAX_ID, unquote=ctx.unquote)


def _words(ctx: ParseContext, required: bool) -> Parser:
    return values.text(required, unquote=ctx.unquote)


def _time(ctx: ParseContext, required: bool) -> Parser:
    return values.timestamp(ctx.zone, required=required)


def _promise(ctx: ParseContext, required: bool) -> Parser:
    return values.memoized(values.timestamp(ctx.zone, end_of_day=True, required=required))


def _flag(ctx: ParseContext, required: bool) -> Parser:
    return values.memoized(values.boolean)


def _money(ctx: ParseContext, required: bool) -> Parser:
    return values.memoized(values.amount)


def _currency(ctx: ParseContext, required: bool) -> Parser:
    return values.memoized(values.code("currency", 3))


def _marketplace(ctx: ParseContext, required: bool) -> Parser:
    parse, default = values.code("marketplace"), ctx.default_marketplace
    return values.memoized(lambda cell: parse(cell) or default)


def _tracking(ctx: ParseContext, required: bool) -> Parser:
    return values.tracking_number(unquote=ctx.unquote)


def _rating(ctx: ParseContext, required: bool) -> Parser:
    return values.memoized(values.rating)


def _choice(enum: type[Enum], what: str) -> ParserFactory:
    return lambda ctx, required: values.memoized(values.enumeration(enum, what, required))


@dataclass(frozen=True, slots=True)
class Column:
    """One column: its CSV name, the field it fills, its parser, whether the header needs it."""

    name: str
    field: str
    factory: ParserFactory
    required: bool = False
    json_name: str = ""
    """The key in JSON Lines: the name, except where it clashes with the object ``type``."""


def _col(
    name: str, factory: ParserFactory, required: bool = False, *, json_name: str | None = None
) -> Column:
    return Column(name, name, factory, required, json_name or name)


@dataclass(frozen=True, slots=True)
class KindSpec:
    """The columns of one kind of file, in export order, and the record they build."""

    kind: str
    record: type[model.Record]
    columns: tuple[Column, ...]
    aliases: Mapping[str, str] = field(default_factory=dict)
    """Other accepted header names: alias → column name."""

    @property
    def record_type(self) -> str:
        return self.record.record_type

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)

    def canonical(self, header_name: str) -> str:
        """A trimmed, lower-cased header name with aliases resolved (unknown names unchanged)."""
        name = header_name.strip().lower()
        return self.aliases.get(name, name)

    def known(self, name: str) -> bool:
        return name in self.by_name()

    def by_name(self) -> dict[str, Column]:
        return {c.name: c for c in self.columns}

    def value_required(self, column: Column) -> bool:
        """Whether a cell must hold a value: the field has no default in the domain model."""
        return _has_no_default(self.record, column.field)

    def parsers(self, ctx: ParseContext) -> dict[str, Parser]:
        """One parser per column, by column name."""
        return {c.name: c.factory(ctx, self.value_required(c)) for c in self.columns}


def _has_no_default(record: type[model.Record], name: str) -> bool:
    f = next(f for f in dataclasses.fields(record) if f.name == name)
    return f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING


M = model
SPECS: tuple[KindSpec, ...] = (
    KindSpec(
        "orders",
        M.Order,
        (
            _col("order_id", _ident, True),
            _col("purchase_date", _time, True),
            _col("marketplace", _marketplace),
            _col("status", _choice(M.OrderStatus, "order status")),
            _col("fulfillment", _choice(M.Fulfillment, "fulfillment channel")),
            _col("order_total", _money),
            _col("currency", _currency),
            _col("latest_ship_date", _promise),
            _col("latest_delivery_date", _promise),
            _col("is_prime", _flag),
            _col("cancelled_at", _time),
            _col("cancelled_by", _choice(M.CancelledBy, "cancelled_by")),
            _col("buyer_requested_cancel", _flag),
            _col("out_of_stock", _flag),
            _col("verge_of_late_shipment", _flag),
            _col("verge_of_cancellation", _flag),
        ),
    ),
    KindSpec(
        "shipments",
        M.Shipment,
        (
            _col("order_id", _ident, True),
            _col("confirmed_at", _time, True),
            _col("carrier", _words),
            _col("tracking_number", _tracking),
            _col("service", _words),
            _col("buy_shipping", _flag),
            _col("claims_protected", _flag),
            _col("signature", _flag),
            _col("first_scan_at", _time),
            _col("delivered_at", _time),
            _col("status", _choice(M.TrackingStatus, "tracking status")),
            _col("carrier_status", _words),
            _col("last_event_at", _time),
            _col("proof_of_delivery", _words),
        ),
    ),
    KindSpec(
        "returns",
        M.ReturnRequest,
        (
            _col("return_id", _ident, True),
            _col("order_id", _ident, True),
            _col("requested_at", _time, True),
            _col("in_policy", _flag),
            _col("status", _choice(M.ReturnStatus, "return status")),
            _col("acted_at", _time),
            _col("rejection_valid", _flag),
        ),
    ),
    KindSpec(
        "claims",
        M.Claim,
        (
            _col("claim_id", _ident, True),
            _col("order_id", _ident, True),
            _col("type", _choice(M.ClaimType, "claim type"), True, json_name="claim_type"),
            _col("filed_at", _time, True),
            _col("amount", _money),
            _col("currency", _currency),
            _col("response_requested_at", _time),
            _col("responded_at", _time),
            _col("decided_at", _time),
            _col("decision", _choice(M.Decision, "decision")),
            _col("funded_by", _choice(M.FundedBy, "funded_by")),
            _col("counts_in_odr", _choice(M.CountsInOdr, "counts_in_odr")),
            _col("appeal_filed_at", _time),
            _col("appeal_info_requested_at", _time),
            _col("appeal_info_responded_at", _time),
            _col("appeal_decided_at", _time),
            _col("appeal_outcome", _choice(M.AppealOutcome, "appeal outcome")),
        ),
        aliases={"claim_type": "type"},
    ),
    KindSpec(
        "messages",
        M.BuyerMessage,
        (
            _col("message_id", _ident, True),
            _col("received_at", _time, True),
            _col("order_id", _ident),
            _col("answered_at", _time),
            _col("no_response_needed", _flag),
        ),
    ),
    KindSpec(
        "feedback",
        M.Feedback,
        (
            _col("order_id", _ident, True),
            _col("date", _time, True),
            _col("rating", _rating, True),
            _col("removed", _flag),
        ),
    ),
    KindSpec(
        "chargebacks",
        M.Chargeback,
        (
            _col("order_id", _ident, True),
            _col("date", _time, True),
            _col("kind", _choice(M.ChargebackKind, "chargeback kind")),
        ),
    ),
)
SPEC_BY_KIND: dict[str, KindSpec] = {s.kind: s for s in SPECS}
SPEC_BY_TYPE: dict[str, KindSpec] = {s.record_type: s for s in SPECS}
SPEC_BY_RECORD: dict[type[model.Record], KindSpec] = {s.record: s for s in SPECS}


def spec_for(kind: str) -> KindSpec:
    """The spec of a kind, by kind (``orders``) or record type (``order``) name."""
    name = kind.strip().lower()
    found = SPEC_BY_KIND.get(name) or SPEC_BY_TYPE.get(name)
    if found is None:
        raise ValueError(f"unknown kind {kind!r} (expected one of {', '.join(SPEC_BY_KIND)})")
    return found


@dataclass(frozen=True, slots=True)
class HeaderMap:
    """A header matched to a kind: where each of its columns is in a row."""

    spec: KindSpec
    positions: dict[str, int]
    """Column name → index in the row. Columns with an empty header name are ignored."""
    width: int


def match_header(
    names: Sequence[str], *, file: str, line: int, kind: str | None = None
) -> HeaderMap:
    """Recognise the kind of file from its header (or check it against ``kind``).

    ``ImportFailed`` lists every unknown, duplicated or missing column.
    """
    spec = spec_for(kind) if kind else _detect(names, file, line)
    problems: list[ImportProblem] = []
    positions: dict[str, int] = {}
    known = spec.by_name()
    for index, raw in enumerate(names):
        name = spec.canonical(raw)
        if not name:
            continue
        if name not in known:
            problems.append(ImportProblem(file, line, raw.strip(), None, _unknown(spec, name)))
        elif name in positions:
            problems.append(
                ImportProblem(
                    file,
                    line,
                    name,
                    None,
                    problem("column_twice", first=positions[name] + 1, second=index + 1),
                )
            )
        else:
            positions[name] = index
    for name in spec.required:
        if name not in positions:
            problems.append(
                ImportProblem(file, line, name, None, problem("column_missing", kind=spec.kind))
            )
    if problems:
        raise ImportFailed(problems)
    return HeaderMap(spec, positions, len(names))


def _unknown(spec: KindSpec, name: str) -> str:
    close = difflib.get_close_matches(name, [c.name for c in spec.columns], n=1, cutoff=0.6)
    if not close:
        every = {c.name for s in SPECS for c in s.columns}
        close = difflib.get_close_matches(name, sorted(every), n=1, cutoff=0.6)
    if close:
        return problem("column_unknown_close", kind=spec.kind, close=close[0])
    known = ", ".join(c.name for c in spec.columns)
    return problem("column_unknown", kind=spec.kind, known=known)


def _detect(names: Sequence[str], file: str, line: int) -> KindSpec:
    exact = []
    scored: list[tuple[int, int, KindSpec]] = []
    for spec in SPECS:
        header = {spec.canonical(n) for n in names} - {""}
        missing = set(spec.required) - header
        unknown = {n for n in header if not spec.known(n)}
        if not missing and not unknown:
            exact.append(spec)
        near = sum(
            1
            for n in header
            if spec.known(n)
            or difflib.get_close_matches(n, [c.name for c in spec.columns], n=1, cutoff=0.8)
        )
        scored.append((near, -len(missing), spec))
    if len(exact) == 1:
        return exact[0]
    if len(exact) > 1:
        kinds = ", ".join(s.kind for s in exact)
        raise ImportFailed(
            [
                ImportProblem(
                    file,
                    line,
                    None,
                    None,
                    problem("header_several_kinds", kinds=kinds),
                )
            ]
        )
    best = max(scored, key=lambda s: (s[0], s[1]))
    if best[0] == 0:
        examples = "; ".join(f"{s.kind}: {','.join(s.required)}" for s in SPECS)
        raise ImportFailed(
            [
                ImportProblem(
                    file,
                    line,
                    None,
                    None,
                    problem("header_no_column", examples=examples),
                )
            ]
        )
    return best[2]
