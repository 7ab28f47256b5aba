"""What the seller typed and closed without saving is kept as a draft, told, and offered again
until saved or discarded on purpose (ctrl+d)."""

from __future__ import annotations

from textual.widgets import Input, TextArea

from aztui.tui.app import AztuiApp
from aztui.tui.screens.evidence import EvidenceScreen
from aztui.tui.screens.form import FormScreen
from tests.tui.helpers import NOW, Clock, settle, toasts, write
from tests.tui.test_claims import CLAIMS, ORDERS, on_claims
from tests.tui.test_forms import bundle_of, fill


async def evidence_text(app: AztuiApp, pilot) -> str:
    await pilot.press("p")
    await settle(app, pilot)
    assert isinstance(app.screen, EvidenceScreen)
    return app.screen.query_one("#evidence", TextArea).text


async def test_edited_evidence_closed_with_escape_is_kept_and_offered_again(config):
    await write(config, *ORDERS, *CLAIMS)
    app = AztuiApp(config, clock=Clock(NOW), tick_seconds=3600)
    async with app.run_test(size=(120, 30)) as pilot:
        await on_claims(app, pilot)
        original = await evidence_text(app, pilot)
        told = toasts(app)
        edited = original + "\nColis remis en main propre, photo jointe."
        app.screen.query_one("#evidence", TextArea).text = edited
        await pilot.press("escape")
        await settle(app, pilot)
        assert not isinstance(app.screen, EvidenceScreen)
        assert told == ["Texte modifié gardé comme brouillon : p le rouvre."]
        assert await evidence_text(app, pilot) == edited
        await pilot.press("ctrl+d")  # discarded on purpose
        await settle(app, pilot)
        assert told[-1] == "Brouillon abandonné."
        assert await evidence_text(app, pilot) == original
        await pilot.press("escape")  # unchanged: nothing to keep, nothing said
        await settle(app, pilot)
        assert told[-1] == "Brouillon abandonné."


async def test_evidence_typed_at_once_then_escape_is_kept(config):
    await write(config, *ORDERS, *CLAIMS)
    app = AztuiApp(config, clock=Clock(NOW), tick_seconds=3600)
    async with app.run_test(size=(80, 24)) as pilot:
        await on_claims(app, pilot)
        original = await evidence_text(app, pilot)
        await pilot.press("end", *"Photo jointe. ")  # as the seller types, nothing clicked
        await settle(app, pilot)
        edited = app.screen.query_one("#evidence", TextArea).text
        assert edited != original and "Photo jointe. " in edited
        await pilot.press("escape")
        await settle(app, pilot)
        assert await evidence_text(app, pilot) == edited


async def test_a_form_closed_unsaved_keeps_what_was_typed_until_saved(config):
    await write(config, *ORDERS, *CLAIMS)
    app = AztuiApp(config, clock=Clock(NOW), tick_seconds=3600)
    async with app.run_test(size=(120, 34)) as pilot:
        await on_claims(app, pilot)
        await pilot.press("n")
        await settle(app, pilot)
        told = toasts(app)
        fill(app, claim_id="AZ-77", amount="19,90 €")
        await pilot.press("escape")
        await settle(app, pilot)
        assert not isinstance(app.screen, FormScreen)
        assert told == ["Brouillon gardé : la même touche rouvre ce formulaire tel quel."]
        await pilot.press("n")
        await settle(app, pilot)
        assert isinstance(app.screen, FormScreen)
        assert app.screen.query_one("#field-amount", Input).value == "19,90 €"
        assert app.screen.query_one("#field-claim_id", Input).value == "AZ-77"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert not isinstance(app.screen, FormScreen)
        await pilot.press("n")  # saved: the next form starts empty
        await settle(app, pilot)
        assert app.screen.query_one("#field-claim_id", Input).value == ""
    claims = (await bundle_of(config, ORDERS[0].order_id)).claims
    assert "AZ-77" in {c.claim_id for c in claims}
