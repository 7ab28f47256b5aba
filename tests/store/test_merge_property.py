"""The set-based path (``aztui.store.sql_merge``) gives the store the row path gives: random
stores, random files of every record type, each written both ways on each backend, and every
table compared; a file merged twice touches nothing the second time."""

from __future__ import annotations

import asyncio
import dataclasses
import tempfile
import typing
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, ClassVar

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aztui.domain.engine import Engine, Registered
from aztui.domain.model import (
    RECORD_TYPES,
    BuyerMessage,
    Chargeback,
    Claim,
    Feedback,
    Order,
    Record,
    ReturnRequest,
    Shipment,
)
from aztui.domain.policy import Policy, PolicyValue
from aztui.ingest import read_file
from aztui.ingest.bulk_csv import read_columns
from aztui.ingest.export import write_csv
from aztui.store.protocol import RecordConflict
from aztui.store.schema import TABLES
from aztui.store.sql import SQLStore
from aztui.store.sqlite import SQLiteStore
from tests.ingest.strategies import _for, claims, instants

ORDERS = [f"402-{n}" for n in range(6)]
WORDS = st.sampled_from(["UPS", "Colissimo", "DHL", "express", "standard"])
SECONDS = instants.map(lambda t: t.replace(microsecond=0))
DAYS = st.sampled_from([datetime(2026, 11, d, 9, tzinfo=UTC) for d in (2, 3)])
IN_ORDERS = st.sampled_from(ORDERS)
KEYS: dict[type, dict[str, st.SearchStrategy[Any]]] = {
    Order: {"order_id": st.sampled_from(ORDERS)},
    Shipment: {"order_id": st.sampled_from(ORDERS), "tracking_number": st.sampled_from(["", "T1"])},
    ReturnRequest: {
        "return_id": st.sampled_from(["R1", "R2"]),
        "order_id": st.sampled_from(ORDERS),
    },
    BuyerMessage: {
        "message_id": st.sampled_from(["M1", "M2"]),
        "order_id": st.sampled_from(ORDERS) | st.none(),
    },
    Feedback: {"order_id": st.sampled_from(ORDERS), "date": DAYS},
    Chargeback: {"order_id": st.sampled_from(ORDERS), "date": DAYS},
}
"""Few keys, so a file often updates what the store holds and records share bundles."""


def plain(cls: type[Record]) -> st.SearchStrategy[Record]:
    """Records whose text a CSV file holds unquoted, on few keys."""
    if cls is Claim:
        return st.builds(
            lambda c, claim_id, order_id: dataclasses.replace(
                c, claim_id=claim_id, order_id=order_id
            ),
            claims(),
            st.sampled_from(["C1", "C2"]),
            st.sampled_from(ORDERS),
        )
    hints = typing.get_type_hints(cls)
    fields: dict[str, st.SearchStrategy[Any]] = {}
    for f in dataclasses.fields(cls):
        hint = hints[f.name]
        optional = type(None) in typing.get_args(hint)
        base = next((a for a in typing.get_args(hint) if a is not type(None)), hint)
        if f.name in KEYS.get(cls, {}):
            fields[f.name] = KEYS[cls][f.name]
        elif base is datetime:
            fields[f.name] = SECONDS | st.none() if optional else SECONDS
        elif base is str and (cls, f.name) != (Order, "currency"):
            fields[f.name] = WORDS | st.none() if optional else WORDS
        else:
            fields[f.name] = _for(cls, f.name, hint)
    return st.builds(cls, **fields)


def unique(records: list[Record]) -> list[Record]:
    return list({r.key: r for r in records}.values())


history = st.lists(st.sampled_from(RECORD_TYPES).flatmap(plain), max_size=25)
files = st.sampled_from(RECORD_TYPES).flatmap(
    lambda cls: st.lists(plain(cls), min_size=1, max_size=12).map(unique)
)


class Extra:
    """A plugin rule: every bundle is then derived by the engine."""

    id = "extra"
    names: ClassVar[dict[str, str]] = {"fr": "Extra", "en": "Extra"}
    policy_defaults: ClassVar[dict[str, PolicyValue]] = {}

    def derive(self, bundle, policy):
        return []


def engine_of(kind: str) -> Engine:
    builtin = Engine(Policy("FR"))
    if kind == "builtin":
        return builtin
    return Engine(Policy("FR"), [*builtin.rules, Registered("example", Extra())])


async def contents(store: SQLStore) -> dict[str, list[tuple]]:
    """Every table but the clock times and ids of the imports log."""
    out = {}
    for table in TABLES:
        if table in ("imports", "meta", "aztui_writes"):
            continue
        rows = await store.db.execute_fetchall(f"SELECT * FROM {table}")
        out[table] = sorted(map(tuple, rows), key=repr)
    rows = await store.db.execute_fetchall("SELECT source, kind, records FROM imports ORDER BY id")
    out["imports"] = [tuple(r) for r in rows]
    return out


def write_file(folder: Path, records: list[Record]) -> Path:
    path = folder / "file.csv"
    with path.open("w", newline="", encoding="utf-8") as stream:
        write_csv(records[0].record_type, records, stream)
    return path


async def both_ways(
    open_store: Callable[[Engine, str], Any], engine: Engine, held: list[Record], file: Path
) -> None:
    """``held`` written row by row, then ``file`` merged into one store and written row by
    row into the other: the same tables, or the same refusal."""
    outcomes: list[tuple[str, Any]] = []
    for way in ("merge", "rows"):
        async with open_store(engine, way) as store:
            if held:
                try:
                    await store.write(held, source="history")
                except RecordConflict:
                    return  # a history the store refuses: nothing to compare
            read = read_file(file, marketplace_zone="Europe/Paris", default_marketplace="FR")
            merged = None
            if way == "merge":
                columns = read_columns(
                    file,
                    marketplace_zone="Europe/Paris",
                    default_marketplace="FR",
                    record_types=await store.merge_types(),
                )
                assert columns is not None
                merged = await store.merge_load(columns)
            try:
                if merged is None:
                    await store.write(read.records, source=read.file)
            except RecordConflict as exc:
                outcomes.append(("refused", exc.problems))
                continue
            assert (merged is None) == (way == "rows")  # only a conflict takes the row path
            outcomes.append(("written", await contents(store)))
            if way == "merge":
                again = read_columns(
                    file,
                    marketplace_zone="Europe/Paris",
                    default_marketplace="FR",
                    record_types=await store.merge_types(),
                )
                assert again is not None
                before = await contents(store)
                result = await store.merge_load(again)
                assert result is not None and result.bundles == 0
                after = await contents(store)
                assert after.pop("imports")[:-1] == before.pop("imports")
                assert after == before
    assert outcomes[0] == outcomes[1]


@asynccontextmanager
async def sqlite_store(folder: Path, engine: Engine, way: str) -> AsyncIterator[SQLStore]:
    store = SQLiteStore(folder / f"{way}.db", engine)
    await store.open()
    try:
        yield store
    finally:
        await store.close()


def postgres_opener(url: str) -> Callable[[Engine, str], Any]:
    @asynccontextmanager
    async def opened(engine: Engine, way: str) -> AsyncIterator[SQLStore]:
        from aztui_postgres.store import PostgresStore

        store = PostgresStore(url, engine)
        await store.open()
        try:
            await store.writing(
                lambda db: db.execute(
                    "TRUNCATE "
                    + ", ".join(t for t in TABLES if t not in ("meta",))
                    + " RESTART IDENTITY"
                )
            )
            yield store
        finally:
            await store.close()

    return opened


@pytest.mark.parametrize("engine", ["builtin", "plugin"])
@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(held=history, file=files)
def test_merging_gives_the_row_paths_store_on_sqlite(engine, held, file):
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        path = write_file(work, file)

        def opener(e: Engine, way: str) -> Any:
            return sqlite_store(work, e, way)

        asyncio.run(both_ways(opener, engine_of(engine), held, path))


@pytest.mark.parametrize("engine", ["builtin", "plugin"])
@settings(
    max_examples=25,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(held=history, file=files)
def test_merging_gives_the_row_paths_store_on_postgres(engine, held, file, postgres_url):
    with tempfile.TemporaryDirectory() as folder:
        path = write_file(Path(folder), file)
        asyncio.run(both_ways(postgres_opener(postgres_url), engine_of(engine), held, path))
