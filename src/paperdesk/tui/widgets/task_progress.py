"""A one-line progress bar for long work (fetching 29 papers): shown only while it runs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.containers import Horizontal
from textual.widgets import Label

if TYPE_CHECKING:
    from textual.widgets import ProgressBar


class TaskProgress(Horizontal):
    """``start`` shows it, ``advance`` moves it, ``finish`` hides it again.

    Its title, bar and message are made at the first ``start``: hidden until then, they were
    mounted and styled for nothing in the desk's first frame (a fifth of its widgets)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.running = False

    def start(self, title: str, total: int | None = None) -> None:
        self.running = True
        # no "--%" for unknown length (desk.tcss)
        self.set_class(total is None, "-unknown-total")
        if not self.children:
            from textual.widgets import ProgressBar  # its module too: at the first task

            self.mount(Label(title, id="task-title"),
                       ProgressBar(total=total, show_eta=False, id="task-bar"),
                       Label("", id="task-message"))
        else:
            self.query_one("#task-title", Label).update(title)
            self.query_one("#task-message", Label).update("")
            self._bar().update(total=total, progress=0)
        self.add_class("-active")

    def advance(self, done: int, total: int, message: str) -> None:
        self.remove_class("-unknown-total")
        self._bar().update(total=max(total, 1), progress=done)
        self.query_one("#task-message", Label).update(message)

    def _bar(self) -> ProgressBar:
        from textual.widgets import ProgressBar  # loaded by the first start

        return self.query_one("#task-bar", ProgressBar)

    def finish(self) -> None:
        self.running = False
        self.remove_class("-active")
