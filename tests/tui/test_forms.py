"""The forms that write back: a claim's decision and appeal outcome, a new claim, tracking, an
out-of-stock cancellation. Each is in the store once the form closes; a refusal keeps the
form open with the domain's reason, and the store as it was."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from textual import events
from textual.widgets import Input, Select, Static

from aztui.domain.model import (
    AppealOutcome,
    CancelledBy,
    ClaimType,
    CountsInOdr,
    Decision,
    FundedBy,
    Order,
    OrderStatus,
    Shipment,
)
from aztui.service import Service
from aztui.tui.app import AztuiApp
from aztui.tui.panes.claims import ClaimsPane
from aztui.tui.panes.work import ShipmentsPane
from aztui.tui.screens.form import FormScreen
from tests.tui.helpers import NOW, Clock, H, settle, table_rows, toasts, write
from tests.tui.test_claims import CLAIMS, ORDERS, on_claims, shown
from tests.waiting import wait_until_async

D = 24 * H
TO_SHIP = Order(
    "402-0000009-0000009",
    NOW - 20 * H,
    status=OrderStatus.UNSHIPPED,
    latest_ship_date=NOW + 14 * H,
    order_total=Decimal("24.90"),
    currency="EUR",
)


async def bundle_of(config, order_id: str):
    async with Service(config) as service:
        return await service.store.bundle(order_id)


def fill(app: AztuiApp, **values: str) -> None:
    for name, value in values.items():
        widget = app.screen.query_one(f"#field-{name}")
        assert isinstance(widget, Input | Select)
        widget.value = value


def form_error(app: AztuiApp) -> str:
    assert isinstance(app.screen, FormScreen), "the form closed"
    return str(app.screen.query_one("#form-error", Static).render())


async def open_app(config):
    await write(config, *ORDERS, *CLAIMS, TO_SHIP)
    return AztuiApp(config, clock=Clock(NOW), tick_seconds=3600)


async def test_a_decision_typed_with_the_keys_is_stored_with_funding_and_odr(config):
    app = await open_app(config)
    async with app.run_test(size=(120, 34)) as pilot:
        await on_claims(app, pilot)  # AZ-1 under the cursor
        await pilot.press("d")
        await settle(app, pilot)
        assert isinstance(app.screen, FormScreen)
        assert "AZ-1 : décision d'Amazon" in str(app.screen.query_one(".form-title").render())
        # Decision: "Accordée" is the first choice; who pays: you; counts in the ODR: yes.
        await pilot.press("tab", "enter", "down", "enter", "tab", "enter", "down", "enter")
        told = toasts(app)
        await pilot.press("tab", *"2026-11-26 08:30", "enter")  # typing replaces the time
        await settle(app, pilot)
        assert not isinstance(app.screen, FormScreen)
        assert told == [
            f"Réclamation AZ-1 (commande {ORDERS[0].order_id}) : décision d'Amazon enregistrée"
        ]
        claim = (await bundle_of(config, ORDERS[0].order_id)).claims[0]
        assert (claim.decision, claim.funded_by, claim.counts_in_odr) == (
            Decision.GRANTED,
            FundedBy.SELLER,
            CountsInOdr.YES,
        )
        assert claim.decided_at == NOW - 1.5 * H  # 08:30 in Paris is 07:30 UTC
        assert "AZ-1" not in shown(app)  # no action required any more
        app.query_one("#claim-tabs").active = "claims-appeal"
        await settle(app, pilot)
        assert shown(app)["AZ-1"]["stage"] == "Accordée"


def refusals(app: AztuiApp) -> list[str]:
    """What the app was told to show as refusals (notifications of severity error)."""
    notices: list[str] = []

    def notify(message: str, **kw: object) -> None:
        if kw.get("severity") == "error":
            notices.append(message)

    app.notify = notify  # type: ignore[method-assign]
    return notices


async def test_a_decision_on_a_decided_claim_is_refused_at_once_in_french(config):
    app = await open_app(config)
    async with app.run_test(size=(120, 34)) as pilot:
        await on_claims(app, pilot)
        app.query_one("#claim-tabs").active = "claims-appeal"  # AZ-3: granted already
        await settle(app, pilot)
        told = refusals(app)
        await pilot.press("d")
        await settle(app, pilot)
        assert not isinstance(app.screen, FormScreen)  # no form to fill in vain
        assert told == ["la réclamation est déjà « Accordée »"]
    claim = (await bundle_of(config, ORDERS[2].order_id)).claims[0]
    assert claim.decision is Decision.GRANTED


async def test_an_appeal_outcome_needs_an_appeal_and_is_stored_once_filed(config):
    app = await open_app(config)
    async with app.run_test(size=(120, 34)) as pilot:
        await on_claims(app, pilot)
        app.query_one("#claim-tabs").active = "claims-appeal"  # AZ-3: granted, seller pays
        await settle(app, pilot)
        told = refusals(app)
        await pilot.press("o")
        await settle(app, pilot)
        assert not isinstance(app.screen, FormScreen)
        assert told == ["cette réclamation n'a pas de contestation"]
        await pilot.press("f")  # file the appeal now, then its outcome
        await settle(app, pilot)
        app.query_one("#claim-tabs").active = "claims-all"
        await settle(app, pilot)
        app.query_one(ClaimsPane).table.move_cursor(row=2)  # AZ-3 among all claims
        await pilot.press("o")
        await settle(app, pilot)
        fill(app, appeal_outcome="granted")
        told = toasts(app)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert not isinstance(app.screen, FormScreen)
        assert told == [
            f"Réclamation AZ-3 (commande {ORDERS[2].order_id}) : "
            "issue de la contestation enregistrée"
        ]
        assert shown(app)["AZ-3"]["stage"] == "Contestation acceptée"
    claim = (await bundle_of(config, ORDERS[2].order_id)).claims[0]
    assert claim.appeal_outcome is AppealOutcome.GRANTED and claim.appeal_decided_at == NOW


async def test_a_new_claim_on_the_order_under_the_cursor(config):
    app = await open_app(config)
    async with app.run_test(size=(120, 34)) as pilot:
        await settle(app, pilot)
        await pilot.press("4")  # Shipments: TO_SHIP under the cursor
        await pilot.press("n")
        await settle(app, pilot)
        assert app.screen.query_one("#field-order_id", Input).value == TO_SHIP.order_id
        assert app.screen.query_one("#field-currency", Input).value == "EUR"
        # now, as a French seller writes it (10:00 in Paris)
        assert app.screen.query_one("#field-filed_at", Input).value == "26/11/2026 10:00"
        await pilot.press(*"AZ-9")
        fill(app, type="not_as_described", amount="24,90 €", filed_at="hier 9h")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert form_error(app) == (
            "Déposée le (heure locale) : « hier 9h » n'est pas une date : "
            "écrivez 2026-11-26 10:00 ou 26/11/2026 10:00"
        )
        fill(app, amount="24.90 EUR x")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert form_error(app) == (
            "Montant réclamé : « 24.90 EUR x » n'est pas un montant : "
            "écrivez par exemple 12,50 ou 12,50 €"
        )
        fill(app, amount="24,90 €", filed_at="26/11/2026 09:45")  # as a French seller types
        told = toasts(app)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert not isinstance(app.screen, FormScreen)
        assert told == [f"Réclamation AZ-9 (commande {TO_SHIP.order_id}) : réclamation enregistrée"]
        await pilot.press("2")
        app.query_one("#claim-tabs").active = "claims-all"
        await settle(app, pilot)
        assert [shown(app)["AZ-9"][c] for c in ("order", "type", "amount")] == [
            TO_SHIP.order_id,
            "Non conforme",
            "24,90\u00a0€",
        ]
    claim = (await bundle_of(config, TO_SHIP.order_id)).claims[0]
    assert (claim.claim_id, claim.type, claim.amount) == (
        "AZ-9",
        ClaimType.NOT_AS_DESCRIBED,
        Decimal("24.90"),
    )
    assert claim.filed_at == datetime(2026, 11, 26, 8, 45, tzinfo=UTC)  # 09:45 in Paris


async def test_a_claim_id_already_recorded_is_refused(config):
    app = await open_app(config)
    async with app.run_test(size=(120, 34)) as pilot:
        await on_claims(app, pilot)
        await pilot.press("n")
        await settle(app, pilot)
        fill(app, claim_id="xx", amount="10")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert form_error(app) == (
            f"Réclamation xx (commande {ORDERS[0].order_id}) : « xx » n'est pas un numéro de "
            "réclamation (3 à 40 lettres, chiffres ou tirets, dont un chiffre)"
        )
        fill(app, claim_id="AZ-1")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert form_error(app) == (
            f"Réclamation AZ-1 (commande {ORDERS[0].order_id}) : "
            "la réclamation AZ-1 est déjà enregistrée"
        )
    claim = (await bundle_of(config, ORDERS[0].order_id)).claims[0]
    assert claim.amount == Decimal("49.90")


async def test_tracking_added_to_an_order_to_ship_confirms_it(config):
    app = await open_app(config)
    async with app.run_test(size=(120, 34)) as pilot:
        await settle(app, pilot)
        await pilot.press("4", "t")
        await settle(app, pilot)
        assert app.screen.query_one("#field-replacing", Select).value == "+"  # a new parcel
        fill(app, tracking_number="ab")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert "« ab » n'est pas un numéro de suivi" in form_error(app)
        fill(app, tracking_number="6A12345678901", carrier="Colissimo")
        told = toasts(app)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert not isinstance(app.screen, FormScreen)
        assert told == [f"Commande {TO_SHIP.order_id} : numéro de suivi enregistré"]
        # Confirmed and on its way: nothing left to do (no Buy Shipping protection alone is
        # not a risk shown), so the order leaves the pane.
        assert TO_SHIP.order_id not in table_rows(app, ShipmentsPane)
    (parcel,) = (await bundle_of(config, TO_SHIP.order_id)).shipments
    assert (parcel.tracking_number, parcel.carrier, parcel.confirmed_at) == (
        "6A12345678901",
        "Colissimo",
        NOW,
    )


async def test_a_parcel_confirmed_without_tracking_gets_its_number(config):
    await write(config, *ORDERS, Shipment(ORDERS[0].order_id, "", confirmed_at=NOW - 19 * D - H))
    app = await open_app(config)
    async with app.run_test(size=(120, 34)) as pilot:
        await on_claims(app, pilot)
        await pilot.press("t")
        await settle(app, pilot)
        assert app.screen.query_one("#field-replacing", Select).value == ""  # that parcel
        fill(app, tracking_number="6A99999999999", carrier="Colissimo")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert not isinstance(app.screen, FormScreen)
    (parcel,) = (await bundle_of(config, ORDERS[0].order_id)).shipments
    assert parcel.tracking_number == "6A99999999999"
    assert parcel.confirmed_at == NOW - 19 * D - H  # kept from the parcel it corrects


async def test_out_of_stock_cancels_an_order_to_ship_and_refuses_a_shipped_one(config):
    app = await open_app(config)
    async with app.run_test(size=(120, 34)) as pilot:
        await settle(app, pilot)
        await pilot.press("4", "x")
        await settle(app, pilot)
        told = toasts(app)
        await pilot.press("enter")
        await settle(app, pilot)
        assert not isinstance(app.screen, FormScreen)
        assert told == [f"Commande {TO_SHIP.order_id} : commande annulée pour rupture de stock"]
        await wait_until_async(
            lambda: app.query_one(ShipmentsPane).table.row_count == 0,
            "the cancelled order gone from Shipments",
            pause=pilot.pause,
        )
        told = refusals(app)
        await pilot.press("2", "x")  # AZ-1's order is shipped: refused before any form
        await wait_until_async(lambda: told, "the refusal", pause=pilot.pause)
        assert told == [f"la commande {ORDERS[0].order_id} est déjà expédiée"]
        assert not isinstance(app.screen, FormScreen)
    order = (await bundle_of(config, TO_SHIP.order_id)).order
    assert (order.status, order.cancelled_by, order.out_of_stock, order.cancelled_at) == (
        OrderStatus.CANCELED,
        CancelledBy.SELLER,
        True,
        NOW,
    )
    assert (await bundle_of(config, ORDERS[0].order_id)).order.cancelled_at is None


async def test_order_keys_on_a_row_without_an_order_say_so(config):
    app = await open_app(config)
    async with app.run_test(size=(120, 34)) as pilot:
        await settle(app, pilot)
        notices = []
        app.notify = lambda message, **kw: notices.append(message)
        await pilot.press("5", "t")  # no message: no row
        await settle(app, pilot)
        assert notices == ["Aucune commande sur cette ligne."]
        assert not isinstance(app.screen, FormScreen)


async def burst(app: AztuiApp, pilot, keys: str | list[str]) -> None:
    """``keys`` sent as a terminal delivers a burst: one after the other, nothing waited
    for between them (``pilot.press`` waits for the app to be idle after each key)."""
    driver = app._driver
    assert driver is not None
    for key in keys:
        driver.send_message(events.Key(key, key if len(key) == 1 else None))
    await settle(app, pilot)


async def test_keys_typed_right_after_tab_land_in_the_next_field(config):
    app = await open_app(config)
    async with app.run_test(size=(120, 34)) as pilot:
        await settle(app, pilot)
        await pilot.press("n")  # a new claim: its id first, then its order
        await settle(app, pilot)
        assert isinstance(app.screen, FormScreen)
        fill(app, order_id="")
        await burst(app, pilot, ["A", "Z", "tab", "4", "0", "2", "tab", "tab", "9"])
        values = app.screen.values()
        assert (values["claim_id"], values["order_id"]) == ("AZ", "402")
        assert (values["amount"], values["currency"]) == ("9", "EUR")  # past the type's list
        await burst(app, pilot, ["shift+tab", "shift+tab", "1"])
        assert app.screen.values()["order_id"] == "1"  # a field focused is selected: replaced
