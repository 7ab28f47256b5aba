"""The plotext canvas of ``MetricPlot``: imported only when a plot is first on screen, so
plotext costs nothing to the commands and to the cockpit's first frame."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.style import Style
from rich.text import Text
from textual.app import RenderResult
from textual.color import Color
from textual_plotext import PlotextPlot

from aztui.tui.metric_plot import CANVAS_LESS, PlotData, row_zones, x_ticks, y_axis, y_label

if TYPE_CHECKING:
    from aztui.tui.metric_plot import MetricPlot

TINT = 0.18
"""How much of the zone's colour a band takes over the canvas."""
ZONE_LINES = {"at_risk": "at_risk", "breach": "target"}
"""The line whose colour tints each zone."""


def plot_colour(value: str) -> int | tuple[int, int, int]:
    """A theme colour for plotext: the terminal's own colour (its number) for an ANSI one,
    else RGB."""
    colour = Color.parse(value)
    return colour.ansi if colour.ansi is not None and colour.ansi >= 0 else colour.rgb


def runs(points: list[tuple[int, float | None]]) -> list[list[tuple[int, float]]]:
    """The points split where a value is missing: a day with nothing counted is a gap."""
    out: list[list[tuple[int, float]]] = [[]]
    for day, value in points:
        if value is None:
            if out[-1]:
                out.append([])
        else:
            out[-1].append((day, value))
    return [run for run in out if run]


def draw(plt: Any, data: PlotData, colours: dict[str, str], rows: int) -> None:
    """Everything on the canvas, in percent, with days as offsets from today (0)."""
    plt.clear_data()
    history = [(i - len(data.history) + 1, v) for i, (_, v) in enumerate(data.history)]
    forecast = [(i + 1, v) for i, (_, v) in enumerate(data.forecast)]
    first, last = history[0][0], forecast[-1][0] if forecast else 0
    edges = [("target", data.target)]
    if data.at_risk is not None:
        edges.insert(0, ("at_risk", data.at_risk))
    for key, edge in edges:
        plt.plot([first, last], [100 * edge] * 2, marker="braille", color=plot_colour(colours[key]))
    for run in runs(history):
        xs, ys = zip(*run, strict=True)
        plt.plot(xs, [100 * y for y in ys], marker="braille", color=plot_colour(colours["history"]))
    if history[-1][1] is not None:
        forecast.insert(0, history[-1])  # the forecast starts where today stands
    for run in runs(forecast):
        xs, ys = zip(*run, strict=True)
        plt.scatter(xs, [100 * y for y in ys], marker="•", color=plot_colour(colours["forecast"]))
    ticks = y_axis(data, rows - CANVAS_LESS)
    plt.ylim(ticks[0], ticks[-1])
    plt.yticks(ticks, [y_label(tick, ticks, data.language) for tick in ticks])
    plt.xlim(first, last)
    days = x_ticks(data)
    plt.xticks([day for day, _ in days], [label for _, label in days])


class MetricCanvas(PlotextPlot):
    """Drawn anew at each render: its size sets how many values the y axis names."""

    def __init__(self, owner: MetricPlot, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.owner = owner

    def on_mount(self) -> None:
        if self.app.current_theme.ansi:
            self.theme = "clear"  # the terminal's own background, as the rest of the app

    def render(self) -> RenderResult:
        data = self.owner.data
        if data is None or not data.history:
            return ""
        colours = self.owner.colours()
        draw(self.plt, data, colours, self.size.height)
        text = super().render()
        if isinstance(text, Text) and not self.app.current_theme.ansi:
            self.tint(text, data, colours)
        return text

    def tint(self, text: Text, data: PlotData, colours: dict[str, str]) -> None:
        """The status zones as faint bands behind the canvas rows they cover."""
        lines = text.plain.rstrip("\n").split("\n")
        rows = len(lines) - CANVAS_LESS
        ticks = y_axis(data, rows)
        base = Color.parse(self.app.theme_variables.get("surface", "black"))
        start = len(lines[0]) + 1
        for line, zone in zip(
            lines[1:-2], reversed(row_zones(data, ticks[0], ticks[-1], rows)), strict=True
        ):
            inside = next((i + 1 for i, char in enumerate(line) if char in "│┤├"), 0)
            if zone is not None and inside:
                band = base.blend(Color.parse(colours[ZONE_LINES[zone]]), TINT).rich_color
                text.stylize(Style(bgcolor=band), start + inside, start + len(line) - 1)
            start += len(line) + 1
