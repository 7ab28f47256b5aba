"""docs/rules.md documents every deadline rule, metric and risk signal the engine knows, each
under a heading that is its id, and heads no section with an id that does not exist."""

from __future__ import annotations

import ast
import inspect
import re
from pathlib import Path

import pytest

from aztui.domain import forecasts, risks
from aztui.domain.engine import Engine
from aztui.domain.policy import Policy
from aztui.pluginmanager import BUILTIN, PluginHost

RULES_MD = Path(__file__).resolve().parents[2] / "docs" / "rules.md"
ID_HEADING = re.compile(r"^#{2,4} `([^`]+)`\s*$", re.MULTILINE)
"""A section headed by an id alone: ``### `claim_response` ``."""


def engine() -> Engine:
    """The engine as the app builds it (``Service.build_engine``), from the built-in plugin
    only: ids that third-party plugins register are documented by those plugins."""
    host = PluginHost(entry_points=[]).load()
    return Engine(Policy("FR"), host.deadline_rules(), host.metrics(), guard=host.guard_item)


def emitted_signals() -> set[str]:
    """Every signal id ``risks.py`` can put in a ``Risk``: the literals passed to ``Risk(…)``
    and the tables it picks a signal from."""
    tree = ast.parse(inspect.getsource(risks))
    literals = {
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "Risk"
        and node.args
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    }
    tables = {signal for signal, _ in risks.CARRIER_TROUBLE.values()} | set(risks.AMAZON_WARNINGS)
    return literals | tables


def registered_ids() -> dict[str, set[str]]:
    built = engine()
    assert all(r.owner == BUILTIN for r in (*built.rules, *built.metrics))
    return {
        "deadline rule": {r.item.id for r in built.rules},
        "metric": {m.item.id for m in built.metrics},
        "risk signal": set(risks.SIGNALS),
    }


def documented_ids() -> list[str]:
    return ID_HEADING.findall(RULES_MD.read_text(encoding="utf-8"))


def test_the_engine_registers_what_the_test_expects():
    ids = registered_ids()
    assert len(ids["deadline rule"]) == 6 and len(ids["metric"]) == 8
    assert emitted_signals() <= ids["risk signal"], "a signal is emitted without a name"


@pytest.mark.parametrize("kind", ["deadline rule", "metric", "risk signal"])
def test_every_registered_id_has_its_section(kind: str):
    missing = sorted(registered_ids()[kind] - set(documented_ids()))
    assert not missing, f"docs/rules.md has no section for the {kind} ids {missing}"


def test_every_id_heading_is_a_real_id():
    known = set().union(*registered_ids().values())
    unknown = sorted(set(documented_ids()) - known)
    assert not unknown, f"docs/rules.md heads sections with ids nothing registers: {unknown}"


def test_each_id_has_one_section():
    headings = documented_ids()
    twice = sorted({i for i in headings if headings.count(i) > 1})
    assert not twice, f"docs/rules.md has several sections for {twice}"


def test_forecasts_are_described():
    """Forecasts have no ids; each public forecast function is named in the document."""
    text = RULES_MD.read_text(encoding="utf-8")
    public = [
        name
        for name, value in vars(forecasts).items()
        if inspect.isfunction(value)
        and value.__module__ == forecasts.__name__
        and not name.startswith("_")
    ]
    assert public
    assert [name for name in public if f"`{name}`" not in text] == []
