"""The Claims pane: Seller Central's tabs, each claim's stage, deadline and ODR weight."""

from __future__ import annotations

from decimal import Decimal

from textual.widgets import Tabs

from aztui.domain.model import Claim, ClaimType, Decision, FundedBy, Order, OrderStatus
from aztui.service import Service
from aztui.tui.app import AztuiApp
from aztui.tui.panes.claims import ClaimsPane
from aztui.tui.screens.evidence import EvidenceScreen
from tests.tui.helpers import NOW, Clock, H, settle, table_rows, write

D = 24 * H
ORDERS = [
    Order(
        f"402-000000{n}-0000000",
        NOW - 20 * D,
        status=OrderStatus.SHIPPED,
        latest_ship_date=NOW - 19 * D,
    )
    for n in range(1, 5)
]
CLAIMS = [
    Claim(
        "AZ-1",
        ORDERS[0].order_id,
        ClaimType.NOT_RECEIVED,
        NOW - 2 * D,
        amount=Decimal("49.90"),
        currency="EUR",
        response_requested_at=NOW - 1 * D,
    ),
    Claim("AZ-2", ORDERS[1].order_id, ClaimType.NOT_AS_DESCRIBED, NOW - 1 * D),
    Claim(
        "AZ-3",
        ORDERS[2].order_id,
        ClaimType.NOT_RECEIVED,
        NOW - 9 * D,
        decided_at=NOW - 5 * D,
        decision=Decision.GRANTED,
        funded_by=FundedBy.SELLER,
    ),
    Claim(
        "AZ-4",
        ORDERS[3].order_id,
        ClaimType.OTHER,
        NOW - 12 * D,
        decided_at=NOW - 8 * D,
        decision=Decision.DENIED,
    ),
]


async def on_claims(app: AztuiApp, pilot) -> None:
    """Wait for the first snapshot, then show the Claims pane with its table in focus."""
    await settle(app, pilot)
    await pilot.press("2")
    app.query_one("#claims-table").focus()
    await settle(app, pilot)


def shown(app: AztuiApp) -> dict[str, dict[str, str]]:
    return table_rows(app, ClaimsPane)


async def test_each_tab_holds_the_claims_seller_central_puts_there(config):
    await write(config, *ORDERS, *CLAIMS)
    app = AztuiApp(config, clock=Clock(NOW), tick_seconds=3600)
    async with app.run_test(size=(120, 30)) as pilot:
        await on_claims(app, pilot)
        tabs = app.query_one("#claim-tabs", Tabs)
        assert list(shown(app)) == ["AZ-1"]  # Action requise, the first tab
        row = shown(app)["AZ-1"]
        assert [row[c] for c in ("type", "amount", "stage")] == [
            "Non reçu",
            "49,90\u00a0€",
            "Réponse demandée",
        ]
        assert row["remaining"] == "dans 2 j 0 h" and row["odr"] == "oui, en attente"
        tabs.active = "claims-review"
        await settle(app, pilot)
        assert list(shown(app)) == ["AZ-2"]
        tabs.active = "claims-appeal"
        await settle(app, pilot)
        appeal = shown(app)["AZ-3"]
        assert list(shown(app)) == ["AZ-3"]
        assert appeal["stage"] == "Accordée" and appeal["odr"] == "oui"
        tabs.active = "claims-all"
        await settle(app, pilot)
        assert list(shown(app)) == ["AZ-2", "AZ-1", "AZ-3", "AZ-4"]  # newest filed first
        assert shown(app)["AZ-4"]["odr"] == "non"


async def test_a_claim_recorded_elsewhere_moves_tab_on_the_next_tick(config):
    await write(config, *ORDERS, *CLAIMS)
    app = AztuiApp(config, clock=Clock(NOW), tick_seconds=3600)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        await write(
            config,
            Claim(
                "AZ-1",
                ORDERS[0].order_id,
                ClaimType.NOT_RECEIVED,
                NOW - 2 * D,
                responded_at=NOW - 1 * H,
            ),
        )
        app.tick()
        await settle(app, pilot)
        assert list(shown(app)) == []  # answered: no action required any more
        app.query_one("#claim-tabs", Tabs).active = "claims-review"
        await settle(app, pilot)
        assert "AZ-1" in shown(app) and shown(app)["AZ-1"]["stage"] == "En cours d'examen"


async def test_claim_steps_are_written_or_refused_with_the_domains_reason(config):
    await write(config, *ORDERS, *CLAIMS)
    clock = Clock(NOW)
    app = AztuiApp(config, clock=clock, tick_seconds=3600)
    async with app.run_test(size=(120, 30)) as pilot:
        await on_claims(app, pilot)
        await pilot.press("s")  # AZ-1: Amazon asked, the seller responded now
        await settle(app, pilot)
        async with Service(config) as service:
            bundle = await service.store.bundle(ORDERS[0].order_id)
        assert bundle.claims[0].responded_at == NOW
        tabs = app.query_one("#claim-tabs", Tabs)
        tabs.active = "claims-review"
        await settle(app, pilot)
        assert list(shown(app)) == ["AZ-2", "AZ-1"]
        app.query_one("#claims-table").move_cursor(row=0)  # AZ-2: filed, not decided
        notices = []
        app.notify = lambda message, **kw: notices.append((message, kw))
        await pilot.press("f")
        await settle(app, pilot)
        assert (
            notices
            and "seule une réclamation accordée et non financée par Amazon peut être contestée"
            in notices[0][0]
            and notices[0][1]["severity"] == "error"
        )
        async with Service(config) as service:
            bundle = await service.store.bundle(ORDERS[1].order_id)
        assert bundle.claims[0].appeal_filed_at is None


async def test_p_assembles_the_evidence_and_ctrl_t_copies_it(config):
    await write(config, *ORDERS, *CLAIMS)
    app = AztuiApp(config, clock=Clock(NOW), tick_seconds=3600)
    async with app.run_test(size=(120, 30)) as pilot:
        await on_claims(app, pilot)
        await pilot.press("p")
        await settle(app, pilot)
        assert isinstance(app.screen, EvidenceScreen)
        text = app.screen.query_one("#evidence").text
        assert text.startswith("Réclamation AZ-1 — commande 402-0000001-0000000")
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert app.clipboard == text  # what OSC 52 sent to the terminal


async def test_all_holds_the_last_120_days_and_every_claim_still_open(config):
    old = NOW - 400 * D
    await write(
        config,
        *ORDERS,
        *CLAIMS,
        Claim(
            "AZ-OLD",
            ORDERS[3].order_id,
            ClaimType.OTHER,
            old,
            decided_at=old + D,
            decision=Decision.DENIED,
        ),
        Claim("AZ-OPEN", ORDERS[3].order_id, ClaimType.OTHER, old),
    )
    app = AztuiApp(config, clock=Clock(NOW), tick_seconds=3600)
    async with app.run_test(size=(120, 30)) as pilot:
        await on_claims(app, pilot)
        tabs = app.query_one("#claim-tabs", Tabs)
        tabs.active = "claims-all"
        await settle(app, pilot)
        assert str(tabs.active_tab.label) == "Toutes · 120 j"
        assert "AZ-OPEN" in shown(app) and "AZ-OLD" not in shown(app)
