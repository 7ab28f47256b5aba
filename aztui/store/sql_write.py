"""The write path shared by the SQL stores: upsert records, derive their bundles again, store
what is derived.

Two paths, same results: into an empty store the records and their derived columns go in with
one insert each, the secondary indexes rebuilt afterwards when the load is large (the
staging path of CONTRIBUTING.md); otherwise records are merged field by field into what the
store holds and the touched bundles are loaded back and derived again. Both run inside the
caller's transaction. A large file read on columns takes ``sql_merge`` instead, set-based.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

import aiosqlite

from aztui.domain.engine import Derivation, Engine
from aztui.domain.lifecycle import claim_problems
from aztui.domain.model import Claim, Order, OrderBundle, Record, ReturnRequest
from aztui.domain.standins import fold
from aztui.store import sql_faults
from aztui.store.bundles import (
    MESSAGE_DERIVED,
    MESSAGE_PREFIX,
    ORDER_DERIVED,
    RETURN_DERIVED,
    SHIPMENT_DERIVED,
    bundle_key,
    deadline_rows,
    dedupe,
    fact_rows,
    group_bundles,
    message_columns,
    order_columns,
    return_columns,
    risk_rows,
    shipment_columns,
)
from aztui.store.codec import CODECS, Codec
from aztui.store.protocol import FieldChange, RecordChanged, RecordConflict, WriteResult
from aztui.store.schema import SECONDARY_INDEXES, index_name

CHUNK = 20_000
BULK_THRESHOLD = 50_000
DERIVED_COLUMNS = {
    "order": ORDER_DERIVED,
    "shipment": SHIPMENT_DERIVED,
    "return": RETURN_DERIVED,
    "message": MESSAGE_DERIVED,
}
DERIVED_TABLES = ("deadlines", "risks", "metric_facts")
KEYS_TABLE = "CREATE TEMP TABLE IF NOT EXISTS bundle_keys (key TEXT PRIMARY KEY)"


def _chunks(items: Sequence[Any], size: int = CHUNK) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _insert_sql(codec: Codec, derived: Sequence[str] = ()) -> str:
    columns = (*codec.columns, *derived)
    return (
        f"INSERT INTO {codec.table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    )


def merge_updates(codec: Codec) -> str:
    """The ``DO UPDATE SET`` of an upsert: each field the new row has wins, field by field."""
    others = [c for c in codec.columns if c not in codec.key]
    return ", ".join(f"{c} = coalesce(excluded.{c}, {codec.table}.{c})" for c in others)


def _upsert_sql(codec: Codec, derived: Sequence[str] = ()) -> str:
    columns = (*codec.columns, *derived)
    return (
        f"INSERT INTO {codec.table} ({', '.join(columns)}) "
        f"VALUES ({', '.join('?' * len(columns))}) "
        f"ON CONFLICT ({', '.join(codec.key)}) DO UPDATE SET {merge_updates(codec)}"
    )


def _record_rows(bundle: OrderBundle, d: Derivation) -> Iterable[tuple[str, tuple]]:
    """Each record of a bundle as (type, row with its derived columns appended)."""
    if bundle.order is not None:
        order_derived = order_columns(d)
        assert order_derived is not None  # an order's facts are derived whenever it is there
        yield "order", CODECS["order"].encode(bundle.order) + order_derived
    if bundle.shipments:
        shipment_derived = shipment_columns(d)
        for s in bundle.shipments:
            yield "shipment", CODECS["shipment"].encode(s) + shipment_derived[s.key]
    if bundle.returns:
        return_derived = return_columns(d)
        for r in bundle.returns:
            yield "return", CODECS["return"].encode(r) + return_derived[r.return_id]
    if bundle.messages:
        message_derived = message_columns(d)
        for m in bundle.messages:
            yield "message", CODECS["message"].encode(m) + message_derived[m.message_id]
    for name in ("claims", "feedback", "chargebacks"):
        for record in getattr(bundle, name):
            yield record.record_type, CODECS[record.record_type].encode(record)


ANY_RECORD = " UNION ALL ".join(
    f"SELECT 1 FROM (SELECT 1 FROM {c.table} LIMIT 1) AS one" for c in CODECS.values()
)
"""One row per record table that holds a record: none in an empty store."""


async def is_empty(db: aiosqlite.Connection) -> bool:
    """Whether the store holds no record at all."""
    return await (await db.execute(ANY_RECORD)).fetchone() is None


class BundleWriter:
    def __init__(self, db: aiosqlite.Connection, engine: Engine) -> None:
        self.db = db
        self.engine = engine
        self.faults_met: set[tuple[str, str, str]] = set()

    async def write(
        self,
        records: Sequence[Record],
        *,
        source: str = "",
        remove: Sequence[Record] = (),
        expected: Sequence[Record] = (),
        absent: Sequence[Record] = (),
        logged: bool = True,
    ) -> WriteResult:
        """Records merged into the store and their bundles derived again; ``logged``: the
        import kept in ``imports`` (a caller writing a file in batches logs it once)."""
        for seen in expected:
            await self._check_unchanged(seen)
        for new in absent:
            await self._check_unchanged(new, absent=True)
        records, folded = await self._fold_standins(dedupe(records))
        remove = [*remove, *folded]
        records = dedupe(records)
        by_type: dict[str, list[Record]] = defaultdict(list)
        for record in records:
            by_type[record.record_type].append(record)
        if await is_empty(self.db):
            bundles = await self._write_fresh(by_type, bulk=len(records) >= BULK_THRESHOLD)
        else:
            bundles = await self._write_merged(by_type, remove)
        written = {t: len(v) for t, v in by_type.items()}
        if logged:
            await self.log_import(source, written)
        return WriteResult(written, bundles)

    async def log_import(self, source: str, written: dict[str, int]) -> None:
        """What an import wrote, per record type, kept in ``imports``."""
        for record_type, count in written.items():
            await self.db.execute(
                "INSERT INTO imports (at, source, kind, records) VALUES (?, ?, ?, ?)",
                (int(time.time()), source, record_type, count),
            )

    async def _fold_standins(
        self, records: Sequence[Record]
    ) -> tuple[Sequence[Record], list[Record]]:
        """Claims and returns read from e-mail without their id merged with the real ones
        (``aztui.domain.standins``)."""
        orders = {r.order_id for r in records if isinstance(r, Claim | ReturnRequest)}
        if not orders:
            return records, []
        if await is_empty(self.db):
            return fold(records, ())
        bundles = await self.load_bundles(sorted(orders))
        held = [r for b in bundles.values() for r in (*b.claims, *b.returns)]
        return fold(records, held)

    async def _check_unchanged(self, seen: Record, *, absent: bool = False) -> None:
        """Raise ``RecordChanged`` if the store holds other values for ``seen`` than it has
        (with ``absent``: if it holds the record at all)."""
        codec = CODECS[seen.record_type]
        row = await (
            await self.db.execute(
                f"SELECT {codec.select} FROM {codec.table} WHERE {codec.where_key}",
                codec.encode_key(seen),
            )
        ).fetchone()
        stored = None if row is None else codec.decode(row)
        if (stored is None) if absent else (stored == seen):
            return
        changes = [
            FieldChange(name, None if absent else getattr(seen, name), getattr(stored, name, None))
            for name in codec.columns
            if (None if absent else getattr(seen, name)) != getattr(stored, name, None)
        ]
        raise RecordChanged(seen.record_type, seen.key, changes, stored)

    # -- into an empty store ----------------------------------------------------------------

    async def _write_fresh(self, by_type: dict[str, list[Record]], *, bulk: bool) -> int:
        if bulk:
            for statement in SECONDARY_INDEXES:
                await self.db.execute(f"DROP INDEX IF EXISTS {index_name(statement)}")
        bundles = group_bundles(r for items in by_type.values() for r in items)
        self._check(bundles.values(), {c.key for c in by_type.get("claim", ())})
        sql = {t: _insert_sql(c, DERIVED_COLUMNS.get(t, ())) for t, c in CODECS.items()}
        for chunk in _chunks(list(bundles.values())):
            derivations = self.engine.derive_many(chunk)
            await self._keep_faults()
            rows: dict[str, list[tuple]] = defaultdict(list)
            for bundle, derivation in zip(chunk, derivations, strict=True):
                for record_type, row in _record_rows(bundle, derivation):
                    rows[record_type].append(row)
            for record_type, items in rows.items():
                await self.db.executemany(sql[record_type], items)
            await self._insert_derived(derivations)
        if bulk:
            for statement in SECONDARY_INDEXES:
                await self.db.execute(statement)
        return len(bundles)

    # -- into a store that holds data -------------------------------------------------------

    async def _write_merged(
        self, by_type: dict[str, list[Record]], remove: Sequence[Record] = ()
    ) -> int:
        keys = {bundle_key(r) for items in (*by_type.values(), remove) for r in items}
        keys |= await self._previous_bundles(by_type)
        for record in remove:
            codec = CODECS[record.record_type]
            await self.db.execute(
                f"DELETE FROM {codec.table} WHERE {codec.where_key}", codec.encode_key(record)
            )
        for record_type, items in by_type.items():
            codec = CODECS[record_type]
            await self.db.executemany(_upsert_sql(codec), [codec.encode(r) for r in items])
        claim_ids = {c.key for c in by_type.get("claim", ())}
        ordered = sorted(keys)
        for chunk in _chunks(ordered):
            bundles = await self.load_bundles(chunk)
            self._check(bundles.values(), claim_ids)
            await self._replace(list(bundles.values()))
        return len(ordered)

    async def _previous_bundles(self, by_type: dict[str, list[Record]]) -> set[str]:
        """Bundles the records belonged to before this write (their order_id may change)."""
        keys: set[str] = set()
        for record_type, id_column in (
            ("return", "return_id"),
            ("claim", "claim_id"),
            ("message", "message_id"),
        ):
            ids = [r.key[0] for r in by_type.get(record_type, ())]
            table = CODECS[record_type].table
            for chunk in _chunks(ids, 900):
                rows = await self.db.execute_fetchall(
                    f"SELECT order_id, {id_column} FROM {table} WHERE {id_column} IN "
                    f"({', '.join('?' * len(chunk))})",
                    list(chunk),
                )
                keys.update(oid or MESSAGE_PREFIX + ident for oid, ident in rows)
        return keys

    def _check(self, bundles: Iterable[OrderBundle], wanted: set[tuple]) -> None:
        """Refuse the written claims (keys in ``wanted``) that, merged with what the store
        holds, break the lifecycle (docs/rules.md §3)."""
        if not wanted:
            return
        problems = [
            ("claim", claim.key, field, reason)
            for bundle in bundles
            for claim in bundle.claims
            if claim.key in wanted
            for field, reason in claim_problems(claim)
        ]
        if problems:
            raise RecordConflict(problems)

    async def _keep_faults(self) -> None:
        """The plugin faults of a derivation, kept with what was derived without them."""
        faults = self.engine.take_faults()
        self.faults_met.update(f.key for f in faults)
        await sql_faults.keep(self.db, faults)

    async def _replace(self, bundles: list[OrderBundle]) -> None:
        derivations = self.engine.derive_many(bundles)
        await self._keep_faults()
        for table in DERIVED_TABLES:
            await self.db.execute(
                f"DELETE FROM {table} WHERE bundle IN (SELECT key FROM bundle_keys)"
            )
        await self._insert_derived(derivations)
        await self._update_columns(derivations)

    async def _insert_derived(self, derivations: Sequence[Derivation]) -> None:
        await self.db.executemany(
            "INSERT INTO deadlines VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            deadline_rows(derivations),
        )
        await self.db.executemany(
            "INSERT INTO risks VALUES (?, ?, ?, ?, ?, ?, ?)", risk_rows(derivations)
        )
        await self.db.executemany(
            "INSERT INTO metric_facts VALUES (?, ?, ?, ?, ?, ?)", fact_rows(derivations)
        )

    async def _update_columns(self, derivations: Sequence[Derivation]) -> None:
        def sets(columns: Sequence[str]) -> str:
            return ", ".join(f"{c} = ?" for c in columns)

        orders, shipments, returns, messages = [], [], [], []
        for d in derivations:
            if (cols := order_columns(d)) is not None:
                orders.append((*cols, d.order_id))
            shipments += [(*cols, *key) for key, cols in shipment_columns(d).items()]
            returns += [(*cols, key) for key, cols in return_columns(d).items()]
            messages += [(*cols, key) for key, cols in message_columns(d).items()]
        await self.db.executemany(
            f"UPDATE orders SET {sets(ORDER_DERIVED)} WHERE order_id = ?", orders
        )
        await self.db.executemany(
            f"UPDATE shipments SET {sets(SHIPMENT_DERIVED)} "
            "WHERE order_id = ? AND tracking_number = ?",
            shipments,
        )
        await self.db.executemany(
            f"UPDATE returns SET {sets(RETURN_DERIVED)} WHERE return_id = ?", returns
        )
        await self.db.executemany(
            f"UPDATE messages SET {sets(MESSAGE_DERIVED)} WHERE message_id = ?", messages
        )

    # -- loading bundles --------------------------------------------------------------------

    async def load_bundles(self, keys: Sequence[str]) -> dict[str, OrderBundle]:
        """The bundles of ``keys`` as the store holds them; also fills the temporary
        ``bundle_keys``."""
        await self.db.execute(KEYS_TABLE)
        await self.db.execute("DELETE FROM bundle_keys")
        await self.db.executemany(
            "INSERT INTO bundle_keys VALUES (?) ON CONFLICT DO NOTHING", [(k,) for k in keys]
        )
        in_keys = "IN (SELECT key FROM bundle_keys)"
        related: dict[str, list[Record]] = {k: [] for k in keys}
        orders: dict[str, Order] = {}
        for codec in CODECS.values():
            sql = f"SELECT {codec.select} FROM {codec.table} WHERE order_id {in_keys}"
            at = codec.columns.index("order_id")  # every record type has one
            for row in await self.db.execute_fetchall(sql):
                record = codec.decode(row)
                if isinstance(record, Order):
                    orders[record.order_id] = record
                else:
                    related[row[at]].append(record)
        messages = CODECS["message"]
        sql = (
            f"SELECT {messages.select} FROM messages WHERE order_id IS NULL AND "
            f"message_id IN (SELECT substr(key, {len(MESSAGE_PREFIX) + 1}) "
            f"FROM bundle_keys WHERE key >= '{MESSAGE_PREFIX}' "
            f"AND key < '{MESSAGE_PREFIX[:-1]};')"
        )
        for row in await self.db.execute_fetchall(sql):
            record = messages.decode(row)
            related[bundle_key(record)].append(record)
        return {key: OrderBundle.of(key, orders.get(key), items) for key, items in related.items()}

    async def derive_again(self, keys: Sequence[str]) -> None:
        """Derive the bundles of ``keys`` again, a chunk at a time."""
        for chunk in _chunks(keys):
            bundles = await self.load_bundles(chunk)
            await self._replace(list(bundles.values()))

    async def rederive_all(self) -> int:
        """Derive every bundle again; then clear the faults this complete derivation shows
        fixed (``sql_faults.settle``)."""
        rows = await self.db.execute_fetchall(
            " UNION ".join(
                f"SELECT order_id FROM {c.table} WHERE order_id IS NOT NULL"
                for c in CODECS.values()
            )
            + f" UNION SELECT '{MESSAGE_PREFIX}' || message_id FROM messages "
            "WHERE order_id IS NULL"
        )
        keys = sorted(r[0] for r in rows)
        await self.derive_again(keys)
        await sql_faults.settle(self.db, self.engine, self.faults_met)
        return len(keys)
