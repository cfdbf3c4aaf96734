"""A one-line progress bar for long work (fetching 29 papers): shown only while it runs."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label, ProgressBar


class TaskProgress(Horizontal):
    """``start`` shows it, ``advance`` moves it, ``finish`` hides it again."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.running = False

    def compose(self) -> ComposeResult:
        yield Label("", id="task-title")
        yield ProgressBar(total=None, show_eta=False, id="task-bar")
        yield Label("", id="task-message")

    def start(self, title: str, total: int | None = None) -> None:
        self.running = True
        self.query_one("#task-title", Label).update(title)
        self.query_one("#task-message", Label).update("")
        bar = self.query_one(ProgressBar)
        bar.query_one("#percentage").display = total is not None  # no "--%" for unknown length
        bar.update(total=total, progress=0)
        self.add_class("-active")

    def advance(self, done: int, total: int, message: str) -> None:
        bar = self.query_one(ProgressBar)
        bar.query_one("#percentage").display = True
        bar.update(total=max(total, 1), progress=done)
        self.query_one("#task-message", Label).update(message)

    def finish(self) -> None:
        self.running = False
        self.remove_class("-active")
