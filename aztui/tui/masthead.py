"""The line at the top: what needs doing (overdue, due before midnight, due within 48 hours,
counted as ``aztui check`` counts them) and the marketplace's clock and zone, the zone every
time in the panes is shown in."""

from __future__ import annotations

from bisect import bisect_right
from datetime import datetime

from rich.text import Text
from textual.widget import Widget

from aztui.domain.deadlines import Deadline, Tallies, Tally
from aztui.i18n import t
from aztui.tui.cells import colour, wall_clock


class Masthead(Widget):
    DEFAULT_CSS = """
    Masthead { dock: top; height: 1; background: $panel; color: $foreground; }
    """

    def __init__(self, language: str, zone: str) -> None:
        super().__init__(id="masthead")
        self.language = language
        self.zone = zone
        self.now: datetime | None = None
        self.deadlines: tuple[Deadline, ...] = ()
        self.tallies = Tallies(())
        self.dues: list[datetime] = []
        self.counts: Tally | None = None
        self.counted_at: datetime | None = None

    def show(self, now: datetime, deadlines: tuple[Deadline, ...] | None = None) -> None:
        """At each tick (``deadlines``: a new snapshot's, by due time). The counts are taken
        again only when a deadline falls due, the local day turns, or the rows change."""
        if deadlines is not None:
            self.deadlines, self.dues, self.counts = deadlines, [d.due for d in deadlines], None
            self.tallies = Tallies(deadlines)
        turned = self.now is None or f"{self.now:%Y%m%d%H%M}" != f"{now:%Y%m%d%H%M}"
        if (
            self.counts is None
            or self.counted_at is None
            or bisect_right(self.dues, now) != bisect_right(self.dues, self.counted_at)
            or turned
        ):
            self.counts, self.counted_at = self.tallies.at(now, self.zone), now
        if turned or deadlines is not None:
            self.now = now
            self.refresh()
        self.now = now

    def summary(self) -> Text:
        text = Text()
        if self.counts is None:
            return text
        lang, variables = self.language, self.app.theme_variables
        late = self.counts.overdue
        text.append(
            t("head_overdue", lang, n=late),
            style=f"bold {colour(variables, 'deadline-overdue')}" if late else "",
        )
        text.append(" · ")
        text.append(t("head_today", lang, n=self.counts.today), style="bold")
        text.append(" · ")
        text.append(t("head_soon", lang, n=self.counts.soon))
        return text

    def render(self) -> Text:
        """The summary on the left, the clock on the right; the title only where it fits."""
        width = self.size.width
        summary = self.summary()
        clock = Text()
        if self.now is not None:
            clock = Text(wall_clock(self.now, self.zone, self.language))
            if len(summary) + len(clock) + 3 > width:
                clock = Text(wall_clock(self.now, self.zone, self.language, with_zone=False))
        title = Text.assemble((self.app.title, "bold"), "  ")
        if self.app.sub_title:
            title.append(f"{self.app.sub_title}  ", style="dim")
        if len(title) + len(summary) + len(clock) + 2 > width:
            title = Text.assemble((self.app.title, "bold"), "  ")
        if len(title) + len(summary) + len(clock) + 2 > width:
            title = Text()
        gap = max(1, width - len(title) - len(summary) - len(clock) - 1)
        line = Text.assemble(" ", title, summary, " " * gap, clock)
        line.truncate(width)
        return line
