"""The bundles a merge derives on columns (``aztui.store.sql_derive``) hold what the row path
gives them: stores whose every bundle has its order, files of shipments, claims and orders
that touch them, on each backend (``test_merge_property`` compares every record type, here
the daily files are made to reach the columnar rules)."""

from __future__ import annotations

import asyncio
import dataclasses
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aztui.domain.engine import Engine
from aztui.domain.model import Claim, ClaimType, Order, Record, Shipment
from aztui.domain.policy import Policy
from aztui.ingest.bulk_csv import read_columns
from aztui.store.sql_write import BundleWriter
from tests.store.test_merge_property import (
    ORDERS,
    both_ways,
    contents,
    engine_of,
    plain,
    postgres_opener,
    sqlite_store,
    unique,
    write_file,
)

DAILY = (Shipment, Claim, Order)


def order_of(order_id: str) -> st.SearchStrategy[Record]:
    return plain(Order).map(lambda o: dataclasses.replace(o, order_id=order_id))


history = st.tuples(
    st.tuples(*(order_of(i) for i in ORDERS)),
    st.lists(st.sampled_from([Shipment, Claim]).flatmap(plain), max_size=12),
).map(lambda held: [*held[0], *held[1]])
"""One order of each id, then shipments and claims: every bundle holds its order."""
files = st.sampled_from(DAILY).flatmap(
    lambda cls: st.lists(plain(cls), min_size=1, max_size=12).map(unique)
)


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(held=history, file=files)
def test_daily_files_merged_on_columns_give_the_row_paths_store_on_sqlite(held, file):
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        path = write_file(work, file)

        def opener(e: Engine, way: str) -> Any:
            return sqlite_store(work, e, way)

        asyncio.run(both_ways(opener, engine_of("builtin"), held, path))


@settings(
    max_examples=25,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(held=history, file=files)
def test_daily_files_merged_on_columns_give_the_row_paths_store_on_postgres(
    held, file, postgres_url
):
    with tempfile.TemporaryDirectory() as folder:
        path = write_file(Path(folder), file)
        asyncio.run(both_ways(postgres_opener(postgres_url), engine_of("builtin"), held, path))


def test_a_file_of_shipments_is_derived_on_columns(tmp_path, monkeypatch):
    """Shipments and claims of stored orders reach the engine for no bundle at all."""
    engined: list[str] = []
    real = BundleWriter.derive_again

    async def spy(self: BundleWriter, keys: Any) -> None:
        engined.extend(keys)
        await real(self, keys)

    monkeypatch.setattr(BundleWriter, "derive_again", spy)
    t = datetime(2026, 11, 2, 9, tzinfo=UTC)
    held = [Order(i, t, latest_ship_date=t, latest_delivery_date=t) for i in ORDERS]
    shipments = [Shipment(i, "T1", confirmed_at=t) for i in ORDERS[:3]]
    claims = [Claim("C1", ORDERS[0], ClaimType.NOT_RECEIVED, t, response_requested_at=t)]

    async def scenario() -> dict[str, list[tuple]]:
        async with sqlite_store(tmp_path, engine_of("builtin"), "merge") as store:
            await store.write(held, source="history")
            for records in (shipments, claims):
                path = write_file(tmp_path, records)
                columns = read_columns(
                    path,
                    marketplace_zone="Europe/Paris",
                    default_marketplace="FR",
                    record_types=await store.merge_types(),
                )
                assert columns is not None
                result = await store.merge_load(columns)
                assert result is not None and result.bundles == len(records)
            return await contents(store)

    tables = asyncio.run(scenario())
    assert engined == []
    assert len(tables["deadlines"]) == len(ORDERS) + 1  # each ship confirmation, the claim's
    assert {row[1] for row in tables["risks"]} == {
        "unprotected_shipping",
        "no_tracking",
        "inr_exposure",
    }


def test_a_policy_that_changes_over_time_leaves_shipments_to_the_engine(tmp_path):
    """The columnar rules read each policy value once: when one changes over time, bundles
    with shipments are the engine's, and the store is still the row path's."""
    changing = Policy("FR", {"claim_response.days": {"value": 5, "valid_from": date(2026, 1, 1)}})
    engine = Engine(changing)
    t = datetime(2026, 11, 2, 9, tzinfo=UTC)
    held = [Order(i, t, latest_ship_date=t, latest_delivery_date=t) for i in ORDERS]
    path = write_file(tmp_path, [Shipment(i, "T1", confirmed_at=t) for i in ORDERS[:3]])

    def opener(e: Engine, way: str) -> Any:
        return sqlite_store(tmp_path, e, way)

    asyncio.run(both_ways(opener, engine, held, path))


def test_the_sqlite_store_stages_on_file_not_in_memory(tmp_path):
    """A merge's staging (every key of the file, the bundles it touches) goes to temporary
    files, not the process's memory: a large refused file stays under its memory bound
    (``bench/run.py`` rows (8) and (8b))."""

    async def scenario() -> int:
        async with sqlite_store(tmp_path, engine_of("builtin"), "file") as store:
            row = await (await store.db.execute("PRAGMA temp_store")).fetchone()
        return row[0]

    assert asyncio.run(scenario()) == 1  # FILE
