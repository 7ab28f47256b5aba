"""Two teammates on the same claim: the second to save is told what the first changed, keeps
what they typed, and decides again on the claim as it now is; nothing is overwritten."""

from __future__ import annotations

from aztui.domain.lifecycle import Decided, Responded
from aztui.domain.model import CountsInOdr, Decision, FundedBy
from aztui.service import Service
from aztui.tui.screens.form import FormScreen
from tests.tui.helpers import NOW, H, settle
from tests.tui.test_claims import ORDERS, on_claims
from tests.tui.test_forms import bundle_of, fill, form_error, open_app


async def teammate(config, event) -> None:
    """Another aztui on the same store records a step of AZ-1."""
    async with Service(config) as service:
        await service.record_claim_step("AZ-1", ORDERS[0].order_id, event, NOW)


async def open_decision_form(app, pilot) -> None:
    await on_claims(app, pilot)  # AZ-1 under the cursor, asked for a response
    await pilot.press("d")
    await settle(app, pilot)
    assert isinstance(app.screen, FormScreen)


async def test_told_what_a_teammate_changed_then_saved_on_top(config):
    app = await open_app(config)
    async with app.run_test(size=(120, 34)) as pilot:
        await open_decision_form(app, pilot)
        await teammate(config, Responded(NOW - 2 * H))  # while the form is open
        fill(app, decision="denied")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        told = form_error(app)
        assert "AZ-1 a été modifié entre-temps" in told and "Rien n'a été enregistré" in told
        assert "responded_at — → 26/11" in told  # when the teammate responded, local time
        assert (await bundle_of(config, ORDERS[0].order_id)).claims[0].decision is None
        assert app.screen.query_one("#field-decision").value == "denied"  # typing kept
        await pilot.press("ctrl+s")  # seen it: save on top of the teammate's response
        await settle(app, pilot)
        assert not isinstance(app.screen, FormScreen)
    claim = (await bundle_of(config, ORDERS[0].order_id)).claims[0]
    assert claim.decision is Decision.DENIED
    assert claim.responded_at == NOW - 2 * H  # the teammate's step is still there


async def test_a_teammates_decision_is_not_overwritten(config):
    app = await open_app(config)
    async with app.run_test(size=(120, 34)) as pilot:
        await open_decision_form(app, pilot)
        await teammate(config, Decided(NOW - H, Decision.GRANTED, FundedBy.AMAZON, CountsInOdr.NO))
        fill(app, decision="denied")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert "decision — → granted" in form_error(app)
        await pilot.press("ctrl+s")  # deciding again on the claim as it is: refused
        await settle(app, pilot)
        assert "AZ-1 (commande 402-0000001-0000000) : la réclamation est déjà « Accordée »" in (
            form_error(app)
        )
    claim = (await bundle_of(config, ORDERS[0].order_id)).claims[0]
    assert (claim.decision, claim.funded_by) == (Decision.GRANTED, FundedBy.AMAZON)
