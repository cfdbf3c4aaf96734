"""A question with a few answers (buttons); dismisses with the chosen answer's id."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label

from paperdesk.tui import stylesheets


class ChoiceDialog(ModalScreen[str]):
    """``answers`` are (id, label); the first is the default, Esc answers ``cancel_id``."""

    CSS_PATH = stylesheets.DIALOGS

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", id="cancel")]

    def __init__(self, title: str, question: str, answers: list[tuple[str, str]],
                 cancel_id: str = "cancel") -> None:
        super().__init__()
        self.title_text = title
        self.question = question
        self.answers = answers
        self.cancel_id = cancel_id

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield Label(self.question, classes="dialog-help")
            with Horizontal(classes="dialog-buttons"):
                for i, (answer, label) in enumerate(self.answers):
                    yield Button(label, id=answer, variant="primary" if i == 0 else "default")

    def on_mount(self) -> None:
        self.query(Button).first().focus()

    @on(Button.Pressed)
    def chosen(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id or self.cancel_id)

    def action_cancel(self) -> None:
        self.dismiss(self.cancel_id)


def unsaved_dialog(label: str) -> ChoiceDialog:
    """Leaving the editor (or quitting) with text that is not saved yet."""
    return ChoiceDialog(
        "Unsaved review",
        f"{label} has changes that are not saved yet.",
        [("save", "Save and leave"), ("discard", "Discard changes"), ("cancel", "Keep editing")],
    )


def conflict_dialog(label: str) -> ChoiceDialog:
    """The review file changed on disk since the editor loaded it (a ``submit`` from the CLI,
    another editor). The default (the focus, Enter) loses nothing: the file is loaded, and the
    text of the editor is kept beside it."""
    return ChoiceDialog(
        "Changed on disk",
        f"{label} was changed by another program since it was opened here. Keep both: the "
        f"file is loaded, your text is saved beside it as {label}.mine-<time>.",
        [("both", "Keep both"), ("mine", "Overwrite with mine"), ("cancel", "Decide later")],
    )
