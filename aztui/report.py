"""The ``check`` report: its JSON contract (formats.md §4) and the human view (rich).

The human view is read at a glance: overdue first, then what is due soonest, then every metric
against its target with its forecasts, then the risk signals.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from aztui.domain.deadlines import SOON, Deadline, DeadlineStatus, tally
from aztui.domain.faults import PluginFault
from aztui.domain.forecasts import DefectExit
from aztui.domain.health import AmazonFigure, disagrees
from aztui.domain.metrics import MetricDefinition, MetricResult, MetricStatus
from aztui.domain.policy import Policy
from aztui.domain.risks import Risk
from aztui.domain.timeutil import iso_z
from aztui.errors import EXIT_ATTENTION, EXIT_DEGRADED, EXIT_OK
from aztui.i18n import duration, local_time, metric_name, percent, rule_name, signal_name, t
from aztui.report_amazon import beside, figure_json, only_table, titled_table
from aztui.report_amazon import numerator as amazon_numerator
from aztui.report_amazon import parts as amazon_parts
from aztui.risk_words import risk_detail

if TYPE_CHECKING:  # rich loads only when a report is drawn, not for --json
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

STATUS_STYLE = {
    "overdue": "bold red",
    "missed": "red",
    "open": "yellow",
    "met": "green",
    "ok": "green",
    "at_risk": "yellow",
    "breach": "bold red",
}


@dataclass
class MetricView:
    definition: MetricDefinition
    result: MetricResult
    exits: list[DefectExit] = field(default_factory=list)
    in_7_days: MetricResult | None = None
    what_ifs: list[tuple[str, MetricResult]] = field(default_factory=list)
    amazon: AmazonFigure | None = None
    """Amazon's latest figure for this metric (account-health report), if imported."""

    @property
    def disagrees(self) -> bool:
        return self.amazon is not None and disagrees(self.result, self.amazon)


def metric_json(result: MetricResult) -> dict[str, Any]:
    return {
        "value": None if result.value is None else round(result.value, 4),
        "numerator": result.numerator,
        "denominator": result.denominator,
        "window": {"start": iso_z(result.window.start), "end": iso_z(result.window.end)},
        "target": float(result.target),
        "status": result.status.value,
    }


def amazon_json(view: MetricView) -> dict[str, Any] | None:
    """Amazon's figure beside aztui's, with ``disagrees`` when the counts differ by more
    than one order."""
    if view.amazon is None:
        return None
    return {**figure_json(view.amazon), "disagrees": view.disagrees}


def metric_notes(view: MetricView, lang: str, timezone: str) -> list[str]:
    """The forecasts of a metric in words: headroom or recovery, the next defect to leave the
    window, the value in 7 days, Amazon's disagreement and its counts, the what-ifs of open
    appeals."""
    result, notes = view.result, []
    room = result.headroom
    if result.status is MetricStatus.BREACH and room.good_needed_to_recover:
        notes.append(t("recover", lang, n=room.good_needed_to_recover))
    elif room.more_defects_before_breach == 0:
        notes.append(t("next_defect_breaches", lang))
    elif room.more_defects_before_breach is not None:
        notes.append(t("headroom", lang, n=room.more_defects_before_breach))
    if view.exits:
        notes.append(t("next_exit", lang, date=local_time(view.exits[0].leaves_at, timezone, lang)))
    if view.in_7_days is not None and view.in_7_days.value not in (None, result.value):
        notes.append(t("in_7_days", lang, value=percent(view.in_7_days.value, lang)))
    amazon = view.amazon
    if view.disagrees and amazon is not None:
        notes.append(
            t(
                "disagrees",
                lang,
                ours=result.numerator,
                theirs=amazon_numerator(amazon),
                date=local_time(amazon.window_end, timezone, lang),
            )
        )
    if amazon is not None and amazon.parts:
        notes.append(t("amazon_parts", lang, parts=amazon_parts(amazon, lang)))
    if amazon is not None and amazon.numerator_derived:
        notes.append(t("amazon_derived", lang))
    for claim_id, what_if in view.what_ifs:
        if what_if.value == result.value:
            continue
        notes.append(t("what_if_appeal", lang, claim=claim_id, value=percent(what_if.value, lang)))
    return notes


def fault_json(fault: PluginFault) -> dict[str, Any]:
    return {
        "plugin": fault.plugin,
        "kind": fault.kind,
        "item": fault.item,
        "error": fault.error,
        "version": fault.version,
        "since": iso_z(fault.since),
        "last_seen": iso_z(fault.at),
    }


@dataclass
class CheckReport:
    now: datetime
    deadlines: list[Deadline]
    metrics: list[MetricView]
    risks: list[Risk]
    policy: Policy
    language: str
    rules: dict[str, Any] = field(default_factory=dict)
    plugin_faults: list[PluginFault] = field(default_factory=list)
    """Plugin faults known to the store or met by this check (``degraded`` are those that
    leave deadlines or facts missing)."""
    amazon_only: list[AmazonFigure] = field(default_factory=list)
    """Amazon's latest figures that no metric of aztui's stands beside (the rating, its
    warnings, the policy violations …)."""

    @property
    def degraded(self) -> list[PluginFault]:
        return [f for f in self.plugin_faults if f.derivation]

    @property
    def overdue(self) -> list[Deadline]:
        return [d for d in self.deadlines if d.status(self.now) is DeadlineStatus.OVERDUE]

    @property
    def breaches(self) -> list[MetricView]:
        return [m for m in self.metrics if m.result.status is MetricStatus.BREACH]

    def exit_code(self) -> int:
        """3 while a rule or metric plugin is degraded (the report is incomplete), else 1 if
        anything is overdue or in breach, else 0 (formats.md §4)."""
        if self.degraded:
            return EXIT_DEGRADED
        return EXIT_ATTENTION if self.overdue or self.breaches else EXIT_OK

    def to_json(self) -> dict[str, Any]:
        return {
            "now": iso_z(self.now),
            "deadlines": [
                {
                    "rule": d.rule,
                    "subject": d.subject,
                    "order_id": d.order_id,
                    "due": iso_z(d.due),
                    "status": d.status(self.now).value,
                    "remaining_seconds": d.remaining_seconds(self.now),
                }
                for d in self.deadlines
            ],
            "metrics": {
                m.result.id: {**metric_json(m.result), "amazon": amazon_json(m)}
                for m in self.metrics
            },
            "risks": [
                {"signal": r.signal, "order_id": r.order_id, "detail": risk_detail(r.detail, "en")}
                for r in self.risks
            ],
            "plugin_faults": [fault_json(f) for f in self.plugin_faults],
            "amazon_only": {f.metric: figure_json(f) for f in self.amazon_only},
        }

    # -- the human view ---------------------------------------------------------------------

    def _when(self, instant: datetime) -> str:
        return local_time(instant, self.policy.timezone, self.language)

    def _rule_name(self, rule: str) -> str:
        found = self.rules.get(rule)
        return rule_name(found, self.language) if found is not None else rule

    def _deadline_table(self, title: str, deadlines: list[Deadline]) -> Table:
        from rich.text import Text

        lang = self.language
        table = titled_table(title)
        table.add_column(t("rule", lang), ratio=3)
        table.add_column(t("subject", lang), ratio=3, no_wrap=True, overflow="ellipsis")
        table.add_column(t("due", lang), no_wrap=True)
        table.add_column(t("remaining", lang), no_wrap=True, justify="right")
        for d in deadlines:
            status = d.status(self.now)
            left = d.remaining_seconds(self.now)
            if status in (DeadlineStatus.OPEN, DeadlineStatus.OVERDUE):
                remaining = (
                    t("in", lang, d=duration(left, lang))
                    if left > 0
                    else t("late_by", lang, d=duration(left, lang))
                )
            else:
                remaining = t(status.value, lang)
            subject = (
                d.subject if d.order_id in (None, d.subject) else f"{d.subject} ({d.order_id})"
            )
            table.add_row(
                self._rule_name(d.rule),
                subject,
                self._when(d.due),
                Text(remaining, style=STATUS_STYLE[status.value]),
            )
        return table

    def _metric_table(self) -> Table:
        from rich.text import Text

        lang = self.language
        table = titled_table(t("metrics", lang))
        table.add_column(t("metric", lang), ratio=1)
        for key in ("value", "target", "count", "status"):
            table.add_column(t(key, lang), no_wrap=True, justify="right")
        with_amazon = any(v.amazon is not None for v in self.metrics)
        if with_amazon:
            table.add_column(t("amazon", lang), no_wrap=True, justify="right")
        for view in self.metrics:
            r = view.result
            sign = "<" if r.bound.value == "upper" else "≥"
            name = metric_name(view.definition, lang)
            if r.advisory:
                name += f" ({t('advisory', lang)})"
            cells: list[str | Text] = [
                name,
                percent(r.value, lang),
                f"{sign} {percent(float(r.target), lang)}",
                f"{r.numerator}/{r.denominator}",
                Text(t(r.status.value, lang), style=STATUS_STYLE[r.status.value]),
            ]
            if with_amazon:
                cells.append(self._amazon_cell(view))
            table.add_row(*cells)
        return table

    def _amazon_cell(self, view: MetricView) -> Text:
        from rich.text import Text

        if view.amazon is None:
            return Text("—", style="dim")
        cell = Text(beside(view.amazon, self.language))
        if view.disagrees:
            cell.append(" ≠", style="bold yellow")
        return cell

    def _forecasts(self) -> Text:
        from rich.text import Text

        lang = self.language
        text = Text()
        text.append(t("forecast", lang), style="bold")
        for view in self.metrics:
            notes = metric_notes(view, lang, self.policy.timezone)
            if notes and (view.result.denominator or view.amazon is not None):
                name = metric_name(view.definition, lang)
                text.append(f"\n• {name} : " if lang == "fr" else f"\n• {name}: ")
                text.append(" · ".join(notes), style="dim")
        return text

    def _risk_table(self) -> Table | Text:
        from rich.text import Text

        lang = self.language
        if not self.risks:
            return Text(t("no_risk", lang))
        grouped: dict[str, list[Risk]] = defaultdict(list)
        for risk in self.risks:
            grouped[risk.signal].append(risk)
        table = titled_table(t("risks", lang))
        for key in ("signal", "count", "orders"):
            table.add_column(t(key, lang))
        for signal, risks in sorted(grouped.items()):
            orders = ", ".join(sorted({r.order_id for r in risks})[:3])
            more = len({r.order_id for r in risks}) - 3
            table.add_row(
                signal_name(signal, lang),
                str(len(risks)),
                orders + (f" … (+{more})" if more > 0 else ""),
            )
        return table

    def render(self, console: Console, *, show_all: bool = False) -> None:
        from rich.console import Group
        from rich.panel import Panel
        from rich.text import Text

        lang, now = self.language, self.now
        parts: list[Any] = []
        if show_all:
            parts.append(self._deadline_table(t("all_deadlines", lang), self.deadlines))
        else:
            overdue = self.overdue
            soon = [
                d
                for d in self.deadlines
                if d.status(now) is DeadlineStatus.OPEN and d.due - now <= SOON
            ]
            later = len(self.deadlines) - len(overdue) - len(soon)
            if overdue:
                parts.append(self._deadline_table(t("overdue", lang), overdue))
            parts.append(
                self._deadline_table(t("due_soon", lang), soon)
                if soon
                else Text(t("nothing_due", lang))
            )
            if later > 0:
                parts.append(Text(t("later_count", lang, n=later), style="dim"))
        parts += [Text(""), self._metric_table(), self._forecasts(), Text("")]
        if self.amazon_only:
            parts += [only_table(self.amazon_only, lang), Text("")]
        parts.append(self._risk_table())
        counts = tally(self.deadlines, now, self.policy.timezone)
        summary = t(
            "summary", lang, overdue=counts.overdue, soon=counts.soon, breach=len(self.breaches)
        )
        title = t("check_title", lang, now=self._when(now))
        console.print(Panel(Group(*parts), title=title, subtitle=summary))
