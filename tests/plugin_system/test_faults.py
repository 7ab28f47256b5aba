"""A plugin fault never hides a deadline: a rule or metric that raises, hangs or yields
garbage is refused with its plugin's name, told by the command that met it and by
``aztui plugins``, kept in the store until a complete derivation runs it cleanly, and
``aztui check`` exits 3 meanwhile; the other rules still run and the import still lands."""

from __future__ import annotations

from typing import Any

from aztui.pluginmanager import PluginHost
from tests.plugin_system.faulty import NOW, ORDERS, faults_of, rule, rules_of


def test_a_rule_that_raises_is_told_kept_and_its_deadlines_return_after_the_fix(
    aztui, workdir, plugins
):
    plugins("flaky", rule("raise ZeroDivisionError('oops')"))
    (workdir / "orders.csv").write_text(ORDERS)

    run = aztui("import", "orders.csv")
    assert run.code == 3, run.err
    assert "orders.csv : 2 commande(s) importée(s)" in run.out  # the import landed
    assert "aztui : extension flaky, règle reminder : ZeroDivisionError: oops" in run.err
    assert "ses échéances manquent" in run.err and "aztui plugins" in run.err

    run = aztui("check", "--json", "--now", NOW)
    assert run.code == 3  # cron notices
    assert rules_of(run.json) == [
        ("ship_confirmation", "402-0000001-0000001"),
        ("ship_confirmation", "402-0000002-0000002"),
    ]
    assert faults_of(run.json) == [
        ("flaky", "deadline_rule", "reminder", "ZeroDivisionError: oops")
    ]
    [fault] = run.json["plugin_faults"]
    assert fault["version"] == "1.2.3" and fault["since"] and fault["last_seen"]
    assert "extension flaky, règle reminder : ZeroDivisionError: oops" in run.err

    run = aztui("plugins")
    assert run.code == 0
    plugin_line, fault_line = [
        line for line in run.out.splitlines() if line.split()[:1] == ["flaky"]
    ]
    assert "dégradé" in plugin_line and "reminder: ZeroDivisionError: oops" in plugin_line
    assert fault_line.split()[:8:2] == ["flaky", "deadline_rule", "reminder", "1.2.3"]
    listing = aztui("plugins", "--json").json
    [flaky] = [p for p in listing["plugins"] if p["name"] == "flaky"]
    assert flaky["status"] == "degraded" and flaky["kinds"] == ["deadline_rule"]
    assert [(f["plugin"], f["item"]) for f in listing["faults"]] == [("flaky", "reminder")]

    plugins.fix("flaky", rule())  # the same version, fixed
    run = aztui("check", "--json", "--now", NOW)
    assert run.code == 0, run.err
    assert rules_of(run.json) == [
        ("reminder", "402-0000001-0000001"),
        ("reminder", "402-0000002-0000002"),
        ("ship_confirmation", "402-0000001-0000001"),
        ("ship_confirmation", "402-0000002-0000002"),
    ]
    assert run.json["plugin_faults"] == [] and run.err == ""
    assert aztui("plugins", "--json").json["faults"] == []
    assert aztui("check", "--json", "--now", NOW).json == run.json


def test_a_rule_that_fails_during_a_rederivation_is_not_recorded_as_done(aztui, workdir, plugins):
    plugins("flaky", rule())
    (workdir / "orders.csv").write_text(ORDERS)
    assert aztui("import", "orders.csv").code == 0
    assert len(aztui("check", "--json", "--now", NOW).json["deadlines"]) == 4

    plugins.fix("flaky", rule("raise KeyError('parcelX')"))
    (workdir / "aztui.toml").write_text("[policy.FR]\nat_risk_ratio = 0.8\n")  # derive again
    run = aztui("check", "--json", "--now", NOW)
    assert run.code == 3
    assert [d["rule"] for d in run.json["deadlines"]] == ["ship_confirmation"] * 2
    assert faults_of(run.json) == [("flaky", "deadline_rule", "reminder", "KeyError: 'parcelX'")]
    assert "extension flaky, règle reminder : KeyError: 'parcelX'" in run.err

    plugins.fix("flaky", rule())
    run = aztui("check", "--json", "--now", NOW)
    assert run.code == 0, run.err
    assert len(run.json["deadlines"]) == 4 and run.json["plugin_faults"] == []


def test_garbage_is_refused_with_the_plugin_s_name_and_the_rest_lands(aztui, workdir, plugins):
    plugins("junk", rule("yield 'not a deadline'", rule_id="junk_rule"))
    plugins(
        "junkmetric",
        """
        from decimal import Decimal
        from aztui.hookspecs import hookimpl
        from aztui.domain.metrics import Bound, MetricDefinition
        from aztui.domain.policy import PolicyValue

        def facts(bundle, policy):
            yield {"subject": bundle.order_id, "counted": True}

        @hookimpl
        def aztui_register_metrics(register):
            register(MetricDefinition(
                "junk_rate", {"en": "Junk"}, Bound.UPPER, facts,
                policy_defaults={
                    "junk_rate.window_days": PolicyValue(30, "test"),
                    "junk_rate.target": PolicyValue(Decimal("0.1"), "test"),
                },
            ))
        """,
    )
    plugins("fine", rule(rule_id="reminder"))
    (workdir / "orders.csv").write_text(ORDERS)

    run = aztui("import", "orders.csv")
    assert run.code == 3
    assert "orders.csv : 2 commande(s) importée(s)" in run.out
    assert "extension junk, règle junk_rule : yielded a str, not a Deadline" in run.err
    assert "extension junkmetric, métrique junk_rate : yielded a dict, not a MetricFact" in run.err
    assert "Traceback" not in run.err

    report = aztui("check", "--json", "--now", NOW).json
    assert {rule for rule, _ in rules_of(report)} == {"reminder", "ship_confirmation"}
    assert len(report["deadlines"]) == 4  # the other rules ran, for every order
    assert faults_of(report) == [
        ("junk", "deadline_rule", "junk_rule", "yielded a str, not a Deadline"),
        ("junkmetric", "metric", "junk_rate", "yielded a dict, not a MetricFact"),
    ]
    assert report["metrics"]["junk_rate"]["denominator"] == 0


def test_a_rule_that_hangs_is_cut_off_by_the_configured_timeout(
    aztui, workdir, plugins, monkeypatch
):
    plugins(
        "sleepy",
        rule("RELEASE.wait()") + "\nimport threading\nRELEASE = threading.Event()\n",
    )
    import aztui_sleepy  # type: ignore[import-not-found]  # installed by the test

    real_collect = PluginHost.collect

    def patient_collect(host: PluginHost, *args: Any) -> Any:
        """Registering is never cut off, however loaded the machine: the short timeout is for
        the rule that hangs."""
        timeout, host.timeout = host.timeout, 600
        try:
            return real_collect(host, *args)
        finally:
            host.timeout = timeout

    monkeypatch.setattr(PluginHost, "collect", patient_collect)
    (workdir / "aztui.toml").write_text("[plugins]\ntimeout_seconds = 2\n")
    (workdir / "orders.csv").write_text(ORDERS)
    try:
        run = aztui("import", "orders.csv")
        assert run.code == 3
        assert "orders.csv : 2 commande(s) importée(s)" in run.out
        assert "extension sleepy, règle reminder : did not answer within 2 s" in run.err
        listing = aztui("plugins", "--json").json
        assert [(f["plugin"], f["error"]) for f in listing["faults"]] == [
            ("sleepy", "did not answer within 2 s")
        ]
    finally:
        aztui_sleepy.RELEASE.set()


def test_a_store_plugin_that_raises_when_opening_is_named(aztui, plugins):
    plugins(
        "brokenstore",
        """
        from aztui.hookspecs import hookimpl
        from aztui.store.sqlite import SQLiteStore

        class Store(SQLiteStore):  # meets the contract, then cannot open
            def __init__(self, url, engine):
                raise ConnectionError("the vault is sealed")

        @hookimpl
        def aztui_register_stores(register):
            register("vault", Store, schemes=("vault",))
        """,
    )
    run = aztui("--db", "vault://user:hunter22@host/db", "check", db_path=None)
    assert run.code == 2
    assert "the store plugin brokenstore (vault) cannot open" in run.err
    assert "ConnectionError: the vault is sealed" in run.err
    assert "no other store" in run.err and "hunter22" not in run.err


def test_a_store_plugin_that_fails_to_load_is_named(aztui, plugins):
    plugins("brokenstore", "raise ImportError('needs libvault')\n")
    run = aztui("--db", "vault://host/db", "check", db_path=None)
    assert run.code == 2
    assert "no store plugin handles vault:// URLs" in run.err
    assert "plugins that failed to load: brokenstore (ImportError: needs libvault)" in run.err
