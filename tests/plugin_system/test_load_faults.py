"""A plugin that fails to load hides no deadline silently: every command on the store says so
(plugin, error, what to do), ``aztui check`` exits 3, and the faults the store keeps of it
stay; a plugin disabled on purpose is no fault. While a fault is kept, the store is derived
again only when something that could change the result changed."""

from __future__ import annotations

import pytest

from aztui.store.sql import SQLStore
from tests.plugin_system.faulty import NOW, ORDERS, faults_of, rule, rules_of

BROKEN = 'raise ImportError("needs libvault at https://admin:hunter22@vault.example/\\x1b[2J")\n'
"""A module whose import fails with a credential and a terminal escape in its message."""
TOLD = (
    "aztui : l'extension reminders ne se charge pas : ImportError: needs libvault at "
    "https://admin:***@vault.example/\\x1b[2J — ses règles et métriques, si elle en a, "
    "manquent : corrigez-la ou réinstallez-la, ou écartez-la exprès avec "
    '[plugins] disabled = ["reminders"]'
)


@pytest.fixture
def rederivations(monkeypatch) -> list[int]:
    """Counts the complete derivations of the store."""
    calls: list[int] = []
    real = SQLStore.rederive

    async def spy(self: SQLStore) -> int:
        calls.append(1)
        return await real(self)

    monkeypatch.setattr(SQLStore, "rederive", spy)
    return calls


def test_a_rule_plugin_that_fails_to_import_is_told_and_check_exits_3(aztui, workdir, plugins):
    plugins("reminders", rule())
    (workdir / "orders.csv").write_text(ORDERS)
    assert aztui("import", "orders.csv").code == 0
    assert len(aztui("check", "--json", "--now", NOW).json["deadlines"]) == 4

    plugins.fix("reminders", BROKEN)
    run = aztui("check", "--json", "--now", NOW)
    assert run.code == 3
    assert TOLD in run.err and run.err.count("\n") == 1
    assert "hunter22" not in run.err and "\x1b" not in run.err
    assert {rule for rule, _ in rules_of(run.json)} == {"ship_confirmation"}
    [(plugin, kind, item, error)] = faults_of(run.json)
    assert (plugin, kind, item) == ("reminders", "load", "")
    assert error.startswith("ImportError: needs libvault") and "hunter22" not in error

    for command in (("export",), ("snooze", "x", "--for", "1h")):
        assert TOLD in aztui(*command).err  # every command on the store tells it
    listing = aztui("plugins", "--json")
    [reminders] = [p for p in listing.json["plugins"] if p["name"] == "reminders"]
    assert reminders["status"] == "failed"
    assert reminders["error"] == error
    table = aztui("plugins").out
    assert "hunter22" not in table and "\x1b" not in table and "en échec" in table

    (workdir / "aztui.toml").write_text('[plugins]\ndisabled = ["reminders"]\n')
    run = aztui("check", "--json", "--now", NOW)
    assert run.code == 0 and run.err == ""
    assert run.json["plugin_faults"] == []
    assert aztui("plugins", "--json").json["faults"] == []


def test_the_faults_of_a_plugin_that_fails_to_load_stay_until_it_is_disabled(
    aztui, workdir, plugins
):
    plugins("flaky", rule("raise ZeroDivisionError('oops')"))
    (workdir / "orders.csv").write_text(ORDERS)
    assert aztui("import", "orders.csv").code == 3
    kept = ("flaky", "deadline_rule", "reminder", "ZeroDivisionError: oops")
    assert faults_of(aztui("check", "--json", "--now", NOW).json) == [kept]

    plugins.fix("flaky", BROKEN)  # the store is derived again without it: its fault stays
    run = aztui("check", "--json", "--now", NOW)
    assert run.code == 3
    assert [f[:3] for f in faults_of(run.json)] == [kept[:3], ("flaky", "load", "")]
    assert "extension flaky, règle reminder : ZeroDivisionError: oops" in run.err
    assert "l'extension flaky ne se charge pas" in run.err
    assert faults_of(aztui("check", "--json", "--now", NOW).json)[0] == kept

    (workdir / "aztui.toml").write_text('[plugins]\ndisabled = ["flaky"]\n')
    run = aztui("check", "--json", "--now", NOW)
    assert run.code == 0 and run.err == ""
    assert run.json["plugin_faults"] == []  # its results are no longer expected


def test_while_a_fault_is_kept_the_store_is_derived_again_only_after_a_change(
    aztui, workdir, plugins, rederivations
):
    plugins("flaky", rule("raise ZeroDivisionError('oops')"))
    (workdir / "orders.csv").write_text(ORDERS)
    assert aztui("import", "orders.csv").code == 3
    derived = len(rederivations)
    run = aztui("check", "--json", "--now", NOW)  # the fault met by an import: tried again
    assert run.code == 3 and len(rederivations) == derived + 1

    for _ in range(2):  # a cron job: nothing changed, nothing derived again
        run = aztui("check", "--json", "--now", NOW)
        assert run.code == 3 and len(rederivations) == derived + 1
        assert faults_of(run.json)[0][:3] == ("flaky", "deadline_rule", "reminder")
        assert "extension flaky, règle reminder : ZeroDivisionError: oops" in run.err

    (workdir / "aztui.toml").write_text("[plugins]\ntimeout_seconds = 30\n")  # more time
    assert aztui("check", "--json", "--now", NOW).code == 3
    assert len(rederivations) == derived + 2
    assert aztui("check", "--json", "--now", NOW).code == 3
    assert len(rederivations) == derived + 2

    plugins.fix("flaky", rule())  # fixed in place, at the same version
    run = aztui("check", "--json", "--now", NOW)
    assert run.code == 0 and len(rederivations) == derived + 3
    assert len(run.json["deadlines"]) == 4
    assert aztui("check", "--json", "--now", NOW).json == run.json
    assert len(rederivations) == derived + 3
