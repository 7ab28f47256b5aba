"""Amazon's figures on every backend: each real report's figures read back as written, with
what aztui derived, the rating's score and the parts of a figure; a store of the schema before
them brought up to date keeps its figures."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

import pytest

from aztui.domain.engine import Engine
from aztui.domain.policy import Policy
from aztui.ingest import read_file
from aztui.store.protocol import Store
from aztui.store.schema import AMAZON_FIGURE_DETAILS, MIGRATIONS, statements
from aztui.store.sqlite import SQLiteStore
from tests.ingest.helpers import FIXTURES

REAL = FIXTURES / "amazon" / "real"
NOW = datetime(2026, 9, 25, 8, tzinfo=UTC)


def figures_of(name: str):
    return read_file(REAL / name, marketplace_zone="UTC", default_marketplace=None, now=NOW).figures


async def test_every_figure_of_both_real_reports_reads_back_as_written(store):
    for name, marketplace in (
        ("account_health_de_excerpt.json", "DE"),
        ("account_health_schema_example_us.json", "US"),
    ):
        figures = figures_of(name)
        assert await store.write_amazon_figures(figures, NOW) == len(figures)
        assert await store.write_amazon_figures(figures, NOW) == 0  # the same report again
        mine = {f.metric: f for f in figures if f.marketplace == marketplace}
        assert await store.amazon_figures(marketplace) == mine
    us = await store.amazon_figures("US")
    assert us["account_health_rating"].score is None
    assert [p.name for p in us["order_defect_rate"].parts] == [
        "claims",
        "chargebacks",
        "negativeFeedback",
    ]
    de = await store.amazon_figures("DE")
    assert (de["account_health_rating"].score, de["order_defect_rate"].numerator_derived) == (
        428,
        True,
    )
    assert (await store.amazon_figures("MX"))["account_status"].status == "suspended"


OLD_ROW = (
    "INSERT INTO amazon_figures VALUES ('FR', 'order_defect_rate', 1790000000, NULL, 0.004, 2, "
    "500, 0.01, 'LESS_THAN', 'good', 1790000000)"
)
"""A figure as the store kept it before ``numerator_derived``, ``score`` and ``parts``."""


async def sqlite_before(tmp_path, before: int) -> Store:
    path = tmp_path / "store.db"
    with sqlite3.connect(path) as db:
        for migration in MIGRATIONS[:before]:
            for statement in migration:
                db.execute(statement)
        db.execute(OLD_ROW)
        db.execute(f"PRAGMA user_version = {before}")
    return SQLiteStore(path, Engine(Policy("FR")))


async def postgres_before(url: str, before: int) -> Store:
    import psycopg
    from aztui_postgres.ddl import POSTGRES_MIGRATIONS
    from aztui_postgres.schema import migrate
    from aztui_postgres.store import PostgresStore

    async with await psycopg.AsyncConnection.connect(url) as conn:
        await migrate(conn, POSTGRES_MIGRATIONS[:before])
        await conn.execute(OLD_ROW)
        await conn.commit()
    return PostgresStore(url, Engine(Policy("FR")))


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
async def test_a_store_from_before_the_details_keeps_its_figures(request, tmp_path, backend):
    """A store at the version before the details, holding a figure, brought up to date as it
    opens: the figure reads as Amazon gave it, nothing derived."""
    before = MIGRATIONS.index(statements(AMAZON_FIGURE_DETAILS))
    if backend == "sqlite":
        store = await sqlite_before(tmp_path, before)
    else:
        store = await postgres_before(request.getfixturevalue("postgres_url"), before)
    await store.open()
    try:
        figure = (await store.amazon_figures("FR"))["order_defect_rate"]
    finally:
        await store.close()
    assert (figure.numerator, figure.numerator_derived, figure.score, figure.parts) == (
        2,
        False,
        None,
        (),
    )
