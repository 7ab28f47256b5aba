"""A carrier run by ``aztui track`` (the CLI, in process) against a local server that replays
its answers, end to end into a SQLite store: what a seller's aztui makes of the carrier.

A test serves the carrier's paths on a local server (``LocalServer``, pytest-httpserver), then
calls ``track_through_cli`` with the parcels to seed: it writes an ``aztui.toml`` pointing
``[carriers.<name>] base_url`` at the server, puts the secrets in the environment the way a
seller would (``AZTUI_<CARRIER>_<SECRET>``), seeds one shipped order per parcel, runs ``aztui
track`` and reads back what the store kept.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from aztui.domain.model import Order, OrderStatus, Shipment
from aztui.domain.tracking import TrackingCheck, TrackingEvent
from aztui.testing.cli import isolate_cli


@dataclass(frozen=True, slots=True)
class Tracked:
    """What one ``aztui track`` printed, returned and left in the store."""

    exit_code: int
    out: str
    err: str
    shipments: dict[str, Shipment]
    """Each seeded parcel as the store holds it after the run, by tracking number."""
    events: dict[str, list[TrackingEvent]]
    """Each parcel's stored carrier events, oldest first."""
    checks: dict[str, TrackingCheck]
    """The last answer about each parcel asked (its ``error`` when the carrier gave none)."""


def order_id_of(index: int) -> str:
    return f"402-{index:07d}-0000000"


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def track_through_cli(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    *,
    carrier: str,
    base_url: str,
    numbers: Sequence[str],
    carrier_label: str,
    secrets: Mapping[str, str] = {},
    options: Mapping[str, object] = {},
    confirmed_days_ago: int = 3,
) -> Tracked:
    """Seed one shipped order per number (sent with ``carrier_label``), run ``aztui track``
    with ``carrier`` pointed at ``base_url``, and read the store back. ``options`` are
    written as ``[carriers.<carrier>] options``, ``secrets`` set in the environment."""
    from aztui.cli.main import main
    from aztui.config import load_config
    from aztui.service import Service

    isolate_cli(tmp_path, monkeypatch)  # wide lines too: one line a carrier
    for secret, value in secrets.items():
        monkeypatch.setenv(f"AZTUI_{carrier.upper()}_{secret.upper()}", value)
    lines = ['db = "store.db"', "", f"[carriers.{carrier}]", f"base_url = {_toml_value(base_url)}"]
    lines.append("timeout_seconds = 30")
    if options:
        pairs = ", ".join(f"{key} = {_toml_value(value)}" for key, value in options.items())
        lines.append(f"options = {{ {pairs} }}")
    config_path = tmp_path / "aztui.toml"
    config_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    confirmed = datetime.now(UTC).replace(microsecond=0) - timedelta(days=confirmed_days_ago)

    async def seed() -> None:
        async with Service(load_config(config_path=config_path)) as service:
            records: list[Order | Shipment] = []
            for index, number in enumerate(numbers, start=1):
                order_id = order_id_of(index)
                records.append(
                    Order(
                        order_id,
                        confirmed - timedelta(days=1),
                        status=OrderStatus.SHIPPED,
                        latest_ship_date=confirmed,
                    )
                )
                records.append(
                    Shipment(order_id, number, carrier=carrier_label, confirmed_at=confirmed)
                )
            await service.write(records)

    async def read() -> tuple[dict, dict, dict]:
        async with Service(load_config(config_path=config_path)) as service:
            shipments: dict[str, Shipment] = {}
            events: dict[str, list[TrackingEvent]] = {}
            for index, number in enumerate(numbers, start=1):
                bundle = await service.store.bundle(order_id_of(index))
                assert bundle is not None
                shipments[number] = next(s for s in bundle.shipments if s.tracking_number == number)
                stored = await service.store.tracking_events(order_id_of(index))
                events[number] = [e.event for e in stored if e.tracking_number == number]
            checks = {c.tracking_number: c for c in await service.store.tracking_checks()}
            return shipments, events, checks

    asyncio.run(seed())
    capsys.readouterr()
    exit_code = main(["track"])
    captured = capsys.readouterr()
    shipments, events, checks = asyncio.run(read())
    return Tracked(exit_code, captured.out, captured.err, shipments, events, checks)


def said(text: str) -> str:
    """What ``aztui track`` printed, on one line (the console may wrap long lines)."""
    return " ".join(text.split())
