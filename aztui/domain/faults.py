"""Plugin faults: a rule or metric of a plugin that raised, hung or gave something that is not
what the API promises, or a plugin that failed to load.

A rule or metric's results are missing from the bundles it was asked about, so its fault is
kept with what was derived (the store's ``plugin_faults``) until a complete derivation runs it
cleanly; a plugin that fails to load is met again by every command. The commands say so, and
``aztui check`` fails meanwhile (docs/plugins.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

DERIVATION_KINDS = ("deadline_rule", "metric")
"""The kinds whose faults leave stored bundles without their results."""
LOAD = "load"
"""The kind of a plugin that failed to import or register: whatever it brings is missing."""
ERROR_CHARS = 300
"""A fault's message is cut there: enough to recognise it, never a dump of data."""
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


class PluginFailed(Exception):
    """Raised by a guard when a plugin's call gave nothing: it raised, hung, or was stopped
    after an earlier failure in this process. ``str()`` says why, fit to show and keep."""


class Refused(ValueError):
    """A plugin gave something that is not what the API promises; ``str()`` says what, never
    the value itself (it could hold anything)."""


@dataclass(frozen=True, slots=True)
class PluginFault:
    """One plugin item that did not give its results."""

    plugin: str
    kind: str
    """``deadline_rule`` or ``metric`` (or another registration kind for faults met there, or
    ``load`` for a plugin that failed to load)."""
    item: str
    """The rule or metric id; empty for a fault of the plugin's registration itself."""
    error: str
    version: str = ""
    """The plugin's version when the fault happened."""
    since: datetime | None = None
    """When the store first kept it (None before it is kept)."""
    at: datetime | None = None
    """When it was last met."""

    @property
    def key(self) -> tuple[str, str, str]:
        return self.plugin, self.kind, self.item

    @property
    def derivation(self) -> bool:
        """Whether deadlines or metric facts are (or may be) missing because of it."""
        return self.kind in DERIVATION_KINDS or self.kind == LOAD

    def describe(self) -> str:
        plugin = safe_text(self.plugin)
        if self.kind == LOAD:
            return f"plugin {plugin} failed to load: {self.error}"
        what = {"deadline_rule": "rule", "metric": "metric"}.get(self.kind, self.kind)
        item = f" {what} {safe_text(self.item)}" if self.item else ""
        return f"plugin {plugin}{item}: {self.error}"


def safe_text(text: str, limit: int = ERROR_CHARS) -> str:
    """One line, control characters escaped, at most ``limit`` characters."""
    text = _CONTROL.sub(lambda m: f"\\x{ord(m[0]):02x}", text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _instant(value: Any, optional: bool = False) -> bool:
    if value is None:
        return optional
    return isinstance(value, datetime) and value.tzinfo is not None


def _flag(value: Any) -> bool:
    return isinstance(value, bool) or (isinstance(value, int) and value in (0, 1))


def _text(value: Any, optional: bool = False) -> bool:
    return (value is None and optional) or (isinstance(value, str) and value != "")


def _deadline_problem(rule_id: str, d: Any) -> str:
    # imported here: a plugin's failure is worded (``aztui --help``) without the rules loaded
    from aztui.domain.deadlines import Deadline, DeadlineStatus

    if not isinstance(d, Deadline):
        return f"yielded a {type(d).__name__}, not a Deadline"
    checks = (
        (d.rule == rule_id, f"rule is not the rule's own id {rule_id!r}"),
        (_text(d.subject), "subject is not a non-empty text"),
        (_text(d.order_id, optional=True), "order_id is not a non-empty text or None"),
        (_instant(d.due), "due is not a datetime with a time zone"),
        (_instant(d.starts_at, optional=True), "starts_at is not a datetime with a time zone"),
        (_instant(d.done_at, optional=True), "done_at is not a datetime with a time zone"),
        (_flag(d.done) and _flag(d.closed), "done or closed is not a bool"),
        (
            isinstance(d.after_due, DeadlineStatus)
            and d.after_due in (DeadlineStatus.OVERDUE, DeadlineStatus.MISSED),
            "after_due is not DeadlineStatus.OVERDUE or MISSED",
        ),
    )
    return next((f"yielded a Deadline whose {why}" for ok, why in checks if not ok), "")


def _fact_problem(f: Any) -> str:
    from aztui.domain.metrics import MetricFact

    if not isinstance(f, MetricFact):
        return f"yielded a {type(f).__name__}, not a MetricFact"
    checks = (
        (_text(f.subject), "subject is not a non-empty text"),
        (_instant(f.basis_at), "basis_at is not a datetime with a time zone"),
        (_instant(f.eligible_at, optional=True), "eligible_at is not a datetime with a time zone"),
        (_flag(f.counted), "counted is not a bool"),
    )
    return next((f"yielded a MetricFact whose {why}" for ok, why in checks if not ok), "")


def check_deadlines(rule_id: str, lists: Sequence[Iterable[Any]]) -> None:
    """Raise ``Refused`` unless every item is a ``Deadline`` of ``rule_id`` whose fields have
    the types the store and the report rely on."""
    for items in lists:
        for d in items:
            if problem := _deadline_problem(rule_id, d):
                raise Refused(problem)


def check_facts(lists: Sequence[Iterable[Any]]) -> None:
    """Raise ``Refused`` unless every item is a ``MetricFact`` whose fields have the types the
    store relies on."""
    for items in lists:
        for f in items:
            if problem := _fact_problem(f):
                raise Refused(problem)
