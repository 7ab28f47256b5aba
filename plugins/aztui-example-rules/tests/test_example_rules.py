"""The example plugin in plugins/ adds a deadline rule and a metric, end to end."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from aztui.domain.engine import Engine
from aztui.domain.model import Order, OrderStatus
from aztui.domain.policy import Policy
from aztui.i18n import metric_name, rule_name
from aztui.pluginmanager import PluginHost
from aztui.store.sqlite import SQLiteStore

NOW = datetime(2026, 11, 26, 9, tzinfo=UTC)
H = timedelta(hours=1)


def test_the_example_plugin_reports_its_distribution(example_plugin):
    host = PluginHost()
    host.deadline_rules(), host.metrics()
    info = {p.name: p for p in host.report()}["example_rules"]
    assert (info.distribution, info.version, info.kind, info.status) == (
        "aztui-example-rules",
        "0.1.0",
        "deadline_rule, metric",
        "ok",
    )


async def test_a_plugin_rule_and_metric_flow_through_the_store(example_plugin, tmp_path):
    host = PluginHost()
    rules, metrics = host.deadline_rules(), host.metrics()
    defaults = {k: v for r in (*rules, *metrics) for k, v in r.item.policy_defaults.items()}
    engine = Engine(Policy("FR", extra_defaults=defaults), rules, metrics, guard=host.guard_item)
    store = SQLiteStore(tmp_path / "s.db", engine)
    await store.open()
    stock_out = Order(
        "402-0000001-0000001",
        NOW - 20 * H,
        out_of_stock=True,
        status=OrderStatus.UNSHIPPED,
        latest_ship_date=NOW + 30 * H,
    )
    prime_late = Order(
        "402-0000002-0000002",
        NOW - 5 * 24 * H,
        is_prime=True,
        status=OrderStatus.UNSHIPPED,
        latest_ship_date=NOW - 2 * 24 * H,
    )
    prime_ok = Order(
        "402-0000003-0000003",
        NOW - 5 * 24 * H,
        is_prime=True,
        status=OrderStatus.SHIPPED,
        latest_ship_date=NOW - 3 * 24 * H,
    )
    await store.write([stock_out, prime_late, prime_ok])

    due = {(d.rule, d.subject): d.due for d in await store.deadlines(NOW)}
    assert due[("out_of_stock_cancellation", stock_out.order_id)] == NOW + 4 * H

    metric = engine.metric("prime_late_shipment_rate")
    window = metric.window(NOW, engine.policy)
    assert await store.metric_counts(metric, window, NOW) == (1, 2)
    assert await store.metric_defects(metric, window, NOW) == [
        (prime_late.order_id, prime_late.latest_ship_date)
    ]
    await store.close()


def test_a_plugin_rule_and_metric_are_named_from_the_plugin_catalogs(example_plugin):
    host = PluginHost()
    rule = next(r.item for r in host.deadline_rules() if r.item.id == "out_of_stock_cancellation")
    metric = next(m.item for m in host.metrics() if m.item.id == "prime_late_shipment_rate")
    assert rule_name(rule, "fr") == "Annuler la commande en rupture"
    assert rule_name(rule, "en") == "Cancel the out-of-stock order"
    assert metric_name(metric, "fr") == "Taux d'expéditions Prime en retard"
    assert metric_name(metric, "de") == "Prime late shipment rate"  # a language it lacks
