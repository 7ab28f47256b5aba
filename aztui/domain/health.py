"""Amazon's own figures (the account-health report), kept beside aztui's (docs/rules.md §5).

Amazon reports each metric for its current window only; aztui keeps every report as dated
snapshots (by the end of the window), shows the latest beside its own figure, and flags the
two when they disagree by more than one order: a sign of data aztui is missing, or of a defect
Amazon has not counted yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from aztui.domain.marketplaces import MARKETPLACE_IDS as MARKETPLACE_IDS  # re-exported
from aztui.domain.metrics import MetricResult

DISAGREEMENT = 1
"""Counts may differ by this much (an order on a window's edge) before aztui flags them."""


@dataclass(frozen=True, slots=True)
class AmazonFigure:
    """One metric as Amazon reported it, for one marketplace and window."""

    marketplace: str
    metric: str
    """aztui's metric id (``order_defect_rate`` …)."""
    window_end: datetime
    """The snapshot's date: the end of Amazon's window (or the import, when it gives none)."""
    window_start: datetime | None = None
    rate: float | None = None
    numerator: int | None = None
    denominator: int | None = None
    target: float | None = None
    target_condition: str | None = None
    """Amazon's words: ``LESS_THAN``, ``GREATER_THAN`` …"""
    status: str | None = None
    """Amazon's words, lower-cased: ``good``, ``bad``, ``none``."""

    @property
    def key(self) -> tuple[str, str, datetime]:
        return self.marketplace, self.metric, self.window_end


def disagrees(ours: MetricResult, amazon: AmazonFigure) -> bool:
    """Whether aztui's count of defects (or good outcomes) and Amazon's differ by more than
    one order; unknown when Amazon gives no count."""
    if amazon.numerator is None:
        return False
    return abs(ours.numerator - amazon.numerator) > DISAGREEMENT
