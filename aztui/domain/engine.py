"""The engine: every registered deadline rule, metric and risk derivation over order bundles.

The store calls ``derive_many`` whenever objects are written, and stores what comes out.
Rules and metrics from plugins run through ``guard`` (the plugin manager's isolation), and what
they yield is checked (``aztui.domain.faults``): one that raises, hangs or yields something
that is not a deadline or a fact loses its own results, never the others', and the engine
keeps the fault for the store to keep with what it derived.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any, TypeVar

from aztui.domain.deadlines import BUILTIN_RULES, Deadline, DeadlineRule
from aztui.domain.facts import (
    MessageFacts,
    OrderFacts,
    ReturnFacts,
    ShipmentFacts,
    message_facts,
    order_facts,
    return_facts,
    shipment_facts,
)
from aztui.domain.faults import PluginFailed, PluginFault, check_deadlines, check_facts
from aztui.domain.metrics import (
    BUILTIN_METRICS,
    ColumnFacts,
    FactFunction,
    MetricDefinition,
    MetricFact,
)
from aztui.domain.model import OrderBundle
from aztui.domain.policy import Policy
from aztui.domain.risks import Risk, derive_risks

T = TypeVar("T")


def _unguarded(registered: Registered, call: Callable[[], T]) -> T:
    return call()


def _deadlines_of(
    rule: DeadlineRule, bundles: Sequence[OrderBundle], policy: Policy, *, check: bool
) -> list[list[Deadline]]:
    out = [list(rule.derive(b, policy)) for b in bundles]
    if check:
        check_deadlines(rule.id, out)
    return out


def _facts_of(
    facts: FactFunction, bundles: Sequence[OrderBundle], policy: Policy, *, check: bool
) -> list[list[MetricFact]]:
    out = [list(facts(b, policy)) for b in bundles]
    if check:
        check_facts(out)
    return out


@dataclass(slots=True)
class Derivation:
    """Everything derived from one order's bundle."""

    order_id: str
    deadlines: list[Deadline] = field(default_factory=list)
    order: OrderFacts | None = None
    shipments: dict[tuple[str, str], ShipmentFacts] = field(default_factory=dict)
    returns: dict[str, ReturnFacts] = field(default_factory=dict)
    messages: dict[str, MessageFacts] = field(default_factory=dict)
    facts: list[tuple[str, MetricFact]] = field(default_factory=list)
    risks: list[Risk] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Registered:
    """A rule or metric with the plugin that registered it (``aztui`` for the built-ins)."""

    owner: str
    item: Any
    version: str = ""
    """The version of the plugin's distribution (kept with a fault)."""
    kind: str = ""
    """``deadline_rule``, ``metric``, ``carrier`` … (``aztui.pluginmanager.KINDS``)."""

    @property
    def builtin(self) -> bool:
        return self.owner == "aztui"


Guard = Callable[[Registered, Callable[[], T]], T]
"""``guard(registered, call)``: run a plugin's rule or metric; raise ``PluginFailed`` saying
why when it gave nothing."""


class Engine:
    def __init__(
        self,
        policy: Policy,
        rules: Sequence[Registered] = (),
        metrics: Sequence[Registered] = (),
        guard: Guard = _unguarded,
        unloaded: Collection[str] = (),
    ) -> None:
        self.policy = policy
        self.rules = list(rules) or [Registered("aztui", r) for r in BUILTIN_RULES]
        self.metrics = list(metrics) or [Registered("aztui", m) for m in BUILTIN_METRICS]
        self.guard = guard
        self.unloaded = frozenset(unloaded)
        """The plugins that failed to load: their rules and metrics are unknown here, so the
        faults the store keeps of them stay (``store.sql_faults.settle``)."""
        self.faults: dict[tuple[str, str, str], PluginFault] = {}
        """Faults met since the store last took them (``take_faults``)."""

    @property
    def builtin_only(self) -> bool:
        """Every rule and metric is built in (so has a columnar form, ``domain.bulk_rules``)."""
        return all(r.builtin for r in (*self.rules, *self.metrics))

    @property
    def metric_definitions(self) -> list[MetricDefinition]:
        return [m.item for m in self.metrics]

    def metric(self, metric_id: str) -> MetricDefinition:
        for registered in self.metrics:
            if registered.item.id == metric_id:
                return registered.item
        raise KeyError(metric_id)

    def rule(self, rule_id: str) -> DeadlineRule:
        for registered in self.rules:
            if registered.item.id == rule_id:
                return registered.item
        raise KeyError(rule_id)

    def derive(self, bundle: OrderBundle) -> Derivation:
        return self.derive_many([bundle])[0]

    def derive_many(self, bundles: Sequence[OrderBundle]) -> list[Derivation]:
        policy = self.policy
        out = [self._builtin_facts(bundle, policy) for bundle in bundles]
        for registered in self.rules:
            rule: DeadlineRule = registered.item
            check = not registered.builtin
            deadline_lists = self._run(
                registered,
                "deadline_rule",
                partial(_deadlines_of, rule, bundles, policy, check=check),
            )
            for derivation, deadlines in zip(out, deadline_lists or (), strict=False):
                derivation.deadlines.extend(deadlines)
        for registered in self.metrics:
            metric: MetricDefinition = registered.item
            if isinstance(metric.facts, ColumnFacts):
                continue
            check = not registered.builtin
            fact_lists = self._run(
                registered, "metric", partial(_facts_of, metric.facts, bundles, policy, check=check)
            )
            for derivation, facts in zip(out, fact_lists or (), strict=False):
                derivation.facts.extend((metric.id, fact) for fact in facts)
        return out

    def take_faults(self) -> list[PluginFault]:
        """The faults met since the last call: the store keeps them in the transaction that
        stores what was derived without them."""
        faults, self.faults = list(self.faults.values()), {}
        return faults

    def _run(
        self, registered: Registered, kind: str, call: Callable[[], list[T]]
    ) -> list[T] | None:
        if registered.builtin:
            return call()
        try:
            return self.guard(registered, call)
        except PluginFailed as failed:
            fault = PluginFault(
                registered.owner, kind, registered.item.id, str(failed), registered.version
            )
            self.faults[fault.key] = fault
            return None

    @staticmethod
    def _builtin_facts(bundle: OrderBundle, policy: Policy) -> Derivation:
        derivation = Derivation(bundle.order_id, order=order_facts(bundle))
        for shipment in bundle.shipments:
            derivation.shipments[shipment.key] = shipment_facts(shipment, bundle)
        for ret in bundle.returns:
            derivation.returns[ret.return_id] = return_facts(ret, policy)
        for message in bundle.messages:
            derivation.messages[message.message_id] = message_facts(message, policy)
        derivation.risks = derive_risks(bundle, policy)
        return derivation
