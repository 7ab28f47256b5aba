"""Plugin faults kept by the store, on SQLite and on PostgreSQL: kept in the transaction that
stores what was derived without the failing rule, and cleared only by a complete derivation
that runs it cleanly at the version that failed or a newer one."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from typing import ClassVar

import pytest

from aztui.derivation import derive_again_if_changed
from aztui.domain.deadlines import BUILTIN_RULES, Deadline
from aztui.domain.engine import Engine, Registered
from aztui.domain.faults import PluginFailed
from aztui.domain.model import Order, OrderBundle
from aztui.domain.policy import Policy
from aztui.pluginmanager import PluginHost
from aztui.store.protocol import Store
from aztui.store.sql_faults import same_or_newer

NOW = datetime(2026, 11, 26, 9, tzinfo=UTC)


class Toggle:
    """A plugin rule that raises while ``broken``."""

    id = "toggle"
    names: ClassVar[dict[str, str]] = {"en": "Toggle"}
    policy_defaults: ClassVar[dict] = {}
    broken = False

    def derive(self, bundle: OrderBundle, policy: Policy) -> Iterator[Deadline]:
        if self.broken:
            raise RuntimeError("switched off")
        if bundle.order is not None:
            yield Deadline(self.id, bundle.order_id, bundle.order_id, NOW + timedelta(days=3))


def guard(registered: Registered, call):
    try:
        return call()
    except Exception as exc:
        raise PluginFailed(f"{type(exc).__name__}: {exc}") from exc


def engine(
    rule: Toggle, version: str, *, registered: bool = True, failed_to_load: bool = False
) -> Engine:
    rules = [Registered("aztui", r) for r in BUILTIN_RULES]
    if registered:
        rules.append(Registered("toggler", rule, version, "deadline_rule"))
    unloaded = {"toggler"} if failed_to_load else set()
    return Engine(Policy("FR"), rules, guard=guard, unloaded=unloaded)


@pytest.fixture(params=["sqlite", "postgres"])
async def store(request, tmp_path) -> AsyncIterator[Store]:
    url = (
        str(tmp_path / "store.db")
        if request.param == "sqlite"
        else request.getfixturevalue("postgres_url")
    )
    stores = PluginHost().stores()
    factory = stores["sqlite" if request.param == "sqlite" else "postgres"].factory
    store = factory(url, engine(Toggle(), "1.0"))
    await store.open()
    yield store
    await store.close()


def order(n: int) -> Order:
    return Order(f"402-000000{n}-000000{n}", NOW - timedelta(days=1))


async def toggles(store: Store) -> list[str]:
    return sorted(d.subject for d in await store.deadlines(NOW) if d.rule == "toggle")


async def test_a_fault_is_kept_until_a_complete_clean_derivation_at_its_version(store):
    rule = Toggle()
    rule.broken = True
    store.engine = engine(rule, "1.1")
    await store.write([order(1)])
    [fault] = await store.plugin_faults()
    assert (fault.plugin, fault.kind, fault.item, fault.version, fault.error) == (
        "toggler",
        "deadline_rule",
        "toggle",
        "1.1",
        "RuntimeError: switched off",
    )
    assert fault.since is not None and fault.at is not None
    assert await toggles(store) == []

    rule.broken = False
    await store.write([order(2)])  # a clean run over one new order brings back nothing else
    assert [f.item for f in await store.plugin_faults()] == ["toggle"]
    assert await toggles(store) == [order(2).order_id]

    store.engine = engine(rule, "1.0")  # an older version works: not proof the fault is gone
    await store.rederive()
    assert [f.version for f in await store.plugin_faults()] == ["1.1"]
    assert await toggles(store) == [order(1).order_id, order(2).order_id]

    store.engine = engine(rule, "1.1.0")
    await store.rederive()
    assert await store.plugin_faults() == []

    rule.broken = True
    await store.rederive()  # failing during a complete derivation: kept again
    assert [f.error for f in await store.plugin_faults()] == ["RuntimeError: switched off"]
    assert await toggles(store) == []
    store.engine = engine(rule, "1.1", registered=False)  # the plugin is gone or disabled
    await store.rederive()
    assert await store.plugin_faults() == []


async def test_the_faults_of_a_plugin_that_failed_to_load_stay(store):
    rule = Toggle()
    rule.broken = True
    store.engine = engine(rule, "1.1")
    await store.write([order(1)])
    store.engine = engine(rule, "1.1", registered=False, failed_to_load=True)
    await store.rederive()
    assert [(f.item, f.version) for f in await store.plugin_faults()] == [("toggle", "1.1")]
    store.engine = engine(rule, "1.1", registered=False)  # then disabled or uninstalled
    await store.rederive()
    assert await store.plugin_faults() == []


async def test_a_store_keeping_a_fault_is_derived_again_only_after_a_change(store):
    """Every aztui on a shared store agrees on the fingerprint: a cron job on each machine
    does not rewrite the store at every run while a fault is kept."""
    host = PluginHost(entry_points=[]).load()
    rule = Toggle()
    rule.broken = True
    store.engine = engine(rule, "1.1")
    await store.write([order(1)])
    assert await derive_again_if_changed(store, store.engine, host)
    assert [f.item for f in await store.plugin_faults()] == ["toggle"]
    assert not await derive_again_if_changed(store, store.engine, host)
    teammate = PluginHost(entry_points=[]).load()  # another aztui, the same plugins
    assert not await derive_again_if_changed(store, engine(rule, "1.1"), teammate)

    rule.broken = False
    store.engine = engine(rule, "1.2")  # a new version
    assert await derive_again_if_changed(store, store.engine, host)
    assert await store.plugin_faults() == []
    assert await toggles(store) == [order(1).order_id]
    assert not await derive_again_if_changed(store, store.engine, host)


@pytest.mark.parametrize(
    ("version", "than", "expected"),
    [
        ("1.2.3", "1.2.3", True),
        ("1.2", "1.2.0", True),
        ("1.10", "1.9", True),
        ("2.0", "1.99.1", True),
        ("1.2.2", "1.2.3", False),
        ("v1.3", "1.2", True),
        ("?", "1.0", False),
        ("?", "?", True),
    ],
)
def test_same_or_newer(version, than, expected):
    assert same_or_newer(version, than) is expected
