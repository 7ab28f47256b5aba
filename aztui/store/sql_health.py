"""Amazon's figures in a SQL store (``amazon_figures``): one row per marketplace, metric and
window end, so every report is kept and the latest of each metric is one query.

A figure's parts (the claims, chargebacks and negative feedback of the order defect rate, the
warnings …) are kept as a JSON list in ``parts``; whether its numerator was derived from the
rate and the count, in ``numerator_derived``; the rating's score, in ``score``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from aztui.domain.health import AmazonFigure, Part
from aztui.domain.timeutil import from_epoch, to_epoch

COLUMNS = (
    "marketplace",
    "metric",
    "window_end",
    "window_start",
    "rate",
    "numerator",
    "denominator",
    "target",
    "target_condition",
    "status",
    "imported_at",
    "numerator_derived",
    "score",
    "parts",
)
_KEY = ("marketplace", "metric", "window_end")
_INSERT = (
    f"INSERT INTO amazon_figures ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))}) "
    "ON CONFLICT (marketplace, metric, window_end) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in COLUMNS if c not in _KEY)
)
_LATEST = (
    f"SELECT {', '.join(COLUMNS)} FROM amazon_figures AS f WHERE marketplace = ? AND "
    "window_end = (SELECT max(window_end) FROM amazon_figures "
    "WHERE marketplace = f.marketplace AND metric = f.metric)"
)
_COUNT = "SELECT count(*) FROM amazon_figures"


def _parts(parts: tuple[Part, ...]) -> str | None:
    return json.dumps([[p.name, p.count, p.status] for p in parts]) if parts else None


def _row(figure: AmazonFigure, imported_at: datetime) -> tuple[Any, ...]:
    return (
        figure.marketplace,
        figure.metric,
        to_epoch(figure.window_end),
        to_epoch(figure.window_start),
        figure.rate,
        figure.numerator,
        figure.denominator,
        figure.target,
        figure.target_condition,
        figure.status,
        to_epoch(imported_at),
        int(figure.numerator_derived),
        figure.score,
        _parts(figure.parts),
    )


def _figure(row: Sequence[Any]) -> AmazonFigure:
    market, metric, end, start, rate, num, den, target, condition, status, _, derived = row[:12]
    score, parts = row[12:]
    return AmazonFigure(
        market,
        metric,
        from_epoch(end),
        from_epoch(start),
        rate,
        num,
        den,
        target,
        condition,
        status,
        numerator_derived=bool(derived),
        score=score,
        parts=tuple(Part(*p) for p in json.loads(parts)) if parts else (),
    )


async def write(db: Any, figures: Sequence[AmazonFigure], imported_at: datetime) -> int:
    """Keep ``figures`` in the caller's transaction; how many rows are new."""
    before = (await (await db.execute(_COUNT)).fetchone())[0]
    await db.executemany(_INSERT, [_row(f, imported_at) for f in figures])
    after: int = (await (await db.execute(_COUNT)).fetchone())[0]
    return after - before


async def latest(db: Any, marketplace: str) -> dict[str, AmazonFigure]:
    rows = await db.execute_fetchall(_LATEST, (marketplace,))
    return {row[1]: _figure(row) for row in rows}
