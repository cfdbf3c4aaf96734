"""Asked once, before the first review: who is the student (for the reviews' front matter)."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label

from paperdesk.tui import stylesheets


class IdentityDialog(ModalScreen[tuple[str, str] | None]):
    """Name and email; dismisses with ``(name, email)`` or None when cancelled."""

    CSS_PATH = stylesheets.DIALOGS

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", id="cancel")]

    def __init__(self, kept_in: str) -> None:
        super().__init__()
        self.kept_in = kept_in  # the user's config file

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Who are you?", classes="dialog-title")
            yield Label("Your name and email sign your reviews; paperdesk asks only once. "
                        f"They are kept in {self.kept_in} (paperdesk whoami shows and changes "
                        "them).", id="identity-where", classes="dialog-help")
            yield Input(placeholder="Your name", id="name")
            yield Input(placeholder="Your email", id="email")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", variant="primary", id="ok")
                yield Button("Cancel", id="cancel")

    @on(Input.Submitted)
    @on(Button.Pressed, "#ok")
    def ok(self) -> None:
        name = self.query_one("#name", Input).value.strip()
        email = self.query_one("#email", Input).value.strip()
        if not name:
            self.notify("A name is needed to sign your reviews.", severity="warning")
            self.query_one("#name", Input).focus()
            return
        self.dismiss((name, email))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
