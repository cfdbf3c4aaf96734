"""The help screen: every key of the screen below it, from that screen's own bindings."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Label, Static

from paperdesk.tui import stylesheets
from paperdesk.tui.bindings import key_help

LEGEND = (
    "In the list: M = arXiv metadata cached, P = PDF downloaded, · = not yet, • = marked "
    "(space). Status: unread, reading, read (m), then draft and final once reviewed."
)


class HelpScreen(ModalScreen[None]):
    """Lists the keys of ``screen`` (grouped: the screen's, the focused widget's, the app's)."""

    CSS_PATH = stylesheets.DIALOGS

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,f1,q", "close", "Close", id="help-close"),
    ]

    def __init__(self, screen: Screen[Any]) -> None:
        super().__init__(id="help")
        self.rows = key_help(screen)
        self.for_desk = screen.id == "desk"

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box"), VerticalScroll(id="help-scroll"):
            group = None
            for row in self.rows:
                if row.group != group:
                    group = row.group
                    yield Label(group, classes="help-group")
                with Grid(classes="help-row"):
                    yield Label(row.key, classes="help-key")
                    yield Label(row.description, classes="help-description")
                    yield Label(row.tooltip, classes="help-tooltip")
            if self.for_desk:
                yield Static(LEGEND, id="help-legend")

    def on_mount(self) -> None:
        box = self.query_one("#help-box")
        box.border_title = "Keys"
        box.border_subtitle = "Esc, ? or q closes · ctrl+p: every command"

    def action_close(self) -> None:
        self.dismiss(None)
