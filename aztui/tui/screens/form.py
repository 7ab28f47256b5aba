"""A small modal form: labelled fields, saved through a callback that writes to the store.
Compact (one line a field) so that a claim's decision fits a terminal of 80×24.

The form stays open until the callback says the write is done; a refusal (the domain's reason,
a value that does not parse) is shown in the form, with everything typed kept.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select, Static

from aztui.i18n import t
from aztui.tui.drafts import Draft
from aztui.tui.footer import KeyFooter
from aztui.tui.keys import localize

Values = dict[str, str]
Submit = Callable[[Values], Awaitable[str | None]]
"""Writes what the form holds; returns why it cannot (``None``: written)."""


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    label: str
    value: str = ""
    choices: Sequence[tuple[str, str]] = ()
    """(label, value) pairs: the field is a list to pick from."""


class FormScreen(ModalScreen[bool]):
    """Dismissed with ``True`` once the callback has written, ``False`` when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
        Binding("ctrl+s", "save", "Save", id="form.save"),
        Binding("ctrl+d", "discard", "Discard the draft", id="form.discard"),
        # Taken before the key goes to the field (a priority binding runs as the key is read):
        # the keys typed right after Tab, in the same burst, go to the next field.
        Binding("tab", "app.focus_next", "Focus Next", show=False, priority=True),
        Binding("shift+tab", "app.focus_previous", "Focus Previous", show=False, priority=True),
    ]
    AUTO_FOCUS = "Input, Select"
    DEFAULT_CSS = """
    FormScreen { align: center middle; }
    FormScreen > VerticalScroll {
        width: 72; max-width: 100%; height: auto; max-height: 100%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    FormScreen .form-title { text-style: bold; }
    FormScreen Label { margin-top: 1; color: $text-muted; }
    FormScreen Input, FormScreen Select { width: 100%; }
    FormScreen #form-error { color: $error; margin-top: 1; height: auto; }
    FormScreen .form-hint { color: $text-muted; margin-top: 1; }
    """

    def __init__(
        self,
        title: str,
        fields: Sequence[Field],
        submit: Submit,
        language: str,
        draft: Draft[Values] | None = None,
    ) -> None:
        super().__init__()
        localize(self, language)
        self.title_text = title
        self.submit = submit
        self.language = language
        self.draft = draft
        self.initial = {f.name: _initial(f) for f in fields}
        kept = draft.get() if draft is not None else None
        self.resumed = kept is not None and kept != self.initial
        self.fields = [
            dataclasses.replace(f, value=kept[f.name]) if kept and f.name in kept else f
            for f in fields
        ]

    def on_mount(self) -> None:
        if self.resumed:
            self.notify(t("draft_resumed", self.language))

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(self.title_text, classes="form-title")
            for field in self.fields:
                yield Label(field.label)
                if field.choices:
                    known = any(value == field.value for _, value in field.choices)
                    yield Select(
                        list(field.choices),
                        allow_blank=False,
                        id=f"field-{field.name}",
                        value=field.value if known else field.choices[0][1],
                        compact=True,
                    )
                else:
                    yield Input(field.value, id=f"field-{field.name}", compact=True)
            yield Static("", id="form-error")
            yield Static(t("form_hint", self.language), classes="form-hint")
        yield KeyFooter()

    def values(self) -> Values:
        out: Values = {}
        for field in self.fields:
            widget = self.query_one(f"#field-{field.name}")
            value = widget.value if isinstance(widget, Input | Select) else ""
            out[field.name] = "" if value is Select.BLANK else str(value)
        return out

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        self.run_worker(self._save(self.values()), group="form", exclusive=True)

    async def _save(self, values: Values) -> None:
        error = await self.submit(values)
        if error is None:
            if self.draft is not None:
                self.draft.drop()
            self.dismiss(True)
        else:
            self.query_one("#form-error", Static).update(error)

    def action_cancel(self) -> None:
        """Escape: what was typed is kept as a draft (told), unless nothing was changed."""
        values = self.values()
        if self.draft is not None:
            if values != self.initial:
                self.draft.keep(values)
                self.notify(t("draft_kept_form", self.language))
            else:
                self.draft.drop()
        self.dismiss(False)

    def action_discard(self) -> None:
        if self.draft is not None:
            self.draft.drop()
        self.notify(t("draft_discarded", self.language))
        self.dismiss(False)


def _initial(field: Field) -> str:
    """The value a field shows when the form opens (a list shows its first choice when the
    given value is not one of them)."""
    if field.choices and not any(value == field.value for _, value in field.choices):
        return field.choices[0][1]
    return field.value
