"""The summary table every benchmark prints: one markdown row per figure."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Row:
    """One line of the summary table."""

    benchmark: str
    baseline: str
    aztui: str
    value: str
    target: str


def print_table(rows: list[Row], value: str = "ratio/value") -> None:
    print(f"\n| benchmark | baseline | aztui | {value} | target |")
    print("|---|---|---|---|---|")
    for row in rows:
        print(f"| {row.benchmark} | {row.baseline} | {row.aztui} | {row.value} | {row.target} |")
