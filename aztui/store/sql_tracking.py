"""Carrier facts in a SQL store: events kept once, the last check of every parcel, and which
parcels are due to be asked about again."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import aiosqlite

from aztui.domain.model import Shipment, TrackingStatus
from aztui.domain.timeutil import from_epoch, to_epoch
from aztui.domain.tracking import ParcelEvent, TrackingCheck, TrackingEvent
from aztui.store.codec import CODECS

FINAL = (TrackingStatus.DELIVERED.value, TrackingStatus.RETURNED.value)
"""A parcel in one of these states is never asked about again."""


async def insert_events(db: aiosqlite.Connection, events: Sequence[ParcelEvent]) -> int:
    before = db.total_changes
    await db.executemany(
        "INSERT INTO tracking_events (tracking_number, at, code, order_id, status, "
        "description, place) VALUES (?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (tracking_number, at, code) DO UPDATE SET status = excluded.status, "
        "description = excluded.description, place = excluded.place "
        "WHERE (tracking_events.status, tracking_events.description, tracking_events.place) "
        "<> (excluded.status, excluded.description, "
        "excluded.place)",
        [
            (
                e.tracking_number,
                to_epoch(e.event.at),
                e.event.code,
                e.order_id,
                e.event.status.value,
                e.event.description,
                e.event.place,
            )
            for e in events
        ],
    )
    return db.total_changes - before


async def upsert_checks(db: aiosqlite.Connection, checks: Sequence[TrackingCheck]) -> None:
    await db.executemany(
        "INSERT INTO tracking_checks (order_id, tracking_number, carrier, checked_at, error) "
        "VALUES (?, ?, ?, ?, ?) ON CONFLICT (order_id, tracking_number) DO UPDATE SET "
        "carrier = excluded.carrier, checked_at = excluded.checked_at, error = excluded.error",
        [
            (c.order_id, c.tracking_number, c.carrier, to_epoch(c.checked_at), c.error)
            for c in checks
        ],
    )


async def due(
    db: aiosqlite.Connection, confirmed_since: datetime, checked_before: datetime
) -> list[Shipment]:
    codec = CODECS["shipment"]
    columns = ", ".join(f"s.{c}" for c in codec.columns)
    rows = await db.execute_fetchall(
        f"SELECT {columns} FROM shipments AS s LEFT JOIN tracking_checks AS c "
        "ON c.order_id = s.order_id AND c.tracking_number = s.tracking_number "
        "WHERE s.tracking_number != '' AND coalesce(s.status, '') NOT IN (?, ?) "
        "AND s.confirmed_at >= ? AND (c.checked_at IS NULL OR c.checked_at < ?) "
        "ORDER BY s.confirmed_at",
        (*FINAL, to_epoch(confirmed_since), to_epoch(checked_before)),
    )
    return [codec.decode(row) for row in rows]  # type: ignore[misc]


async def events_of(db: aiosqlite.Connection, order_id: str) -> list[ParcelEvent]:
    rows = await db.execute_fetchall(
        "SELECT tracking_number, at, code, status, description, place FROM tracking_events "
        "WHERE order_id = ? ORDER BY at, tracking_number, code",
        (order_id,),
    )
    return [
        ParcelEvent(
            order_id,
            number,
            TrackingEvent(from_epoch(at), TrackingStatus(status), code, description, place),
        )
        for number, at, code, status, description, place in rows
    ]


async def checks(db: aiosqlite.Connection) -> list[TrackingCheck]:
    rows = await db.execute_fetchall(
        "SELECT order_id, tracking_number, carrier, checked_at, error FROM tracking_checks "
        "ORDER BY checked_at"
    )
    return [
        TrackingCheck(order_id, number, carrier, from_epoch(at), error)
        for order_id, number, carrier, at, error in rows
    ]
