"""What the panes show, read through the service facade in one go, off the UI's path.

A snapshot is read by a worker when the store changed (its ``data_version``), never on a
timer tick: countdowns are recomputed from the due instants it holds, with no store read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from aztui.domain.deadlines import Deadline, DeadlineStatus
from aztui.domain.metrics import MetricStatus
from aztui.service import Service

HORIZON = timedelta(hours=48)
"""The Today pane shows what is overdue and what falls due within this."""


@dataclass(frozen=True, slots=True)
class MetricLine:
    id: str
    name: str
    value: float | None
    target: float
    status: MetricStatus


@dataclass(frozen=True, slots=True)
class Snapshot:
    version: int
    taken_at: datetime
    deadlines: tuple[Deadline, ...]
    """Overdue, then due within ``HORIZON`` of ``taken_at``, by due time."""
    metrics: tuple[MetricLine, ...]
    rule_names: dict[str, str]


async def read_snapshot(service: Service, now: datetime, language: str) -> Snapshot:
    version = await service.store.data_version()
    deadlines = await service.deadlines(now, due_before=now + HORIZON)
    metrics = []
    for definition in service.engine.metric_definitions:  # type: ignore[union-attr]
        result = await service.metric(definition, now)
        metrics.append(MetricLine(result.id, definition.names.get(language, result.id),
                                  result.value, float(result.target), result.status))
    names = {r.item.id: r.item.names.get(language, r.item.id)
             for r in service.engine.rules}  # type: ignore[union-attr]
    return Snapshot(version, now, tuple(deadlines), tuple(metrics), names)


def is_overdue(deadline: Deadline, now: datetime) -> bool:
    return deadline.status(now) is DeadlineStatus.OVERDUE
