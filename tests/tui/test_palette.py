"""The command palette finds every action, of any pane, and every order in the store."""

from __future__ import annotations

from collections.abc import Callable

from textual.command import CommandInput, CommandList, CommandPalette

from aztui.tui.app import AztuiApp
from aztui.tui.screens.form import FormScreen
from aztui.tui.screens.order import OrderScreen
from tests.tui.helpers import NOW, Clock, settle, write
from tests.tui.test_claims import CLAIMS, ORDERS
from tests.waiting import wait_until_async


def listed(app: AztuiApp) -> list[str]:
    """The hits the open palette lists."""
    hits = app.screen.query_one(CommandList)
    return [str(hits.get_option_at_index(i).prompt) for i in range(hits.option_count)]


async def palette(app: AztuiApp, pilot, text: str, found: Callable[[list[str]], bool]) -> list[str]:
    """Open the palette, type ``text``, and return the hits it lists once ``found`` holds of
    them (the search runs in the background, and shows its hits as they come)."""
    await pilot.press("ctrl+p")
    await settle(app, pilot)
    assert isinstance(app.screen, CommandPalette)
    await pilot.press(*text)
    await wait_until_async(
        lambda: found(listed(app)),
        lambda: f"the hits for {text!r}; the palette lists {listed(app)}",
        pause=pilot.pause,
    )
    return listed(app)


async def test_the_palettes_prompt_is_in_the_sellers_language(config):
    app = AztuiApp(config, clock=Clock(NOW), tick_seconds=3600)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+p")
        await settle(app, pilot)
        prompt = app.screen.query_one(CommandInput)
        assert prompt.placeholder == "Chercher une action ou une commande…"


async def test_an_action_of_another_pane_shows_that_pane_and_runs(config):
    await write(config, *ORDERS, *CLAIMS)
    app = AztuiApp(config, clock=Clock(NOW), tick_seconds=3600)
    async with app.run_test(size=(120, 34)) as pilot:
        await settle(app, pilot)  # on Today, where no row is about an order
        told: list[str] = []
        app.notify = lambda message, **kw: told.append(str(message))
        hits = await palette(
            app, pilot, "décision", lambda hits: any(h.startswith("Décision") for h in hits)
        )
        assert any(h.startswith("Décision") for h in hits)
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.query_one("#panes").active == "claims"
        assert not isinstance(app.screen, FormScreen)  # which claim? the seller picks it
        assert told == ["Choisissez la réclamation dans ce volet, puis sa touche."]
        hits = await palette(
            app, pilot, "décision", lambda hits: any(h.startswith("Décision") for h in hits)
        )
        await pilot.press("enter")  # on Claims now: the claim under the cursor, AZ-1
        await settle(app, pilot)
        assert isinstance(app.screen, FormScreen) and "AZ-1" in app.screen.title_text


async def test_every_order_in_the_store_is_found_by_any_part_of_its_id(config):
    await write(config, *ORDERS, *CLAIMS)
    app = AztuiApp(config, clock=Clock(NOW), tick_seconds=3600)
    async with app.run_test(size=(120, 34)) as pilot:
        await settle(app, pilot)
        expected = [f"Commande {ORDERS[2].order_id}"]
        hits = await palette(app, pilot, "0000003", lambda hits: hits == expected)
        assert hits == expected
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, OrderScreen)
        assert ORDERS[2].order_id in str(app.screen.query_one("Static").render())


async def test_every_binding_is_offered(config):
    bindings = (
        "Suivi",
        "Rupture",
        "Nouvelle réclamation",
        "Décision",
        "Issue contestation",
        "Traité",
        "Sans réponse",
        "Trier",
        "Relire",
        "Réclamations",
        "Filtrer",
    )
    app = AztuiApp(config, clock=Clock(NOW), tick_seconds=3600)
    async with app.run_test(size=(120, 34)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+p")
        await settle(app, pilot)
        await wait_until_async(  # the palette lists them as its search finds them
            lambda: all(words in " ".join(listed(app)) for words in bindings),
            lambda: f"every binding; the palette lists {listed(app)}",
            pause=pilot.pause,
        )
        shown = " ".join(listed(app))
    for words in bindings:
        assert words in shown, words


async def test_each_action_shows_its_key_and_its_pane(config):
    """Keys are shown as keys (``[s]`` was read as markup and vanished); an action two panes
    share a word for names its pane."""
    app = AztuiApp(config, clock=Clock(NOW), tick_seconds=3600)
    expected = (
        "Décision · Réclamations  d",
        "Répondu · Réclamations  s",
        "Répondu · Messages  a",
        "Trier  S",
        "Aide  ?",
        "Suivi  t",
        "Thème\nChanger les couleurs de l'application",
    )
    async with app.run_test(size=(120, 34)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+p")
        await settle(app, pilot)
        await wait_until_async(
            lambda: all(hit in listed(app) for hit in expected),
            lambda: f"{expected}; the palette lists {listed(app)}",
            pause=pilot.pause,
        )
        assert not [hit for hit in listed(app) if hit.startswith(("Quit\n", "Keys", "Theme"))]


async def test_a_claim_action_from_another_pane_acts_on_that_rows_claim(config):
    """ "Décision" asked from Shipments opens the decision of the claim of the order under the
    cursor there, not of whatever claim the Claims pane last showed; an order without a
    claim is told so, and no form opens."""
    from aztui.domain.model import Claim, ClaimType
    from tests.tui.test_forms import TO_SHIP

    on_it = Claim("AZ-8", TO_SHIP.order_id, ClaimType.NOT_RECEIVED, NOW)
    await write(config, *ORDERS, *CLAIMS, TO_SHIP)
    app = AztuiApp(config, clock=Clock(NOW), tick_seconds=3600)
    async with app.run_test(size=(120, 34)) as pilot:
        await settle(app, pilot)
        await pilot.press("4")  # Shipments: TO_SHIP under the cursor, no claim on it
        told: list[str] = []
        app.notify = lambda message, **kw: told.append(str(message))
        await palette(app, pilot, "décision", lambda hits: any("Décision" in h for h in hits))
        await pilot.press("enter")
        await settle(app, pilot)
        assert not isinstance(app.screen, FormScreen)
        assert told == [
            f"La commande {TO_SHIP.order_id} n'a pas de réclamation : "
            "choisissez-en une dans ce volet."
        ]
    await write(config, on_it)
    app = AztuiApp(config, clock=Clock(NOW), tick_seconds=3600)
    async with app.run_test(size=(120, 34)) as pilot:
        await settle(app, pilot)
        await pilot.press("4")
        await palette(app, pilot, "décision", lambda hits: any("Décision" in h for h in hits))
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, FormScreen)
        assert "AZ-8" in app.screen.title_text
