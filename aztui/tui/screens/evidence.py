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
from aztui.tui.drafts import Draft
from aztui.tui.footer import KeyFooter
from aztui.tui.keys import localize


class EvidenceScreen(ModalScreen[None]):
    AUTO_FOCUS = "#evidence"
    """The text takes the keys at once (the app's own AUTO_FOCUS names its rows)."""
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", id="evidence.close"),
        # before the text's own keys (its Ctrl+D deletes), since the text has the focus
        Binding("ctrl+t", "copy", "Copy", id="evidence.copy", priority=True),
        Binding("ctrl+d", "discard", "Discard the draft", id="evidence.discard", priority=True),
    ]
    DEFAULT_CSS = """
    EvidenceScreen { align: center middle; }
    EvidenceScreen > Vertical {
        width: 90%; height: 80%; border: round $primary; background: $surface; padding: 0 1;
    }
    EvidenceScreen TextArea { height: 1fr; }
    """

    def __init__(self, text: str, language: str, draft: Draft[str] | None = None) -> None:
        super().__init__()
        localize(self, language)
        self.text = text
        """The evidence as aztui assembles it."""
        self.language = language
        self.draft = draft

    def on_mount(self) -> None:
        if self.draft is not None and self.draft.get() not in (None, self.text):
            self.notify(t("draft_resumed", self.language))

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(t("evidence_title", self.language))
            kept = self.draft.get() if self.draft is not None else None
            yield TextArea(kept if kept is not None else self.text, id="evidence")
        yield KeyFooter()

    def action_close(self) -> None:
        """Escape: an edited text is kept as a draft, and the seller told so."""
        edited = self.query_one(TextArea).text
        if self.draft is not None:
            if edited != self.text:
                self.draft.keep(edited)
                self.notify(t("draft_kept_evidence", self.language))
            else:
                self.draft.drop()
        self.dismiss(None)

    def action_discard(self) -> None:
        if self.draft is not None:
            self.draft.drop()
        self.notify(t("draft_discarded", self.language))
        self.dismiss(None)

    def action_copy(self) -> None:
        self.app.copy_to_clipboard(self.query_one(TextArea).text)
        self.notify(t("evidence_copied", self.language))
