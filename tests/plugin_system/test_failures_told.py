"""Every command tells each plugin that failed during it on stderr, after its own output, in
the configured language, with the traceback under ``AZTUI_DEBUG=1``; ``aztui plugins``
remembers each plugin's last failure between processes until it runs cleanly, and ``-v``
shows its traceback."""

from __future__ import annotations

from tests.plugin_system.faulty import NOW, ORDERS, rule

SOURCE = """
from aztui.hookspecs import hookimpl
from aztui.sources import Fetched


class Shop:
    def __init__(self, context):
        pass

    async def fetch(self, cursor):
        {body}
        return Fetched([], cursor="1")


@hookimpl
def aztui_register_sources(register):
    register("shop", Shop)
"""


def source(body: str = "pass") -> str:
    return SOURCE.format(body=body)


def test_a_source_that_raises_is_told_after_the_output_and_remembered(
    aztui, workdir, plugins, monkeypatch
):
    plugins("shopsync", source("raise KeyError('parcelX')"))
    (workdir / "aztui.toml").write_text('language = "en"\n\n[sources.shop]\n')
    run = aztui("sync")
    assert run.code == 2
    said, told = run.err.splitlines()
    assert said == "shop: failed: KeyError: 'parcelX'"
    assert told == (
        "aztui: plugin shopsync source shop: KeyError: 'parcelX' — aztui plugins lists what failed"
    )
    assert "Traceback" not in run.err

    listing = aztui("plugins")
    assert "last failure (" in listing.out
    assert "plugin shopsync source shop: KeyError: 'parcelX'" in listing.out
    assert "Traceback" not in listing.out and "aztui plugins -v" in listing.out
    [shopsync] = [p for p in aztui("plugins", "--json").json["plugins"] if p["name"] == "shopsync"]
    assert shopsync["status"] == "degraded"
    verbose = aztui("plugins", "-v").out
    assert "Traceback (most recent call last)" in verbose
    assert "raise KeyError('parcelX')" in verbose  # the plugin's own line

    monkeypatch.setenv("AZTUI_DEBUG", "1")
    run = aztui("sync")
    lines = run.err.splitlines()
    at = lines.index(told)
    assert lines[at + 1] == "Traceback (most recent call last):"
    assert lines[-1] == "KeyError: 'parcelX'"
    monkeypatch.delenv("AZTUI_DEBUG")

    plugins.fix("shopsync", source())  # it runs cleanly: forgotten
    run = aztui("sync")
    assert run.code == 0 and run.err == ""
    listing = aztui("plugins")
    assert "last failure" not in listing.out and "shopsync" in listing.out
    assert aztui("plugins", "--json").json["last_failures"] == []


def test_a_plugin_that_fails_to_load_is_remembered_with_its_traceback(aztui, workdir, plugins):
    plugins("reminders", rule())
    (workdir / "orders.csv").write_text(ORDERS)
    assert aztui("import", "orders.csv").code == 0
    plugins.fix("reminders", "import aztui_no_such_module\n")  # a typo in the plugin

    run = aztui("check", "--now", NOW)
    assert run.code == 3
    last = run.err.splitlines()[-1]
    assert last.startswith(
        "aztui : l'extension reminders ne se charge pas : "
        "ModuleNotFoundError: No module named 'aztui_no_such_module' — "
    )
    verbose = aztui("plugins", "-v").out
    assert "Traceback (most recent call last)" in verbose
    assert "import aztui_no_such_module" in verbose

    plugins.fix("reminders", rule())
    assert aztui("check", "--now", NOW).code == 0
    assert "last failure" not in aztui("plugins").out


def test_a_rule_failure_gets_its_traceback_under_debug(aztui, workdir, plugins, monkeypatch):
    plugins("flaky", rule("raise ZeroDivisionError('oops')"))
    (workdir / "orders.csv").write_text(ORDERS)
    monkeypatch.setenv("AZTUI_DEBUG", "1")
    run = aztui("import", "orders.csv")
    assert run.code == 3
    lines = run.err.splitlines()
    [at] = [i for i, line in enumerate(lines) if "règle reminder : ZeroDivisionError" in line]
    assert lines[at + 1] == "Traceback (most recent call last):"
    assert "raise ZeroDivisionError('oops')" in run.err


CHANNEL = """
from aztui.channels import ChannelSpec
from aztui.hookspecs import hookimpl


class Pager:
    def __init__(self, context):
        pass

    async def send(self, alert):
        raise RuntimeError("pager gateway down")


@hookimpl
def aztui_register_channels(register):
    register(ChannelSpec("pager", Pager))
"""


def test_a_channel_whose_send_raises_is_told_and_its_alert_waits(aztui, workdir, plugins):
    plugins("pagerplug", CHANNEL)
    (workdir / "orders.csv").write_text(ORDERS)
    (workdir / "aztui.toml").write_text(
        'language = "en"\n[tracking]\ninterval_minutes = 0\n[channels.ops]\ntype = "pager"\n'
    )
    assert aztui("import", "orders.csv").code == 0
    run = aztui("check", "--notify")  # the orders' ship-by dates are past: alerts are due
    told = (
        "aztui: plugin pagerplug channel ops: RuntimeError: pager gateway down"
        " — aztui plugins lists what failed"
    )
    assert run.err.splitlines()[-1] == told
    assert "last failure" in aztui("plugins").out
