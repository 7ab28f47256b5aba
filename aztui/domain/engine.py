"""The engine: every registered deadline rule, metric and risk derivation over order bundles.

The store calls ``derive_many`` whenever objects are written, and stores what comes out.
Rules and metrics from plugins run through ``guard`` (the plugin manager's isolation): one that
raises or hangs loses its own results, never the others'.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
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
Guard = Callable[[str, Callable[[], T]], T | None]
"""``guard(owner, call)``: run plugin code, return None when it failed (and record why)."""


def _unguarded(owner: str, call: Callable[[], T]) -> T | None:
    return call()


def _deadlines_of(
    rule: DeadlineRule, bundles: Sequence[OrderBundle], policy: Policy
) -> list[list[Deadline]]:
    return [list(rule.derive(b, policy)) for b in bundles]


def _facts_of(
    facts: FactFunction, bundles: Sequence[OrderBundle], policy: Policy
) -> list[list[MetricFact]]:
    return [list(facts(b, policy)) for b in bundles]


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

    @property
    def builtin(self) -> bool:
        return self.owner == "aztui"


class Engine:
    def __init__(
        self,
        policy: Policy,
        rules: Sequence[Registered] = (),
        metrics: Sequence[Registered] = (),
        guard: Guard = _unguarded,
    ) -> None:
        self.policy = policy
        self.rules = list(rules) or [Registered("aztui", r) for r in BUILTIN_RULES]
        self.metrics = list(metrics) or [Registered("aztui", m) for m in BUILTIN_METRICS]
        self.guard = guard

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
            deadline_lists = self._run(registered, partial(_deadlines_of, rule, bundles, policy))
            for derivation, deadlines in zip(out, deadline_lists or (), strict=False):
                derivation.deadlines.extend(deadlines)
        for registered in self.metrics:
            metric: MetricDefinition = registered.item
            if isinstance(metric.facts, ColumnFacts):
                continue
            fact_lists = self._run(registered, partial(_facts_of, metric.facts, bundles, policy))
            for derivation, facts in zip(out, fact_lists or (), strict=False):
                derivation.facts.extend((metric.id, fact) for fact in facts)
        return out

    def _run(self, registered: Registered, call: Callable[[], list[T]]) -> list[T] | None:
        return call() if registered.builtin else self.guard(registered.owner, call)

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
