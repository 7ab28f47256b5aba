"""What the seller records from the app: every action goes through the service and the domain,
and says it is done only once the store holds it. A refusal shows the domain's reason.

The panes' bindings call these through the app's thin ``action_*`` methods.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING

from aztui.domain import actions as domain
from aztui.domain.evidence import evidence
from aztui.domain.lifecycle import (
    AppealDecided,
    AppealFiled,
    ClaimEvent,
    Decided,
    Responded,
    ResponseRequested,
    apply_event,
)
from aztui.domain.model import Claim, OrderBundle
from aztui.i18n import local_time, t
from aztui.store.protocol import RecordChanged
from aztui.tui import forms
from aztui.tui.panes.work import RulePane
from aztui.tui.screens.evidence import EvidenceScreen
from aztui.tui.screens.form import Field, Values
from aztui.tui.undo import Undone
from aztui.tui.writes import Writer

if TYPE_CHECKING:
    pass

CLAIM_STEPS: dict[str, Callable[[datetime], ClaimEvent]] = {
    "response_requested": ResponseRequested,
    "responded": Responded,
    "appeal_filed": AppealFiled,
}
"""The claim steps one key records, dated now; a decision and an appeal outcome need a form."""
SNOOZE = timedelta(hours=4)
"""How long ``z`` holds the alerts about an order."""


class Recorder(Writer):
    """The app's write actions, on the app's ``config``, ``service`` and ``clock``."""

    # -- returns and messages -----------------------------------------------------------------

    def mark_done(self, no_response: bool = False) -> None:
        """On a return: acted on now. On a message: answered now, or needing no response."""
        pane = self.app.current_pane()
        key = pane.cursor_key() if isinstance(pane, RulePane) else None
        if not isinstance(pane, RulePane) or key is None:
            return
        record = pane.done(key, self.app.clock(), no_response=no_response)
        if record is not None:
            lang = self.app.config.language
            kind = record.record_type
            what = (
                "did_acted"
                if kind == "return"
                else "did_no_response"
                if no_response
                else ("did_answered")
            )
            order_id = getattr(record, "order_id", None)
            self.one_key(
                t(f"subject_{kind}", lang, order=order_id or "—"),
                t(what, lang),
                order_id,
                (kind, key),
                partial(self.app.service.write, [record], "tui"),
            )

    # -- claims -------------------------------------------------------------------------------

    def claim_step(self, step: str) -> None:
        """A step of the highlighted claim, dated now; the domain refuses an impossible one."""
        if (claim := self.highlighted_claim()) is not None:
            now = self.app.clock()
            write = partial(
                self.app.service.record_claim_step,
                claim.claim_id,
                claim.order_id,
                CLAIM_STEPS[step](now),
                now,
                claim,
            )
            lang = self.app.config.language
            self.one_key(
                t("subject_claim", lang, claim=claim.claim_id, order=claim.order_id),
                t(f"did_{step}", lang),
                claim.order_id,
                ("claim", claim.claim_id),
                write,
            )

    def _claim_form(
        self,
        title_key: str,
        fields: Callable[..., list[Field]],
        event: Callable[[Values, str, str], ClaimEvent],
        probe: Callable[[datetime], ClaimEvent],
        did: str,
    ) -> None:
        """A claim step a form records; ``did``: the words of what was recorded."""
        if (seen := self.highlighted_claim()) is None:
            return
        now, policy = self.app.clock(), self.app.service.policy
        shown = seen
        if self.refused_now(lambda: apply_event(shown, probe(now), now, policy)):
            return
        claim_id, order_id = seen.claim_id, seen.order_id
        lang, zone = self._lang_zone

        async def submit(values: Values) -> str | None:
            """Refused when a teammate changed the claim since it was shown: the form says
            what changed and stays open; submitting again applies to the claim as it is now."""

            async def write() -> object:
                nonlocal seen
                try:
                    return await self.app.service.record_claim_step(
                        claim_id, order_id, event(values, zone, lang), self.app.clock(), seen
                    )
                except RecordChanged as exc:
                    if isinstance(exc.stored, Claim):
                        seen = exc.stored
                    raise

            subject = t("subject_claim", lang, claim=claim_id, order=order_id)
            return await self.commit(subject, write, t(did, lang))

        title = t(title_key, lang, claim=claim_id)
        self.open_form(title, fields(self.app.clock(), zone, lang), submit)

    def claim_decision(self) -> None:
        """Amazon's decision on the highlighted claim: granted or not, who pays, ODR."""
        self._claim_form(
            "form_decision", forms.decision_fields, forms.decided, Decided, "did_decision"
        )

    def appeal_outcome(self) -> None:
        self._claim_form(
            "form_appeal_outcome",
            forms.appeal_outcome_fields,
            forms.appeal_decided,
            AppealDecided,
            "did_appeal_outcome",
        )

    def new_claim(self) -> None:
        """A claim Amazon notified, on the order under the cursor (or any order typed)."""
        lang, zone = self._lang_zone
        order_id = self.cursor_order() or ""
        currency = self.app.service.policy.marketplace.currency

        async def submit(values: Values) -> str | None:
            try:
                claim = forms.new_claim(values, zone, lang)
            except forms.BadField as exc:
                return str(exc)
            decide = partial(domain.record_claim, claim=claim, now=self.app.clock())
            return await self.commit(
                t("subject_claim", lang, claim=claim.claim_id, order=claim.order_id),
                partial(self.app.service.act, claim.order_id, decide),
                t("did_new_claim", lang),
            )

        self.open_form(
            t("form_new_claim", lang),
            forms.claim_fields(order_id, currency, self.app.clock(), zone, lang),
            submit,
        )

    def evidence(self) -> None:
        """The evidence for the highlighted claim, to edit and copy."""
        if (claim := self.highlighted_claim()) is not None:
            self.app.run_worker(
                self._evidence(claim.claim_id, claim.order_id), group="order", exclusive=True
            )

    async def _evidence(self, claim_id: str, order_id: str) -> None:
        bundle = await self.app.service.store.bundle(order_id)
        claim = (
            next((c for c in bundle.claims if c.claim_id == claim_id), None)
            if bundle is not None
            else None
        )
        if bundle is not None and claim is not None:
            scans = await self.app.service.store.tracking_events(order_id)
            text = evidence(bundle, claim, *self._lang_zone, scans)
            draft = self.drafts.of(f"evidence:{claim_id}")
            await self.app.push_screen(EvidenceScreen(text, self.app.config.language, draft))

    # -- orders -------------------------------------------------------------------------------

    def _order_form(self, build: Callable[[str], Awaitable[None]]) -> None:
        if (order_id := self.cursor_order()) is None:
            self.app.notify(t("no_order_here", self.app.config.language), severity="warning")
            return
        self.app.run_worker(build(order_id), group="order", exclusive=True)

    def tracking(self) -> None:
        """Add the tracking number of the order under the cursor, or correct it."""
        self._order_form(self._tracking_form)

    async def _tracking_form(self, order_id: str) -> None:
        lang, zone = self._lang_zone
        bundle = await self.app.service.store.bundle(order_id)
        now = self.app.clock()
        probe = partial(domain.set_tracking, bundle, order_id, "0000", None, now, now)
        if bundle is None or self.refused_now(probe):
            return

        async def submit(values: Values) -> str | None:
            def decide(known: OrderBundle | None) -> domain.Change:
                number, carrier, at, replacing = forms.tracking(values, zone, lang)
                return domain.set_tracking(
                    known, order_id, number, carrier, at, self.app.clock(), replacing
                )

            return await self.commit(
                t("subject_order", lang, order=order_id),
                partial(self.app.service.act, order_id, decide),
                t("did_tracking", lang),
            )

        self.open_form(
            t("form_tracking", lang, order=order_id),
            forms.tracking_fields(bundle, self.app.clock(), zone, lang),
            submit,
        )

    def snooze(self) -> None:
        """No alert about the order under the cursor for the next 4 hours."""
        if (order_id := self.cursor_order()) is None:
            self.app.notify(t("no_order_here", self.app.config.language), severity="warning")
            return
        now, store, row = self.app.clock(), self.app.service.store, self.cursor_row()
        lang, zone = self._lang_zone

        async def snooze() -> Undone:
            before = (await store.snoozed(now)).get(order_id, now)
            await store.snooze(order_id, now + SNOOZE)
            return Undone(partial(store.snooze, order_id, before), row)

        what = t("did_snoozed", lang, until=local_time(now + SNOOZE, zone, lang))
        self.app.run_worker(
            self.commit_or_tell(t("subject_order", lang, order=order_id), snooze, what),
            group="write",
        )

    def out_of_stock(self) -> None:
        """Cancel the order under the cursor because it cannot be shipped."""
        self._order_form(self._cancel_form)

    async def _cancel_form(self, order_id: str) -> None:
        lang, zone = self._lang_zone
        bundle, now = await self.app.service.store.bundle(order_id), self.app.clock()
        if self.refused_now(partial(domain.cancel_out_of_stock, bundle, order_id, now, now)):
            return

        async def submit(values: Values) -> str | None:
            def decide(known: OrderBundle | None) -> domain.Change:
                return domain.cancel_out_of_stock(
                    known, order_id, forms.cancelled_at(values, zone, lang), self.app.clock()
                )

            return await self.commit(
                t("subject_order", lang, order=order_id),
                partial(self.app.service.act, order_id, decide),
                t("did_cancelled", lang),
            )

        self.open_form(
            t("form_cancel", lang, order=order_id),
            forms.cancel_fields(self.app.clock(), zone, lang),
            submit,
        )
