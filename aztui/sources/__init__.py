"""Sources: plugins that fetch data themselves (an SP-API sync, a folder an ERP fills).

A source plugin registers a factory through ``aztui_register_sources``; aztui makes one
source per ``[sources.<name>]`` table of the configuration and ``aztui sync`` asks each for
what is new since its last answer. The source returns records (the same ``aztui.domain``
records every reader gives) and Amazon figures, with an opaque ``cursor`` that aztui keeps in
the store and hands back next time: a source never keeps state of its own. What a fetch
returns is written in one transaction, the cursor with it only once the write succeeded, so
a failed sync is simply tried again.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from aztui.domain.health import AmazonFigure
from aztui.domain.model import Record

if TYPE_CHECKING:
    from aztui.mail import MailSettings


@dataclass(frozen=True, slots=True)
class SourceContext:
    """What a source is made with: its settings, and how to read what it fetches."""

    name: str
    folder: Path | None
    """``[sources.<name>] folder``, absolute."""
    credentials: str | None
    """The secret ``[sources.<name>] credentials`` points to, read for this run only."""
    marketplace: str
    marketplace_zone: str
    """Naive times a source reads are in this zone (the marketplace's)."""
    options: Mapping[str, object] = field(default_factory=dict)
    mail: MailSettings | None = None
    """``[mail]`` of the configuration, for a source that reads e-mails (``aztui.mail``)."""
    keep_credentials: Callable[[str], str | None] | None = None
    """For a source whose server gives it a new secret (an OAuth server rotating the refresh
    token): called with the new ``credentials``, whole, it keeps them where they were read and
    for every later sync of this run; returns the warning told when they could not be written
    (``aztui.sources.credentials``)."""


@dataclass(frozen=True, slots=True)
class Fetched:
    """One answer of a source."""

    records: Sequence[Record] = ()
    figures: Sequence[AmazonFigure] = ()
    cursor: str | None = None
    """Where the next fetch starts; None keeps the previous cursor."""
    note: str = ""
    """A line for the seller: what was read (``3 files``)."""
    recorded_emails: int = 0
    """For a source that reads e-mails: how many gave records (``aztui.mail``)."""
    refused: int = 0
    """E-mails refused: not from Amazon, or not signed by it (a forged "claim")."""
    unrecognised: Mapping[str, int] = field(default_factory=dict)
    """Amazon's e-mails no pattern matched, counted per template fingerprint
    (``MailReading.fingerprint``; ``""`` for one without). aztui reports and remembers these
    three (``aztui sync``, ``aztui plugins``, the app); a source that reads no e-mails leaves
    them at zero."""
    said_by_email: bool = False
    """The records are what e-mails said: each e-mail's ``Date`` follows its event, so an
    earlier instant the store already holds for an order or a buyer message is kept
    (``aztui.domain.standins.fold_said``), as ``aztui import`` of e-mails does."""


@runtime_checkable
class Source(Protocol):
    """What a source plugin's factory returns."""

    name: str

    async def fetch(self, cursor: str | None) -> Fetched:
        """What is new since ``cursor`` (None: the first sync). Raise to report a failure;
        nothing is written then, and the cursor stays where it was."""
