"""The plot of the metric under the cursor: its last 30 days, the next 7 if nothing new
happens, its target and the value where it turns "at risk", on dated and labelled axes.

``PlotData`` is what the plot is given (tests read it); ``MetricPlot`` draws it with
textual-plotext, imported only once the plot is first on screen (``metric_canvas``): the
commands and the other panes never load it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Static

from aztui.domain.metrics import Bound, status_edges
from aztui.i18n import percent, percentage, short_day, t
from aztui.report import MetricView
from aztui.tui.cells import colour

DAY = timedelta(days=1)
CANVAS_LESS = 3
"""The rows of the plot that are not its canvas: the frame above and below, the dates."""


@dataclass(frozen=True, slots=True)
class PlotData:
    """A metric's values as shares (``0.0093``), each with the instant it stood at."""

    history: tuple[tuple[datetime, float | None], ...]
    """The last days, oldest first; the last is now. None: nothing to count that day."""
    forecast: tuple[tuple[datetime, float | None], ...]
    """The next days if nothing new happens, soonest first."""
    bound: Bound
    target: float
    """Where the breach begins (``bound`` says on which side)."""
    at_risk: float | None
    """Where "at risk" begins; None when the policy's ratio is not known."""
    zone: str
    language: str

    def day(self, at: datetime) -> str:
        """``07/12`` or ``7 Dec``: the date in the marketplace's zone, as the language writes
        it."""
        return short_day(at, self.zone, self.language)


def plot_data(
    view: MetricView,
    history: list[float | None],
    forecast: list[float | None],
    at_risk_ratio: Decimal | None,
    now: datetime,
    zone: str,
    language: str,
) -> PlotData:
    """What the plot of ``view``'s metric shows; ``history`` ends now, one value a day."""
    result = view.result
    at_risk = None
    if at_risk_ratio is not None:
        at_risk = float(status_edges(result.bound, result.target, at_risk_ratio)[0])
    back = len(history) - 1
    return PlotData(
        tuple((now - (back - i) * DAY, v) for i, v in enumerate(history)),
        tuple((now + (i + 1) * DAY, v) for i, v in enumerate(forecast)),
        result.bound,
        float(result.target),
        at_risk,
        zone,
        language,
    )


def y_range(data: PlotData) -> tuple[float, float]:
    """The values shown, in percent: every value, the target and the at-risk edge, with room.
    A metric kept low starts at 0 %, one kept high ends at 100 %: the distance to the ideal is
    read, and no value is ever drawn at the bottom for being the smallest."""
    values = [v for _, v in (*data.history, *data.forecast) if v is not None]
    points = [100 * v for v in (*values, data.target, data.at_risk or data.target)]
    if data.bound is Bound.UPPER:
        return 0.0, max(points) * 1.15 or 1.0
    low = min(points)
    return max(low - (100 - low) * 0.15, 0.0), 100.0


def y_axis(data: PlotData, rows: int) -> list[float]:
    """The values the y axis names on a canvas of ``rows`` rows, bottom first, the first and
    last being its ends: round values, evenly spaced, each on a row of its own and one every
    other row at most. The axis grows, as little as it can, on the side away from the ideal
    (upwards from 0 %, downwards from 100 %) for the values to fall on rows."""
    low, high = y_range(data)
    spans = rows - 1
    most = spans // 2
    if most < 1 or high <= low:
        return [low, high]
    power = 10.0 ** math.floor(math.log10((high - low) / most))
    axes = []
    for step in (m * power * f for f in (1, 10, 100) for m in (1, 2, 2.5, 5)):
        first, last = math.floor(low / step + 1e-9), math.ceil(high / step - 1e-9)
        for count in range(max(last - first, 1), most + 1):
            if spans % count == 0:
                up = data.bound is Bound.UPPER or last - count < 0
                start = first if up else last - count
                axes.append((count * step, -count, [start + k for k in range(count + 1)], step))
                break
    if not axes:
        return [low, high]
    _, _, ticks, step = min(axes, key=lambda axis: axis[:2])
    return [round(k * step, 10) for k in ticks]


def y_label(value: float, ticks: list[float], language: str) -> str:
    """``2,5 %`` or ``2.5%``, with as many decimals as the ticks need."""
    decimals = max(len(f"{tick:g}".partition(".")[2]) for tick in ticks)
    return percentage(value, decimals, language)


def row_zones(data: PlotData, low: float, high: float, rows: int) -> list[str | None]:
    """The status zone of each row of the canvas, bottom first (``at_risk``, ``breach`` or
    None), by the value at its middle, as plotext places values: row ``r`` stands for
    ``low + r × (high − low) / (rows − 1)`` (percent)."""
    if rows < 2:
        return [None] * rows
    step = (high - low) / (rows - 1)
    sign = 1 if data.bound is Bound.UPPER else -1

    def zone(value: float) -> str | None:
        if sign * value >= sign * data.target:
            return "breach"
        if data.at_risk is not None and sign * value >= sign * data.at_risk:
            return "at_risk"
        return None

    return [zone((low + row * step) / 100) for row in range(rows)]


def x_ticks(data: PlotData) -> list[tuple[int, str]]:
    """Today and every 7th day from it, as day offsets with their dates."""
    days = [(i - len(data.history) + 1, at) for i, (at, _) in enumerate(data.history)]
    days += [(i + 1, at) for i, (at, _) in enumerate(data.forecast)]
    return [(day, data.day(at)) for day, at in days if day % 7 == 0]


class MetricPlot(Vertical):
    """The plot and its legend; the plot itself is built the first time it is on screen."""

    DEFAULT_CSS = """
    MetricPlot { height: auto; }
    MetricPlot > #plot-legend { height: auto; }
    """
    ROWS = (8, 14)
    """The fewest and most rows of the canvas: it takes what the screen leaves, in between."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.data: PlotData | None = None
        self.canvas: Widget | None = None
        self.rows = self.ROWS[1]

    def compose(self) -> ComposeResult:
        yield Static(id="plot-legend")

    def show(self, data: PlotData) -> None:
        self.data = data
        self.query_one("#plot-legend", Static).update(self.legend(data))
        if self.canvas is not None:
            self.canvas.refresh()

    def on_show(self, event: events.Show) -> None:
        self._build()

    def on_resize(self, event: events.Resize) -> None:
        """Laid out means on screen: a hidden pane is not laid out."""
        self._build()

    def _build(self) -> None:
        if self.canvas is None:
            from aztui.tui.metric_canvas import MetricCanvas

            self.canvas = MetricCanvas(self, classes="canvas")
            self.canvas.styles.height = self.rows
            self.mount(self.canvas, before=0)

    @property
    def legend_rows(self) -> int:
        return self.query_one("#plot-legend", Static).outer_size.height

    def fit(self, rows: int) -> None:
        """Take ``rows`` rows for the canvas, within ``ROWS``."""
        rows = max(self.ROWS[0], min(rows, self.ROWS[1]))
        self.rows = rows - (rows - CANVAS_LESS - 1) % 2  # an even count of spaces: axis ticks
        if self.canvas is not None:
            self.canvas.styles.height = self.rows

    def colours(self) -> dict[str, str]:
        """The theme's colours for each line of the plot."""
        variables = self.app.theme_variables
        return {
            "history": variables.get("primary", "default"),
            "forecast": variables.get("accent", "default"),
            "at_risk": variables.get("metric-at-risk", "yellow"),
            "target": variables.get("metric-breach", "red"),
        }

    def legend(self, data: PlotData) -> Text:
        lang, colours = data.language, self.colours()
        sign = "<" if data.bound is Bound.UPPER else "≥"
        past = "≥" if data.bound is Bound.UPPER else "≤"
        entries = [
            ("⠤", "history", t("plot_history", lang)),
            ("•", "forecast", t("plot_forecast", lang, days=len(data.forecast))),
        ]
        if data.at_risk is not None:
            value = percent(data.at_risk, lang)
            entries.append(("─", "at_risk", t("plot_at_risk", lang, sign=past, value=value)))
        value = percent(data.target, lang)
        entries.append(("─", "target", t("plot_target", lang, sign=sign, value=value)))
        text = Text()
        for i, (mark, key, words) in enumerate(entries):
            if i:
                text.append("  ")
            text.append(mark, style=f"bold {colour(colours, key)}")
            text.append(f" {words}")
        return text
