"""The Metrics pane: every metric against its target, Amazon's figure, a plot of the last 30
days (tests/tui/test_metric_plot.py) and the forecasts of the metric under the cursor."""

from __future__ import annotations

import dataclasses

from textual.widgets import DataTable

from aztui.domain.health import AmazonFigure
from aztui.domain.model import Order, OrderStatus, Shipment
from aztui.service import Service
from aztui.tui.app import AztuiApp
from aztui.tui.metric_plot import MetricPlot
from aztui.tui.panes.metrics import MetricsPane
from tests.ingest.helpers import FIXTURES
from tests.tui.helpers import NOW, Clock, H, settle, table_rows, write

D = 24 * H
LATE = Order(
    "402-0000001-0000001", NOW - 5 * D, status=OrderStatus.SHIPPED, latest_ship_date=NOW - 4 * D
)
ON_TIME = Order(
    "402-0000002-0000002", NOW - 5 * D, status=OrderStatus.SHIPPED, latest_ship_date=NOW - 4 * D
)
SHIPMENTS = [
    Shipment(LATE.order_id, "6A1", confirmed_at=NOW - 3 * D),
    Shipment(ON_TIME.order_id, "6A2", confirmed_at=NOW - 4 * D - 2 * H),
]


async def test_metrics_with_amazons_figure_a_trend_and_forecasts(config):
    await write(config, LATE, ON_TIME, *SHIPMENTS)
    async with Service(config) as service:
        await service.store.write_amazon_figures(
            [AmazonFigure("FR", "late_shipment_rate_10d", NOW - D, NOW - 11 * D, 0.6, 3, 5)], NOW
        )
    app = AztuiApp(config, clock=Clock(NOW), tick_seconds=3600)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("6")
        pane = app.query_one(MetricsPane)
        table = pane.table
        rows = {key: [str(c) for c in table.row_at(i)] for i, key in enumerate(table.row_keys())}
        late = rows["late_shipment_rate_10d"]
        assert late[1:5] == ["50,00 %", "< 4,00 %", "1/2", "dépassé"]
        assert late[5] == "60,00 % 3/5 ≠"  # 3 late per Amazon, 1 here: more than one apart
        table.focus()
        table.move_cursor(row=list(rows).index("late_shipment_rate_10d"))
        await settle(app, pilot)
        data = pane.query_one(MetricPlot).data
        assert data is not None and len(data.history) == 31 and data.history[-1] == (NOW, 0.5)
        # nothing shipped 30 days ago: a gap in the plot, never a day at 0 %
        assert data.history[0] == (NOW - 30 * D, None)
        forecasts = str(pane.query_one("#forecasts").render())
        assert "≠ Amazon : 1 ici, 3 selon Amazon" in forecasts
        # Amazon gave nothing aztui does not compute: no section for it, not even its title
        assert not pane.query_one("#amazon-only").display
        assert not pane.query_one("#amazon-only-title").display


async def test_a_real_report_shows_every_figure_and_marks_what_aztui_derived(config):
    """The real DE account-health answer (``fixtures/amazon/real``) on a DE store, in French."""
    config = dataclasses.replace(config, marketplace="DE", language="fr")
    async with Service(config) as service:
        report = FIXTURES / "amazon" / "real" / "account_health_de_excerpt.json"
        await service.import_file(report)
    app = AztuiApp(config, clock=Clock(NOW), tick_seconds=3600)
    async with app.run_test(size=(120, 50)) as pilot:
        await settle(app, pilot)
        await pilot.press("6")
        await settle(app, pilot)
        rows = table_rows(app, MetricsPane)
        assert rows["order_defect_rate"]["amazon"] == "0,00 % ≈0/11"
        assert rows["on_time_delivery_rate"]["amazon"].startswith("42,86 % 3/7")
        assert rows["late_shipment_rate_10d"]["amazon"] == "—"  # the entry states no window
        pane = app.query_one(MetricsPane)
        table = pane.table
        table.focus()
        table.move_cursor(row=list(rows).index("order_defect_rate"))
        await settle(app, pilot)
        forecasts = str(pane.query_one("#forecasts").render())
        assert "≈ : nombre calculé par aztui (taux × total d'Amazon)" in forecasts
        only = pane.query_one("#amazon-only", DataTable)
        assert only.display and pane.query_one("#amazon-only-title").display
        cells = {
            str(row.key.value): [str(c) for c in only.get_row(row.key)] for row in only.ordered_rows
        }
        assert list(cells) == [
            "account_status",
            "account_health_rating",
            "warning_states",
            "late_shipment_rate",
            "order_defect_rate_afn",
            "policy_violation_warnings",
            "listing_policy_violations",
        ]
        assert cells["account_health_rating"][:5] == [
            "Note de santé du compte",
            "428",
            "—",
            "—",
            "excellent",
        ]
        assert cells["warning_states"][3] == "0"
        assert cells["late_shipment_rate"][:5] == [
            "Taux d'expéditions en retard (période non précisée)",
            "0,00 %",
            "< 4,00 %",
            "—",
            "bon",
        ]
        assert cells["order_defect_rate_afn"][3] == "≈0/4322"


async def test_amazons_own_figures_are_reached_on_the_smallest_terminal(config):
    """At 80×24 they lie below the forecasts: Tab from the metrics brings them into view."""
    config = dataclasses.replace(config, marketplace="US")
    async with Service(config) as service:
        report = FIXTURES / "amazon" / "real" / "account_health_schema_example_us.json"
        await service.import_file(report)
    app = AztuiApp(config, clock=Clock(NOW), tick_seconds=3600)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("6")
        await settle(app, pilot)
        pane = app.query_one(MetricsPane)
        only = pane.query_one("#amazon-only", DataTable)
        assert only.region.y >= app.screen.region.bottom  # below the screen, at first
        pane.table.focus()
        await pilot.press("tab")
        await settle(app, pilot)
        assert app.focused is only
        assert only.region.y < app.screen.region.bottom and only.row_count == 14
