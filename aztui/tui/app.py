"""The aztui terminal app: thin. Panes live in ``panes/``; data comes through the service.

Live without waste: a one-second timer recomputes the countdowns from the instants already
held, and asks the store (one cheap query) whether anything changed; only then a worker reads
a new snapshot and the panes are updated in place. Refreshes never overlap (one exclusive
worker) and never run on the UI's path.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, TabbedContent, TabPane

from aztui.config import Config, ConfigError
from aztui.config.errors import did_you_mean
from aztui.domain.evidence import evidence
from aztui.domain.lifecycle import (
    AppealFiled, ClaimEvent, Responded, ResponseRequested, TransitionRefused,
)
from aztui.domain.model import Record
from aztui.i18n import t
from aztui.service import Service
from aztui.store.protocol import RecordConflict, StoreError
from aztui.tui.panes.base import TablePane
from aztui.tui.panes.claims import ClaimsPane
from aztui.tui.panes.metrics import MetricsPane
from aztui.tui.panes.today import TodayPane
from aztui.tui.panes.work import MessagesPane, ReturnsPane, RulePane, ShipmentsPane
from aztui.tui.screens.evidence import EvidenceScreen
from aztui.tui.screens.order import OrderScreen
from aztui.tui.snapshot import read_snapshot
from aztui.tui.themes import VARIABLE_DEFAULTS, shipped_themes

Clock = Callable[[], datetime]
Pane = TodayPane | ClaimsPane | RulePane | MetricsPane
CLAIM_STEPS: dict[str, Callable[[datetime], ClaimEvent]] = {
    "response_requested": ResponseRequested, "responded": Responded,
    "appeal_filed": AppealFiled,
}
"""The claim steps a key records, dated now (a decision needs a form: coming)."""


def system_clock() -> datetime:
    return datetime.now(UTC)


def action_ids() -> set[str]:
    """Every binding id of the app and its screens: what ``[tui] keys`` may rebind."""
    return {b.id for cls in (AztuiApp, OrderScreen, EvidenceScreen, TablePane)
            for b in cls.BINDINGS if isinstance(b, Binding) and b.id}


def run_app(config: Config) -> None:
    """Run the app in this terminal, with the mouse unless ``[tui] mouse = false``."""
    AztuiApp(config).run(mouse=config.tui.mouse)


class AztuiApp(App[None]):
    """The cockpit. ``clock`` gives ``now`` (tests fix it)."""

    TITLE = "aztui"
    BINDINGS = [
        Binding("q", "quit", "Quitter / Quit", id="quit"),
        Binding("r", "refresh", "Relire / Reload", id="refresh"),
        Binding("1", "show_pane('today')", "Aujourd'hui / Today", id="pane.today"),
        Binding("2", "show_pane('claims')", "Réclamations / Claims", id="pane.claims"),
        Binding("3", "show_pane('returns')", "Retours / Returns", id="pane.returns"),
        Binding("4", "show_pane('shipments')", "Expéditions / Shipments", id="pane.shipments"),
        Binding("5", "show_pane('messages')", "Messages", id="pane.messages"),
        Binding("6", "show_pane('metrics')", "Indicateurs / Metrics", id="pane.metrics"),
        Binding("a", "mark_done", "Fait / Done", id="row.done"),
        Binding("e", "claim_step('response_requested')", "Réponse demandée / Asked",
                id="claim.response_requested"),
        Binding("s", "claim_step('responded')", "Répondu / Responded", id="claim.responded"),
        Binding("f", "claim_step('appeal_filed')", "Contester / Appeal", id="claim.appeal"),
        Binding("p", "evidence", "Preuves / Evidence", id="claim.evidence"),
        Binding("question_mark", "help", "Aide / Help", id="help"),
        Binding("slash", "filter", "Filtrer / Filter", id="filter"),
    ]

    def __init__(self, config: Config, *, clock: Clock = system_clock,
                 tick_seconds: float = 1.0) -> None:
        super().__init__()
        self.config = config
        self.clock = clock
        self.tick_seconds = tick_seconds
        self.service = Service(config)
        self.version: int | None = None
        self.refreshing = False
        for theme in shipped_themes():
            self.register_theme(theme)
        self.theme = self._checked_theme(config.tui.theme)
        self.set_keymap(self._checked_keys(config.tui.keys))

    def _checked_theme(self, name: str) -> str:
        if name not in self.available_themes:
            raise ConfigError(f"tui.theme: unknown theme {name!r}"
                              f"{did_you_mean(name, sorted(self.available_themes))}")
        return name

    def _checked_keys(self, keys: dict[str, str]) -> dict[str, str]:
        """``[tui] keys``: every action id must be one of the app's (``?`` lists them)."""
        known = sorted(action_ids())
        for action in keys:
            if action not in known:
                raise ConfigError(f"tui.keys: unknown action {action!r}"
                                  f"{did_you_mean(action, known)}; known: {', '.join(known)}")
        return keys

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return dict(VARIABLE_DEFAULTS)

    def compose(self) -> ComposeResult:
        lang, zone = self.config.language, self.config.timezone
        yield Header()
        with TabbedContent(id="panes"):
            with TabPane(t("today", lang), id="today"):
                yield TodayPane(lang, zone)
            with TabPane(t("claims", lang), id="claims"):
                yield ClaimsPane(lang, zone)
            for name, pane in (("returns", ReturnsPane), ("shipments", ShipmentsPane),
                               ("messages", MessagesPane)):
                with TabPane(t(name, lang), id=name):
                    yield pane(lang, zone)
            with TabPane(t("metrics", lang), id="metrics"):
                yield MetricsPane(lang, zone)
        yield Footer()

    @property
    def panes(self) -> list[Pane]:
        return [*self.query(TodayPane), *self.query(ClaimsPane), *self.query(RulePane),
                *self.query(MetricsPane)]

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter on a row: the order detail of the order it is about."""
        pane = next((p for p in event.data_table.ancestors if isinstance(p, TablePane)), None)
        order_id = pane.order_of(str(event.row_key.value)) if pane is not None else None
        if order_id:
            self.run_worker(self.open_order(order_id), group="order", exclusive=True)

    async def open_order(self, order_id: str) -> None:
        bundle = await self.service.store.bundle(order_id)
        if bundle is not None:
            await self.push_screen(OrderScreen(bundle, self.config.language,
                                               self.config.timezone))

    def action_filter(self) -> None:
        """``/``: type to keep the rows holding every word; Enter back to the rows, Escape
        clears it."""
        active = self.query_one("#panes", TabbedContent).active
        self.query_one(f"#{active}").query_one(TablePane).open_filter()

    def action_help(self) -> None:
        """The keys of the pane in focus, beside it; ``?`` again hides them."""
        if self.screen.query("HelpPanel"):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()

    def action_mark_done(self) -> None:
        """``a`` on a return or a message: acted on / answered now, written before it shows."""
        pane = next((p for p in (self.focused.ancestors if self.focused else ())
                     if isinstance(p, RulePane)), None)
        key = pane.cursor_key() if pane is not None else None
        if pane is None or key is None:
            return
        record = pane.done(key, self.clock())
        if record is not None:
            self.run_worker(self._write_done(record, key), group="write")

    async def _write_done(self, record: Record, key: str) -> None:
        try:
            await self.service.write([record], source="tui")
        except (RecordConflict, StoreError) as exc:
            self.notify(str(exc), title=t("refused", self.config.language), severity="error")
            return
        self.notify(t("done_saved", self.config.language, subject=key))
        self.refresh_snapshot()

    def highlighted_claim(self) -> tuple[str, str] | None:
        """(claim id, order id) under the Claims pane's cursor, when that pane is shown."""
        pane = self.query_one(ClaimsPane)
        key = pane.cursor_key()
        if key is None or self.query_one("#panes", TabbedContent).active != "claims":
            return None
        order_id = pane.order_of(key)
        return (key, order_id) if order_id is not None else None

    def action_evidence(self) -> None:
        """The evidence for the highlighted claim, to edit and copy."""
        if (found := self.highlighted_claim()) is not None:
            self.run_worker(self._evidence(*found), group="order", exclusive=True)

    async def _evidence(self, claim_id: str, order_id: str) -> None:
        bundle = await self.service.store.bundle(order_id)
        claim = next((c for c in bundle.claims if c.claim_id == claim_id), None) \
            if bundle is not None else None
        if bundle is not None and claim is not None:
            text = evidence(bundle, claim, self.config.language, self.config.timezone)
            await self.push_screen(EvidenceScreen(text, self.config.language))

    def action_claim_step(self, step: str) -> None:
        """A step of the highlighted claim, dated now; the domain refuses an impossible one."""
        if (found := self.highlighted_claim()) is not None:
            claim_id, order_id = found
            self.run_worker(self._claim_step(claim_id, order_id,
                                             CLAIM_STEPS[step](self.clock())), group="write")

    async def _claim_step(self, claim_id: str, order_id: str, event: ClaimEvent) -> None:
        try:
            await self.service.record_claim_step(claim_id, order_id, event, self.clock())
        except (TransitionRefused, RecordConflict, StoreError) as exc:
            self.notify(f"{claim_id}: {exc}", title=t("refused", self.config.language),
                        severity="error")
            return
        self.notify(t("done_saved", self.config.language, subject=claim_id))
        self.refresh_snapshot()

    def action_show_pane(self, pane: str) -> None:
        self.query_one("#panes", TabbedContent).active = pane

    async def on_mount(self) -> None:
        await self.service.open()
        self.sub_title = self.config.database
        self.set_interval(self.tick_seconds, self.tick)
        self.refresh_snapshot()

    async def on_unmount(self) -> None:
        await self.service.close()

    def tick(self) -> None:
        """Every second: countdowns from memory, and a look for a change in the store."""
        now = self.clock()
        for pane in self.panes:
            pane.tick(now)
        self.refresh_snapshot(only_if_changed=True)

    def action_refresh(self) -> None:
        self.refresh_snapshot()

    def refresh_snapshot(self, *, only_if_changed: bool = False) -> None:
        """Start a refresh unless one is running (the next tick looks again)."""
        if self.refreshing:
            return
        self.refreshing = True
        self.run_worker(self._refresh(only_if_changed), group="refresh", exit_on_error=False)

    async def _refresh(self, only_if_changed: bool) -> None:
        try:
            if only_if_changed and self.version is not None \
                    and await self.service.store.data_version() == self.version:
                return
            snapshot = await read_snapshot(self.service, self.clock(), self.config.language)
            self.version = snapshot.version
            now = self.clock()
            for pane in self.panes:
                pane.show(snapshot, now)
        finally:
            self.refreshing = False
