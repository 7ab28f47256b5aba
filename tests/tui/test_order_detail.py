"""Enter on any row opens the order's timeline; Escape closes it."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from textual.widgets import DataTable

from aztui.domain.model import Claim, ClaimType, Order, OrderStatus, Shipment
from aztui.domain.timeline import timeline
from aztui.tui.app import AztuiApp
from aztui.tui.screens.order import OrderScreen
from tests.tui.helpers import NOW, Clock, H, settle, write

D = 24 * H
ORDER = Order(
    "402-0000001-0000001",
    NOW - 6 * D,
    status=OrderStatus.SHIPPED,
    latest_ship_date=NOW - 5 * D,
    latest_delivery_date=NOW - 2 * D,
)
SHIPMENT = Shipment(
    ORDER.order_id,
    "6A123",
    confirmed_at=NOW - 5 * D - 2 * H,
    carrier="Colissimo",
    first_scan_at=NOW - 5 * D + 3 * H,
)
CLAIM = Claim(
    "AZ-1", ORDER.order_id, ClaimType.NOT_RECEIVED, NOW - 1 * D, response_requested_at=NOW - 20 * H
)


def test_the_timeline_is_everything_known_oldest_first():
    from aztui.domain.model import OrderBundle

    events = timeline(OrderBundle(ORDER.order_id, ORDER, shipments=(SHIPMENT,), claims=(CLAIM,)))
    assert [e.kind for e in events] == [
        "purchased",
        "confirmed",
        "ship_by",
        "first_scan",
        "deliver_by",
        "claim_filed",
        "response_requested",
    ]
    assert events[1].values == ("Colissimo",) and events[1].subject == "6A123"


def test_each_event_is_worded_never_a_raw_code():
    from decimal import Decimal

    from aztui.domain.model import Decision, FundedBy, OrderBundle
    from aztui.tui.event_words import event_detail

    sold = Order(ORDER.order_id, ORDER.purchase_date, order_total=Decimal("25.99"), currency="EUR")
    parcel = Shipment(ORDER.order_id, "6A123", NOW - 5 * D, "Colissimo", service="Colissimo")
    decided = Claim(
        "AZ-1",
        ORDER.order_id,
        ClaimType.NOT_AS_DESCRIBED,
        NOW - D,
        amount=Decimal("25.99"),
        currency="EUR",
        decided_at=NOW - H,
        decision=Decision.GRANTED,
        funded_by=FundedBy.SELLER,
    )
    events = timeline(OrderBundle(ORDER.order_id, sold, shipments=(parcel,), claims=(decided,)))
    words = {e.kind: event_detail(e, "fr") for e in events}
    assert words["purchased"] == "25,99\u00a0€"
    assert words["confirmed"] == "Colissimo"  # the carrier once, not "Colissimo Colissimo"
    assert words["claim_filed"] == "Non conforme · 25,99\u00a0€"
    assert words["decided"] == "Accordée · à vos frais"
    english = {e.kind: event_detail(e, "en") for e in events}
    assert english["decided"] == "Granted · at your expense"
    assert english["purchased"] == "€25.99"


async def test_enter_on_a_claim_opens_its_order_and_escape_closes_it(config):
    await write(config, ORDER, SHIPMENT, CLAIM)
    app = AztuiApp(config, clock=Clock(NOW), tick_seconds=3600)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("2")  # Claims: AZ-1 waits for a response ("Action requise")
        app.query_one("#claims-table").focus()
        await pilot.press("enter")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, OrderScreen)
        table = screen.query_one("#timeline")
        assert app.focused is table  # the arrows go through the events at once
        events = [str(table.get_row_at(i)[1]) for i in range(table.row_count)]
        assert events == [
            "Commande passée",
            "Expédition confirmée",
            "Date d'expédition estimée",
            "Prise en charge transporteur",
            "Date de livraison promise",
            "Réclamation déposée",
            "Réponse demandée par Amazon",
        ]
        await pilot.press("escape")
        await settle(app, pilot)
        assert not isinstance(app.screen, OrderScreen)


async def test_at_80_columns_the_timeline_keeps_each_events_detail(config):
    claim = dataclasses.replace(CLAIM, amount=Decimal("25.99"), currency="EUR")
    await write(config, ORDER, SHIPMENT, claim)
    app = AztuiApp(config, clock=Clock(NOW), tick_seconds=3600)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("2", "enter")
        await settle(app, pilot)
        table = app.screen.query_one("#timeline", DataTable)
        lines = ["".join(s.text for s in table.render_line(y)) for y in range(table.size.height)]
        assert any("Réclamation déposée" in line and "Non reçu · 25,99" in line for line in lines)
        await pilot.resize_terminal(140, 30)  # wider: the object comes back
        await settle(app, pilot)
        assert [str(c.label) for c in table.columns.values()] == [
            "Quand",
            "Événement",
            "Objet",
            "Détail",
        ]
