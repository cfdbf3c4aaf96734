"""A small app around the gradebook screen: ``paperdesk gradebook --tui`` shows the stored
gradebook; ``paperdesk collect PATH... --tui`` collects first, with a progress bar."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, Label, ProgressBar

from paperdesk.core.errors import PaperdeskError
from paperdesk.core.gradebook import Gradebook
from paperdesk.services.context import Context
from paperdesk.tui.screens.gradebook import STYLES, GradebookScreen


class CollectingScreen(Screen[None]):
    """A progress bar while ``collect`` reads and typesets; the gradebook when it is done."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "quit_app", "Quit", tooltip="Stop and leave"),
    ]
    CSS_PATH = STYLES

    def __init__(self, paths: Sequence[str], ctx: Context, jobs: int | None) -> None:
        super().__init__()
        self.paths = list(paths)
        self.ctx = ctx
        self.jobs = jobs

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="collecting"):
            yield Label(f"Collecting {', '.join(self.paths)}…", id="collecting-what")
            yield ProgressBar(id="collecting-bar", show_eta=False)
            yield Label("Reading the students' folders…", id="collecting-step")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Collecting"
        self._collect()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def _collect(self) -> None:
        from paperdesk.services.collect import collect

        def progress(done: int, total: int, _name: str) -> None:
            self.app.call_from_thread(self._progress, done, total)

        try:
            book = collect(self.paths, self.ctx, jobs=self.jobs, progress=progress)
        except PaperdeskError as exc:
            self.app.call_from_thread(self._failed, str(exc))
            return
        self.app.call_from_thread(self._done, book)

    def _progress(self, done: int, total: int) -> None:
        self.query_one(ProgressBar).update(total=total, progress=done)
        self.query_one("#collecting-step", Label).update(
            f"Typesetting {done} of {total} new or changed reviews")

    def _failed(self, message: str) -> None:
        self.query_one("#collecting-step", Label).update(f"Could not collect: {message}")
        self.notify(message, severity="error")

    def _done(self, book: Gradebook) -> None:
        self.app.switch_screen(GradebookScreen(book, quit_on_close=True, ctx=self.ctx))

    def action_quit_app(self) -> None:
        self.app.exit()


class GradebookApp(App[None]):
    TITLE = "paperdesk collect"

    def __init__(self, book: Gradebook | None = None, ctx: Context | None = None,
                 paths: Sequence[str] = (), jobs: int | None = None) -> None:
        super().__init__()
        self.book = book
        self.ctx = ctx
        self.paths = paths
        self.jobs = jobs

    def on_mount(self) -> None:
        if self.book is None and self.ctx is not None:
            self.push_screen(CollectingScreen(self.paths, self.ctx, self.jobs))
        elif self.book is not None:
            self.push_screen(GradebookScreen(self.book, quit_on_close=True, ctx=self.ctx))


def run_gradebook(book: Gradebook, ctx: Context | None = None) -> int:
    GradebookApp(book, ctx).run()
    return 0


def run_collect(paths: Sequence[str], ctx: Context, jobs: int | None = None) -> int:
    """Collect with a progress bar, then browse the gradebook."""
    GradebookApp(None, ctx, paths, jobs).run()
    return 0
