"""E-mails refused or unrecognised, counted and remembered: so a seller sees that a forged
"claim" was turned away, or that Amazon changed a template and a pattern is missing.

Each reading place (a source, or ``aztui import`` and the inbox) adds what it read to a tally
kept in the store's meta, ``mail:source:<name>`` for a source and ``mail:files`` for files,
shared by every aztui on the store: counts, and for each unrecognised template its
fingerprint, how many times it was seen and when last. Each addition is one write
transaction, so two aztui syncing at once both count. Nothing of an e-mail's subject, body,
names or addresses is in it.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from aztui.mail import RECORDED, REFUSED, UNRECOGNISED, MailReading

if TYPE_CHECKING:
    from aztui.store.protocol import Store


@dataclass(frozen=True)
class Origin:
    """Where e-mails were read: a source by its name, or files."""

    name: str
    files: bool = False

    @property
    def key(self) -> str:
        return "mail:files" if self.files else f"mail:source:{self.name}"


IMPORT = Origin("import", files=True)
"""The origin of e-mails read from ``.eml`` and mbox files (``aztui import``, the inbox)."""


def source(name: str) -> Origin:
    """The origin of the e-mails source ``name`` read (``[sources.<name>]``)."""
    return Origin(name)


NO_TEMPLATE = ""
"""The fingerprint key of an unrecognised e-mail without one (an answer without a token)."""


@dataclass(frozen=True)
class MailCount:
    """What one read of e-mails found: how many gave records, were refused (not Amazon's, or
    not signed by it) and were unrecognised (Amazon's, no pattern), per template."""

    recorded: int = 0
    refused: int = 0
    unrecognised: Mapping[str, int] = field(default_factory=dict)

    @classmethod
    def of(cls, readings: Iterable[MailReading]) -> MailCount:
        outcomes: Counter[str] = Counter()
        templates: Counter[str] = Counter()
        for reading in readings:
            outcomes[reading.outcome] += 1
            if reading.outcome == UNRECOGNISED:
                templates[reading.fingerprint or NO_TEMPLATE] += 1
        return cls(outcomes[RECORDED], outcomes[REFUSED], dict(templates))

    def __bool__(self) -> bool:
        return bool(self.recorded or self.refused or self.unrecognised)

    def __str__(self) -> str:
        """``3 e-mails recorded, 1 refused (not signed by Amazon), 2 unrecognised (templates
        3f2a…, 9b01…): add a pattern, see docs/email.md``."""
        told = f"{self.recorded} e-mail(s) recorded"
        if self.refused:
            told += f", {self.refused} refused (not signed by Amazon)"
        unrecognised = sum(self.unrecognised.values())
        if unrecognised:
            names = sorted(f for f in self.unrecognised if f != NO_TEMPLATE)
            which = f" (template(s) {', '.join(names)})" if names else ""
            told += f", {unrecognised} unrecognised{which}: add a pattern, see docs/email.md"
        return told


@dataclass(frozen=True)
class Template:
    fingerprint: str
    seen: int
    last_seen: str
    """ISO 8601, UTC: when an aztui last read an e-mail of this template."""


@dataclass(frozen=True)
class MailSeen:
    """The tally of one origin over every read so far."""

    origin: Origin
    recorded: int = 0
    refused: int = 0
    unrecognised: int = 0
    templates: tuple[Template, ...] = ()

    def as_json(self) -> dict[str, object]:
        return {
            "source": self.origin.name,
            "origin": "files" if self.origin.files else "source",
            "recorded": self.recorded,
            "refused": self.refused,
            "unrecognised": self.unrecognised,
            "templates": [
                {"fingerprint": t.fingerprint, "seen": t.seen, "last_seen": t.last_seen}
                for t in self.templates
            ],
        }


async def seen(store: Store, origin: Origin) -> MailSeen | None:
    """The tally kept for ``origin``; None when it never read an e-mail."""
    return _parsed(origin, await store.get_meta(origin.key))


def _parsed(origin: Origin, value: str | None) -> MailSeen | None:
    if value is None:
        return None
    try:
        kept = json.loads(value)
        templates = tuple(
            Template(str(f), int(t["seen"]), str(t["last_seen"]))
            for f, t in kept["templates"].items()
        )
        return MailSeen(
            origin,
            int(kept["recorded"]),
            int(kept["refused"]),
            int(kept["unrecognised"]),
            _latest_first(templates),
        )
    except (ValueError, KeyError, TypeError, AttributeError):
        return None  # not one aztui wrote: the next read starts it again


def _latest_first(templates: Iterable[Template]) -> tuple[Template, ...]:
    by_name = sorted(templates, key=lambda t: t.fingerprint)
    return tuple(sorted(by_name, key=lambda t: t.last_seen, reverse=True))


async def tally_up(store: Store, origin: Origin, count: MailCount, now: datetime) -> MailSeen:
    """Add ``count`` to the tally of ``origin``, its templates seen ``now``."""

    def added(value: str | None) -> str:
        before = _parsed(origin, value) or MailSeen(origin)
        templates = {t.fingerprint: (t.seen, t.last_seen) for t in before.templates}
        at = now.isoformat()
        for fingerprint, times in count.unrecognised.items():
            if fingerprint != NO_TEMPLATE:
                templates[fingerprint] = (templates.get(fingerprint, (0, at))[0] + times, at)
        kept = {
            "recorded": before.recorded + count.recorded,
            "refused": before.refused + count.refused,
            "unrecognised": before.unrecognised + sum(count.unrecognised.values()),
            "templates": {f: {"seen": n, "last_seen": t} for f, (n, t) in templates.items()},
        }
        return json.dumps(kept, sort_keys=True)

    after = _parsed(origin, await store.update_meta(origin.key, added))
    assert after is not None  # written just now, by ``added``
    return after
