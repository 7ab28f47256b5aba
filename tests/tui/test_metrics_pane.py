"""The Metrics pane: every metric against its target, Amazon's figure, a 30-day trend plot
and the forecasts of the metric under the cursor."""

from __future__ import annotations

from textual.widgets import Sparkline

from aztui.domain.health import AmazonFigure
from aztui.domain.model import Order, OrderStatus, Shipment
from aztui.service import Service
from aztui.tui.app import AztuiApp
from aztui.tui.panes.metrics import MetricsPane
from tests.tui.helpers import NOW, Clock, H, settle, write

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
        rows = {
            table.coordinate_to_cell_key((i, 0)).row_key.value: [
                str(c) for c in table.get_row_at(i)
            ]
            for i in range(table.row_count)
        }
        late = rows["late_shipment_rate_10d"]
        assert late[1:5] == ["50,00 %", "< 4,00 %", "1/2", "dépassé"]
        assert late[5] == "60,00 % ≠"  # 3 late per Amazon, 1 here: more than one apart
        table.focus()
        table.move_cursor(row=list(rows).index("late_shipment_rate_10d"))
        await settle(app, pilot)
        trend = pane.query_one(Sparkline).data
        assert len(trend) == 31 and trend[-1] == 50.0 and trend[0] == 0.0
        forecasts = str(pane.query_one("#forecasts").render())
        assert "≠ Amazon : 1 ici, 3 selon Amazon" in forecasts
