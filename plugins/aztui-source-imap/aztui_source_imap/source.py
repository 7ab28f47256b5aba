"""The ``mail`` source: the new messages of each configured folder, read by ``aztui.mail``.

The cursor is JSON, ``{"folders": {name: [UIDVALIDITY, last UID read]}, "names": {"\\Sent":
"Sent"}}``, kept by aztui in its store: ``names`` remembers the folder each special-use
attribute resolved to, so that a sync sends a LIST only the first time and when that folder
is gone (a cursor without ``names`` works, with one LIST). A folder whose UIDVALIDITY changed
(the server renumbered it) is read again from the start: every e-mail has its dedupe key, so
reading one twice changes nothing. With nothing new, a folder costs one EXAMINE: its UIDNEXT
says so without a search.
"""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from aztui.errors import AztuiError
from aztui.mail import RECORDED, REFUSED, UNRECOGNISED, MailReading, MailSettings, read_mail
from aztui.mail.batch import BatchReader
from aztui.mail.write import said
from aztui.sources import Fetched, SourceContext
from aztui_source_imap.client import Session
from aztui_source_imap.options import Folder, ImapOptions, parse_options


class CursorError(AztuiError):
    """A cursor in the store that this plugin did not write."""


@dataclass
class Tally:
    """What one fetch read, for ``Fetched.records`` and its note."""

    readings: list[MailReading] = field(default_factory=list)
    outcomes: Counter[str] = field(default_factory=Counter)
    fingerprints: Counter[str] = field(default_factory=Counter)
    """Unrecognised e-mails per template fingerprint (``""``: without one)."""
    more: bool = False
    """``max_per_sync`` was reached: the rest is read by the next sync."""

    def add(self, readings: Sequence[MailReading]) -> None:
        for reading in readings:
            self.outcomes[reading.outcome] += 1
            if reading.outcome == RECORDED:
                self.readings.append(reading)
            if reading.outcome == UNRECOGNISED:
                self.fingerprints[reading.fingerprint or ""] += 1

    def note(self, folders: int) -> str:
        """``3 e-mail(s) in 2 folder(s)``; aztui tells what became of them from the counts
        of ``Fetched``."""
        note = f"{sum(self.outcomes.values())} e-mail(s) in {folders} folder(s)"
        if self.more:
            note += "; more to read: run aztui sync again"
        return note


class ImapSource:
    """``[sources.mail]``: the folders of one mailbox, read only."""

    name = "mail"

    def __init__(self, context: SourceContext, *, dns=None, settings: MailSettings | None = None):
        self.options: ImapOptions = parse_options(
            context.name, context.options, context.folder, context.keep_credentials
        )
        if not context.credentials:
            what = "refresh token" if self.options.login == "oauth2" else "password"
            raise AztuiError(
                f"[sources.{context.name}] credentials: the mailbox's {what} is needed, "
                'as credentials = { env = "NAME" } or { file = "path" }'
            )
        self._password = context.credentials
        self.zone = context.marketplace_zone
        self.settings = settings or context.mail or MailSettings()
        self.dns = dns

    async def fetch(self, cursor: str | None) -> Fetched:
        seen, names = read_cursor(cursor), read_names(cursor)
        tally = Tally()
        after = {name: list(pair) for name, pair in seen.items()}
        left = self.options.max_per_sync
        async with Session(self.options, self._password) as imap:
            for folder in self.options.folders:
                if left == 0:
                    tally.more = True  # this folder waits for the next sync
                    break
                state = await imap.examine_folder(folder, names.get(folder.name))
                if folder.special_use:
                    names[folder.name] = state.wire_name
                validity, last = seen.get(folder.name, (state.uidvalidity, 0))
                if validity != state.uidvalidity:
                    last = 0  # renumbered: read it all again, dedupe keeps it harmless
                after[folder.name] = [state.uidvalidity, last]
                if state.uidnext is not None and state.uidnext <= last + 1:
                    continue
                uids = await imap.uids_after(last)
                capped = len(uids) > left
                if capped:
                    uids, tally.more = uids[:left], True
                async with BatchReader(
                    settings=self.settings,
                    zone=self.zone,
                    dns=self.dns,
                    expected=len(uids),
                    read=read_mail,  # looked up here: tests stand in for it
                ) as reader:
                    async for batch in imap.messages(uids):
                        tally.add(await reader.submit([raw for _, raw in batch], folder.role))
                    tally.add(await reader.drain())
                # Below UIDNEXT, a UID not found was expunged: it never comes back.
                upto = max(uids, default=last) if capped else (state.uidnext or 1) - 1
                after[folder.name] = [state.uidvalidity, max(upto, *uids, last)]
                left -= len(uids)
        return Fetched(
            records=said(tally.readings),  # one record per key, the earliest instants kept
            cursor=json.dumps({"folders": after, "names": names}, sort_keys=True),
            note=tally.note(len(self.options.folders)),
            recorded_emails=tally.outcomes[RECORDED],
            refused=tally.outcomes[REFUSED],
            unrecognised=dict(tally.fingerprints),
            said_by_email=True,
        )

    async def wait_for_news(self, cursor: str | None, patience: float = 600.0) -> bool:
        """Whether a configured folder has mail the cursor has not seen, waiting up to
        ``patience`` seconds for it with IDLE: ``aztui watch`` syncs this source when True,
        so an e-mail is read within seconds of arriving. IDLE watches the folder a session
        has selected, so each folder has a session of its own (INBOX for Amazon's e-mails,
        Sent for the seller's answers); the first news ends every wait."""
        sessions = [Session(self.options, self._password) for _ in self.options.folders]
        waits = [
            asyncio.ensure_future(self._wait_in(session, folder, cursor, patience))
            for session, folder in zip(sessions, self.options.folders, strict=True)
        ]
        try:
            pending = set(waits)
            while pending:
                done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
                for finished in done:
                    if finished.result():  # a failure raises here: told, tried again
                        return True
            return False
        finally:
            for session, wait in zip(sessions, waits, strict=True):
                session.stop()
                wait.cancel()
            await asyncio.gather(*waits, return_exceptions=True)

    async def _wait_in(
        self, session: Session, folder: Folder, cursor: str | None, patience: float
    ) -> bool:
        async with session as imap:
            state = await imap.examine_folder(folder, read_names(cursor).get(folder.name))
            validity, last = read_cursor(cursor).get(folder.name, (None, 0))
            unread = state.uidnext is not None and state.uidnext > last + 1
            if validity != state.uidvalidity or unread:
                return True
            return await imap.news(patience)


def read_cursor(cursor: str | None) -> dict[str, tuple[int, int]]:
    """``{folder: (UIDVALIDITY, last UID)}`` from the stored cursor; None: nothing read yet."""
    if cursor is None:
        return {}
    try:
        folders = json.loads(cursor)["folders"]
        return {
            str(name): (int(pair[0]), int(pair[1]))
            for name, pair in folders.items()
            if isinstance(pair, list) and len(pair) == 2
        }
    except (ValueError, KeyError, TypeError, AttributeError):
        raise CursorError(
            "the mail source's cursor in the store is not one it wrote; "
            "remove it to read the mailbox again from the start"
        ) from None


def read_names(cursor: str | None) -> dict[str, str]:
    """``{special-use attribute: folder name on the wire}`` as the last sync resolved them;
    empty for a cursor written before they were kept (one LIST finds them again)."""
    if cursor is None:
        return {}
    names = json.loads(cursor).get("names")  # read_cursor vouched for the JSON
    if not isinstance(names, dict):
        return {}
    return {str(use): name for use, name in names.items() if isinstance(name, str)}
