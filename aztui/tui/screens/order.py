"""The order detail: one timeline of everything known about an order. Escape closes it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from aztui.domain.model import OrderBundle
from aztui.domain.timeline import timeline
from aztui.domain.tracking import ParcelEvent
from aztui.i18n import local_time, t
from aztui.tui.columns import Hidden, fit
from aztui.tui.event_words import event_detail
from aztui.tui.footer import KeyFooter
from aztui.tui.keys import localize

COLUMNS = ("when", "event", "subject", "detail")


class OrderScreen(ModalScreen[None]):
    AUTO_FOCUS = "#timeline"
    """The arrows move through the events at once (the app's AUTO_FOCUS names its rows)."""
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", "Close", id="order.close")
    ]
    DEFAULT_CSS = """
    OrderScreen { align: center middle; }
    OrderScreen > Vertical {
        width: 90%; height: 80%; border: round $primary; background: $surface; padding: 0 1;
    }
    OrderScreen DataTable { height: 1fr; }
    """

    def __init__(
        self, bundle: OrderBundle, language: str, timezone: str, scans: Sequence[ParcelEvent] = ()
    ) -> None:
        super().__init__()
        localize(self, language)
        self.bundle = bundle
        self.scans = scans
        self.language = language
        self.timezone = timezone
        self.hidden: Hidden = {}
        """The columns the terminal is too narrow for."""

    def compose(self) -> ComposeResult:
        lang = self.language
        with Vertical():
            yield Static(t("order_detail", lang, order=self.bundle.order_id), classes="title")
            table: DataTable[str] = DataTable(id="timeline", cursor_type="row")
            for key in COLUMNS:
                table.add_column(t(key, lang), key=key)
            for event in timeline(self.bundle, self.scans):
                table.add_row(
                    local_time(event.at, self.timezone, lang),
                    t(f"event_{event.kind}", lang),
                    event.subject,
                    event_detail(event, lang),
                )
            yield table
        yield KeyFooter()

    def on_mount(self) -> None:
        self.call_after_refresh(self.fit_columns)

    def on_resize(self) -> None:
        self.call_after_refresh(self.fit_columns)

    def fit_columns(self) -> None:
        """At 80 columns the object gives way to the detail (a decision, an amount)."""
        fit(self.query_one("#timeline", DataTable), COLUMNS, ("subject",), self.hidden)
