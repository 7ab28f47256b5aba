"""The row under the cursor, in full, below the table when the terminal is tall enough: its
deadline, its order (bought, total), the last parcel (carrier, number, where it is), every
risk signal on it and its claims. What the columns leave out, without opening the order."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from aztui.domain.lifecycle import stage
from aztui.i18n import local_time, signal_name, t
from aztui.money import money
from aztui.tui.cells import countdown

TALL = 34
"""From this many lines the detail is shown (at 80×24 the rows need the room)."""


class RowDetail(Static):
    DEFAULT_CSS = """
    RowDetail {
        display: none; height: auto; max-height: 9; padding: 0 1;
        border-top: solid $primary-muted;
    }
    """

    def __init__(self, language: str, zone: str) -> None:
        super().__init__(id="row-detail")
        self.language = language
        self.zone = zone
        self.due: tuple[Any, Callable[[], datetime]] | None = None
        self.lines = -1
        """The lines last shown: a row of as many is shown without a layout of the screen."""

    def show_soon(self, pane: Any, clock: Callable[[], datetime]) -> None:
        """The row under ``pane``'s cursor, once the frame that moved the cursor is drawn: a
        key waits for the rows only, and keys typed faster than frames draw it once."""
        if self.due is None:
            self.call_after_refresh(self._show_due)
        self.due = (pane, clock)

    def _show_due(self) -> None:
        if self.due is not None:
            (pane, clock), self.due = self.due, None
            self.show_row(pane, pane.cursor_key(), clock())

    def show_row(self, pane: object, key: str | None, now: datetime) -> None:
        """The row ``key`` of ``pane`` (a ``TablePane``); nothing when there is no row."""
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column()
        snapshot = getattr(pane, "snapshot", None)
        if key is None or snapshot is None:
            self._put(grid)
            return
        lang, zone = self.language, self.zone
        deadline = getattr(pane, "clocks", {}).get(key)
        if deadline is not None:
            left = countdown(deadline.due, now, False, lang, self.app.theme_variables)
            name = snapshot.rule_names.get(deadline.rule, deadline.rule)
            grid.add_row(name, Text.assemble(local_time(deadline.due, zone, lang), "  ", left))
        order_id = pane.order_of(key)  # type: ignore[attr-defined]  # a TablePane's
        bundle = snapshot.bundles.get(order_id or "")
        if order_id:
            order = bundle.order if bundle is not None else None
            parts = [order_id]
            if order is not None:
                parts.append(
                    f"{t('purchased', lang)} {local_time(order.purchase_date, zone, lang)}"
                )
                if order.order_total is not None:
                    parts.append(money(order.order_total, order.currency, lang))
            grid.add_row(t("order", lang), " · ".join(parts))
        if bundle is not None and bundle.shipments:
            parcel = bundle.shipments[-1]
            where = t(f"tracking_{parcel.status.value}", lang) if parcel.status else ""
            shown = [parcel.carrier or "", parcel.tracking_number or "", where]
            grid.add_row(t("tracking", lang), " · ".join(p for p in shown if p))
        signals = sorted({r.signal for r in snapshot.risks_of(order_id)}) if order_id else []
        if signals:
            words = [signal_name(s, lang) for s in signals]
            grid.add_row(t("risks_column", lang), ", ".join(words))
        for claim in bundle.claims if bundle is not None else ():
            grid.add_row(
                t("claim", lang),
                " · ".join(
                    (
                        claim.claim_id,
                        t(claim.type.value, lang),
                        t(f"stage_{stage(claim).value}", lang),
                        money(claim.amount, claim.currency, lang),
                    )
                ).rstrip(" ·"),
            )
        self._put(grid)

    def _put(self, grid: Table) -> None:
        console = self.app.console
        room = self.content_region.width or self.app.size.width
        lines = len(console.render_lines(grid, console.options.update_width(room), pad=False))
        self.update(grid, layout=lines != self.lines)
        self.lines = lines
