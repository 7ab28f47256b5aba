"""The evidence for a claim, for editing, and copied to the clipboard through OSC 52 (which
works over SSH: the terminal on the seller's own machine receives it)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static, TextArea

from aztui.i18n import t
from aztui.tui.footer import KeyFooter
from aztui.tui.keys import localize


class EvidenceScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", "Close", id="evidence.close"),
        Binding("ctrl+t", "copy", "Copy", id="evidence.copy"),
    ]
    DEFAULT_CSS = """
    EvidenceScreen { align: center middle; }
    EvidenceScreen > Vertical {
        width: 90%; height: 80%; border: round $primary; background: $surface; padding: 0 1;
    }
    EvidenceScreen TextArea { height: 1fr; }
    """

    def __init__(self, text: str, language: str) -> None:
        super().__init__()
        localize(self, language)
        self.text = text
        self.language = language

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(t("evidence_title", self.language))
            yield TextArea(self.text, id="evidence")
        yield KeyFooter()

    def action_copy(self) -> None:
        self.app.copy_to_clipboard(self.query_one(TextArea).text)
        self.notify(t("evidence_copied", self.language))
