"""What the plugin-fault tests share: plugins installed as pip would, a rule to break, two
orders, and the parts of ``check --json`` they compare."""

from __future__ import annotations

import importlib
import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import forget

NOW = "2026-11-26T09:00:00Z"
ORDERS = """order_id,purchase_date,status,latest_ship_date,latest_delivery_date,order_total
402-0000001-0000001,2026-11-24T10:00:00Z,Unshipped,2026-11-27T22:59:59Z,2026-11-30T22:59:59Z,49.90
402-0000002-0000002,2026-11-25T10:00:00Z,Unshipped,2026-11-28T22:59:59Z,2026-12-01T22:59:59Z,19.90
"""
RULE = """
from datetime import timedelta
from aztui.hookspecs import hookimpl
from aztui.domain.deadlines import Deadline

class Reminder:
    id = "{rule_id}"
    names = {{"fr": "Rappel", "en": "Reminder"}}
    policy_defaults = {{}}

    def derive(self, bundle, policy):
        if bundle.order is not None:
            {body}
            yield Deadline(
                self.id, bundle.order_id, bundle.order_id,
                bundle.order.purchase_date + timedelta(days=10),
            )

@hookimpl
def aztui_register_deadline_rules(register):
    register(Reminder())
"""
HEALTHY = "pass"


def rule(body: str = HEALTHY, rule_id: str = "reminder") -> str:
    return RULE.format(body=body, rule_id=rule_id)


class Plugins:
    """Installs plugins as pip would; ``fix`` rewrites one in place, at the same version."""

    def __init__(self, install_plugin) -> None:
        self.install_plugin = install_plugin
        self.paths: dict[str, Path] = {}

    def __call__(self, name: str, source: str) -> None:
        info = self.install_plugin(name, f"aztui_{name}", source=source)
        self.paths[name] = info.parent / f"aztui_{name}.py"

    def fix(self, name: str, source: str) -> None:
        self.paths[name].write_text(textwrap.dedent(source))
        forget(f"aztui_{name}")
        importlib.invalidate_caches()


@pytest.fixture
def plugins(install_plugin, monkeypatch) -> Plugins:
    monkeypatch.setattr(sys, "dont_write_bytecode", True)  # a fixed source is read again
    return Plugins(install_plugin)


def rules_of(report: dict) -> list[tuple[str, str]]:
    return sorted((d["rule"], d["subject"]) for d in report["deadlines"])


def faults_of(report: dict) -> list[tuple[str, str, str, str]]:
    return [(f["plugin"], f["kind"], f["item"], f["error"]) for f in report["plugin_faults"]]
