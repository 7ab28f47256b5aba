"""Amazon's figures as ``check`` and the Metrics pane show them: the JSON of one figure
(formats.md §4), the text of its cells, and the rows of those aztui does not compute.

A numerator aztui derived from Amazon's rate and count is marked ``≈`` wherever it is shown
(``"numerator_derived": true`` in JSON). Amazon's status words are translated when known and
shown as Amazon wrote them otherwise.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from aztui.domain.health import AmazonFigure, Part
from aztui.domain.timeutil import iso_z
from aztui.i18n import has, percent, t

if TYPE_CHECKING:  # rich loads only when a report is drawn, not for --json
    from rich.table import Table

DERIVED = "≈"
_SIGNS = {"LESS_THAN": "<", "GREATER_THAN": ">", "EQUALS": "="}
ONLY_COLUMNS = ("metric", "value", "target", "count", "status", "detail")
"""The columns of the rows of Amazon's own figures, in the text view and the pane."""


def figure_json(figure: AmazonFigure) -> dict[str, Any]:
    """One figure: its rate as ``value``, its counts (``numerator_derived`` when aztui worked
    the numerator out), window, target, Amazon's status, the rating's ``score`` and the
    ``parts`` it is made of (a count and a status each)."""
    return {
        "value": None if figure.rate is None else round(figure.rate, 4),
        "numerator": figure.numerator,
        "denominator": figure.denominator,
        "numerator_derived": figure.numerator_derived,
        "window": {"start": iso_z(figure.window_start), "end": iso_z(figure.window_end)},
        "target": figure.target,
        "target_condition": figure.target_condition,
        "status": figure.status,
        "score": figure.score,
        "parts": {p.name: {"count": p.count, "status": p.status} for p in figure.parts},
    }


def _known(key: str) -> bool:
    return has(key)


def name(metric: str, language: str) -> str:
    """The name of a figure aztui does not compute; its id when it has none."""
    key = f"amazon_{metric}"
    return t(key, language) if _known(key) else metric


def status(word: str | None, language: str) -> str:
    if word is None:
        return "—"
    key = f"amazon_status_{word}"
    return t(key, language) if _known(key) else word


def numerator(figure: AmazonFigure) -> str:
    """``3``, or ``≈3`` when derived."""
    if figure.numerator is None:
        return "—"
    return f"{DERIVED if figure.numerator_derived else ''}{figure.numerator}"


def counts(figure: AmazonFigure) -> str:
    """``3/7``, ``≈0/11``, ``86`` (a count with no total), or nothing."""
    if figure.numerator is None:
        return ""
    if figure.denominator is None:
        return numerator(figure)
    return f"{numerator(figure)}/{figure.denominator}"


def beside(figure: AmazonFigure, language: str) -> str:
    """Amazon's figure in the column beside aztui's: ``60,00 % 3/5``."""
    shown = counts(figure)
    return f"{percent(figure.rate, language)} {shown}" if shown else percent(figure.rate, language)


def part(item: Part, language: str) -> str:
    key = f"amazon_part_{item.name}"
    label = t(key, language) if _known(key) else item.name
    words = [label]
    if item.count is not None:
        words.append(str(item.count))
    if item.status not in (None, "none"):
        words.append(f"({status(item.status, language)})")
    return " ".join(words)


def parts(figure: AmazonFigure, language: str) -> str:
    return " · ".join(part(p, language) for p in figure.parts)


def target(figure: AmazonFigure, language: str) -> str:
    if figure.target is None:
        return "—"
    sign = _SIGNS.get(figure.target_condition or "", figure.target_condition or "")
    value = percent(figure.target, language) if figure.rate is not None else f"{figure.target:g}"
    return f"{sign} {value}".strip()


def only_row(figure: AmazonFigure, language: str) -> list[str]:
    """The cells of a figure aztui does not compute (``ONLY_COLUMNS``)."""
    return [
        name(figure.metric, language),
        percent(figure.rate, language) if figure.score is None else str(figure.score),
        target(figure, language),
        counts(figure) or "—",
        status(figure.status, language),
        parts(figure, language),
    ]


def titled_table(title: str) -> Table:
    """A table of the text report, under its bold title, as wide as the terminal."""
    from rich.table import Table

    return Table(
        title=title,
        title_justify="left",
        title_style="bold",
        expand=True,
        show_edge=False,
        pad_edge=False,
    )


def only_table(figures: list[AmazonFigure], language: str) -> Table:
    """The figures aztui does not compute, as the text view of ``check`` shows them."""

    table = titled_table(t("amazon_only", language))
    for key in ONLY_COLUMNS:
        table.add_column(t(key, language), ratio=2 if key in ("metric", "detail") else None)
    for figure in figures:
        table.add_row(*only_row(figure, language))
    return table
