"""The plot of the metric under the cursor (``aztui/tui/metric_plot.py``): what it is given
(history, dates, target, zones, forecast), how it is drawn at 80×24 and 120×40, and plotext
loaded only once a plot is on screen."""

from __future__ import annotations

import asyncio
import dataclasses
from datetime import timedelta

import pytest
from rich.text import Text
from textual.app import App, ComposeResult
from textual.color import Color
from textual.widgets import Footer

from aztui.demo import demo_records
from aztui.domain.metrics import Bound
from aztui.tui.app import AztuiApp
from aztui.tui.metric_canvas import TINT, runs
from aztui.tui.metric_plot import MetricPlot, PlotData, row_zones, y_axis, y_label
from aztui.tui.panes.metrics import MetricsPane
from tests.tui.helpers import NOW, Clock, settle, table_rows, write

D = timedelta(days=1)
BRAILLE = range(0x2801, 0x2900)


def odr(history: list[float | None], forecast: list[float | None], lang: str = "fr") -> PlotData:
    """The order defect rate's plot: target 1 %, at risk from 0,75 %."""
    back = len(history) - 1
    return PlotData(
        tuple((NOW - (back - i) * D, v) for i, v in enumerate(history)),
        tuple((NOW + (i + 1) * D, v) for i, v in enumerate(forecast)),
        Bound.UPPER,
        0.01,
        0.0075,
        "Europe/Paris",
        lang,
    )


class PlotApp(App[None]):
    def __init__(self, data: PlotData) -> None:
        super().__init__()
        self.data = data

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return {"metric-at-risk": "#ffb000", "metric-breach": "#e0403a"}

    def compose(self) -> ComposeResult:
        yield MetricPlot()

    def on_mount(self) -> None:
        self.query_one(MetricPlot).show(self.data)


def drawn(plot: MetricPlot) -> list[tuple[str, set[str]]]:
    """The canvas as drawn, line by line: its text and the colours of its plotted dots."""
    assert plot.canvas is not None
    text = plot.canvas.render()
    assert isinstance(text, Text)
    lines = []
    for line in text.split("\n"):
        colours = set()
        for span in line.spans:
            dots = any(ord(c) in BRAILLE for c in line.plain[span.start : span.end])
            colour = getattr(span.style, "color", None)
            if dots and colour is not None and colour.triplet is not None:
                colours.add(colour.triplet.hex)
        lines.append((line.plain, colours))
    return lines


def hex_of(value: str) -> str:
    return Color.parse(value).hex.lower()


async def test_an_at_risk_value_is_drawn_at_its_height_on_an_axis_from_zero():
    """The sparkline drew a series scaled from its own minimum, so a value at risk for a
    month (0,90 % against 1 %) lay at the bottom, as if zero. The plot's axis starts at 0 %:
    the value sits on the row of 0,9 %, between the at-risk line and the target."""
    app = PlotApp(odr([0.009] * 31, [0.009] * 7))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        plot = app.query_one(MetricPlot)
        await pilot.pause()
        lines = drawn(plot)
        canvas = lines[1:-2]  # less the frame and the dates
        history = hex_of(plot.colours()["history"])
        target = hex_of(plot.colours()["target"])
        rows = [i for i, (_, colours) in enumerate(reversed(canvas)) if history in colours]
        assert len(canvas) == 11 and y_axis(app.data, 11) == [0, 0.25, 0.5, 0.75, 1, 1.25]
        assert rows == [int(0.5 + 10 * 0.9 / 1.25)]  # 0,9 % on an axis of 10 spaces to 1,25 %
        assert any(target in colours for _, colours in canvas)
        assert canvas[-1][0].lstrip().startswith("0,00 %┤")  # the axis names its zero
        assert canvas[0][0].lstrip().startswith("1,25 %┤")


async def test_the_zones_are_bands_behind_the_rows_they_cover():
    """On an axis from 0 to 1,25 % in 11 rows (bottom first): rows 6 and 7 (0,75 and
    0,875 %) are at risk, rows 8 to 10 (from 1 %) a breach, the rest has no band."""
    app = PlotApp(odr([0.009] * 31, [0.009] * 7))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        plot = app.query_one(MetricPlot)
        await pilot.pause()
        assert plot.canvas is not None
        text = plot.canvas.render()
        assert isinstance(text, Text)
        surface = Color.parse(app.theme_variables["surface"])
        bands = {
            surface.blend(Color.parse(plot.colours()[line]), TINT).rich_color: zone
            for zone, line in (("at_risk", "at_risk"), ("breach", "target"))
        }
        canvas = text.split("\n")[1:-2]
        found = [
            {
                bands[s.style.bgcolor]
                for s in line.spans
                if getattr(s.style, "bgcolor", None) in bands
            }
            for line in reversed(canvas)
        ]
        assert found == [set()] * 6 + [{"at_risk"}] * 2 + [{"breach"}] * 3


def test_a_day_with_nothing_counted_is_a_gap_not_a_zero():
    assert runs([(-2, 0.1), (-1, None), (0, 0.2), (1, 0.3)]) == [[(-2, 0.1)], [(0, 0.2), (1, 0.3)]]
    assert runs([(0, None)]) == []


def test_the_axis_names_round_values_in_the_language():
    """Round values, each on a row, evenly spaced: the axis grows to get there, upwards for a
    metric kept low (from 0 %), downwards for one kept high (up to 100 %)."""
    data = odr([0.037, 0.0093], [0.0269])  # 0 to 4,3 % with room
    assert y_axis(data, 11) == [0, 1, 2, 3, 4, 5]  # 10 spaces: a value every other row
    assert y_axis(data, 5) == [0, 2.5, 5]  # 4 spaces at 80×24
    assert y_axis(data, 12) == [0, 5]  # 11 spaces: no round value fits evenly
    high = dataclasses.replace(data, bound=Bound.LOWER, target=0.95, at_risk=0.9625)
    high = dataclasses.replace(high, history=((NOW, 0.9634),), forecast=((NOW + D, 0.881),))
    assert y_axis(high, 11) == [80, 90, 100]  # 86,3 % to 100 %: the least growth
    assert [y_label(v, [0.0, 0.5], "fr") for v in (0.0, 0.5)] == ["0,0 %", "0,5 %"]
    assert y_label(2.5, [2.5], "en") == "2.5%"


def test_the_axis_dates_are_written_as_the_language_writes_them():
    """Babel's CLDR data, not the machine's C locale: ``02/12`` in French, ``2 Dec`` in
    English, in the marketplace's zone (NOW is the 26th at 9:00 UTC)."""
    assert odr([0.01], [], "fr").day(NOW + 6 * D) == "02/12"
    assert odr([0.01], [], "en").day(NOW + 6 * D) == "2 Dec"
    assert odr([0.01], [], "fr").day(NOW + 15 * timedelta(hours=1)) == "27/11"  # Paris midnight
    assert odr([0.0], [], "fr").day(NOW) == "26/11"
    assert odr([0.0], [], "en").day(NOW) == "26 Nov"
    # the marketplace's day: 23:30 UTC is already the next day in Paris
    assert odr([0.0], [], "fr").day(NOW.replace(hour=23, minute=30)) == "27/11"


def test_the_zones_lie_where_the_status_changes():
    """Bottom first: 0 % and 0,5 % are ok, 0,75 % at risk, 1 % and above a breach."""
    data = odr([0.0], [])
    assert row_zones(data, 0.0, 1.25, 6) == [None, None, None, "at_risk", "breach", "breach"]
    high = dataclasses.replace(data, bound=Bound.LOWER, target=0.95, at_risk=0.9625)
    assert row_zones(high, 94.0, 100.0, 4) == ["breach", "at_risk", None, None]


@pytest.fixture
def demo(config):
    asyncio.run(write(config, *demo_records(NOW)))
    return config


async def test_the_plot_is_given_the_history_its_dates_the_edges_and_the_forecast(demo):
    app = AztuiApp(demo, clock=Clock(NOW), tick_seconds=3600)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        plot = app.query_one(MetricPlot)
        assert plot.canvas is None  # plotext waits until a plot is on screen
        await pilot.press("6")
        await settle(app, pilot)
        assert plot.canvas is not None
        rows = table_rows(app, MetricsPane)
        pane = app.query_one(MetricsPane)
        view = pane.highlighted()
        assert view is not None and view.result.id == "order_defect_rate"
        assert view.in_7_days is not None
        data = plot.data
        assert data is not None
        assert [at for at, _ in data.history] == [NOW - d * D for d in range(30, -1, -1)]
        assert data.history[-1][1] == view.result.value
        assert [at for at, _ in data.forecast] == [NOW + d * D for d in range(1, 8)]
        assert data.forecast[-1][1] == view.in_7_days.value
        assert (data.bound, data.target, data.at_risk) == (Bound.UPPER, 0.01, 0.0075)
        assert rows["order_defect_rate"]["target"] == "< 1,00 %"
        legend = str(plot.query_one("#plot-legend").render())
        assert "à risque ≥ 0,75 %" in legend and "objectif < 1,00 %" in legend
        assert "prévision à 7 j" in legend


async def test_the_plot_is_whole_on_the_smallest_terminal(demo):
    """At 80×24 the canvas, its dates, its values and the legend are on screen, above the
    footer, with the target drawn."""
    app = AztuiApp(demo, clock=Clock(NOW), tick_seconds=3600)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("6")
        await settle(app, pilot)
        plot = app.query_one(MetricPlot)
        assert plot.canvas is not None
        bottom = app.screen.query_one(Footer).region.y
        legend = plot.query_one("#plot-legend")
        assert plot.canvas.region.height >= MetricPlot.ROWS[0]
        assert plot.canvas.region.y >= 0 and legend.region.bottom <= bottom
        lines = drawn(plot)
        assert "26/11" in lines[-1][0]  # today, on the dates
        assert any(text.lstrip().startswith("0,0 %┤") for text, _ in lines)  # 0 %, 2,5 %, 5 %
        target = hex_of(plot.colours()["target"])
        assert any(target in colours for _, colours in lines)
        assert "objectif < 1,00 %" in str(legend.render())


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_the_metrics_pane_looks_as_designed(demo, snap_compare, size):
    app = AztuiApp(demo, clock=Clock(NOW), tick_seconds=3600)

    async def ready(pilot) -> None:
        await settle(app, pilot)
        app.sub_title = "store.db"  # the path of the test's store differs on every run
        await pilot.press("6")
        await settle(app, pilot)
        app.query_one(MetricsPane).table.cursor_blink = False

    assert snap_compare(app, terminal_size=size, run_before=ready)
