"""The one facade the CLI and the TUI both use: import, evaluate, forecast, export.

It wires the configuration, the plugins, the engine and the store together, and turns what
the store returns into reports. Every evaluation takes ``now`` from its caller.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from aztui.assembly import (
    build_engine,
    refuse_bad_carrier_options,
    refuse_missing_plugins,
    refuse_secrets_in_options,
)
from aztui.config import Config, ConfigError
from aztui.config.errors import said
from aztui.derivation import derive_again_if_changed, derive_all
from aztui.domain.actions import Change
from aztui.domain.deadlines import ACTIVE, Deadline
from aztui.domain.engine import Engine
from aztui.domain.faults import PluginFault
from aztui.domain.forecasts import defect_exits, what_if_claim
from aztui.domain.health import AmazonFigure, amazon_only
from aztui.domain.lifecycle import (
    AppealDecided,
    AppealFiled,
    ClaimEvent,
    TransitionRefused,
    apply_event,
)
from aztui.domain.metrics import MetricDefinition, MetricResult, evaluate
from aztui.domain.model import RECORD_BY_TYPE, Claim, OrderBundle, Record
from aztui.domain.policy import Policy
from aztui.errors import AztuiError
from aztui.pluginmanager import BUILTIN, PluginHost, describe
from aztui.redact import redact
from aztui.report import CheckReport, MetricView
from aztui.store.protocol import Store, StoreError, WriteResult

if TYPE_CHECKING:
    from aztui.carriers.run import CarrierRun
    from aztui.ingest.amazon import MarketplaceTaken
    from aztui.ingest.errors import ImportProblem
    from aztui.ingest.progress import Progress
    from aztui.mail.tally import MailCount
    from aztui.sources.inbox import InboxOutcome
    from aztui.sources.sync import SyncOutcome

FORECAST_DAYS = 7
TREND_DAYS = 30


class Busy(StoreError):
    """Another aztui on the same store is doing this job now."""


class Service:
    def __init__(self, config: Config, host: PluginHost | None = None) -> None:
        self.config = config
        self.host = host or PluginHost(
            disabled=config.plugins.disabled, timeout=config.plugins.timeout_seconds
        )
        self._store: Store | None = None
        self._engine: Engine | None = None
        self._options_checked = False
        self._derived: int | None = None
        """How many bundles ``open`` derived again (None: the store was up to date)."""

    # -- lifecycle --------------------------------------------------------------------------

    async def __aenter__(self) -> Service:
        await self.open()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    def build_engine(self) -> Engine:
        """The rules and metrics of every plugin, on the policy the configuration sets."""
        return build_engine(self.config, self.host)

    def refuse_secrets_in_options(self) -> None:
        """A carrier, source or channel type configured that no plugin registers, a secret a
        channel or carrier plugin declares written in its ``options``, or carrier options its
        model refuses (checked once: the CLI asks before it looks for the store, ``open``
        asks for the app)."""
        if not self._options_checked:
            refuse_missing_plugins(self.config, self.host)
            refuse_secrets_in_options(self.config, self.host)
            refuse_bad_carrier_options(self.config, self.host)
            self._options_checked = True

    async def open(self) -> None:
        self.refuse_secrets_in_options()
        self._engine = self.build_engine()
        self._store = await self.open_store(self.config.database)
        self._derived = await derive_again_if_changed(self._store, self._engine, self.host)

    async def rederive(self) -> int:
        """Derive the whole store again now (``aztui rederive``), unless ``open`` just did;
        how many bundles. The faults met are the host's."""
        if self._derived is None:
            self._derived = await derive_all(self.store, self.engine, self.host)
        return self._derived

    async def open_store(self, url: str) -> Store:
        """An open store at ``url`` (a path, or a URL whose scheme a store plugin handles;
        else the configured ``store``), its schema brought up to date."""
        if self._engine is None:
            self._engine = self.build_engine()
        stores = self.host.stores()
        if "://" in url:
            scheme = url.split("://", 1)[0].split("+", 1)[0]
            factory = next((f for f in stores.values() if scheme in f.schemes), None)
            if factory is None:
                raise StoreError(
                    f"no store plugin handles {scheme}:// URLs "
                    f"(installed: {', '.join(sorted(stores))}){self.host.failed_note()}"
                )
        else:
            factory = stores.get(self.config.store)
            if factory is None:
                raise StoreError(
                    f"unknown store {self.config.store!r} (installed: "
                    f"{', '.join(sorted(stores))}){self.host.failed_note()}"
                )
        try:
            store = factory.factory(url, self.engine)
            await store.open()
        except Exception as exc:
            if isinstance(exc, AztuiError) or factory.owner == BUILTIN:
                raise
            raise StoreError(
                f"the store plugin {factory.owner} ({factory.name}) cannot open {redact(url)}: "
                f"{describe(exc)}; aztui uses no other store instead (aztui plugins)"
            ) from exc
        return store

    async def close(self) -> None:
        if self._store is not None:
            await self._store.close()
            self._store = None

    @property
    def store(self) -> Store:
        if self._store is None:
            raise StoreError("the service is not open")
        return self._store

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            raise StoreError("the service is not open")
        return self._engine

    async def plugin_faults(self, store: Store | None = None) -> list[PluginFault]:
        """The faults the store keeps (met by any aztui on it), then those met in this process
        it does not keep (a refused registration, a carrier, a channel …)."""
        kept = await (store or self.store).plugin_faults()
        keys = {f.key for f in kept}
        return kept + [f for f in self.host.faults.values() if f.key not in keys]

    # -- import and export ------------------------------------------------------------------

    async def import_file(
        self,
        path: Path,
        *,
        kind: str | None = None,
        skip_invalid: bool = False,
        marketplace: str | None = None,
        tell: Callable[[MarketplaceTaken | MailCount], None] | None = None,
        progress: Progress | None = None,
    ) -> tuple[WriteResult, list[ImportProblem]]:
        """Read a file whole, then write it in one transaction (``aztui.importing``);
        ``progress`` is told how far the reading is (``aztui.ingest.progress``)."""
        from aztui.importing import import_file

        return await import_file(
            self.store,
            self.config,
            self.policy,
            path,
            kind=kind,
            skip_invalid=skip_invalid,
            marketplace=marketplace,
            tell=tell,
            progress=progress,
        )

    async def import_inbox(self, settle_seconds: float | None = None) -> list[InboxOutcome]:
        """Import every file settled in the configured inbox once (see ``aztui.sources.inbox``)."""
        from aztui.import_words import inbox_detail
        from aztui.ingest.errors import ImportFailed
        from aztui.sources.inbox import SETTLE_SECONDS, Inbox

        if self.config.inbox is None:
            raise ConfigError(said("config_no_inbox"))

        async def import_one(path: Path) -> str:
            taken: list[MarketplaceTaken | MailCount] = []
            written, skipped = await self.import_file(path, tell=taken.append)
            return inbox_detail(written.written, taken, list(skipped), self.config.language)

        return await Inbox(
            self.config.inbox,
            settle_seconds=SETTLE_SECONDS if settle_seconds is None else settle_seconds,
        ).run(import_one, lambda exc: isinstance(exc, ImportFailed))

    async def sync(self, names: Sequence[str] = ()) -> list[SyncOutcome]:
        """Ask every configured source (or those ``names``) for what is new
        (``aztui.sources.sync``)."""
        from aztui.sources.sync import sync_sources

        return await sync_sources(self.config, self.host, self.store, self.policy, names)

    async def track(
        self, now: datetime, names: Sequence[str] = (), *, every_parcel: bool = False
    ) -> tuple[list[CarrierRun], int]:
        """Ask the carriers about the parcels due (``aztui.carriers.run``); with
        ``every_parcel``, also those asked about recently."""
        from aztui.carriers.run import RECHECK, Tracker

        async with self.store.exclusive("tracking") as mine:
            if not mine:
                raise Busy(
                    "another aztui on this store is asking the carriers now; what "
                    "they answer shows here as it is stored"
                )
            tracker = Tracker(self.config, self.host, self.store, now)
            return await tracker.run(names=names, recheck=None if every_parcel else RECHECK)

    async def write(self, records: Sequence[Record], source: str = "aztui") -> WriteResult:
        return await self.store.write(records, source=source)

    async def export(self, fmt: str, stream: TextIO, record_type: str | None = None) -> int:
        from aztui.ingest.export import write_csv, write_jsonl

        types = [record_type] if record_type else list(RECORD_BY_TYPE)
        count = 0
        for rtype in types:
            records = [r async for r in self.store.records(rtype)]
            count += len(records)
            if fmt == "jsonl":
                write_jsonl(records, stream)
            else:
                write_csv(rtype, records, stream)
        return count

    # -- evaluation -------------------------------------------------------------------------

    @property
    def policy(self) -> Policy:
        return self.engine.policy

    async def deadlines(
        self, now: datetime, *, include_done: bool = False, due_before: datetime | None = None
    ) -> list[Deadline]:
        return await self.store.deadlines(now, include_done=include_done, due_before=due_before)

    async def metric(self, definition: MetricDefinition, now: datetime) -> MetricResult:
        window = definition.window(now, self.policy)
        numerator, denominator = await self.store.metric_counts(definition, window, now)
        return evaluate(definition, numerator, denominator, now, self.policy)

    async def metric_view(
        self, definition: MetricDefinition, now: datetime, active: list[Deadline] | None = None
    ) -> MetricView:
        """A metric with its forecasts; ``active`` are the open and overdue deadlines when the
        caller has read them already."""
        result = await self.metric(definition, now)
        defects = await self.store.metric_defects(definition, result.window, now)
        later = await self.metric(definition, now + timedelta(days=FORECAST_DAYS))
        what_ifs = []
        if definition.id == "order_defect_rate":
            if active is None:
                active = await self.store.deadlines(now)
            what_ifs = await self._appeal_what_ifs(definition, result, now, active)
        return MetricView(
            definition, result, defect_exits(definition, defects, self.policy, now), later, what_ifs
        )

    async def _appeal_what_ifs(
        self,
        definition: MetricDefinition,
        current: MetricResult,
        now: datetime,
        active: list[Deadline],
    ) -> list[tuple[str, MetricResult]]:
        """For every appeal still possible: the ODR if it is won."""
        out = []
        for deadline in active:
            if deadline.rule != "appeal" or deadline.order_id is None:
                continue
            result = await self.what_if(
                deadline.subject, deadline.order_id, AppealDecided(now), now, definition, current
            )
            if result is not None:
                out.append((deadline.subject, result))
        return out

    async def what_if(
        self,
        claim_id: str,
        order_id: str,
        event: ClaimEvent,
        now: datetime,
        definition: MetricDefinition | None = None,
        current: MetricResult | None = None,
    ) -> MetricResult | None:
        """The order defect rate if ``event`` happened to the claim (filing the appeal first
        when the event is an appeal outcome)."""
        definition = definition or self.engine.metric("order_defect_rate")
        current = current or await self.metric(definition, now)
        bundle = await self.store.bundle(order_id)
        if bundle is None:
            return None
        claim = next((c for c in bundle.claims if c.claim_id == claim_id), None)
        if claim is None:
            return None
        try:
            if isinstance(event, AppealDecided) and claim.appeal_filed_at is None:
                bundle = bundle.replacing(apply_event(claim, AppealFiled(now), now, self.policy))
            return what_if_claim(definition, current, bundle, claim_id, event, now, self.policy)
        except TransitionRefused:
            return None

    async def act(
        self, order_id: str, decide: Callable[[OrderBundle | None], Change], source: str = "tui"
    ) -> Change:
        """One action recorded by hand: ``decide`` (a domain function) sees the order as the
        store holds it and returns the change or refuses; the change is in the store before
        this returns. ``RecordChanged`` if a record the change expects was changed by another
        writer meanwhile (nothing is written)."""
        change = decide(await self.store.bundle(order_id))
        await self.store.write(
            change.write,
            source=source,
            remove=change.remove,
            expected=change.expect,
            absent=change.new,
        )
        return change

    async def record_claim_step(
        self,
        claim_id: str,
        order_id: str,
        event: ClaimEvent,
        now: datetime,
        seen: Claim | None = None,
    ) -> Claim:
        """One step of a claim's life, checked by the domain (``TransitionRefused`` says why
        it is impossible), in the store before this returns.

        The step applies to the claim as the seller saw it (``seen``, else as the store holds
        it now); if the store holds anything else when it writes, a teammate came first and
        ``RecordChanged`` says what they changed."""

        def decide(bundle: OrderBundle | None) -> Change:
            claim = seen or (
                next((c for c in bundle.claims if c.claim_id == claim_id), None)
                if bundle is not None
                else None
            )
            if claim is None:
                raise StoreError(f"no claim {claim_id} on order {order_id} in the store")
            return Change((apply_event(claim, event, now, self.policy),), expect=(claim,))

        change = await self.act(order_id, decide)
        return change.write[0]  # type: ignore[return-value]

    async def metric_views(self, now: datetime, active: list[Deadline]) -> list[MetricView]:
        """Every metric with its forecasts and Amazon's latest figure beside it."""
        views = [await self.metric_view(d, now, active) for d in self.engine.metric_definitions]
        amazon = await self.store.amazon_figures(self.policy.marketplace.code)
        for view in views:
            view.amazon = amazon.get(view.result.id)
        return views

    async def amazon_only(self) -> list[AmazonFigure]:
        """Amazon's latest figures that no metric of aztui's stands beside (the account
        health rating, its warnings, the policy violations …), in the order they are shown."""
        figures = await self.store.amazon_figures(self.policy.marketplace.code)
        return amazon_only(figures, {d.id for d in self.engine.metric_definitions})

    async def metric_trend(
        self, definition: MetricDefinition, now: datetime, days: int = TREND_DAYS
    ) -> list[float | None]:
        """The metric as it stood at this hour each of the last ``days`` days, oldest first:
        one indexed aggregate query a day, from what the store holds."""
        return await self._metric_values(definition, now, range(-days, 1))

    async def metric_outlook(
        self, definition: MetricDefinition, now: datetime, days: int = FORECAST_DAYS
    ) -> list[float | None]:
        """The metric each of the next ``days`` days if nothing new happens (docs/rules.md §5,
        Forecasts), soonest first: the last is ``metric_view``'s ``in_7_days``."""
        return await self._metric_values(definition, now, range(1, days + 1))

    async def _metric_values(
        self, definition: MetricDefinition, now: datetime, days: range
    ) -> list[float | None]:
        return [(await self.metric(definition, now + timedelta(days=d))).value for d in days]

    async def check(self, now: datetime, *, include_done: bool = False) -> CheckReport:
        deadlines = await self.store.deadlines(now, include_done=include_done)
        active = [d for d in deadlines if d.status(now) in ACTIVE] if include_done else deadlines
        views = await self.metric_views(now, active)
        risks = await self.store.risks(now)
        return CheckReport(
            now,
            deadlines,
            views,
            risks,
            self.policy,
            self.config.language,
            {r.item.id: r.item for r in self.engine.rules},
            await self.plugin_faults(),
            await self.amazon_only(),
        )

    def plugin_report(self) -> list[Any]:
        return self.host.report()
