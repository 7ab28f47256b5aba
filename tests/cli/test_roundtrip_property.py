"""Property: export, then import into an empty store, reproduces ``check --json`` exactly."""

from __future__ import annotations

import asyncio
import dataclasses
import io
import json
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aztui.config import load_config
from aztui.domain.model import (
    BuyerMessage,
    Chargeback,
    Feedback,
    Order,
    ReturnRequest,
    Shipment,
)
from aztui.service import Service
from tests.ingest.strategies import claims, simple_records, unique_by_key

NOW = datetime(2026, 11, 26, 9, tzinfo=UTC)
ORDER_IDS = [f"402-000000{n}-1234567" for n in range(5)]
near_now = st.integers(-120 * 86400, 20 * 86400).map(lambda s: NOW + timedelta(seconds=s))


def related(cls):
    """Records of ``cls`` tied to a small pool of orders and dated around NOW, to the second."""

    def place(record):
        changes = {"order_id": st.sampled_from(ORDER_IDS)} if hasattr(record, "order_id") else {}
        for field in dataclasses.fields(record):
            if isinstance(getattr(record, field.name), datetime):
                changes[field.name] = near_now
        return st.fixed_dictionaries(changes).map(lambda c: dataclasses.replace(record, **c))

    return simple_records(cls).flatmap(place)


def dated_claims():
    """Consistent claims moved so that they were filed around NOW, on a pool order."""

    def place(claim):
        shift = NOW - timedelta(days=30) - claim.filed_at
        changes = {
            f.name: (getattr(claim, f.name) + shift).replace(microsecond=0)
            for f in dataclasses.fields(claim)
            if isinstance(getattr(claim, f.name), datetime)
        }
        return st.sampled_from(ORDER_IDS).map(
            lambda oid: dataclasses.replace(claim, order_id=oid, **changes)
        )

    return claims().flatmap(place)


stores = st.lists(
    st.one_of(
        related(Order),
        related(Shipment),
        related(ReturnRequest),
        dated_claims(),
        related(BuyerMessage),
        related(Feedback),
        related(Chargeback),
    ),
    max_size=25,
).map(unique_by_key)


async def check_json(service: Service) -> dict:
    return (await service.check(NOW, include_done=True)).to_json()


async def round_trip(records, work: Path) -> tuple[dict, dict]:
    def config(name: str):
        return load_config(
            cwd=work, user_config_path=work / "none.toml", cli_overrides={"db": str(work / name)}
        )

    async with Service(config("a.db")) as first:
        await first.write(records)
        expected = await check_json(first)
        stream = io.StringIO()
        await first.export("jsonl", stream)
    exported = work / "export.jsonl"
    exported.write_text(stream.getvalue(), encoding="utf-8")
    async with Service(config("b.db")) as second:
        if stream.getvalue():
            await second.import_file(exported)
        return expected, await check_json(second)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(stores)
def test_export_then_import_reproduces_check(records):
    with tempfile.TemporaryDirectory() as tmp:
        expected, actual = asyncio.run(round_trip(records, Path(tmp)))
    assert json.dumps(actual, sort_keys=True) == json.dumps(expected, sort_keys=True)
