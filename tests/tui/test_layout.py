"""The layout a seller reads in ten seconds: the rows in focus from the start, a header with
the marketplace's clock and what needs doing, a footer that keeps ``?`` and the pane's keys at
80 columns, popups with their own keys, small toasts in a small terminal."""

from __future__ import annotations

import dataclasses
import re
from datetime import timedelta

import pytest
from textual.widgets import Tabs
from textual.widgets._footer import FooterKey

from aztui.domain.model import (
    Claim,
    ClaimType,
    Decision,
    FundedBy,
    Order,
    OrderStatus,
    Shipment,
    TrackingStatus,
)
from aztui.tui.app import AztuiApp
from aztui.tui.detail import RowDetail
from aztui.tui.footer import KeyFooter
from aztui.tui.masthead import Masthead
from aztui.tui.panes.base import TablePane
from aztui.tui.panes.claims import ClaimsPane
from aztui.tui.panes.today import TodayPane
from aztui.tui.panes.work import MessagesPane, ShipmentsPane
from aztui.tui.table import RowTable
from tests.tui.helpers import NOW, Clock, H, settle, table_rows, write
from tests.tui.test_claims import CLAIMS, ORDERS
from tests.tui.test_work_panes import RECORDS

D = 24 * H
ITEM = re.compile(r"^\S+ (—|\d+[,.]\d+ ?%)$")
"""One metric, whole: its acronym and its value."""


def order(n: int, ship_by_in: timedelta) -> Order:
    ship_by = NOW + ship_by_in
    return Order(
        f"402-{n:07d}-0000000",
        ship_by - 30 * H,
        status=OrderStatus.UNSHIPPED,
        latest_ship_date=ship_by,
    )


def footer_text(app: AztuiApp) -> str:
    """The footer's keys as the seller reads them, position included."""
    footer = app.screen.query_one(KeyFooter)
    parts = [f"{key.key_display} {key.description}" for key in footer.query(FooterKey)]
    return "  ".join(parts) + "  " + str(footer.query_one("#position").render())


async def test_the_rows_have_the_keys_from_the_start_and_after_a_click_on_a_tab(config):
    await write(config, order(1, 5 * H), order(2, 7 * H))
    app = AztuiApp(config, clock=Clock(NOW), tick_seconds=3600)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        today = app.query_one(TodayPane).table
        assert app.focused is today
        await pilot.press("down")
        assert today.cursor_row == 1
        await pilot.click("#--content-tab-claims")
        await settle(app, pilot)
        assert app.focused is app.query_one(ClaimsPane).table


async def test_the_header_tells_the_marketplace_time_and_what_needs_doing(config):
    # Thursday 26 November 2026, 09:00 UTC: 10:00 in Paris.
    await write(config, order(1, -2 * H), order(2, 5 * H), order(3, 20 * H), order(4, 40 * H))
    clock = Clock(NOW)
    app = AztuiApp(config, clock=clock, tick_seconds=3600)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        header = str(app.query_one(Masthead).render())
        assert "jeu. 26 nov. 10:00 Europe/Paris" in header
        assert "1 en retard · 1 aujourd'hui · 3 dans 48 h" in header
        clock.now = NOW + 6 * H  # the second order falls due: counted at the next tick
        app.tick()
        await settle(app, pilot)
        header = str(app.query_one(Masthead).render())
        assert "jeu. 26 nov. 16:00" in header
        assert "2 en retard · 0 aujourd'hui · 2 dans 48 h" in header


async def test_the_header_in_english(config):
    config = dataclasses.replace(config, language="en")
    await write(config, order(1, -2 * H))
    app = AztuiApp(config, clock=Clock(NOW), tick_seconds=3600)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        header = str(app.query_one(Masthead).render())
        assert "Thu 26 Nov 10:00 Europe/Paris" in header
        assert "1 overdue · 0 today · 0 in 48 h" in header


async def test_at_80_columns_the_footer_keeps_help_filter_and_the_claim_keys(config):
    await write(config, *ORDERS, *CLAIMS)
    app = AztuiApp(config, clock=Clock(NOW), tick_seconds=3600)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("2")
        await settle(app, pilot)
        footer = footer_text(app)
        for words in ("? Aide", "/ Filtrer", "e Demandée", "s Répondu", "d Décision", "p Preuves"):
            assert words in footer
        assert footer.endswith("1/1")  # the row under the cursor, of the rows shown
        width = sum(k.region.width for k in app.screen.query("FooterKey"))
        assert width <= 80
        assert "1 Aujourd'hui" in str(app.query_one("#--content-tab-today").render())


async def test_brackets_go_through_the_claims_tabs_and_the_rows_keep_the_keys(config):
    await write(config, *ORDERS, *CLAIMS)
    app = AztuiApp(config, clock=Clock(NOW), tick_seconds=3600)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("2", "right_square_bracket")
        await settle(app, pilot)
        pane = app.query_one(ClaimsPane)
        assert app.query_one("#claim-tabs", Tabs).active == "claims-review"
        assert app.focused is pane.table
        await pilot.press("left_square_bracket")
        await settle(app, pilot)
        assert pane.tab == "action"


async def test_each_popup_shows_its_own_keys_with_escape(config):
    await write(config, *ORDERS, *CLAIMS)
    app = AztuiApp(config, clock=Clock(NOW), tick_seconds=3600)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("2", "enter")
        await settle(app, pilot)
        assert footer_text(app).startswith("Échap Fermer")
        await pilot.press("escape", "d")
        await settle(app, pilot)
        assert footer_text(app).startswith("Échap Annuler  ^s Enregistrer")
        await pilot.press("escape", "p")
        await settle(app, pilot)
        footer = footer_text(app)
        assert footer.startswith("Échap Fermer  ") and "^t Copier" in footer


async def test_appeal_tab_lists_the_soonest_deadline_first(config):
    orders = [
        Order(f"402-00000{n}0-0000000", NOW - 30 * D, status=OrderStatus.SHIPPED)
        for n in range(1, 3)
    ]
    later = Claim(  # filed last, decided last: its appeal window closes last
        "AZ-10", orders[0].order_id, ClaimType.NOT_RECEIVED, NOW - 10 * D,
        decided_at=NOW - 2 * D, decision=Decision.GRANTED, funded_by=FundedBy.SELLER,
    )  # fmt: skip
    sooner = Claim(
        "AZ-11", orders[1].order_id, ClaimType.NOT_RECEIVED, NOW - 12 * D,
        decided_at=NOW - 8 * D, decision=Decision.GRANTED, funded_by=FundedBy.SELLER,
    )  # fmt: skip
    await write(config, *orders, later, sooner)
    app = AztuiApp(config, clock=Clock(NOW), tick_seconds=3600)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("2")
        app.query_one("#claim-tabs", Tabs).active = "claims-appeal"
        await settle(app, pilot)
        assert list(table_rows(app, ClaimsPane)) == ["AZ-11", "AZ-10"]


async def test_a_small_terminal_gets_a_small_short_toast(config):
    app = AztuiApp(config, clock=Clock(NOW), tick_seconds=3600)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(app, pilot)
        app.notify("one\ntwo\nthree\nfour", title="Alerte", timeout=12)
        app.notify("stays", timeout=24 * 3600, severity="error")
        await settle(app, pilot)
        first, second = list(app._notifications)
        assert first.message == "one …" and first.timeout <= 5
        assert second.timeout == 24 * 3600  # a plugin fault stays until dismissed
        await pilot.pause()
        toast = app.screen.query("Toast").first()
        assert toast.region.height <= 3


@pytest.mark.parametrize("language", ["fr", "en"])
async def test_the_metrics_line_never_breaks_inside_an_item(config, language):
    config = dataclasses.replace(config, language=language)
    await write(config, *ORDERS, *CLAIMS, *RECORDS)
    for width in (80, 120, 95):
        app = AztuiApp(config, clock=Clock(NOW), tick_seconds=3600)
        async with app.run_test(size=(width, 24)) as pilot:
            await settle(app, pilot)
            headline = app.query_one("#headline")
            lines = [headline.render_line(y).text for y in range(headline.size.height)]
            assert any("%" in line for line in lines)
            for line in lines:
                for item in filter(None, (part.strip() for part in line.split("·"))):
                    assert ITEM.match(item), (width, line)


async def test_an_overdue_countdown_keeps_its_colour_under_the_cursor(config):
    await write(config, order(1, -2 * H))
    app = AztuiApp(config, clock=Clock(NOW), tick_seconds=3600)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        table = app.query_one(TodayPane).table
        assert isinstance(table, RowTable)
        assert table.cursor_foreground_priority == "renderable"
        assert table.cursor_row == 0


async def test_no_buy_shipping_is_shown_only_beside_a_delivery_in_doubt(config):
    def shipped(n: int) -> Order:
        return Order(
            f"402-000000{n}-0000000",
            NOW - 3 * D,
            status=OrderStatus.SHIPPED,
            latest_ship_date=NOW - 2 * D,
            latest_delivery_date=NOW + 2 * D,
        )

    on_its_way, unknown = shipped(1), shipped(2)
    await write(
        config,
        on_its_way,
        unknown,
        Shipment(
            on_its_way.order_id,
            "6A001",
            confirmed_at=NOW - 2 * D,
            carrier="Colissimo",
            first_scan_at=NOW - 2 * D + 5 * H,
            status=TrackingStatus.IN_TRANSIT,
        ),
        Shipment(unknown.order_id, "", confirmed_at=NOW - 2 * D, carrier="La Poste"),
    )
    app = AztuiApp(config, clock=Clock(NOW), tick_seconds=3600)
    async with app.run_test(size=(160, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("4")
        await settle(app, pilot)
        rows = table_rows(app, ShipmentsPane)
    assert list(rows) == [unknown.order_id]  # a parcel on its way: nothing to do
    assert rows[unknown.order_id]["risks_column"] == (
        "Pas de suivi, Sans Achat de l'affranchissement"
    )


def columns(app: AztuiApp, pane: type[TablePane]) -> list[str]:
    return [str(key.value) for key in app.query_one(pane).table.columns]


async def test_narrow_columns_give_way_least_useful_first_and_come_back(config):
    await write(config, *ORDERS, *CLAIMS, *RECORDS)
    app = AztuiApp(config, clock=Clock(NOW), tick_seconds=3600)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        for key, pane, kept in (
            ("2", ClaimsPane, ("remaining", "amount", "odr")),
            ("4", ShipmentsPane, ("remaining", "total", "tracking", "risks_column")),
            ("5", MessagesPane, ("remaining", "message", "risks_column")),
        ):
            await pilot.press(key)
            await settle(app, pilot)
            shown = columns(app, pane)
            assert set(kept) <= set(shown), (pane.__name__, shown)
            assert pane is MessagesPane or len(shown) < len(pane.COLUMNS)  # some gave way
            table = app.query_one(pane).table
            widths = [(c.key.value, table.column_width(c)) for c in table.columns.values()]
            assert table.virtual_size.width <= table.scrollable_content_region.width, widths
            assert str(table.row_at(0)[shown.index("remaining")]).startswith("dans")
        await pilot.resize_terminal(200, 40)
        await settle(app, pilot)
        assert columns(app, MessagesPane) == list(MessagesPane.COLUMNS)


def detail_text(app: AztuiApp) -> str:
    detail = app.query_one(RowDetail)
    lines = (detail.render_line(y).text for y in range(detail.size.height))
    return "\n".join(lines).replace("\u00a0", " ")


async def test_a_tall_terminal_shows_the_row_under_the_cursor_in_full(config):
    await write(config, *ORDERS, *CLAIMS, *RECORDS)
    app = AztuiApp(config, clock=Clock(NOW), tick_seconds=3600)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("4")  # Shipments: the order to ship, then the one shipped
        await settle(app, pilot)
        text = detail_text(app)
        assert "Confirmer l'expédition" in text and "402-0000002-0000002" in text
        assert "24,90 €" in text
        await pilot.press("down")
        await settle(app, pilot)
        text = detail_text(app)
        assert "402-0000001-0000001" in text and "180,00 €" in text
        assert "Colissimo" in text and "Pas de suivi" in text
        await pilot.resize_terminal(80, 24)  # the rows need the room
        await settle(app, pilot)
        assert not app.query_one(RowDetail).display
