"""How the app writes: each write goes through the service and the domain, and says it is
done (what, on which order) only once the store holds it; a refusal shows the domain's reason
in the seller's language; a one-key write can be taken back with ``u`` for a few seconds."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING, Any, Protocol

from aztui.domain import actions as domain
from aztui.domain.lifecycle import TransitionRefused
from aztui.domain.model import Claim
from aztui.domain.refusals import Refusal
from aztui.i18n import t
from aztui.refusal_words import about, worded
from aztui.store.protocol import RecordChanged, StoreError
from aztui.tui import forms
from aztui.tui.drafts import Drafts
from aztui.tui.forms import changed_meanwhile
from aztui.tui.host import Host
from aztui.tui.panes.claims import ClaimsPane
from aztui.tui.screens.form import Field, FormScreen, Values
from aztui.tui.undo import Row, Undoable, Undone, held, later, restore

if TYPE_CHECKING:
    from textual.screen import Screen

    from aztui.tui.panes.base import TablePane

REFUSALS = (TransitionRefused, domain.ActionRefused, forms.BadField, StoreError)
DATED = frozenset(
    {
        "step_in_future",
        "step_before_previous",
        "appeal_window_closed",
        "dated_in_future",
        "before_purchase",
        "inconsistent_claim",
    }
)
"""Refusals another date in the form could lift: a form still opens for these."""


class RecorderHost(Host, Protocol):
    """What ``Recorder`` uses of the app besides the ``Host``: the pane in view, a refresh
    after a write, and a screen pushed for a form or the evidence."""

    def current_pane(self) -> TablePane | None: ...

    def refresh_snapshot(self, *, only_if_changed: bool = ...) -> None: ...

    def push_screen(self, screen: Screen[Any]) -> Awaitable[object]: ...


class Writer:
    """How the app writes: a write through the service, told when done or refused why, and
    taken back with ``u`` when one key made it."""

    def __init__(self, app: RecorderHost) -> None:
        self.app = app
        self.drafts = Drafts()
        """What was typed in a form or an evidence text and closed unsaved."""
        self.undoable: Undoable | None = None
        """The last one-key write, which ``u`` takes back while it is recent."""
        self.back_to: Row | None = None
        """The row of a write undone, which the cursor goes back to once it is shown."""

    # -- where the cursor is ------------------------------------------------------------------

    def cursor_order(self) -> str | None:
        pane = self.app.current_pane()
        key = pane.cursor_key() if pane is not None else None
        return pane.order_of(key) if pane is not None and key is not None else None

    def cursor_row(self) -> Row | None:
        """The row under the cursor, which an undo puts the cursor back on."""
        pane = self.app.current_pane()
        key = pane.cursor_key() if pane is not None else None
        return Row(pane, key, later()) if pane is not None and key is not None else None

    def highlighted_claim(self) -> Claim | None:
        """The claim under the Claims pane's cursor, as shown, when that pane is shown."""
        pane = self.app.current_pane()
        key = pane.cursor_key() if isinstance(pane, ClaimsPane) else None
        claim = pane.claim_of(key) if isinstance(pane, ClaimsPane) and key is not None else None
        return claim if claim is not None and claim.order_id is not None else None

    # -- writing ------------------------------------------------------------------------------

    async def commit(
        self, subject: str, write: Callable[[], Awaitable[object]], what: str | None = None
    ) -> str | None:
        """Run ``write``; on success say what was recorded (``what``, else "saved") and show
        the new state, else return why not. A ``write`` that returns how to take it back
        (``undone``) can be undone with ``u`` for a few seconds."""
        try:
            result = await write()
        except RecordChanged as exc:
            self.app.refresh_snapshot()
            return changed_meanwhile(exc, *self._lang_zone)
        except REFUSALS as exc:
            return about(subject, self.why(exc), self._lang_zone[0])
        lang = self.app.config.language
        if isinstance(result, Undone):
            self.undoable = Undoable(subject, result.undo, later(), result.row)
            self.app.notify(t("saved_undo", lang, subject=subject, what=what or ""))
        else:
            self.app.notify(
                about(subject, what, lang) if what else t("saved", lang, subject=subject)
            )
        self.app.refresh_snapshot()
        return None

    async def commit_or_tell(
        self, subject: str, write: Callable[[], Awaitable[object]], what: str | None = None
    ) -> None:
        """``commit`` for a key without a form: a refusal is a notification."""
        if (error := await self.commit(subject, write, what)) is not None:
            self.app.notify(error, title=t("refused", self.app.config.language), severity="error")

    def one_key(
        self,
        subject: str,
        what: str,
        order_id: str | None,
        held_as: tuple[str, str],
        write: Callable[[], Awaitable[object]],
    ) -> None:
        """A write made by one key, which ``u`` takes back: the record ``held_as`` (its type
        and key) as the store held it before is written back in place of the new one."""
        store, service, row = self.app.service.store, self.app.service, self.cursor_row()

        async def undoable() -> Undone | None:
            if order_id is None:  # a message about no order: written, with no undo
                await write()
                return None
            before = held(await store.bundle(order_id), *held_as)
            await write()
            after = held(await store.bundle(order_id), *held_as)
            return Undone(partial(service.act, order_id, lambda _: restore(before, after)), row)

        self.app.run_worker(self.commit_or_tell(subject, undoable, what), group="write")

    def undo(self) -> None:
        """``u``: take back the last one-key write, if it is recent."""
        lang = self.app.config.language
        last, self.undoable = self.undoable, None
        if last is None or last.expired:
            self.app.notify(t("nothing_to_undo", lang), severity="warning")
            return
        self.app.run_worker(self._undo(last), group="write")

    async def _undo(self, last: Undoable) -> None:
        lang = self.app.config.language
        # Before the write: the refresh it asks for shows the row again.
        self.back_to = replace(last.row, until=later()) if last.row is not None else None
        if (error := await self.commit(last.subject, last.undo, t("undone", lang))) is not None:
            self.back_to = None
            self.app.notify(error, title=t("refused", lang), severity="error")

    def cursor_back(self, pane: TablePane) -> None:
        """Once ``pane`` shows again the row of a write undone, the cursor on it."""
        if self.back_to is not None and (index := self.back_to.shown_at(pane)) is not None:
            self.back_to = None
            pane.table.move_cursor(row=index)

    def open_form(
        self, title: str, fields: list[Field], submit: Callable[[Values], Awaitable[str | None]]
    ) -> None:
        language, draft = self.app.config.language, self.drafts.of(f"form:{title}")
        self.app.push_screen(FormScreen(title, fields, submit, language, draft))

    def refused_now(self, check: Callable[[], object]) -> bool:
        """Whether ``check`` (the step, dated now) is refused for a reason no date typed in a
        form would lift: then the seller is told why at once, and no form opens."""
        try:
            check()
        except Refusal as exc:
            if exc.code in DATED:
                return False
            lang = self.app.config.language
            self.app.notify(self.why(exc), title=t("refused", lang), severity="error")
            return True
        return False

    def why(self, exc: Exception) -> str:
        """A refusal in the seller's language (the domain's by its code)."""
        if isinstance(exc, Refusal):
            return worded(exc, *self._lang_zone)
        return str(exc)

    @property
    def _lang_zone(self) -> tuple[str, str]:
        return self.app.config.language, self.app.config.timezone
