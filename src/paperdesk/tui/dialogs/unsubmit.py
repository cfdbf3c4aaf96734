"""Asked before a final review that counts toward a closed batch goes back to draft."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label

from paperdesk.tui import stylesheets


class UnsubmitDialog(ModalScreen[bool]):
    """Says what would be lost; dismisses with True to un-submit anyway. Keeping the review
    final is the default (focused, and Esc), as the safe answer should be."""

    CSS_PATH = stylesheets.DIALOGS

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "keep", "Keep it final", id="unsubmit-keep")]

    def __init__(self, key: str, loss: str) -> None:
        super().__init__(id="unsubmit-dialog")
        self.key = key
        self.loss = loss

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(f"Back to draft: {self.key}?", classes="dialog-title")
            yield Label(f"{self.loss[:1].upper()}{self.loss[1:]}.", id="unsubmit-loss",
                        classes="dialog-problem")
            yield Label("Submitted again unchanged, it keeps its time.", classes="dialog-help")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Keep it final", variant="primary", id="keep")
                yield Button("Back to draft", variant="error", id="unsubmit")

    def on_mount(self) -> None:
        self.query_one("#keep", Button).focus()

    @on(Button.Pressed, "#unsubmit")
    def unsubmit(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#keep")
    def action_keep(self) -> None:
        self.dismiss(False)
