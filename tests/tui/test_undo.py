"""``u`` takes back the last one-key write for a few seconds; the toast says what was recorded
on which order. A teammate's change since is never undone."""

from __future__ import annotations

from aztui.domain.lifecycle import AppealFiled
from aztui.domain.model import Claim, ClaimType
from aztui.service import Service
from aztui.tui import undo as undo_module
from aztui.tui.app import AztuiApp
from aztui.tui.panes.claims import ClaimsPane
from aztui.tui.panes.work import ReturnsPane
from tests.tui.helpers import NOW, Clock, H, settle, table_rows, toasts, write
from tests.tui.test_claims import CLAIMS, ORDERS, D, on_claims
from tests.tui.test_work_panes import RECORDS
from tests.waiting import wait_until_async


async def claim(config, claim_id: str = "AZ-1"):
    async with Service(config) as service:
        bundle = await service.store.bundle(ORDERS[0].order_id)
    assert bundle is not None
    return next(c for c in bundle.claims if c.claim_id == claim_id)


async def responded(app: AztuiApp, pilot) -> list[str]:
    """On Claims, ``s`` on AZ-1 (Amazon asked for a response); the toasts from then on,
    once the first is shown."""
    await on_claims(app, pilot)
    told = toasts(app)
    await pilot.press("s")
    await wait_until_async(lambda: told, "the toast", pause=pilot.pause)
    return told


async def test_a_response_recorded_by_one_key_is_told_and_undone(config):
    await write(config, *ORDERS, *CLAIMS)
    app = AztuiApp(config, clock=Clock(NOW), tick_seconds=3600)
    async with app.run_test(size=(120, 34)) as pilot:
        told = await responded(app, pilot)
        assert told == [
            f"Réclamation AZ-1 (commande {ORDERS[0].order_id}) : réponse enregistrée (u : annuler)"
        ]
        assert (await claim(config)).responded_at == NOW
        await pilot.press("u")
        await wait_until_async(lambda: len(told) == 2, "the undo's toast", pause=pilot.pause)
        assert told[1] == (
            f"Réclamation AZ-1 (commande {ORDERS[0].order_id}) : annulé, remis comme avant"
        )
        restored = await claim(config)
        assert restored == CLAIMS[0] and restored.responded_at is None
        await pilot.press("u")  # only once
        await settle(app, pilot)
        assert told[2] == "Rien à annuler."


async def test_too_late_to_undo(config, monkeypatch):
    monkeypatch.setattr(undo_module, "UNDO_SECONDS", -1.0)
    await write(config, *ORDERS, *CLAIMS)
    app = AztuiApp(config, clock=Clock(NOW), tick_seconds=3600)
    async with app.run_test(size=(120, 34)) as pilot:
        told = await responded(app, pilot)
        await pilot.press("u")
        await wait_until_async(lambda: len(told) == 2, "the answer to u", pause=pilot.pause)
        assert told[1] == "Rien à annuler."
    assert (await claim(config)).responded_at == NOW


async def test_a_teammates_step_since_is_not_undone(config):
    await write(config, *ORDERS, *CLAIMS)
    app = AztuiApp(config, clock=Clock(NOW), tick_seconds=3600)
    async with app.run_test(size=(120, 34)) as pilot:
        told = await responded(app, pilot)
        async with Service(config) as service:  # a teammate: granted, then appealed
            from aztui.domain.lifecycle import Decided

            await service.record_claim_step("AZ-1", ORDERS[0].order_id, Decided(NOW), NOW)
            await service.record_claim_step("AZ-1", ORDERS[0].order_id, AppealFiled(NOW), NOW)
        await pilot.press("u")
        await wait_until_async(lambda: len(told) == 2, "the refusal", pause=pilot.pause)
        assert "a été modifié entre-temps" in told[1]
    kept = await claim(config)
    assert kept.responded_at == NOW and kept.appeal_filed_at == NOW


async def test_a_return_acted_on_and_undone(config):
    await write(config, *RECORDS)
    app = AztuiApp(config, clock=Clock(NOW), tick_seconds=3600)
    async with app.run_test(size=(140, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("3")
        app.query_one(ReturnsPane).table.focus()
        told = toasts(app)
        await pilot.press("a")
        await wait_until_async(lambda: told, "the toast", pause=pilot.pause)
        order_id = RECORDS[0].order_id
        assert told == [f"Retour de la commande {order_id} : retour marqué traité (u : annuler)"]
        await pilot.press("u")
        await wait_until_async(lambda: len(told) == 2, "the undo", pause=pilot.pause)
    async with Service(config) as service:
        bundle = await service.store.bundle(order_id)
    assert bundle is not None
    assert bundle.returns[0].acted_at is None


async def test_a_snooze_is_told_until_when_and_undone(config):
    await write(config, *RECORDS)
    app = AztuiApp(config, clock=Clock(NOW), tick_seconds=3600)
    async with app.run_test(size=(140, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("4")
        told = toasts(app)
        await pilot.press("z")
        await wait_until_async(lambda: told, "the toast", pause=pilot.pause)
        assert told[0].startswith("Commande 402-0000002-0000002 : alertes en silence jusqu'au ")
        async with Service(config) as service:
            assert "402-0000002-0000002" in await service.store.snoozed(NOW)
        await pilot.press("u")
        await wait_until_async(lambda: len(told) == 2, "the undo", pause=pilot.pause)
        async with Service(config) as service:
            assert "402-0000002-0000002" not in await service.store.snoozed(NOW + H)


async def test_undo_puts_the_cursor_back_on_the_claim_it_was_on(config):
    """``s`` moves the claim out of "Action requise" (the cursor falls on the next claim);
    ``u`` brings it back, and the cursor with it."""
    other = Claim(
        "AZ-5",
        ORDERS[1].order_id,
        ClaimType.NOT_RECEIVED,
        NOW - 2 * D,
        response_requested_at=NOW - 12 * H,
    )
    await write(config, *ORDERS, *CLAIMS, other)
    app = AztuiApp(config, clock=Clock(NOW), tick_seconds=3600)
    async with app.run_test(size=(120, 34)) as pilot:
        await on_claims(app, pilot)
        pane = app.query_one(ClaimsPane)
        assert list(table_rows(app, ClaimsPane)) == ["AZ-1", "AZ-5"]
        told = toasts(app)
        await pilot.press("s")
        await wait_until_async(lambda: told, "the toast", pause=pilot.pause)
        await wait_until_async(
            lambda: list(table_rows(app, ClaimsPane)) == ["AZ-5"], "AZ-1 gone", pause=pilot.pause
        )
        assert pane.cursor_key() == "AZ-5"
        await pilot.press("u")
        await wait_until_async(lambda: len(told) == 2, "the undo's toast", pause=pilot.pause)
        await wait_until_async(
            lambda: list(table_rows(app, ClaimsPane)) == ["AZ-1", "AZ-5"],
            "AZ-1 back",
            pause=pilot.pause,
        )
        await settle(app, pilot)
        assert pane.cursor_key() == "AZ-1"
