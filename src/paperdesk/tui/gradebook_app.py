"""A small app around the gradebook screen, for ``paperdesk collect PATH... --tui``."""

from __future__ import annotations

from textual.app import App

from paperdesk.core.gradebook import Gradebook
from paperdesk.tui.screens.gradebook import GradebookScreen


class GradebookApp(App[None]):
    TITLE = "paperdesk collect"

    def __init__(self, book: Gradebook) -> None:
        super().__init__()
        self.book = book

    def on_mount(self) -> None:
        self.push_screen(GradebookScreen(self.book, quit_on_close=True))


def run_gradebook(book: Gradebook) -> int:
    GradebookApp(book).run()
    return 0
