"""One tracking run: which parcels to ask about, which carrier to ask, and what to keep.

Each parcel goes to the carrier its shipment names (``Colissimo`` → ``laposte``), else to the
first carrier whose number patterns it matches. Carriers run side by side, each at its own
pace, in batches of its size. A carrier that cannot be made (a secret missing), raises, hangs
or answers nonsense is reported as degraded for the run; its numbers get an error and are
asked again once the recheck interval has passed; the other carriers carry on. Answers are
written as they come, in groups: the shipments (their status, first scan, delivery, so the
metrics and risks use carrier facts), each event once, and when each parcel was asked.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from aztui.carriers import Carrier, CarrierContext, CarrierSpec, TrackingResult, status_key
from aztui.carriers.http import RETRIES, Pace, carrier_client
from aztui.config import Config, ConfigError
from aztui.config.options import origin_of, plugin_options
from aztui.config.schema import CarrierSettings
from aztui.config.secrets import read_named_secrets
from aztui.domain.model import Shipment
from aztui.domain.tracking import ParcelEvent, TrackingCheck
from aztui.domain.words import fold
from aztui.pluginmanager import PluginHost
from aztui.redact import redact
from aztui.store.protocol import Store

RECHECK = timedelta(hours=4)
"""A parcel is not asked about again sooner than this."""
HORIZON = timedelta(days=60)
"""Parcels confirmed longer ago than this are not asked about any more."""
EVER = datetime(9999, 1, 1, tzinfo=UTC)
FLUSH = 200
"""Answers written per transaction."""


@dataclass
class CarrierRun:
    """What one carrier did in a run (a line of ``aztui track``)."""

    name: str
    status: str = "ok"
    """ok, degraded (it failed), unavailable (not configured) or disabled."""
    detail: str = ""
    asked: int = 0
    calls: int = 0
    updated: int = 0
    new_events: int = 0
    errors: int = 0
    elapsed: float = 0.0


@dataclass
class Plan:
    by_carrier: dict[str, list[Shipment]] = field(default_factory=lambda: defaultdict(list))
    unmatched: list[Shipment] = field(default_factory=list)


def plan(shipments: Sequence[Shipment], specs: Sequence[CarrierSpec]) -> Plan:
    names = {fold(alias): spec.name for spec in specs for alias in (spec.name, *spec.aliases)}
    out = Plan()
    for shipment in shipments:
        name = names.get(fold(shipment.carrier or ""))
        if name is None:
            name = next((s.name for s in specs if s.recognises(shipment.tracking_number)), None)
        if name is None:
            out.unmatched.append(shipment)
        else:
            out.by_carrier[name].append(shipment)
    return out


def read_secrets(spec: CarrierSpec, settings: CarrierSettings) -> dict[str, str]:
    """The secrets a carrier names: ``AZTUI_<NAME>_<SECRET>``, else its ``secrets_file``."""
    found = read_named_secrets(
        spec.secrets,
        prefix=f"AZTUI_{spec.name.upper()}_",
        secrets_file=settings.secrets_file,
        key=f"carriers.{spec.name}.secrets_file",
    )
    missing = [s for s in spec.secrets if s not in found]
    if missing:
        where = " and ".join(f"AZTUI_{spec.name.upper()}_{name.upper()}" for name in missing)
        raise ValueError(
            f"no {', '.join(missing)}: set {where} or name a secrets_file in [carriers.{spec.name}]"
        )
    return found


def quota_key(name: str, now: datetime) -> str:
    return f"carrier:{name}:calls:{now.astimezone(UTC).date().isoformat()}"


def shipment_of(parcel: Shipment, result: TrackingResult) -> Shipment:
    """The parcel with what the carrier says (only what it says: the rest is kept)."""
    last = max((e.at for e in result.events), default=None)
    return replace(
        parcel,
        status=result.status,
        carrier_status=result.raw_status or None,
        first_scan_at=result.first_scan_at or parcel.first_scan_at,
        delivered_at=result.delivered_at or parcel.delivered_at,
        last_event_at=last or parcel.last_event_at,
        proof_of_delivery=result.proof_of_delivery or parcel.proof_of_delivery,
        signature=parcel.signature if result.signed is None else result.signed,
    )


def checked(results: object, batch: Sequence[str]) -> dict[str, TrackingResult]:
    """The carrier's answer by number; anything else than results for these numbers is an
    error for the numbers it leaves out."""
    out: dict[str, TrackingResult] = {}
    if isinstance(results, Sequence):
        for result in results:
            if isinstance(result, TrackingResult) and result.number in batch:
                out[result.number] = result
    for number in batch:
        out.setdefault(
            number, TrackingResult.failed(number, "the carrier gave no answer for this number")
        )
    return out


def call_failure(answers: dict[str, TrackingResult]) -> str | None:
    """Why a whole call failed (every number of it failed as a call), else None."""
    failed = [r.error for r in answers.values() if r.call_failed]
    return failed[0] if failed and len(failed) == len(answers) else None


class Tracker:
    """One run over every carrier."""

    def __init__(self, config: Config, host: PluginHost, store: Store, now: datetime) -> None:
        self.config, self.host, self.store, self.now = config, host, store, now
        self.lock = asyncio.Lock()

    async def run(
        self, *, names: Sequence[str] = (), recheck: timedelta | None = RECHECK
    ) -> tuple[list[CarrierRun], int]:
        """Ask every carrier (or those ``names``) about its due parcels (``recheck`` None:
        every parcel still on its way); the runs, and how many parcels no carrier
        recognises."""
        registered = self.host.carriers()
        specs = [r.item for r in registered.values()]
        due = await self.store.tracking_due(
            confirmed_since=self.now - HORIZON,
            checked_before=self.now - recheck if recheck is not None else EVER,
        )
        work = plan(due, specs)
        runs = list(
            await asyncio.gather(
                *(
                    self._one(
                        registered[name].owner, registered[name].item, work.by_carrier.get(name, [])
                    )
                    for name in registered
                    if not names or name in names
                )
            )
        )
        for run in runs:
            if run.asked:  # how the carrier did, for `aztui plugins` and the app
                await self.store.set_meta(
                    status_key(run.name),
                    redact(f"{run.status}: {run.detail}") if run.detail else run.status,
                )
        return runs, len(work.unmatched)

    async def _one(self, owner: str, spec: CarrierSpec, parcels: list[Shipment]) -> CarrierRun:
        run = CarrierRun(spec.name, asked=len(parcels))
        settings = self.config.carriers.get(spec.name, CarrierSettings())
        if not settings.enabled:
            run.status, run.detail = "disabled", "enabled = false"
            return run
        if not parcels:
            return run
        try:
            secrets = read_secrets(spec, settings)
        except ValueError as exc:
            run.status, run.detail = "unavailable", redact(str(exc))
            return run
        try:
            options = self._options(spec, settings)
        except ConfigError as exc:
            run.status, run.detail = "unavailable", str(exc).replace("\n", "; ")
            return run
        used = int(await self.store.get_meta(quota_key(spec.name, self.now)) or 0)
        pace = Pace(spec.per_second, spec.per_day, used)
        started = asyncio.get_running_loop().time()
        async with carrier_client(
            settings.base_url or spec.base_url, settings.timeout_seconds, pace
        ) as client:
            context = CarrierContext(spec.name, client, secrets, options)
            carrier: Carrier | None = self.host.guard(
                owner, lambda: spec.factory(context), item=spec.name, kind="carrier"
            )
            if carrier is None:
                run.status, run.detail = "degraded", self._why(owner)
            else:
                await self._ask(owner, carrier, spec, settings, parcels, pace, run)
        run.calls, run.elapsed = pace.made, asyncio.get_running_loop().time() - started
        async with self.lock:
            await self.store.set_meta(quota_key(spec.name, self.now), str(pace.calls))
        return run

    def _options(self, spec: CarrierSpec, settings: CarrierSettings) -> Any:
        """The options the carrier is made with: an instance of its declared model, else the
        table as written (``aztui.config.options``)."""
        if spec.options is None:
            return dict(settings.options)
        table = f"carriers.{spec.name}"
        return plugin_options(
            spec.options,
            settings.options,
            key=f"{table}.options",
            origin=origin_of(self.config.origins, table),
        )

    async def _ask(
        self,
        owner: str,
        carrier: Carrier,
        spec: CarrierSpec,
        settings: CarrierSettings,
        parcels: list[Shipment],
        pace: Pace,
        run: CarrierRun,
    ) -> None:
        pending: list[tuple[Shipment, TrackingResult]] = []
        size = max(1, spec.batch_size)
        # A carrier gets its calls' timeouts and retries, and a second: then it is hung.
        budget = settings.timeout_seconds * (RETRIES + 1) * size + 1
        for start in range(0, len(parcels), size):
            batch = parcels[start : start + size]
            numbers = [p.tracking_number for p in batch]
            if pace.exhausted:
                answers = {n: TrackingResult.not_found(n, "daily quota spent") for n in numbers}
            else:
                try:
                    answers = checked(
                        await asyncio.wait_for(carrier.track(numbers), budget), numbers
                    )
                except Exception as exc:  # noqa: BLE001 - a carrier's failure is reported
                    self.host.failed_call(owner, "carrier", spec.name, exc)
                    reason = (
                        "did not answer in time"
                        if isinstance(exc, TimeoutError)
                        else redact(f"{type(exc).__name__}: {exc}")
                    )
                    answers = {n: TrackingResult.failed(n, reason) for n in numbers}
                if (failure := call_failure(answers)) is not None:
                    run.status, run.detail = "degraded", redact(failure)
            pending += [(p, answers[p.tracking_number]) for p in batch]
            if len(pending) >= FLUSH:
                await self._write(spec.name, pending, run)
                pending = []
        await self._write(spec.name, pending, run)

    async def _write(
        self, name: str, answers: list[tuple[Shipment, TrackingResult]], run: CarrierRun
    ) -> None:
        if not answers:
            return
        shipments, events, checks = [], [], []
        for parcel, result in answers:
            checks.append(
                TrackingCheck(
                    parcel.order_id,
                    parcel.tracking_number,
                    name,
                    self.now,
                    None if result.error is None else redact(result.error),
                )
            )
            if result.error is not None:
                run.errors += 1
                continue
            shipments.append(shipment_of(parcel, result))
            events += [
                ParcelEvent(parcel.order_id, parcel.tracking_number, e) for e in result.events
            ]
        async with self.lock:  # one writer at a time, whichever carrier answers
            run.new_events += await self.store.write_tracking(shipments, events, checks)
        run.updated += len(shipments)

    def _why(self, owner: str) -> str:
        info = self.host.plugins.get(owner)
        return info.error if info is not None and info.error else "its factory failed"
