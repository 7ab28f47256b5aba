"""aztui's own plugin: the SQLite store, the deadline rules and the metrics of docs/rules.md.

Registered first, through the same hooks as any third-party plugin.
"""

from __future__ import annotations

from collections.abc import Callable

from aztui.domain.deadlines import BUILTIN_RULES
from aztui.domain.metrics import BUILTIN_METRICS
from aztui.hookspecs import hookimpl
from aztui.store.sqlite import SQLiteStore


@hookimpl
def aztui_register_stores(register: Callable[..., None]) -> None:
    register("sqlite", SQLiteStore, schemes=("sqlite",))


@hookimpl
def aztui_register_deadline_rules(register: Callable[..., None]) -> None:
    for rule in BUILTIN_RULES:
        register(rule)


@hookimpl
def aztui_register_metrics(register: Callable[..., None]) -> None:
    for metric in BUILTIN_METRICS:
        register(metric)
