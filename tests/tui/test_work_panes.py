"""Returns, shipments and messages panes: the open deadlines of their rules, with the object,
its order and the risks on it; each reacts to a write made elsewhere."""

from __future__ import annotations

from decimal import Decimal

from aztui.domain.model import (
    BuyerMessage,
    Order,
    OrderStatus,
    ReturnRequest,
    ReturnStatus,
    Shipment,
    TrackingStatus,
)
from aztui.service import Service
from aztui.tui.app import AztuiApp
from aztui.tui.panes.work import MessagesPane, ReturnsPane, ShipmentsPane
from tests.tui.helpers import NOW, Clock, H, settle, table_rows, write

D = 24 * H
SHIPPED = Order(
    "402-0000001-0000001",
    NOW - 5 * D,
    status=OrderStatus.SHIPPED,
    latest_ship_date=NOW - 4 * D,
    latest_delivery_date=NOW - 1 * D,
    order_total=Decimal("180.00"),
    currency="EUR",
)
TO_SHIP = Order(
    "402-0000002-0000002",
    NOW - 20 * H,
    status=OrderStatus.UNSHIPPED,
    latest_ship_date=NOW + 14 * H,
    order_total=Decimal("24.90"),
    currency="EUR",
)
RECORDS = [
    SHIPPED,
    Shipment(SHIPPED.order_id, "", confirmed_at=NOW - 4 * D - H, carrier="Colissimo"),
    ReturnRequest("RMA-1", SHIPPED.order_id, NOW - 20 * H, status=ReturnStatus.PENDING),
    TO_SHIP,
    BuyerMessage("MSG-1", NOW - 3 * H, TO_SHIP.order_id),
]


def shown(app: AztuiApp, pane: type) -> dict[str, dict[str, str]]:
    return table_rows(app, pane)


async def test_each_pane_shows_its_open_deadlines_with_their_object(config):
    await write(config, *RECORDS)
    app = AztuiApp(config, clock=Clock(NOW), tick_seconds=3600)
    async with app.run_test(size=(140, 30)) as pilot:
        await settle(app, pilot)
        returns = shown(app, ReturnsPane)
        assert list(returns) == ["RMA-1"]
        assert returns["RMA-1"]["order"] == SHIPPED.order_id
        assert returns["RMA-1"]["return_status"] == "En attente"
        assert returns["RMA-1"]["remaining"] == "dans 1 j 4 h"
        assert (
            "Pas de suivi" in returns["RMA-1"]["risks_column"]
        )  # shipped without a tracking number
        shipments = shown(app, ShipmentsPane)
        assert list(shipments) == [TO_SHIP.order_id, SHIPPED.order_id]  # to ship, then risks
        shipped = shipments[SHIPPED.order_id]
        assert shipped["remaining"] == "" and shipped["carrier"] == "Colissimo"
        assert shipped["risks_column"].startswith("Pas de suivi")
        assert shipments[TO_SHIP.order_id]["total"] == "24,90\u00a0€"
        assert shipments[TO_SHIP.order_id]["remaining"] == "dans 14 h 00"
        messages = shown(app, MessagesPane)
        assert list(messages) == ["MSG-1"] and messages["MSG-1"]["remaining"] == "dans 21 h 00"


async def test_acting_elsewhere_clears_the_rows_on_the_next_tick(config):
    await write(config, *RECORDS)
    app = AztuiApp(config, clock=Clock(NOW), tick_seconds=3600)
    async with app.run_test(size=(140, 30)) as pilot:
        await settle(app, pilot)
        await write(
            config,
            ReturnRequest(
                "RMA-1",
                SHIPPED.order_id,
                NOW - 20 * H,
                status=ReturnStatus.AUTHORISED,
                acted_at=NOW - H,
            ),
            Shipment(TO_SHIP.order_id, "6A123", confirmed_at=NOW - H, carrier="Colissimo"),
            BuyerMessage("MSG-1", NOW - 3 * H, TO_SHIP.order_id, answered_at=NOW - H),
        )
        app.tick()
        await settle(app, pilot)
        assert shown(app, ReturnsPane) == shown(app, MessagesPane) == {}
        clocks = {key: row["remaining"] for key, row in shown(app, ShipmentsPane).items()}
        assert clocks.get(TO_SHIP.order_id, "") == ""  # confirmed: no ship-by clock any more


async def test_number_keys_switch_panes(config):
    app = AztuiApp(config, clock=Clock(NOW), tick_seconds=3600)
    async with app.run_test(size=(100, 30)) as pilot:
        for key, pane in (("3", "returns"), ("4", "shipments"), ("5", "messages"), ("1", "today")):
            await pilot.press(key)
            assert app.query_one("#panes").active == pane


async def test_a_marks_a_message_answered_and_a_return_acted_on_in_the_store(config):
    await write(config, *RECORDS)
    clock = Clock(NOW)
    app = AztuiApp(config, clock=clock, tick_seconds=3600)
    async with app.run_test(size=(140, 30)) as pilot:
        await settle(app, pilot)
        for key, pane, table in (
            ("5", MessagesPane, "#messages-table"),
            ("3", ReturnsPane, "#returns-table"),
        ):
            await pilot.press(key)
            app.query_one(table).focus()
            await pilot.press("a")
            await settle(app, pilot)
            assert shown(app, pane) == {}
        async with Service(config) as service:
            bundle = await service.store.bundle(TO_SHIP.order_id)
            assert bundle.messages[0].answered_at == NOW
            returned = await service.store.bundle(SHIPPED.order_id)
            assert returned.returns[0].acted_at == NOW
            assert returned.returns[0].status is ReturnStatus.PENDING  # kept, not erased


async def test_question_mark_shows_and_hides_the_keys(config):
    app = AztuiApp(config, clock=Clock(NOW), tick_seconds=3600)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert app.screen.query("HelpPanel")
        await pilot.press("question_mark")
        await pilot.pause()
        assert not app.screen.query("HelpPanel")


async def test_m_marks_a_message_needing_no_response(config):
    await write(config, *RECORDS)
    app = AztuiApp(config, clock=Clock(NOW), tick_seconds=3600)
    async with app.run_test(size=(140, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("5", "m")  # the pane's rows are in focus once shown
        await settle(app, pilot)
        assert shown(app, MessagesPane) == {}
    async with Service(config) as service:
        message = (await service.store.bundle(TO_SHIP.order_id)).messages[0]
    assert message.no_response_needed is True and message.answered_at is None


async def test_question_mark_lists_the_keys_of_the_pane_in_focus(config):
    def listed(app: AztuiApp) -> str:
        """What the help panel lists: the keys active where the focus is."""
        return " ".join(b.binding.description for b in app.screen.active_bindings.values())

    app = AztuiApp(config, clock=Clock(NOW), tick_seconds=3600)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("2", "question_mark")
        await pilot.pause()
        assert app.screen.query("HelpPanel")
        assert "Décision" in listed(app) and "Preuves" in listed(app)
        await pilot.press("5")
        await pilot.pause()
        assert "Sans réponse" in listed(app) and "Décision" not in listed(app)


async def test_shipments_keep_a_delivered_parcel_only_when_it_lacks_a_signature(config):
    cheap = Order(
        "402-0000003-0000003",
        NOW - 6 * D,
        status=OrderStatus.SHIPPED,
        latest_ship_date=NOW - 5 * D,
        order_total=Decimal("20.00"),
        currency="EUR",
    )
    dear = Order(
        "402-0000004-0000004",
        NOW - 6 * D,
        status=OrderStatus.SHIPPED,
        latest_ship_date=NOW - 5 * D,
        order_total=Decimal("900.00"),
        currency="EUR",
    )
    await write(
        config,
        cheap,
        dear,
        *[
            Shipment(
                o.order_id,
                f"6A00{n}",
                confirmed_at=NOW - 5 * D,
                carrier="Colissimo",
                first_scan_at=NOW - 5 * D,
                delivered_at=NOW - 3 * D,
                status=TrackingStatus.DELIVERED,
            )
            for n, o in enumerate((cheap, dear))
        ],
    )
    app = AztuiApp(config, clock=Clock(NOW), tick_seconds=3600)
    async with app.run_test(size=(160, 30)) as pilot:
        await settle(app, pilot)
        shipments = shown(app, ShipmentsPane)
    assert list(shipments) == [dear.order_id]
    assert shipments[dear.order_id]["tracking_status"] == "Livré"
    assert "Sans remise contre signature" in shipments[dear.order_id]["risks_column"]
