"""The store is derived again when a rule plugin's code changes, not only its version, and on
demand (``aztui rederive``): a failure that went away by itself needs no edit to be cleared."""

from __future__ import annotations

import re

from tests.plugin_system.faulty import NOW, ORDERS, faults_of, rule


def dues(report: dict) -> list[str]:
    return sorted(d["due"] for d in report["deadlines"] if d["rule"] == "reminder")


def test_a_rule_changed_in_place_is_derived_again_at_the_next_start(aztui, workdir, plugins):
    plugins("reminders", rule())
    (workdir / "orders.csv").write_text(ORDERS)
    assert aztui("import", "orders.csv").code == 0
    before = dues(aztui("check", "--json", "--now", NOW).json)
    assert len(before) == 2

    plugins.fix("reminders", rule().replace("days=10", "days=12"))  # same version, new code
    after = dues(aztui("check", "--json", "--now", NOW).json)
    assert len(after) == 2 and after != before
    assert [a[:10] for a in after] == ["2026-12-06", "2026-12-07"]


def test_rederive_on_demand_clears_a_failure_that_went_away(aztui, workdir, plugins, monkeypatch):
    flag = workdir / "remote-down"
    flag.touch()
    plugins("flaky", rule(f"if __import__('os').path.exists({str(flag)!r}): raise OSError('down')"))
    (workdir / "orders.csv").write_text(ORDERS)
    assert aztui("import", "orders.csv").code == 3
    assert aztui("check", "--json", "--now", NOW).code == 3  # derived again, failed again

    flag.unlink()  # the failure went away; nothing the fingerprint sees changed
    run = aztui("check", "--json", "--now", NOW)
    assert run.code == 3 and faults_of(run.json)[0][:3] == ("flaky", "deadline_rule", "reminder")

    monkeypatch.setenv("AZTUI_LANGUAGE", "en")
    run = aztui("rederive")
    assert run.code == 0, run.err
    assert re.fullmatch(
        r"derived 2 orders again with \d+ rules and \d+ metrics; 0 failed\n", run.out
    )
    run = aztui("check", "--json", "--now", NOW)
    assert run.code == 0 and run.json["plugin_faults"] == [] and len(run.json["deadlines"]) == 4


def test_rederive_tells_each_rule_that_failed(aztui, workdir, plugins):
    plugins("flaky", rule())
    (workdir / "orders.csv").write_text(ORDERS)
    assert aztui("import", "orders.csv").code == 0
    assert aztui("check", "--json", "--now", NOW).code == 0
    plugins.fix("flaky", rule("raise KeyError('parcelX')"))

    run = aztui("rederive")
    assert run.code == 3
    assert run.out.endswith("; 1 en échec\n")
    assert "aztui : extension flaky, règle reminder : KeyError: 'parcelX'" in run.err
