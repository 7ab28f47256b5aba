"""An example aztui plugin: a deadline rule and a metric, registered through aztui's hooks.

- ``out_of_stock_cancellation``: an order marked out of stock should be cancelled (and the buyer
  told why) within 24 hours of purchase, before it turns into a late shipment.
- ``prime_late_shipment_rate``: the late shipment rate of Prime orders alone over 30 days, a
  stricter view some sellers watch because Prime promises are shorter.

Their names come from the plugin's own gettext catalogs (``locale/``, read with
``aztui.i18n.Catalog``). Copy this package to start a plugin of your own: see
``docs/plugins.md``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from aztui.domain.deadlines import Deadline
from aztui.domain.facts import order_facts
from aztui.domain.metrics import Bound, MetricDefinition, MetricFact
from aztui.domain.model import OrderBundle
from aztui.domain.policy import Policy, PolicyValue
from aztui.hookspecs import hookimpl
from aztui.i18n import Catalog

SOURCE = "aztui-example-rules: the seller's own rule"
WORDS = Catalog("aztui_example_rules", Path(__file__).parent / "locale")


class OutOfStockCancellation:
    id = "out_of_stock_cancellation"

    def __init__(self) -> None:
        # per instance, as the DeadlineRule protocol declares them: never a shared mutable default
        self.names = WORDS.names("rule_out_of_stock_cancellation")
        self.policy_defaults = {"out_of_stock_cancellation.hours": PolicyValue(24, SOURCE)}

    def derive(self, bundle: OrderBundle, policy: Policy) -> Iterator[Deadline]:
        order = bundle.order
        if order is None or not order.out_of_stock:
            return
        hours = policy.get("out_of_stock_cancellation.hours", order.purchase_date)
        yield Deadline(
            self.id,
            order.order_id,
            order.order_id,
            order.purchase_date + timedelta(hours=hours),
            starts_at=order.purchase_date,
            done=order.is_cancelled,
            done_at=order.cancelled_at,
        )


def prime_late_shipments(bundle: OrderBundle, policy: Policy) -> Iterator[MetricFact]:
    """One fact per Prime MFN order with a ship-by date: counted when shipped late."""
    order, facts = bundle.order, order_facts(bundle)
    if order is None or facts is None or not order.is_prime or not facts.late_population:
        return
    if order.latest_ship_date is None:  # never so: late_population needs a ship-by date
        return
    yield MetricFact(order.order_id, order.latest_ship_date, facts.late)


PRIME_LATE_SHIPMENT_RATE = MetricDefinition(
    "prime_late_shipment_rate",
    WORDS.names("metric_prime_late_shipment_rate"),
    Bound.UPPER,
    prime_late_shipments,
    advisory=True,
    policy_defaults={
        "prime_late_shipment_rate.window_days": PolicyValue(30, SOURCE),
        "prime_late_shipment_rate.target": PolicyValue(Decimal("0.02"), SOURCE),
    },
)


@hookimpl
def aztui_register_deadline_rules(register: Callable[[object], None]) -> None:
    register(OutOfStockCancellation())


@hookimpl
def aztui_register_metrics(register: Callable[[object], None]) -> None:
    register(PRIME_LATE_SHIPMENT_RATE)
