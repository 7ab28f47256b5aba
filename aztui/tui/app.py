"""The aztui terminal app: thin. Panes live in ``panes/``; data comes through the service.

Live without waste: a one-second timer recomputes the countdowns from the instants already
held, and asks the store (one cheap query) whether anything changed; only then a worker reads
a new snapshot and the panes are updated in place. Refreshes never overlap (one exclusive
worker) and never run on the UI's path.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any, ClassVar

from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.command import CommandPalette
from textual.events import Resize
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.widgets import DataTable, TabbedContent, TabPane

from aztui.config import Config
from aztui.domain.deadlines import Deadline
from aztui.domain.faults import PluginFault
from aztui.i18n import WORDS, t
from aztui.pluginmanager import PluginHost
from aztui.redact import format_exception, redact
from aztui.service import Service
from aztui.tui.background import Background
from aztui.tui.detail import TALL, RowDetail
from aztui.tui.footer import KeyFooter
from aztui.tui.keys import bindings_of, checked_keys, key_of, localize
from aztui.tui.masthead import Masthead
from aztui.tui.palette import ActionCommands, OrderCommands, system_commands
from aztui.tui.panes.base import TablePane
from aztui.tui.panes.claims import ClaimsPane
from aztui.tui.panes.metrics import MetricsPane
from aztui.tui.panes.today import TodayPane
from aztui.tui.panes.work import MessagesPane, ReturnsPane, RulePane, ShipmentsPane
from aztui.tui.recorder import Recorder
from aztui.tui.refresh import Refresher
from aztui.tui.screens.evidence import EvidenceScreen
from aztui.tui.screens.form import FormScreen
from aztui.tui.screens.order import OrderScreen
from aztui.tui.table import RowTable
from aztui.tui.themes import VARIABLE_DEFAULTS, checked_theme, shipped_themes

Clock = Callable[[], datetime]
Pane = TodayPane | ClaimsPane | RulePane | MetricsPane
BOUND = (
    TodayPane,
    ClaimsPane,
    ReturnsPane,
    ShipmentsPane,
    MessagesPane,
    MetricsPane,
    OrderScreen,
    EvidenceScreen,
    FormScreen,
)
"""Everything with bindings besides the app."""


SMALL = (100, 30)
"""Under this many columns or lines a terminal is small: toasts shrink."""
SMALL_LINES = 1
SMALL_TIMEOUT = 5.0


def system_clock() -> datetime:
    return datetime.now(UTC)


def action_ids() -> set[str]:
    """Every binding id of the app and its screens: what ``[tui] keys`` may rebind."""
    return {binding_id for cls in (AztuiApp, *BOUND) for binding_id, _ in bindings_of(cls)}


def run_app(config: Config) -> None:
    """Run the app in this terminal, with the mouse unless ``[tui] mouse = false``."""
    AztuiApp(config).run(mouse=config.tui.mouse)


class AztuiApp(App[None]):
    """The cockpit. ``clock`` gives ``now`` (tests fix it).

    It shows the panes and keeps them fresh; the seller's writes are ``recorder``'s, the
    tracking runs and alerts ``background``'s. Bindings name the app's ``action_*`` methods,
    so the actions of those two are reached through thin methods here.
    """

    TITLE = "aztui"
    AUTO_FOCUS = "#today-table"
    """The rows have the keys from the start: Down and Enter work at once."""
    CSS = """
    AztuiApp.-small Toast { padding: 0 1; margin-top: 0; max-width: 70%; }
    #panes > ContentTabs Tab { padding: 0 1 0 0; }
    #panes { height: 1fr; }
    """
    COMMANDS = App.COMMANDS | {ActionCommands, OrderCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="quit"),
        Binding("r", "refresh", "Reload", id="refresh", show=False),
        # The tabs' labels show the pane keys ("1 Aujourd'hui"), not the footer.
        Binding("1", "show_pane('today')", "Today", id="pane.today", show=False),
        Binding("2", "show_pane('claims')", "Claims", id="pane.claims", show=False),
        Binding("3", "show_pane('returns')", "Returns", id="pane.returns", show=False),
        Binding("4", "show_pane('shipments')", "Shipments", id="pane.shipments", show=False),
        Binding("5", "show_pane('messages')", "Messages", id="pane.messages", show=False),
        Binding("6", "show_pane('metrics')", "Metrics", id="pane.metrics", show=False),
        Binding("question_mark", "help", "Help", id="help"),
        Binding("slash", "filter", "Filter", id="filter"),
        Binding("R", "track", "Track parcels", id="track", show=False),
        Binding("u", "undo", "Undo", id="undo", show=False),
    ]

    def __init__(
        self,
        config: Config,
        *,
        clock: Clock = system_clock,
        tick_seconds: float = 1.0,
        host: PluginHost | None = None,
    ) -> None:
        super().__init__()
        localize(self, config.language)
        self.config = config
        self.clock = clock
        self.tick_seconds = tick_seconds
        self.service = Service(config, host)
        self.refresher = Refresher(self)
        self.tall = False
        """Tall enough for the row in full below the table (``detail.TALL`` lines)."""
        self.recorder = Recorder(self)
        self.background = Background(self)
        for theme in shipped_themes():
            self.register_theme(theme)
        self.theme = checked_theme(config.tui.theme, self.available_themes)
        self.set_keymap(checked_keys(config.tui.keys, action_ids()))

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every toast goes through the redaction layer: refusals quote plugins and stores.
        In a small terminal a toast is at most two lines and shorter lived, unless it is
        meant to stay (a plugin fault)."""
        if self.has_class("-small"):
            lines = message.splitlines()
            if len(lines) > SMALL_LINES:
                message = "\n".join(lines[:SMALL_LINES]) + " …"
            if timeout is None or timeout <= SMALL_TIMEOUT * 10:
                timeout = min(timeout or SMALL_TIMEOUT, SMALL_TIMEOUT)
        super().notify(
            redact(message), title=redact(title), severity=severity, timeout=timeout, markup=markup
        )

    def _fatal_error(self) -> None:
        """A crash's traceback without its local variables, through the redaction layer.

        Textual's own (``App._fatal_error``) shows every frame's locals: a database URL with its
        password, a carrier's key; ``aztui serve`` would send them to the browser too."""
        from rich.text import Text

        error = sys.exc_info()[1] or self._exception
        self.bell()
        shown = format_exception(error) if error is not None else "aztui: the app stopped"
        self._exit_renderables.append(Text(shown))
        self._close_messages_no_wait()

    def get_key_display(self, binding: Binding) -> str:
        """A key as the footer shows it: ``Échap`` for escape in French."""
        named = WORDS.text(f"keyname_{binding.key}", self.config.language)
        return named or super().get_key_display(binding)

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return dict(VARIABLE_DEFAULTS)

    def tab_label(self, pane: str, words: str) -> str:
        """``1 Aujourd'hui``: a tab with the key that shows it."""
        key = key_of(AztuiApp, f"pane.{pane}", self.config.tui.keys)
        return f"{self.get_key_display(Binding(key, ''))} {words}"

    def compose(self) -> ComposeResult:
        lang, zone = self.config.language, self.config.timezone
        yield Masthead(lang, zone)
        with TabbedContent(id="panes"):
            with TabPane(self.tab_label("today", t("today", lang)), id="today"):
                yield TodayPane(lang, zone)
            with TabPane(self.tab_label("claims", t("claims", lang)), id="claims"):
                yield ClaimsPane(lang, zone)
            for name, pane in (
                ("returns", ReturnsPane),
                ("shipments", ShipmentsPane),
                ("messages", MessagesPane),
            ):
                with TabPane(self.tab_label(name, t(name, lang)), id=name):
                    yield pane(lang, zone)
            with TabPane(self.tab_label("metrics", t("metrics_tab", lang)), id="metrics"):
                yield MetricsPane(lang, zone)
        yield RowDetail(lang, zone)
        yield KeyFooter()

    @property
    def panes(self) -> list[Pane]:
        return [
            *self.query(TodayPane),
            *self.query(ClaimsPane),
            *self.query(RulePane),
            *self.query(MetricsPane),
        ]

    def current_pane(self) -> TablePane | None:
        """The pane of the tab shown (the Metrics tab holds one too)."""
        active = self.query_one("#panes", TabbedContent).active
        panes = self.query_one(f"#{active}").query(TablePane)
        return panes.first() if panes else None

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter on one of Amazon's own figures: no order there."""
        self.notify(t("no_order_here", self.config.language), severity="warning")

    def on_row_table_row_selected(self, event: RowTable.RowSelected) -> None:
        """Enter on a row: the order detail of the order it is about."""
        pane = next((p for p in event.table.ancestors if isinstance(p, TablePane)), None)
        order_id = pane.order_of(event.row_key) if pane is not None and event.row_key else None
        if order_id:
            self.show_order(order_id)
        else:
            self.notify(t("no_order_here", self.config.language), severity="warning")

    def show_order(self, order_id: str) -> None:
        """The order detail, read in a worker."""
        self.run_worker(self.open_order(order_id), group="order", exclusive=True)

    async def open_order(self, order_id: str) -> None:
        bundle = await self.service.store.bundle(order_id)
        if bundle is not None:
            scans = await self.service.store.tracking_events(order_id)
            await self.push_screen(
                OrderScreen(bundle, self.config.language, self.config.timezone, scans)
            )

    def action_filter(self) -> None:
        """``/``: type to keep the rows holding every word; Enter back to the rows, Escape
        clears it."""
        if (pane := self.current_pane()) is not None:
            pane.open_filter()

    def action_help(self) -> None:
        """The keys of the pane in focus, beside it; ``?`` again hides them."""
        if self.screen.query("HelpPanel"):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()

    def action_command_palette(self) -> None:
        """The palette (Ctrl+P), its prompt in the seller's words."""
        if self.use_command_palette and not isinstance(self.screen, CommandPalette):
            hint = t("palette_hint", self.config.language)
            self.push_screen(CommandPalette(placeholder=hint, id="--command-palette"))

    def action_show_pane(self, pane: str) -> None:
        """Show a pane, its rows in focus (so its keys work at once)."""
        self.query_one("#panes", TabbedContent).active = pane
        if (shown := self.current_pane()) is not None:
            shown.table.focus()

    async def on_mount(self) -> None:
        for table in self.query(DataTable):
            # A countdown keeps its colour under the cursor: an overdue row stays marked.
            table.cursor_foreground_priority = "renderable"
            localize(table, self.config.language)  # its keys in `?`, in the seller's words
        for rows in self.query(RowTable):
            localize(rows, self.config.language)
        localize(self.screen, self.config.language)
        await self.service.open()
        await self.tell_plugin_faults()
        self.service.store.watch(self.store_changed)
        self.background.show_status()
        self.set_interval(self.tick_seconds, self.tick)
        self.refresh_snapshot()
        self.background.start()

    async def tell_plugin_faults(self) -> None:
        """A plugin that failed to load, or a rule or metric that failed (here or in another
        aztui on the store): its deadlines may be missing, so the seller is told at once, in a
        notification that stays until dismissed; then each new one as it happens."""
        told: set[tuple[str, str, str]] = set()
        language = self.config.language

        def tell(fault: PluginFault) -> None:
            if fault.key in told:
                return
            told.add(fault.key)
            self.notify(
                f"{fault.describe()}\n{t('plugin_fault_hint', language)}",
                title=t("plugin_fault", language),
                severity="error",
                timeout=24 * 3600,
                markup=False,
            )

        for fault in await self.service.plugin_faults():
            tell(fault)
        loop = asyncio.get_running_loop()  # a fault may be met in a worker's thread

        def from_any_thread(fault: PluginFault) -> None:
            loop.call_soon_threadsafe(tell, fault)

        self.service.host.on_fault = from_any_thread

    async def on_unmount(self) -> None:
        self.background.sources.stop.set()  # listeners leave their IDLE and log out
        await self.service.close()

    def tick(self) -> None:
        """Every second: the shown pane's countdowns from memory, and a look for a change in
        the store. A hidden pane catches up when it is shown. Not while the app closes: its
        timers still run as its widgets are taken down."""
        if not self.is_running:
            return
        now = self.clock()
        if (pane := self.current_pane()) is not None:
            pane.tick(now)
        self.show_header(now)
        self.background.watch_offline()
        self.refresh_snapshot(only_if_changed=True)

    def store_changed(self) -> None:
        """Another aztui wrote the shared store (or it is back online): read it now."""
        self.refresh_snapshot(only_if_changed=True)

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        """A pane shown (by its key or a click on its tab): its rows take the focus."""
        if (pane := self.current_pane()) is not None:
            for shown in self.panes:
                if shown is pane:
                    self.refresher.catch_up(shown)
            pane.tick(self.clock())
            pane.table.focus()
            self.show_position(pane.table)

    def on_row_table_row_highlighted(self, event: RowTable.RowHighlighted) -> None:
        self.show_position(event.table)

    def show_position(self, table: RowTable) -> None:
        """``12/340`` in the footer: the row under the cursor, of the rows shown. Not while
        the app closes: a highlight may still arrive once its screens are gone."""
        if not self.is_running or not self.screen_stack:
            return
        if (shown_pane := self.current_pane()) is not None and shown_pane.table is table:
            self.recorder.cursor_back(shown_pane)  # a write undone: the cursor back on its row
        if not table.has_focus and self.focused is not None:
            return
        shown = f"{table.cursor_row + 1}/{table.row_count}" if table.row_count else "0/0"
        for footer in self.screen.query(KeyFooter):
            footer.show_position(shown)
        pane = self.current_pane()
        if pane is not None and pane.table is table:
            detail = self.query_one(RowDetail)
            detail.display = self.tall and not isinstance(pane, MetricsPane)
            if detail.display:
                detail.show_soon(pane, self.clock)

    def on_resize(self, event: Resize) -> None:
        """A small terminal: smaller, shorter toasts; a tall one: the row in full below."""
        width, height = event.size
        self.set_class(width < SMALL[0] or height < SMALL[1], "-small")
        self.tall = height >= TALL
        if (pane := self.current_pane()) is not None:
            self.show_position(pane.table)

    def action_refresh(self) -> None:
        self.refresh_snapshot()

    def refresh_snapshot(self, *, only_if_changed: bool = False) -> None:
        self.refresher.refresh(only_if_changed=only_if_changed)

    def show_header(self, now: datetime, active: tuple[Deadline, ...] | None = None) -> None:
        self.query_one(Masthead).show(now, active)

    # -- the collaborators' actions, as the bindings name them ----------------------------------

    def action_track(self) -> None:
        self.background.track(tell=True)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Textual's own palette commands, in the seller's words."""
        yield from system_commands(super().get_system_commands(screen), self.config.language)

    def action_undo(self) -> None:
        self.recorder.undo()

    def action_mark_done(self, no_response: bool = False) -> None:
        self.recorder.mark_done(no_response)

    def action_claim_step(self, step: str) -> None:
        self.recorder.claim_step(step)

    def action_claim_decision(self) -> None:
        self.recorder.claim_decision()

    def action_appeal_outcome(self) -> None:
        self.recorder.appeal_outcome()

    def action_new_claim(self) -> None:
        self.recorder.new_claim()

    def action_evidence(self) -> None:
        self.recorder.evidence()

    def action_tracking(self) -> None:
        self.recorder.tracking()

    def action_snooze(self) -> None:
        self.recorder.snooze()

    def action_out_of_stock(self) -> None:
        self.recorder.out_of_stock()
