"""Metrics: every metric against its target with Amazon's own figure, and for the metric
under the cursor a plot of its last 30 days and next 7 against its target and at-risk edge
(``metric_plot``), and its forecasts in words; below, what Amazon reports that aztui does not
compute (the account health rating, its warnings …), apart from aztui's."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from aztui.i18n import metric_name, percent, t
from aztui.report import MetricView, metric_notes
from aztui.report_amazon import ONLY_COLUMNS, beside, only_row
from aztui.tui.cells import metric_value
from aztui.tui.metric_plot import MetricPlot, plot_data
from aztui.tui.panes.base import TablePane
from aztui.tui.snapshot import Snapshot
from aztui.tui.table import RowTable

ROOMY = 30
"""From this many rows, the pane breathes: a blank row sets the plot apart from the table."""


class MetricsPane(TablePane):
    DEFAULT_CSS = """
    MetricsPane { overflow-y: auto; }
    MetricsPane > RowTable { height: auto; max-height: 12; }
    MetricsPane > #trend-title { padding: 1 1 0 1; }
    MetricsPane > MetricPlot { margin: 0 1; }
    MetricsPane > #forecasts { padding: 1 1; height: auto; }
    MetricsPane > #amazon-only-title { padding: 0 1; }
    MetricsPane > #amazon-only { height: auto; max-height: 12; }
    """
    TABLE_ID = "metrics-table"
    COLUMNS = ("metric", "value", "target", "count", "status", "amazon")

    def compose(self) -> ComposeResult:
        yield self.new_table()
        yield self.filter_input()
        yield Static(id="trend-title")
        yield MetricPlot(id="trend")
        yield Static(id="forecasts")
        yield Static(Text(t("amazon_only", self.language), style="bold"), id="amazon-only-title")
        only: DataTable[object] = DataTable(id="amazon-only", cursor_type="row", zebra_stripes=True)
        for key in ONLY_COLUMNS:
            only.add_column(t(key, self.language), key=key)
        yield only

    def show(self, snapshot: Snapshot, now: datetime) -> None:
        self.snapshot = snapshot
        self.refill((view.result.id, self._cells(view)) for view in snapshot.views)
        self._detail()
        self._amazon_only(snapshot)

    def tick(self, now: datetime) -> None:
        """Metrics change with the store, not the clock: nothing to do each second."""

    def on_row_table_row_highlighted(self, event: RowTable.RowHighlighted) -> None:
        self._detail()

    def on_resize(self, event: events.Resize) -> None:
        self.call_after_refresh(self._fit)

    def _fit(self) -> None:
        """The plot takes the rows the table, its title and its legend leave on screen (a
        blank row above the title when there is room), the forecasts coming below."""
        plot, title = self.query_one(MetricPlot), self.query_one("#trend-title", Static)
        gap = 1 if self.size.height >= ROOMY else 0
        title.styles.padding = (gap, 1, 0, 1)
        plot.fit(self.size.height - self.table.outer_size.height - 1 - gap - plot.legend_rows)

    def on_data_table_header_selected(self, event: DataTable.HeaderSelected) -> None:
        """Sorting is the metrics table's; Amazon's own rows keep their order."""
        event.stop()

    def _amazon_only(self, snapshot: Snapshot) -> None:
        """Amazon's own figures, or nothing at all (not even a title) when there is none."""
        table = self.query_one("#amazon-only", DataTable)
        table.clear()
        for figure in snapshot.amazon_only:
            table.add_row(*only_row(figure, self.language), key=figure.metric)
        shown = bool(snapshot.amazon_only)
        table.display = shown
        self.query_one("#amazon-only-title", Static).display = shown

    def highlighted(self) -> MetricView | None:
        key = self.cursor_key()
        if self.snapshot is None or key is None:
            return None
        return next((v for v in self.snapshot.views if v.result.id == key), None)

    def _detail(self) -> None:
        view = self.highlighted()
        if view is None or self.snapshot is None:
            return
        lang = self.language
        name = metric_name(view.definition, lang)
        trend = self.snapshot.trends.get(view.result.id, [])
        self.query_one("#trend-title", Static).update(
            Text(t("trend", lang, name=name, days=len(trend) - 1), style="bold")
        )
        outlook = self.snapshot.outlooks.get(view.result.id, [])
        self.query_one(MetricPlot).show(
            plot_data(
                view,
                trend,
                outlook,
                self.snapshot.at_risk_ratio,
                self.snapshot.taken_at,
                self.timezone,
                lang,
            )
        )
        self.call_after_refresh(self._fit)  # the legend may take another line
        notes = metric_notes(view, lang, self.timezone) or [t("no_forecast", lang)]
        self.query_one("#forecasts", Static).update("\n".join(f"• {n}" for n in notes))

    def _cells(self, view: MetricView) -> list[object]:
        r, lang = view.result, self.language
        sign = "<" if r.bound.value == "upper" else "≥"
        amazon: object = "—"
        if view.amazon is not None:
            amazon = Text(beside(view.amazon, lang))
            if view.disagrees:
                amazon.append(" ≠", style=f"bold {self.app.theme_variables.get('warning', '')}")
        return [
            metric_name(view.definition, lang),
            metric_value(r.value, r.status, lang, self.app.theme_variables),
            f"{sign} {percent(float(r.target), lang)}",
            f"{r.numerator}/{r.denominator}",
            t(r.status.value, lang),
            amazon,
        ]
