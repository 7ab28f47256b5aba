"""Plugins load one at a time; a broken one is recorded and skipped, never fatal."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from aztui.domain.engine import Engine
from aztui.domain.model import Order, OrderBundle
from aztui.domain.policy import Policy
from aztui.pluginmanager import PluginHost

NOW = datetime(2026, 11, 26, 9, tzinfo=UTC)
GOOD = """
from aztui.hookspecs import hookimpl
from aztui.domain.deadlines import Deadline

class Reminder:
    id = "good_reminder"
    names = {"fr": "Rappel", "en": "Reminder"}
    policy_defaults = {}
    def derive(self, bundle, policy):
        if bundle.order is not None:
            yield Deadline(self.id, bundle.order_id, bundle.order_id, bundle.order.purchase_date)

@hookimpl
def aztui_register_deadline_rules(register):
    register(Reminder())
"""


def report(host: PluginHost) -> dict[str, tuple[str, str]]:
    host.deadline_rules(), host.metrics(), host.stores()
    return {p.name: (p.status, p.error) for p in host.report()}


def test_builtins_are_registered_through_the_hooks():
    host = PluginHost(entry_points=[]).load()
    assert [r.item.id for r in host.deadline_rules()] == [
        "ship_confirmation",
        "return_request_response",
        "claim_response",
        "appeal",
        "appeal_info_response",
        "buyer_message_response",
    ]
    assert len(host.metrics()) == 8
    assert set(host.stores()) == {"sqlite"}
    [builtin] = host.report()
    assert (builtin.name, builtin.distribution, builtin.kind) == (
        "aztui",
        "aztui",
        "deadline_rule, metric, store",
    )


def test_a_plugin_that_fails_to_import_is_recorded_and_the_rest_load(install_plugin):
    install_plugin("broken", "aztui_broken", source="raise ImportError('needs libfoo')\n")
    install_plugin("good", "aztui_good", source=GOOD)
    host = PluginHost()
    status = report(host)
    assert status["broken"] == ("failed", "ImportError: needs libfoo")
    assert status["good"] == ("ok", "")
    assert "good_reminder" in [r.item.id for r in host.deadline_rules()]


def test_a_plugin_with_an_unknown_hook_is_refused(install_plugin):
    install_plugin(
        "typo",
        "aztui_typo",
        source="""
        from aztui.hookspecs import hookimpl
        @hookimpl
        def aztui_register_metric(register):
            pass
    """,
    )
    status = report(PluginHost())
    assert status["typo"][0] == "failed"
    assert "aztui_register_metric" in status["typo"][1]


def test_a_plugin_whose_registration_raises_is_skipped(install_plugin):
    install_plugin(
        "angry",
        "aztui_angry",
        source="""
        from aztui.hookspecs import hookimpl
        @hookimpl
        def aztui_register_metrics(register):
            raise RuntimeError("no metrics today")
    """,
    )
    host = PluginHost()
    assert report(host)["angry"] == ("degraded", "RuntimeError: no metrics today")
    assert len(host.metrics()) == 8


def test_a_disabled_plugin_is_not_loaded(install_plugin):
    install_plugin("good", "aztui_good", source=GOOD)
    host = PluginHost(disabled=["good"])
    assert report(host)["good"] == ("disabled", "disabled in the configuration")
    assert "good_reminder" not in [r.item.id for r in host.deadline_rules()]


def test_a_plugin_may_not_take_a_builtin_id(install_plugin):
    install_plugin("thief", "aztui_thief", source=GOOD.replace("good_reminder", "appeal"))
    host = PluginHost()
    assert report(host)["thief"] == (
        "degraded",
        "appeal: id 'appeal' is already registered by aztui",
    )
    assert [r.owner for r in host.deadline_rules() if r.item.id == "appeal"] == ["aztui"]


def _engine(host: PluginHost) -> Engine:
    return Engine(Policy("FR"), host.deadline_rules(), host.metrics(), guard=host.guard_item)


def _bundle() -> OrderBundle:
    order = Order(
        "402-1111111-1111111", NOW - timedelta(days=1), latest_ship_date=NOW + timedelta(hours=5)
    )
    return OrderBundle(order.order_id, order)


def test_a_rule_that_raises_at_run_time_degrades_its_plugin_only(install_plugin):
    install_plugin(
        "flaky",
        "aztui_flaky",
        source=GOOD.replace(
            "if bundle.order is not None:",
            "if bundle.order is not None:\n            raise ZeroDivisionError('oops')",
        ),
    )
    host = PluginHost()
    derivation = _engine(host).derive(_bundle())
    assert [d.rule for d in derivation.deadlines] == ["ship_confirmation"]
    assert report(host)["flaky"] == ("degraded", "good_reminder: ZeroDivisionError: oops")


def test_a_rule_that_hangs_is_cut_off_by_the_timeout(install_plugin):
    install_plugin(
        "sleepy",
        "aztui_sleepy",
        source=GOOD.replace(
            "if bundle.order is not None:",
            "RELEASE.wait()\n        if bundle.order is not None:",
        )
        + "\nimport threading\nRELEASE = threading.Event()\n",
    )
    import aztui_sleepy  # type: ignore[import-not-found]  # installed by the test

    host = PluginHost(timeout=60)  # registering is never cut off, however loaded the machine
    engine = _engine(host)
    host.timeout = 0.3
    try:
        derivation = engine.derive(_bundle())
        assert [d.rule for d in derivation.deadlines] == ["ship_confirmation"]
        assert report(host)["sleepy"] == (
            "degraded",
            "good_reminder: did not answer within 0.3 s",
        )
        [fault] = engine.take_faults()
        assert (fault.plugin, fault.kind, fault.item) == (
            "sleepy",
            "deadline_rule",
            "good_reminder",
        )
        assert engine.derive(_bundle()).deadlines[0].rule == "ship_confirmation"
        assert [f.error for f in engine.take_faults()] == ["did not answer within 0.3 s"]
    finally:
        aztui_sleepy.RELEASE.set()
