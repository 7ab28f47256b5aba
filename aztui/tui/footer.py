"""The footer: the keys that work where the focus is, the most useful first, in short words, so
that ``?`` and a pane's main keys fit in 80 columns; on the right, the row under the cursor and
how many rows the pane shows (``12/340``).

Textual's own footer lists the focused widget's keys, then its parents', then the app's, in
their full words: at 80 columns ``?`` and ``/`` fell off the end. Here Escape (close, cancel)
comes first, then ``?`` and ``/``, then the pane's keys, and ``q`` last; the pane keys
(``1``…``6``) are shown in the tabs' own labels instead.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Static
from textual.widgets._footer import FooterKey

from aztui.tui.keys import group_words, short_words

FIRST = ("escape", "question_mark", "slash")
"""Keys shown before any other, in this order."""
LAST = ("q",)
SPARE = {"order.": 4, "claim.new": 4, "claims.tab": 3, "quit": 2, "claim.appeal_outcome": 1}
"""Keys that give way when the footer is too narrow, the highest first (``?`` and the palette
still list them): the actions on a row's order (in every pane), the Claims tabs (their row
shows their keys too), ``q``, the rarest claim step."""


def rank(binding: Binding) -> int:
    """Where a key stands in the footer: Escape, ``?``, ``/``, the pane's, ``q``."""
    if binding.key in FIRST:
        return FIRST.index(binding.key)
    return len(FIRST) + 1 if binding.key in LAST else len(FIRST)


def spare(binding: Binding) -> int:
    """How soon a key gives way when the footer is too narrow (the highest first)."""
    return next((n for start, n in SPARE.items() if (binding.id or "").startswith(start)), 0)


class KeyFooter(Footer):
    DEFAULT_CSS = """
    KeyFooter #position {
        dock: right; width: auto; padding: 0 1; color: $footer-description-foreground;
        text-align: right;
    }
    """

    def __init__(self) -> None:
        super().__init__(compact=True, show_command_palette=False)
        self.position = ""
        self.room = 0
        """The width the position was laid out at: a position as wide or narrower is drawn
        in it, flush right, without a layout of the screen (a filter keystroke changes the
        row count's digits)."""

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        language = getattr(getattr(self.app, "config", None), "language", "en")
        shown: dict[str, tuple[Binding, bool]] = {}
        for _, binding, enabled, _ in self.screen.active_bindings.values():
            if binding.show and binding.action not in shown:
                shown[binding.action] = (binding, enabled)
        chosen = sorted(shown.values(), key=lambda item: rank(item[0]))
        items: list[tuple[Binding, bool, str, str]] = []
        groups: set[str] = set()
        for binding, enabled in chosen:
            key_display = self.app.get_key_display(binding)
            description = short_words(binding, language)
            if binding.group is not None:
                if binding.group.description in groups:
                    continue
                groups.add(binding.group.description)
                key_display = "".join(
                    self.app.get_key_display(b)
                    for b, _ in chosen
                    if b.group is not None and b.group.description == binding.group.description
                )
                description = group_words(binding.group.description, language)
            items.append((binding, enabled, key_display, description))
        room = self.app.size.width - len(self.position) - 2
        for binding in sorted((item[0] for item in items), key=spare, reverse=True):
            if sum(len(k) + len(d) + 2 for _, _, k, d in items) <= room or not spare(binding):
                break
            items = [item for item in items if item[0] is not binding]
        self.styles.grid_size_columns = len(items) + 1
        for binding, enabled, key_display, description in items:
            yield FooterKey(
                binding.key,
                key_display,
                description,
                binding.action,
                disabled=not enabled,
                tooltip=binding.tooltip or binding.description,
            ).data_bind(compact=Footer.compact)
        self.room = len(self.position)
        yield Static(self.position, id="position")

    def on_resize(self) -> None:
        self.call_after_refresh(self.recompose)

    def show_position(self, text: str) -> None:
        """``12/340``: the cursor's row and the rows shown (empty: none)."""
        if text != self.position:
            wider = len(text) > self.room
            self.position, self.room = text, max(self.room, len(text))
            for box in self.query("#position").results(Static):
                box.update(text, layout=wider)
