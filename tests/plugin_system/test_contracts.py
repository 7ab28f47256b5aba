"""What a plugin registers is held to its Protocol when the plugin loads; ``aztui plugins``
lists each plugin's hooks without a store and warns of a hook without ``@hookimpl``."""

from __future__ import annotations

import sys

import pytest

from aztui.contracts import ContractError
from aztui.hookspecs import resolved
from aztui.pluginmanager import PluginHost
from tests.conftest import forget
from tests.plugin_system.faulty import NOW, rule

CARRIER = """
from aztui.carriers import CarrierSpec, TrackingResult
from aztui.hookspecs import hookimpl

class Carrier:
    def __init__(self, context):
        pass

    {track}

@hookimpl
def aztui_register_carriers(register):
    register(CarrierSpec("parcelx", Carrier, "https://api.example.com"))
"""
GOOD_TRACK = "async def track(self, numbers):\n        return []"


def _listed(aztui, name: str) -> dict:
    run = aztui("plugins", "--json")
    assert run.code == 0, run.err
    [plugin] = [p for p in run.json["plugins"] if p["name"] == name]
    return plugin


def test_plugins_lists_the_hooks_with_no_store(aztui, plugins, workdir):
    plugins("reminders", rule())
    plugins("parcelx", CARRIER.format(track=GOOD_TRACK))
    assert _listed(aztui, "reminders") | {"error": None} == {
        "name": "reminders",
        "kinds": ["deadline_rule"],
        "hooks": ["aztui_register_deadline_rules"],
        "distribution": "aztui-reminders",
        "version": "1.2.3",
        "status": "ok",
        "error": None,
        "warnings": [],
    }
    assert _listed(aztui, "aztui")["kinds"] == ["deadline_rule", "metric", "store"]
    table = aztui("plugins").out
    [line] = [line for line in table.splitlines() if "aztui-reminders" in line]
    assert "deadline_rule" in line
    assert not (workdir / "store.db").exists()


def test_a_hook_without_hookimpl_is_warned(aztui, plugins):
    plugins(
        "forgetful",
        """
        from aztui.hookspecs import hookimpl

        def aztui_register_deadline_rules(register):
            raise AssertionError("never called")
        """,
    )
    listed = _listed(aztui, "forgetful")
    assert (listed["status"], listed["kinds"], listed["hooks"]) == ("ok", [], [])
    told = (
        "aztui_register_deadline_rules has no @hookimpl, so aztui never calls it: add "
        "@hookimpl (from aztui.hookspecs import hookimpl) on the line above def "
        "aztui_register_deadline_rules"
    )
    assert listed["warnings"] == [told]
    assert (  # in French, amazon.fr's
        "attention : extension forgetful : aztui_register_deadline_rules n'a pas de @hookimpl, "
        "aztui ne l'appelle donc jamais : ajoutez @hookimpl (from aztui.hookspecs import "
        "hookimpl) sur la ligne au-dessus de def aztui_register_deadline_rules"
    ) in aztui("plugins").out


BROKEN = {
    "carrier": (
        CARRIER.format(track="def track(self, numbers):\n        return []"),
        "aztui_register_carriers: carrier 'parcelx': factory Carrier does not meet the "
        "contract: 'track' is a plain def: expected async def track(self, numbers)",
    ),
    "carrier taking no numbers": (
        CARRIER.format(track="async def track(self):\n        return []"),
        "aztui_register_carriers: carrier 'parcelx': factory Carrier does not meet the "
        "contract: 'track' takes (self): expected async def track(self, numbers)",
    ),
    "carrier spec": (
        """
        from aztui.hookspecs import hookimpl

        @hookimpl
        def aztui_register_carriers(register):
            register({"name": "parcelx"})
        """,
        "aztui_register_carriers: registered a dict: expected aztui.carriers.CarrierSpec",
    ),
    "carrier spec fields": (
        CARRIER.format(track=GOOD_TRACK).replace(
            '"https://api.example.com")', '"https://x", patterns=("PX[0-9",), batch_size=0)'
        ),
        "aztui_register_carriers: carrier 'parcelx': its spec does not meet the contract: "
        "batch_size is 0: expected a whole number above 0; pattern 'PX[0-9' is not a regular "
        "expression (unterminated character set at position 2)",
    ),
    "channel spec fields": (
        """
        from aztui.channels import ChannelSpec
        from aztui.hookspecs import hookimpl

        class Pushy:
            async def send(self, alert):
                pass

        @hookimpl
        def aztui_register_channels(register):
            register(ChannelSpec("pushy", Pushy, options=dict))
        """,
        "aztui_register_channels: channel type 'pushy': its spec does not meet the contract: "
        "options is <class 'dict'>: expected a pydantic model class, or None",
    ),
    "channel": (
        """
        from aztui.channels import ChannelSpec
        from aztui.hookspecs import hookimpl

        class Pushy:
            def __init__(self, context):
                pass

            def push(self, alert):
                pass

        @hookimpl
        def aztui_register_channels(register):
            register(ChannelSpec("pushy", Pushy))
        """,
        "aztui_register_channels: channel type 'pushy': factory Pushy does not meet the "
        "contract: no method 'send': expected async def send(self, alert)",
    ),
    "source": (
        """
        from aztui.hookspecs import hookimpl

        class Folder:
            name = "folder"

            def __init__(self, context):
                pass

            def fetch(self, cursor):
                pass

        @hookimpl
        def aztui_register_sources(register):
            register("folder", Folder)
        """,
        "aztui_register_sources: source 'folder': factory Folder does not meet the contract: "
        "'fetch' is a plain def: expected async def fetch(self, cursor)",
    ),
    "store": (
        """
        from aztui.hookspecs import hookimpl

        class Vault:
            def __init__(self, url, engine):
                pass

        @hookimpl
        def aztui_register_stores(register):
            register("vault", Vault, schemes=("vault",))
        """,
        "aztui_register_stores: store 'vault': factory Vault does not meet the contract: "
        "no method 'open': expected async def open(self); no method 'close': expected "
        "async def close(self); and ",
    ),
    "rule": (
        rule().replace("    policy_defaults = {}\n", "").replace("def derive", "async def derive"),
        "aztui_register_deadline_rules: rule 'reminder': Reminder does not meet the contract: "
        "'derive' is an async def: expected def derive(self, bundle, policy); "
        "no attribute 'policy_defaults'",
    ),
    "metric": (
        """
        from aztui.hookspecs import hookimpl

        @hookimpl
        def aztui_register_metrics(register):
            register("late_rate")
        """,
        "aztui_register_metrics: registered a str: expected aztui.domain.metrics.MetricDefinition",
    ),
}


@pytest.mark.parametrize("kind", BROKEN)
def test_what_breaks_its_contract_is_refused_at_load(aztui, plugins, workdir, kind):
    """The plugin is failed, loudly, with what to change; the rest of aztui goes on."""
    source, error = BROKEN[kind]
    plugins("broken", source)
    plugins("reminders", rule())
    listed = _listed(aztui, "broken")
    assert listed["status"] == "failed"
    assert listed["error"].startswith(error)
    assert _listed(aztui, "reminders")["status"] == "ok"
    (workdir / "orders.csv").write_text(
        "order_id,purchase_date,status\n402-0000001-0000001,2026-11-24T10:00:00Z,Unshipped\n"
    )
    assert aztui("import", "orders.csv").code in (0, 3)
    run = aztui("check", "--json", "--now", NOW)
    assert run.code == 3
    [told] = [line for line in run.err.splitlines() if "broken" in line]
    assert error in told  # the hook, the thing registered, expected and found
    assert "reminder" in {d["rule"] for d in run.json["deadlines"]}


def test_a_lazy_factory_is_held_to_its_contract_when_it_is_built(install_plugin, tmp_path):
    """Loading imports nothing a ``lazy`` names; building the carrier does, and refuses it."""
    (tmp_path / "site" / "aztui_lazyx_carrier.py").write_text(
        "class Carrier:\n    def track(self, numbers):\n        return []\n"
    )
    install_plugin(
        "lazyx",
        "aztui_lazyx",
        source="""
        from aztui.carriers import CarrierSpec
        from aztui.hookspecs import hookimpl, lazy

        @hookimpl
        def aztui_register_carriers(register):
            register(CarrierSpec("lazyx", lazy("aztui_lazyx_carrier:Carrier"), "https://x"))
        """,
    )
    host = PluginHost(entry_points=[ep for ep in _entry_points() if ep.name == "lazyx"])
    spec = host.carriers()["lazyx"].item
    assert {p.name: p.status for p in host.report()}["lazyx"] == "ok"
    assert "aztui_lazyx_carrier" not in sys.modules
    try:
        with pytest.raises(ContractError) as refused:
            resolved(spec.factory)
    finally:
        forget("aztui_lazyx_carrier")
    assert str(refused.value) == (
        "aztui_register_carriers: carrier 'lazyx': factory Carrier does not meet the contract: "
        "'track' is a plain def: expected async def track(self, numbers)"
    )


def _entry_points():
    import importlib.metadata

    return importlib.metadata.entry_points(group="aztui")


def test_what_a_factory_function_makes_is_held_to_its_contract(install_plugin):
    install_plugin(
        "madex",
        "aztui_madex",
        source="""
        from aztui.hookspecs import hookimpl
        from aztui.sources import Fetched

        class Folder:
            name = "madex"

            def fetch(self, cursor):
                return Fetched()

        def make_folder(context):
            return Folder()

        @hookimpl
        def aztui_register_sources(register):
            register("madex", make_folder)
        """,
    )
    host = PluginHost(entry_points=[ep for ep in _entry_points() if ep.name == "madex"])
    factory = host.sources()["madex"].factory
    assert {p.name: p.status for p in host.report()}["madex"] == "ok"
    with pytest.raises(ContractError) as refused:
        factory(None)
    assert str(refused.value) == (
        "aztui_register_sources: source 'madex': what make_folder made (Folder) does not meet "
        "the contract: 'fetch' is a plain def: expected async def fetch(self, cursor)"
    )
