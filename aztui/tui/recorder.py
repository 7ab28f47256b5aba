"""What the seller records from the app: every action goes through the service and the domain,
and says it is done only once the store holds it. A refusal shows the domain's reason.

``Actions`` is mixed into the app; the panes' bindings call these as ``app.…``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING

from textual.app import App
from textual.widgets import TabbedContent

from aztui.domain import actions as domain
from aztui.domain.evidence import evidence
from aztui.domain.lifecycle import (
    AppealFiled,
    ClaimEvent,
    Responded,
    ResponseRequested,
    TransitionRefused,
)
from aztui.domain.model import Claim, OrderBundle
from aztui.i18n import t
from aztui.store.protocol import RecordChanged, StoreError
from aztui.tui import forms
from aztui.tui.forms import changed_meanwhile
from aztui.tui.panes.base import TablePane
from aztui.tui.panes.claims import ClaimsPane
from aztui.tui.panes.work import RulePane
from aztui.tui.screens.evidence import EvidenceScreen
from aztui.tui.screens.form import Field, FormScreen, Values

if TYPE_CHECKING:
    from aztui.config import Config
    from aztui.service import Service

CLAIM_STEPS: dict[str, Callable[[datetime], ClaimEvent]] = {
    "response_requested": ResponseRequested,
    "responded": Responded,
    "appeal_filed": AppealFiled,
}
"""The claim steps one key records, dated now; a decision and an appeal outcome need a form."""
SNOOZE = timedelta(hours=4)
"""How long ``z`` holds the alerts about an order."""
REFUSALS = (TransitionRefused, domain.ActionRefused, forms.BadField, StoreError)


class Actions(App[None]):
    """The app's write actions, on the app's ``config``, ``service`` and ``clock``."""

    config: Config
    service: Service
    clock: Callable[[], datetime]

    def refresh_snapshot(self, *, only_if_changed: bool = False) -> None:
        raise NotImplementedError

    # -- where the cursor is ------------------------------------------------------------------

    def current_pane(self) -> TablePane | None:
        active = self.query_one("#panes", TabbedContent).active
        panes = self.query_one(f"#{active}").query(TablePane)
        return panes.first() if panes else None

    def cursor_order(self) -> str | None:
        pane = self.current_pane()
        key = pane.cursor_key() if pane is not None else None
        return pane.order_of(key) if pane is not None and key is not None else None

    def highlighted_claim(self) -> Claim | None:
        """The claim under the Claims pane's cursor, as shown, when that pane is shown."""
        pane = self.current_pane()
        key = pane.cursor_key() if isinstance(pane, ClaimsPane) else None
        claim = pane.claim_of(key) if isinstance(pane, ClaimsPane) and key is not None else None
        return claim if claim is not None and claim.order_id is not None else None

    # -- writing ------------------------------------------------------------------------------

    async def commit(self, subject: str, write: Callable[[], Awaitable[object]]) -> str | None:
        """Run ``write``; on success say so and show the new state, else return why not."""
        try:
            await write()
        except RecordChanged as exc:
            self.refresh_snapshot()
            return changed_meanwhile(exc, *self._lang_zone)
        except REFUSALS as exc:
            return f"{subject}: {exc}"
        self.notify(t("saved", self.config.language, subject=subject))
        self.refresh_snapshot()
        return None

    async def commit_or_tell(self, subject: str, write: Callable[[], Awaitable[object]]) -> None:
        """``commit`` for a key without a form: a refusal is a notification."""
        if (error := await self.commit(subject, write)) is not None:
            self.notify(error, title=t("refused", self.config.language), severity="error")

    def open_form(
        self, title: str, fields: list[Field], submit: Callable[[Values], Awaitable[str | None]]
    ) -> None:
        self.push_screen(FormScreen(title, fields, submit, self.config.language))

    @property
    def _lang_zone(self) -> tuple[str, str]:
        return self.config.language, self.config.timezone

    # -- returns and messages -----------------------------------------------------------------

    def action_mark_done(self, no_response: bool = False) -> None:
        """On a return: acted on now. On a message: answered now, or needing no response."""
        pane = self.current_pane()
        key = pane.cursor_key() if isinstance(pane, RulePane) else None
        if not isinstance(pane, RulePane) or key is None:
            return
        record = pane.done(key, self.clock(), no_response=no_response)
        if record is not None:
            self.run_worker(
                self.commit_or_tell(key, partial(self.service.write, [record], "tui")),
                group="write",
            )

    # -- claims -------------------------------------------------------------------------------

    def action_claim_step(self, step: str) -> None:
        """A step of the highlighted claim, dated now; the domain refuses an impossible one."""
        if (claim := self.highlighted_claim()) is not None:
            now = self.clock()
            write = partial(
                self.service.record_claim_step,
                claim.claim_id,
                claim.order_id,
                CLAIM_STEPS[step](now),
                now,
                claim,
            )
            self.run_worker(self.commit_or_tell(claim.claim_id, write), group="write")

    def _claim_form(
        self,
        title_key: str,
        fields: Callable[..., list[Field]],
        event: Callable[[Values, str, str], ClaimEvent],
    ) -> None:
        if (seen := self.highlighted_claim()) is None:
            return
        claim_id, order_id = seen.claim_id, seen.order_id
        lang, zone = self._lang_zone

        async def submit(values: Values) -> str | None:
            """Refused when a teammate changed the claim since it was shown: the form says
            what changed and stays open; submitting again applies to the claim as it is now."""

            async def write() -> object:
                nonlocal seen
                try:
                    return await self.service.record_claim_step(
                        claim_id, order_id, event(values, zone, lang), self.clock(), seen
                    )
                except RecordChanged as exc:
                    if isinstance(exc.stored, Claim):
                        seen = exc.stored
                    raise

            return await self.commit(claim_id, write)

        self.open_form(t(title_key, lang, claim=claim_id), fields(self.clock(), zone, lang), submit)

    def action_claim_decision(self) -> None:
        """Amazon's decision on the highlighted claim: granted or not, who pays, ODR."""
        self._claim_form("form_decision", forms.decision_fields, forms.decided)

    def action_appeal_outcome(self) -> None:
        self._claim_form("form_appeal_outcome", forms.appeal_outcome_fields, forms.appeal_decided)

    def action_new_claim(self) -> None:
        """A claim Amazon notified, on the order under the cursor (or any order typed)."""
        lang, zone = self._lang_zone
        order_id = self.cursor_order() or ""
        currency = self.service.policy.marketplace.currency

        async def submit(values: Values) -> str | None:
            try:
                claim = forms.new_claim(values, zone, lang)
            except forms.BadField as exc:
                return str(exc)
            decide = partial(domain.record_claim, claim=claim, now=self.clock())
            return await self.commit(
                claim.claim_id, partial(self.service.act, claim.order_id, decide)
            )

        self.open_form(
            t("form_new_claim", lang),
            forms.claim_fields(order_id, currency, self.clock(), zone, lang),
            submit,
        )

    def action_evidence(self) -> None:
        """The evidence for the highlighted claim, to edit and copy."""
        if (claim := self.highlighted_claim()) is not None:
            self.run_worker(
                self._evidence(claim.claim_id, claim.order_id), group="order", exclusive=True
            )

    async def _evidence(self, claim_id: str, order_id: str) -> None:
        bundle = await self.service.store.bundle(order_id)
        claim = (
            next((c for c in bundle.claims if c.claim_id == claim_id), None)
            if bundle is not None
            else None
        )
        if bundle is not None and claim is not None:
            scans = await self.service.store.tracking_events(order_id)
            text = evidence(bundle, claim, *self._lang_zone, scans)
            await self.push_screen(EvidenceScreen(text, self.config.language))

    # -- orders -------------------------------------------------------------------------------

    def _order_form(self, build: Callable[[str], Awaitable[None]]) -> None:
        if (order_id := self.cursor_order()) is None:
            self.notify(t("no_order_here", self.config.language), severity="warning")
            return
        self.run_worker(build(order_id), group="order", exclusive=True)

    def action_tracking(self) -> None:
        """Add the tracking number of the order under the cursor, or correct it."""
        self._order_form(self._tracking_form)

    async def _tracking_form(self, order_id: str) -> None:
        lang, zone = self._lang_zone
        bundle = await self.service.store.bundle(order_id)
        if bundle is None:
            return

        async def submit(values: Values) -> str | None:
            def decide(known: OrderBundle | None) -> domain.Change:
                number, carrier, at, replacing = forms.tracking(values, zone, lang)
                return domain.set_tracking(
                    known, order_id, number, carrier, at, self.clock(), replacing
                )

            return await self.commit(order_id, partial(self.service.act, order_id, decide))

        self.open_form(
            t("form_tracking", lang, order=order_id),
            forms.tracking_fields(bundle, self.clock(), zone, lang),
            submit,
        )

    def action_snooze(self) -> None:
        """No alert about the order under the cursor for the next 4 hours."""
        if (order_id := self.cursor_order()) is None:
            self.notify(t("no_order_here", self.config.language), severity="warning")
            return
        until = self.clock() + SNOOZE
        self.run_worker(
            self.commit_or_tell(order_id, partial(self.service.store.snooze, order_id, until)),
            group="write",
        )

    def action_out_of_stock(self) -> None:
        """Cancel the order under the cursor because it cannot be shipped."""
        self._order_form(self._cancel_form)

    async def _cancel_form(self, order_id: str) -> None:
        lang, zone = self._lang_zone

        async def submit(values: Values) -> str | None:
            def decide(known: OrderBundle | None) -> domain.Change:
                return domain.cancel_out_of_stock(
                    known, order_id, forms.cancelled_at(values, zone, lang), self.clock()
                )

            return await self.commit(order_id, partial(self.service.act, order_id, decide))

        self.open_form(
            t("form_cancel", lang, order=order_id),
            forms.cancel_fields(self.clock(), zone, lang),
            submit,
        )
