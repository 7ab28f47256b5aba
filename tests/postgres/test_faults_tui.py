"""The PostgreSQL server killed while the app saves an action (held mid-write, ``faults.Hold``):
the app shows it offline, then back; the action is applied once when the server returns in
time, else refused with what to do, the form keeping what was typed. Never lost in silence."""

from __future__ import annotations

import asyncio

import pytest
from aztui_postgres.store import PostgresStore
from textual.widgets import Select

from aztui.config import load_config
from aztui.domain.model import Decision
from aztui.tui.app import AztuiApp
from tests.postgres.faults import Hold, imports
from tests.postgres.server import Server
from tests.tui.helpers import NOW, Clock, settle, write
from tests.tui.test_claims import CLAIMS, ORDERS, on_claims
from tests.tui.test_forms import bundle_of, fill, form_error
from tests.waiting import PATIENCE, wait_until_async

# The toasts checked stay however long the test takes to get to them, and no other comes
# (tests/conftest.py).
pytestmark = [
    pytest.mark.usefixtures("toasts_stay", "no_timed_looks"),
    pytest.mark.xdist_group("postgres-faults-tui"),
]


@pytest.fixture
async def app(private_db: str, tmp_path, monkeypatch):
    """The app on the module's own server, its claims and orders written; a tick every 0.2 s
    so that it notices the server gone and back."""
    monkeypatch.setenv("AZTUI_USER_CONFIG", str(tmp_path / "none.toml"))
    config = load_config(cli_overrides={"db": private_db})
    await write(config, *ORDERS, *CLAIMS)
    return AztuiApp(config, clock=Clock(NOW), tick_seconds=0.2)


def store_of(app: AztuiApp) -> PostgresStore:
    store = app.service.store
    assert isinstance(store, PostgresStore)
    return store


def told(app: AztuiApp) -> list[str]:
    return [f"{n.title}: {n.message}" for n in app._notifications]


async def until(pilot, condition, what: str) -> None:
    """Until ``condition`` holds, the app running meanwhile."""
    await wait_until_async(condition, what, pause=pilot.pause)


async def held(pilot, hold: Hold) -> None:
    await until(pilot, lambda: hold.held(), "the save held mid-write")


async def test_killed_during_a_save_then_back_the_action_is_applied_once(
    app: AztuiApp, private_server: Server, private_db: str
):
    async with app.run_test(size=(120, 34)) as pilot:
        await on_claims(app, pilot)  # AZ-1 under the cursor, asked for a response
        # As long as a loaded machine takes to restart the server (30 s by default).
        store_of(app).write_patience = PATIENCE
        with Hold(private_db, "claims") as hold:
            await pilot.press("s")  # responded, now
            await held(pilot, hold)  # the claim written, not committed …
            await asyncio.to_thread(private_server.kill)  # … when the server dies
            await until(pilot, lambda: "hors ligne" in app.sub_title, "offline in the header")
            assert any("Base hors ligne" in line for line in told(app))
            await asyncio.to_thread(private_server.start)
            saved = "AZ-1 (commande 402-0000001-0000000) : réponse enregistrée"
            await until(pilot, lambda: saved in str(told(app)), "the save")
            await until(pilot, lambda: "hors ligne" not in app.sub_title, "online again")
        await settle(app, pilot)
        assert any("Base de nouveau en ligne." in line for line in told(app))
        assert sum(saved in line for line in told(app)) == 1
    claim = (await bundle_of(app.config, ORDERS[0].order_id)).claims[0]
    assert claim.responded_at == NOW
    assert [row for row in imports(private_db) if row[0] == "tui"] == [("tui", "claim", 1)]


async def test_killed_during_a_save_and_not_back_the_form_says_so_and_keeps_the_entry(
    app: AztuiApp, private_server: Server, private_db: str
):
    async with app.run_test(size=(120, 34)) as pilot:
        await on_claims(app, pilot)
        await pilot.press("d")  # Amazon's decision on AZ-1
        await settle(app, pilot)
        fill(app, decision="denied")
        store_of(app).write_patience = 1.0  # the server is not back within it
        with Hold(private_db, "claims") as hold:
            await pilot.press("ctrl+s")
            await held(pilot, hold)
            await asyncio.to_thread(private_server.kill)
            await until(pilot, lambda: "nothing was written" in form_error(app), "the refusal")
        refusal = form_error(app)
        assert refusal.startswith(
            "Réclamation AZ-1 (commande 402-0000001-0000000) : the store postgresql://aztui@127.0.0.1:"
        )
        assert "do it again once the store is back" in refusal
        assert app.screen.query_one("#field-decision", Select).value == "denied"  # kept
        await until(pilot, lambda: "hors ligne" in app.sub_title, "offline in the header")
        await asyncio.to_thread(private_server.start)
        await until(pilot, lambda: "hors ligne" not in app.sub_title, "online again")
        await pilot.press("ctrl+s")  # what the message said to do
        decided = "AZ-1 (commande 402-0000001-0000000) : décision d'Amazon enregistrée"
        await until(pilot, lambda: decided in str(told(app)), "the save")
    claim = (await bundle_of(app.config, ORDERS[0].order_id)).claims[0]
    assert claim.decision is Decision.DENIED
    assert [row for row in imports(private_db) if row[0] == "tui"] == [("tui", "claim", 1)]
