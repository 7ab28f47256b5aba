"""The command palette (Ctrl+P): every action of every pane, and every order in the store.

An action of another pane shows that pane first and acts on its highlighted row, as its key
would there. Orders are searched in the store (prefix first), so a million of them cost one
indexed query per keystroke.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import TYPE_CHECKING

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider

from aztui.i18n import t
from aztui.tui import keys

if TYPE_CHECKING:
    from aztui.tui.app import AztuiApp

ORDER_HITS = 20


def _actions(app: AztuiApp) -> Iterator[tuple[str, str, Binding, str | None]]:
    """(words shown, key, binding, pane id or None for the app), the shown pane's first,
    each action once."""
    keymap = app.config.tui.keys
    seen: set[str] = set()
    current = app.current_pane()
    panes = sorted(app.panes, key=lambda pane: pane is not current)
    sources = [(pane.parent.id if pane.parent else None, type(pane)) for pane in panes]
    for pane_id, cls in [*sources, (None, type(app))]:
        for binding_id, binding in keys.bindings_of(cls):
            if binding_id in seen or binding.action == "close_filter":
                continue
            seen.add(binding_id)
            key = keymap.get(binding_id, binding.key)
            yield keys.words(binding, app.config.language), key, binding, pane_id


class ActionCommands(Provider):
    """The app's actions, found by their words."""

    @property
    def aztui(self) -> AztuiApp:
        return self.app  # type: ignore[return-value]

    async def _run(self, binding: Binding, pane_id: str | None) -> None:
        app = self.aztui
        if pane_id is not None:
            app.action_show_pane(pane_id)
            pane = app.current_pane()
            await app.run_action(binding.action, pane)
        else:
            await app.run_action(binding.action)

    def _hits(self) -> Iterator[tuple[str, str, partial]]:
        for words, key, binding, pane_id in _actions(self.aztui):
            yield words, key, partial(self._run, binding, pane_id)

    async def discover(self) -> Hits:
        for words, key, run in self._hits():
            yield DiscoveryHit(f"{words}  [{key}]", run, words)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for words, key, run in self._hits():
            if (score := matcher.match(words)) > 0:
                yield Hit(score, matcher.highlight(words), run, words, key)


class OrderCommands(Provider):
    """Orders by id (any part of it): Enter opens the order's detail."""

    async def search(self, query: str) -> Hits:
        app: AztuiApp = self.app  # type: ignore[assignment]
        text = query.strip()
        if len(text) < 3 or not any(c.isdigit() for c in text):
            return
        matcher = self.matcher(text)
        label = t("order", app.config.language)
        for order_id in await app.service.store.find_orders(text, ORDER_HITS):
            shown = f"{label} {order_id}"
            yield Hit(
                max(matcher.match(shown), 0.5),
                matcher.highlight(shown),
                partial(app.show_order, order_id),
                shown,
            )
