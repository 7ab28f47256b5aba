"""The command palette (Ctrl+P): every action of every pane, and every order in the store.

An action of another pane shows that pane first and acts on its highlighted row, as its key
would there. Orders are searched in the store (prefix first), so a million of them cost one
indexed query per keystroke.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING

from textual.app import SystemCommand
from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from aztui.i18n import WORDS, t
from aztui.tui import keys
from aztui.tui.panes.claims import ClaimsPane

if TYPE_CHECKING:
    from aztui.tui.app import AztuiApp

ORDER_HITS = 20


def system_commands(found: Iterable[SystemCommand], language: str) -> Iterator[SystemCommand]:
    """Textual's commands for the palette, worded in ``language`` (the catalogs' contexts
    ``command`` and ``command_help``, by Textual's English title); its Quit is left out
    (aztui's own, ``q``, is listed)."""
    for command in found:
        if command.title == "Quit":
            continue
        title = WORDS.text(command.title, language, context="command")
        english = language == "en"  # Textual's own help, which says "hide" when it hides
        help_text = None if english else WORDS.text(command.title, language, "command_help")
        yield command._replace(title=title or command.title, help=help_text or command.help)


def _actions(app: AztuiApp) -> Iterator[tuple[str, str, Binding, str | None]]:
    """(words shown, key, binding, pane id or None for the app), the shown pane's first,
    each action once. A pane's own action names its pane (``Répondu · Messages`` is not
    ``Répondu · Réclamations``)."""
    keymap, language = app.config.tui.keys, app.config.language
    seen: set[tuple[str, str]] = set()
    current = app.current_pane()
    panes = sorted(app.panes, key=lambda pane: pane is not current)
    sources = [(pane.parent.id if pane.parent else None, type(pane)) for pane in panes]
    uses = Counter(
        (binding_id, binding.description)
        for cls in {type(pane) for pane in panes}
        for binding_id, binding in keys.bindings_of(cls)
    )
    names = {
        binding.action: keys.words(binding, language) for _, binding in keys.bindings_of(type(app))
    }
    for pane_id, cls in [*sources, (None, type(app))]:
        for binding_id, binding in keys.bindings_of(cls):
            ident = (binding_id, binding.description)
            if ident in seen or binding.action == "close_filter":
                continue
            seen.add(ident)
            shared = uses[ident] > 1  # an action of every pane (tracking…) names none
            key = app.get_key_display(replace(binding, key=keymap.get(binding_id, binding.key)))
            words = keys.words(binding, language)
            pane_name = names.get(f"show_pane('{pane_id}')")
            if pane_id is not None and not shared and pane_name:
                words = f"{words} · {pane_name}"
            yield words, key, binding, pane_id


def _on_a_claim(binding: Binding) -> bool:
    """An action on the claim under the cursor (not ``n``, which files a new one)."""
    return (binding.id or "").startswith("claim.") and binding.id != "claim.new"


def _shown(words: str | Content, key: str) -> Content:
    """The words, then the key, dim: as content, never read as markup (``[s]`` is a key)."""
    return (Content(words) if isinstance(words, str) else words) + Content.styled(f"  {key}", "dim")


class ActionCommands(Provider):
    """The app's actions, found by their words."""

    @property
    def aztui(self) -> AztuiApp:
        return self.app  # type: ignore[return-value]

    async def _run(self, binding: Binding, pane_id: str | None) -> None:
        app = self.aztui
        if _on_a_claim(binding) and not isinstance(app.current_pane(), ClaimsPane):
            await self._on_claim_of_row(binding, pane_id)
        elif pane_id is not None:
            app.action_show_pane(pane_id)
            pane = app.current_pane()
            await app.run_action(binding.action, pane)
        else:
            await app.run_action(binding.action)

    async def _on_claim_of_row(self, binding: Binding, pane_id: str | None) -> None:
        """A claim's action asked from another pane acts on the claim of the order under the
        cursor there, never on whatever claim the Claims pane last had under its cursor."""
        app = self.aztui
        order_id = app.recorder.cursor_order()
        app.action_show_pane(pane_id or "claims")
        claims = app.current_pane()
        if not isinstance(claims, ClaimsPane) or order_id is None:
            app.notify(t("palette_pick_claim", app.config.language), severity="warning")
            return
        if not claims.show_claim_of(order_id):
            lang = app.config.language
            app.notify(t("palette_no_claim", lang, order=order_id), severity="warning")
            return
        await app.run_action(binding.action, claims)

    def _hits(self) -> Iterator[tuple[str, str, partial]]:
        for words, key, binding, pane_id in _actions(self.aztui):
            yield words, key, partial(self._run, binding, pane_id)

    async def discover(self) -> Hits:
        for words, key, run in self._hits():
            yield DiscoveryHit(_shown(words, key), run, words)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for words, key, run in self._hits():
            if (score := matcher.match(words)) > 0:
                yield Hit(score, _shown(matcher.highlight(words), key), run, words)


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
