"""The alert outbox in a SQL store: each (alert, channel) once, sent at least once, retried."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime

import aiosqlite

from aztui.domain.alerts import Alert, Outgoing
from aztui.domain.timeutil import from_epoch, to_epoch

COLUMNS = "alert, channel, attempts, status, next_at, sent_at, last_error"


def _outgoing(row: Sequence) -> Outgoing:
    alert, channel, attempts, status, next_at, sent_at, error = row
    return Outgoing(
        Alert.from_dict(json.loads(alert)),
        channel,
        attempts,
        status,
        from_epoch(next_at),
        from_epoch(sent_at) if sent_at else None,
        error,
    )


async def enqueue(db: aiosqlite.Connection, routed: Sequence[tuple[Alert, str, datetime]]) -> int:
    before = db.total_changes
    await db.executemany(
        "INSERT INTO outbox (alert_id, channel, alert, status, next_at) "
        "VALUES (?, ?, ?, 'pending', ?) ON CONFLICT DO NOTHING",
        [
            (a.id, channel, json.dumps(a.as_dict(), ensure_ascii=False), to_epoch(at))
            for a, channel, at in routed
        ],
    )
    return db.total_changes - before


async def due(db: aiosqlite.Connection, now: datetime, limit: int) -> list[Outgoing]:
    rows = await db.execute_fetchall(
        f"SELECT {COLUMNS} FROM outbox WHERE status = 'pending' AND next_at <= ? "
        "ORDER BY next_at, alert_id LIMIT ?",
        (to_epoch(now), limit),
    )
    return [_outgoing(r) for r in rows]


async def record(
    db: aiosqlite.Connection,
    alert_id: str,
    channel: str,
    *,
    sent_at: datetime | None,
    error: str | None,
    retry_at: datetime | None,
    tried: bool = True,
) -> None:
    if sent_at is not None:
        status, next_at = "sent", None
    else:
        status, next_at = ("pending", retry_at) if retry_at is not None else ("failed", None)
    await db.execute(
        "UPDATE outbox SET status = ?, attempts = attempts + ?, sent_at = ?, last_error = ?, "
        "next_at = coalesce(?, next_at) WHERE alert_id = ? AND channel = ?",
        (
            status,
            1 if tried else 0,
            to_epoch(sent_at) if sent_at else None,
            error,
            to_epoch(next_at) if next_at else None,
            alert_id,
            channel,
        ),
    )


async def entries(db: aiosqlite.Connection) -> list[Outgoing]:
    rows = await db.execute_fetchall(f"SELECT {COLUMNS} FROM outbox ORDER BY next_at, alert_id")
    return [_outgoing(r) for r in rows]


async def snooze(db: aiosqlite.Connection, subject: str, until: datetime) -> None:
    await db.execute(
        "INSERT INTO snoozes VALUES (?, ?) ON CONFLICT (subject) DO UPDATE "
        "SET until = excluded.until",
        (subject, to_epoch(until)),
    )


async def snoozed(db: aiosqlite.Connection, now: datetime) -> dict[str, datetime]:
    rows = await db.execute_fetchall(
        "SELECT subject, until FROM snoozes WHERE until > ?", (to_epoch(now),)
    )
    return {subject: from_epoch(until) for subject, until in rows}
