"""Records to rows and back: one column per domain field, instants as UTC epoch seconds.

The converters are built once per record type from the dataclass annotations, so encoding a
million rows costs one tuple each.
"""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from enum import Enum
from types import UnionType
from typing import Any

from aztui.domain.model import RECORD_TYPES, Record

Encoder = Callable[[Any], Any]
Decoder = Callable[[Any], Any]

TABLES: dict[str, str] = {
    "order": "orders",
    "shipment": "shipments",
    "return": "returns",
    "claim": "claims",
    "message": "messages",
    "feedback": "feedback",
    "chargeback": "chargebacks",
}


def _base_type(annotation: Any) -> type:
    if isinstance(annotation, UnionType) or typing.get_origin(annotation) is typing.Union:
        return next(a for a in typing.get_args(annotation) if a is not type(None))
    return annotation


def _identity(value: Any) -> Any:
    return value


def _encode_datetime(value: datetime | None) -> int | None:
    return None if value is None else int(value.timestamp())


def _decode_datetime(value: int | None) -> datetime | None:
    return None if value is None else datetime.fromtimestamp(value, UTC)


def _encode_str(value: Any) -> Any:
    return None if value is None else str(value)


def _encode_bool(value: bool | None) -> int | None:
    return None if value is None else int(value)


def _decode_bool(value: int | None) -> bool | None:
    return None if value is None else bool(value)


def _decoder_for(kind: type) -> Decoder:
    if kind is datetime:
        return _decode_datetime
    if kind is bool:
        return _decode_bool
    if kind is Decimal or issubclass(kind, Enum):
        return lambda value: None if value is None else kind(value)
    return _identity


def _encoder_for(kind: type) -> Encoder:
    if kind is datetime:
        return _encode_datetime
    if kind is bool:
        return _encode_bool
    if kind is Decimal or issubclass(kind, Enum):
        return _encode_str
    return _identity


@dataclasses.dataclass(frozen=True)
class Codec:
    """How one record type maps to its table."""

    cls: type[Record]
    table: str
    columns: tuple[str, ...]
    key: tuple[str, ...]
    encoders: tuple[Encoder, ...]
    decoders: tuple[Decoder, ...]
    encode: Callable[[Record], tuple[Any, ...]] = dataclasses.field(repr=False)
    """Record to row: one generated function per type, the hot path of a bulk import."""
    decode: Callable[[typing.Sequence[Any]], Record] = dataclasses.field(repr=False)
    """Row to record, generated likewise: the hot path of deriving stored bundles again."""

    @property
    def select(self) -> str:
        return ", ".join(self.columns)

    def encode_key(self, record: Record) -> tuple[Any, ...]:
        """The key columns' values of ``record``, as stored."""
        row = self.encode(record)
        return tuple(row[self.columns.index(name)] for name in self.key)

    @property
    def where_key(self) -> str:
        return " AND ".join(f"{name} = ?" for name in self.key)


_INLINE: dict[Encoder, str] = {
    _encode_datetime: "None if (v := r.{0}) is None else int(v.timestamp())",
    _encode_str: "None if (v := r.{0}) is None else str(v)",
    _encode_bool: "None if (v := r.{0}) is None else int(v)",
    _identity: "r.{0}",
}


def _compile_encoder(columns: tuple[str, ...], encoders: tuple[Encoder, ...]) -> Callable:
    """``lambda r: (r.a, int(r.b.timestamp()) …)`` with every conversion inlined."""
    parts = [_INLINE[enc].format(col) for col, enc in zip(columns, encoders, strict=True)]
    return eval(f"lambda r: ({', '.join(parts)},)")


def _compile_decoder(cls: type[Record], decoders: tuple[Decoder, ...]) -> Callable:
    """``lambda r: Cls(r[0], d1(r[1]) …)``: no conversion where the value is stored as is."""
    parts = [f"r[{i}]" if d is _identity else f"d{i}(r[{i}])" for i, d in enumerate(decoders)]
    names = {f"d{i}": d for i, d in enumerate(decoders)}
    return eval(f"lambda r: cls({', '.join(parts)})", {"cls": cls, **names})


def _codec(cls: type[Record]) -> Codec:
    hints = typing.get_type_hints(cls)
    fields = tuple(f.name for f in dataclasses.fields(cls))
    kinds = [_base_type(hints[name]) for name in fields]
    encoders = tuple(_encoder_for(k) for k in kinds)
    decoders = tuple(_decoder_for(k) for k in kinds)
    return Codec(
        cls,
        TABLES[cls.record_type],
        fields,
        cls.key_fields,
        encoders,
        decoders,
        _compile_encoder(fields, encoders),
        _compile_decoder(cls, decoders),
    )


CODECS: dict[str, Codec] = {cls.record_type: _codec(cls) for cls in RECORD_TYPES}
