"""The engine: built-in derivations, and plugin rules and metrics isolated by the guard."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

import pytest

from aztui.domain.deadlines import BUILTIN_RULES, Deadline, DeadlineRule
from aztui.domain.engine import Engine, Registered
from aztui.domain.faults import PluginFailed
from aztui.domain.metrics import BUILTIN_METRICS, Bound, MetricDefinition, MetricFact
from aztui.domain.model import OrderBundle
from aztui.domain.policy import PolicyValue

from .builders import (
    DAY,
    FR,
    ORDER_ID,
    at,
    bundle,
    claim,
    message,
    order,
    return_request,
    shipment,
)

BUILTINS = [Registered("aztui", r) for r in BUILTIN_RULES]


class RecordingGuard:
    """Runs plugin code, keeps (owner, error) of what it raises and says it failed."""

    def __init__(self) -> None:
        self.calls: list[str] = []
        self.failures: list[tuple[str, Exception]] = []

    def __call__(self, registered, call):
        self.calls.append(registered.owner)
        try:
            return call()
        except Exception as exc:  # the point of a guard: any failure
            self.failures.append((registered.owner, exc))
            raise PluginFailed(str(exc)) from exc


class PackRule:
    """A plugin rule: pack the order one day after purchase."""

    id = "pack_order"
    names: ClassVar[dict[str, str]] = {"fr": "Emballer", "en": "Pack the order"}
    policy_defaults: ClassVar[dict[str, PolicyValue]] = {
        "pack_order.days": PolicyValue(1, "plugin")
    }

    def derive(self, the_bundle: OrderBundle, policy) -> Iterator[Deadline]:
        if the_bundle.order is not None:
            o = the_bundle.order
            yield Deadline(self.id, o.order_id, o.order_id, o.purchase_date + DAY)


class BrokenRule:
    id = "broken"
    names: ClassVar[dict[str, str]] = {"fr": "Cassé", "en": "Broken"}
    policy_defaults: ClassVar[dict[str, PolicyValue]] = {}

    def derive(self, the_bundle, policy):
        yield Deadline(self.id, "x", None, at("2026-01-01T00:00Z"))
        raise RuntimeError("plugin bug")


def full_bundle():
    return bundle(
        shipments=[shipment()],
        returns=[return_request()],
        claims=[claim(response_requested_at=at("2026-12-01T09:00Z"))],
        messages=[message()],
    )


def test_builtin_rules_satisfy_the_protocol():
    assert all(isinstance(r, DeadlineRule) for r in BUILTIN_RULES)
    assert isinstance(PackRule(), DeadlineRule)
    assert [r.id for r in BUILTIN_RULES] == [
        "ship_confirmation",
        "return_request_response",
        "claim_response",
        "appeal",
        "appeal_info_response",
        "buyer_message_response",
    ]


def test_derive_gives_deadlines_facts_and_risks():
    derivation = Engine(FR).derive(full_bundle())
    assert derivation.order_id == ORDER_ID
    assert sorted(d.rule for d in derivation.deadlines) == [
        "buyer_message_response",
        "claim_response",
        "return_request_response",
        "ship_confirmation",
    ]
    assert derivation.order is not None and derivation.order.mfn
    assert list(derivation.shipments) == [(ORDER_ID, "6A12345678901")]
    assert list(derivation.returns) == ["RMA-1"] and list(derivation.messages) == ["MSG-1"]
    assert {r.signal for r in derivation.risks} == {
        "no_tracking",
        "unprotected_shipping",
        "inr_exposure",
    }


def test_a_plugin_rule_runs_through_the_guard():
    guard = RecordingGuard()
    engine = Engine(FR, [*BUILTINS, Registered("packplugin", PackRule())], guard=guard)
    derivation = engine.derive(bundle())
    pack = [d for d in derivation.deadlines if d.rule == "pack_order"]
    assert [d.due for d in pack] == [at("2026-11-21T09:00Z")]  # purchase + 1 day
    assert guard.calls == ["packplugin"]  # built-ins are not guarded
    assert engine.rule("pack_order").id == "pack_order"
    with pytest.raises(KeyError):
        engine.rule("nope")


def test_a_failing_plugin_rule_loses_only_its_own_deadlines():
    guard = RecordingGuard()
    engine = Engine(
        FR,
        [*BUILTINS, Registered("broken", BrokenRule()), Registered("packplugin", PackRule())],
        guard=guard,
    )
    derivations = engine.derive_many([full_bundle(), bundle(order(order_id="402-7654321-7654321"))])
    assert [owner for owner, _ in guard.failures] == ["broken"]
    assert str(guard.failures[0][1]) == "plugin bug"
    first, second = derivations
    assert "broken" not in {d.rule for d in first.deadlines + second.deadlines}
    assert sorted(d.rule for d in first.deadlines) == [
        "buyer_message_response",
        "claim_response",
        "pack_order",
        "return_request_response",
        "ship_confirmation",
    ]
    assert [d.subject for d in second.deadlines if d.rule == "pack_order"] == [
        "402-7654321-7654321"
    ]  # results go to their own bundle


def test_without_a_guard_a_plugin_error_propagates():
    engine = Engine(FR, [*BUILTINS, Registered("broken", BrokenRule())])
    with pytest.raises(RuntimeError, match="plugin bug"):
        engine.derive(bundle())


def _prime_facts(the_bundle, policy):
    o = the_bundle.order
    if o is not None:
        yield MetricFact(o.order_id, o.purchase_date, bool(o.is_prime))


def _broken_facts(the_bundle, policy):
    raise ValueError("metric bug")


def test_plugin_metric_facts_are_guarded_too():
    guard = RecordingGuard()
    metrics = [
        *(Registered("aztui", m) for m in BUILTIN_METRICS),
        Registered(
            "prime", MetricDefinition("prime_share", {"en": "Prime"}, Bound.UPPER, _prime_facts)
        ),
        Registered("bad", MetricDefinition("bad", {"en": "Bad"}, Bound.UPPER, _broken_facts)),
    ]
    engine = Engine(FR, metrics=metrics, guard=guard)
    derivation = engine.derive(bundle(order(is_prime=True)))
    assert derivation.facts == [
        ("prime_share", MetricFact(ORDER_ID, at("2026-11-20T09:00Z"), True))
    ]
    assert [owner for owner, _ in guard.failures] == ["bad"]
    assert len(derivation.deadlines) == 1  # ship_confirmation, untouched
    assert engine.metric("prime_share").id == "prime_share"
