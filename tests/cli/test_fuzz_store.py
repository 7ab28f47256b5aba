"""A failed import changes nothing: fuzzed files (``tests.ingest.fuzzing``) imported through the
service into a real SQLite store, holding data or empty (then a file takes the bulk path when
the columnar reader takes it), and the store's dump compared before and after.

Whatever the file, ``import_file`` writes it or raises ``ImportFailed``; after a refusal the
dump is the same, line for line. JSON with ``\\u`` escapes of what no value may hold (a lone
surrogate, which the store cannot encode; a NUL) goes all the way to the store, so a value a
reader lets through and the store chokes on fails here.
"""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from aztui import importing
from aztui.config import load_config
from aztui.ingest import ImportFailed
from aztui.service import Service
from tests.ingest.fuzzing import (
    AMAZON_REPORTS,
    AZTUI_CSV,
    HEALTH,
    escaped_health,
    escaped_jsonl,
    mutated_health,
    mutated_jsonl,
    mutated_table,
)
from tests.ingest.test_fuzz_readers import EXAMPLES, HEALTH_BLOCK, JSONL_RECORDS

FAR_CLAIM = b"C1,402-1,other,9999-12-31T23:00Z,9999-12-31T23:00Z\n"
"""A claim whose response deadline would fall after year 9999."""
SURROGATE_ID = b'{"type": "order", "order_id": "402-\\ud800", "purchase_date": "2026-11-20"}\n'
SURROGATE_STATUS = (HEALTH_BLOCK % '{"rate": 1.0, "status": "GOOD\\udc00"}').encode()
"""A lone surrogate (a JSON escape) in an id and in the account-health report's status."""
SEED = ["commandes_fr.csv", "shipments.csv", "claims.csv", "returns.csv", "messages.csv"]


def named(name: str, contents: st.SearchStrategy[bytes]) -> st.SearchStrategy[tuple[str, bytes]]:
    return st.tuples(st.just(name), contents)


files = st.one_of(
    *[named(name, mutated_table(path)) for name, path in {**AZTUI_CSV, **AMAZON_REPORTS}.items()],
    *[named(name, mutated_health(path)) for name, path in HEALTH.items()],
    named("lines.jsonl", mutated_jsonl(JSONL_RECORDS)),
    named("escapes.jsonl", escaped_jsonl(JSONL_RECORDS)),
    *[named(name, escaped_health(path)) for name, path in HEALTH.items()],
    named("bytes.csv", st.binary(max_size=300)),
)


def dump(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        return list(conn.iterdump())


def service_on(work: Path, db: Path) -> Service:
    return Service(
        load_config(cwd=work, user_config_path=work / "none.toml", cli_overrides={"db": str(db)})
    )


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A store holding the fixtures' orders, shipments, claims, returns and messages."""
    work = tmp_path_factory.mktemp("seeded")
    db = work / "store.db"

    async def seed() -> None:
        async with service_on(work, db) as service:
            for name in SEED:
                await service.import_file(AZTUI_CSV[name])

    asyncio.run(seed())
    yield db


async def import_and_compare(work: Path, db: Path, name: str, content: bytes) -> bool:
    """Import ``content`` as file ``name``; True if written, False if refused (and then the
    store's dump must not have changed)."""
    path = work / name
    path.write_bytes(content)
    async with service_on(work, db) as service:
        before = dump(db)
        try:
            await service.import_file(path)
        except ImportFailed as exc:
            assert exc.problems and all(p.file == str(path) for p in exc.problems)
            assert dump(db) == before
            return False
    return True


def run_in_copy(template: Path | None, name: str, content: bytes) -> bool:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        db = work / "store.db"
        if template is not None:
            shutil.copyfile(template, db)
        return asyncio.run(import_and_compare(work, db, name, content))


FUZZ = settings(
    max_examples=max(EXAMPLES // 2, 10),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@FUZZ
@given(files)
@example(("claims.csv", (AZTUI_CSV["claims.csv"]).read_bytes().replace(b"CLM-1,", b"CLM-2,")))
@example(("claims.csv", b"claim_id,order_id,type,filed_at,response_requested_at\n" + FAR_CLAIM))
@example(("health.json", (HEALTH_BLOCK % '{"validTrackingCount": 1' + "0" * 30 + "}").encode()))
@example(("escapes.jsonl", SURROGATE_ID))
@example(("health.json", SURROGATE_STATUS))
def test_a_refused_import_leaves_a_store_with_data_as_it_was(seeded: Path, file) -> None:
    name, content = file
    run_in_copy(seeded, name, content)


@FUZZ
@given(files)
@example(("orders.csv", b"order_id,purchase_date\n402-1,2026-11-20T10:00:00Z\n402-1,2026-11-21\n"))
@example(("escapes.jsonl", SURROGATE_ID))
@example(("health.json", SURROGATE_STATUS))
def test_a_refused_import_leaves_an_empty_store_empty(file) -> None:
    """With the bulk path's threshold at 0, every file it takes goes through it."""
    name, content = file
    with mock.patch.object(importing, "BULK_MIN_BYTES", 0):
        run_in_copy(None, name, content)


def test_the_empty_store_takes_the_bulk_path_for_what_it_can(bulk_loads) -> None:
    """The test above is not vacuous: a file of orders goes through the bulk path there."""
    content = b"order_id,purchase_date,order_total\n402-1,2026-11-20T10:00:00Z,12.50\n"
    with mock.patch.object(importing, "BULK_MIN_BYTES", 0):
        assert run_in_copy(None, "orders.csv", content)
        assert not run_in_copy(None, "orders.csv", content.replace(b"12.50", b"9" * 400))
    assert bulk_loads == [1, 1]  # the second one's batch is handed back, then refused by rows
