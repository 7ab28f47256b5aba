"""``aztui migrate``: a whole store copied from SQLite to PostgreSQL and back, every table
identical, counts checked; a target holding anything is refused unless told."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

from aztui.cli.main import main
from aztui.config import load_config
from aztui.demo import demo_records
from aztui.domain.alerts import Alert, Severity
from aztui.domain.health import AmazonFigure, Part
from aztui.domain.model import Shipment, TrackingStatus
from aztui.domain.tracking import ParcelEvent, TrackingCheck, TrackingEvent
from aztui.service import Service
from aztui.store.schema import TABLES
from tests.stores import make_empty_store

NOW = datetime(2026, 11, 26, 9, tzinfo=UTC)
H = timedelta(hours=1)


async def fill(db: str) -> None:
    """Something in every table: records and what they derive, carrier facts, the outbox,
    a snooze, Amazon's figures, the service's bookkeeping."""
    async with Service(load_config(cli_overrides={"db": db})) as service:
        records = demo_records(NOW, seed=7)
        await service.write(records, source="demo")
        store = service.store
        parcel = next(r for r in records if isinstance(r, Shipment) and r.tracking_number)
        scan = TrackingEvent(
            NOW - 2 * H, TrackingStatus.IN_TRANSIT, "PCH", "Pris en charge", "LYON 69 FR"
        )
        await store.write_tracking(
            [],
            [ParcelEvent(parcel.order_id, parcel.tracking_number, scan)],
            [TrackingCheck(parcel.order_id, parcel.tracking_number, "laposte", NOW - H)],
        )
        alert = Alert(
            "deadline:claim_response:AZ-1:6h",
            "deadline_window",
            Severity.WARNING,
            "AZ-1 : 6 h",
            "Répondre à la réclamation",
            NOW - H,
            rule="claim_response",
        )
        await store.enqueue_alerts([(alert, "ops", NOW - H), (alert, "mail", NOW)])
        await store.record_delivery(alert.id, "ops", sent_at=NOW - H / 2)
        await store.snooze("402-0000001-0000000", NOW + 4 * H)
        await store.write_amazon_figures(
            [
                AmazonFigure(
                    "FR",
                    "order_defect_rate",
                    NOW,
                    NOW - 60 * 24 * H,
                    0.004,
                    2,
                    500,
                    0.01,
                    "LESS_THAN",
                    "GOOD",
                    numerator_derived=True,
                    parts=(Part("claims", 1, "none"), Part("chargebacks", 0, None)),
                ),
                AmazonFigure("FR", "account_health_rating", NOW, status="great", score=428),
            ],
            NOW,
        )


async def in_target(db: str, do):
    async with Service(load_config(cli_overrides={"db": db})) as service:
        return await do(service.store)


def sqlite_tables(path) -> dict[str, list[tuple]]:
    with sqlite3.connect(path) as db:
        return {t: sorted(db.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in TABLES}


@pytest.fixture
def cli(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("AZTUI_USER_CONFIG", str(tmp_path / "none.toml"))
    monkeypatch.chdir(tmp_path)

    def run(*argv: str) -> tuple[int, str, str]:
        status = main(list(argv))
        out = capsys.readouterr()
        return status, out.out, out.err

    return run


def test_sqlite_to_postgres_and_back_keeps_every_row(postgres_url, tmp_path, cli):
    first = tmp_path / "first.db"
    asyncio.run(fill(str(first)))
    before = sqlite_tables(first)
    empty = [t for t in TABLES if not before[t]]
    assert empty == ["metric_facts", "plugin_faults"]  # only plugin metrics and faults

    status, out, err = cli("migrate", "--from", f"sqlite:///{first}", "--to", postgres_url)
    assert status == 0, err
    assert "le compte de chaque table est vérifié" in out and "orders :" in err
    status, out, err = cli("migrate", "--from", postgres_url, "--to", str(tmp_path / "back.db"))
    assert status == 0, err
    after = sqlite_tables(tmp_path / "back.db")
    assert after == before  # every row of every table, through PostgreSQL and back

    reports = []
    for db in (str(first), postgres_url):
        cli("--db", db, "check", "--json", "--all", "--now", "2026-11-26T09:00:00Z")
        reports.append(
            cli("--db", db, "check", "--json", "--all", "--now", "2026-11-26T09:00:00Z")[1]
        )
    assert json.loads(reports[0]) == json.loads(reports[1])


def test_the_moved_store_goes_on_taking_writes(postgres_url, tmp_path, cli):
    asyncio.run(fill(str(tmp_path / "a.db")))
    assert cli("migrate", "--from", str(tmp_path / "a.db"), "--to", postgres_url)[0] == 0

    async def write_more() -> None:
        async with Service(load_config(cli_overrides={"db": postgres_url})) as service:
            alert = Alert("digest:2026-11-26", "digest", Severity.INFO, "Résumé", "…", NOW)
            assert await service.store.enqueue_alerts([(alert, "ops", NOW)]) == 1
            await service.write(demo_records(NOW + 24 * H, seed=8)[:5], source="after")
            assert len(await service.store.outbox()) == 3

    asyncio.run(write_more())


def test_a_target_holding_data_is_refused_unless_replaced(postgres_url, tmp_path, cli):
    asyncio.run(fill(str(tmp_path / "a.db")))
    asyncio.run(fill(postgres_url))
    asyncio.run(in_target(postgres_url, lambda store: store.snooze("only-in-the-target", NOW + H)))
    status, _, err = cli("migrate", "--from", str(tmp_path / "a.db"), "--to", postgres_url)
    assert status == 2 and "is not empty" in err and "--replace" in err
    snoozed = asyncio.run(in_target(postgres_url, lambda store: store.snoozed(NOW)))
    assert "only-in-the-target" in snoozed  # left as it was
    status, _, err = cli(
        "migrate", "--from", str(tmp_path / "a.db"), "--to", postgres_url, "--replace"
    )
    assert status == 0, err
    snoozed = asyncio.run(in_target(postgres_url, lambda store: store.snoozed(NOW)))
    assert "only-in-the-target" not in snoozed


def test_a_source_that_is_not_there_is_refused(tmp_path, cli):
    status, _, err = cli(
        "migrate", "--from", str(tmp_path / "nothing.db"), "--to", str(tmp_path / "b.db")
    )
    assert status == 2 and "pas de stock à cet endroit" in err
    assert not (tmp_path / "b.db").exists()


def test_an_empty_source_is_refused(tmp_path, cli):
    make_empty_store(tmp_path / "empty.db")
    status, _, err = cli(
        "migrate", "--from", str(tmp_path / "empty.db"), "--to", str(tmp_path / "b.db")
    )
    assert status == 2 and "le stock est vide" in err
