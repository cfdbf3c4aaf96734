"""The Textual app: it only pushes the desk; screens, widgets and dialogs live in their rooms.

First paint is fast because the desk draws from the catalog cache and sqlite3 reads
(``data.loading.first_paint_model``); SQLAlchemy, the arXiv client, requests and typst are
imported later, by workers.
"""

from __future__ import annotations

import gc
import os
from typing import Any, ClassVar

from textual import events
from textual.app import App
from textual.binding import Binding, BindingType

from paperdesk.services.context import Context
from paperdesk.tui import stylesheets
from paperdesk.tui.commands import BindingCommands
from paperdesk.tui.data.desk_model import DeskModel
from paperdesk.tui.data.loading import first_paint_model
from paperdesk.tui.screens.desk import DeskScreen


class PaperdeskApp(App[int]):
    """``paperdesk`` with no command. Exits with 0."""

    TITLE = "paperdesk"
    # Only the desk's styles are parsed at start-up; the editor, the week and the dialogs bring
    # theirs (their CSS_PATH) when first shown, so the first paint does not parse them.
    CSS_PATH = stylesheets.DESK
    COMMANDS = App.COMMANDS | {BindingCommands}
    # Classes set on each screen by its size; the .tcss files lay out by them.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]  # noqa: RUF012
    VERTICAL_BREAKPOINTS = [(0, "-short"), (36, "-tall")]  # noqa: RUF012
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True, id="app-quit",
                tooltip="Leave paperdesk (asks first if a review has unsaved text)"),
    ]

    DESK: ClassVar[type[DeskScreen]] = DeskScreen  # the first screen (bench/tui.py times it)
    collector_paused = False  # see run_app

    def __init__(self, ctx: Context, model: DeskModel | None = None, *,
                 autosave_delay: float | None = 1.0) -> None:
        super().__init__()
        # the editor saves by itself this long after the last keystroke; None: only on ctrl+s
        self.autosave_delay = autosave_delay
        ctx.course  # noqa: B018 -- a broken course.toml is one line from the CLI, before Textual
        self.ctx = ctx
        self.model = model if model is not None else first_paint_model(ctx)

    def run(self, *args: Any, **kwargs: Any) -> int | None:
        """Run as the process's one app: what is loaded by now (modules, the catalog) and what
        the desk loads next is kept out of the garbage collector's way (``settle``)."""
        self._owns_process = True
        self.settle()
        try:
            return super().run(*args, **kwargs)
        finally:
            gc.unfreeze()
            if self.collector_paused:  # never painted
                gc.enable()

    def first_paint_done(self) -> None:
        """The desk is on the screen: the cycle collector paused for the start-up (``run_app``)
        starts again, past what start-up made (frozen: ``settle``)."""
        if self.collector_paused:
            self.collector_paused = False
            self.settle()
            gc.enable()

    def settle(self) -> None:
        """Whatever lives now stays for the session (modules, widgets, 10,000 readings and their
        search index): frozen, the collector no longer walks it, so its collections stay short
        instead of a full pass over everything during a paint or a keystroke. Only when this
        app is the process (``run``; not in tests, which run many apps in one process)."""
        if getattr(self, "_owns_process", False):
            gc.freeze()

    def get_default_screen(self) -> DeskScreen:
        """The desk is the first screen itself, not pushed over an empty one from on_mount: a
        screen pushed while the app starts is laid out and drawn once inside Textual's start-up
        batch, and that frame is thrown away (about a third of the first paint's CPU)."""
        return self.DESK(self.ctx, self.model)

    def on_key(self, event: events.Key) -> None:
        """Keys that reach the app while the desk opens a review are the review's first words:
        kept for the editor, never run as the desk's bindings (s would submit!)."""
        desk = self.screen
        if not isinstance(desk, DeskScreen) or desk.typed_ahead is None:
            return
        if event.is_printable or event.key in ("enter", "tab"):
            desk.typed_ahead.append({"enter": "\n", "tab": "\t"}.get(event.key,
                                                                     event.character or ""))
            event.prevent_default()  # no binding check (App._on_key) for it

    def exit(self, *args: Any, **kwargs: Any) -> None:
        """Leave now: downloads in flight are cancelled, not waited for (the screen would stay
        blank until a slow server finished)."""
        from paperdesk.services.fetch import cancel_network_work

        cancel_network_work()
        super().exit(*args, **kwargs)

    async def action_quit(self) -> None:
        """Quit, but never with unsaved review text: the editor asks first."""
        from paperdesk.tui.screens.editor import EditorScreen

        editors = [s for s in self.screen_stack if isinstance(s, EditorScreen)]
        unsaved = next((e for e in editors if e.dirty or e.saving), None)
        if unsaved is None:
            self.exit(0)
        elif unsaved is self.screen:
            unsaved.confirm_leave(lambda: self.exit(0))
        else:
            self.notify("Answer the open dialog first: a review has unsaved text.",
                        severity="warning")


def run_app(ctx: Context, *, collector_paused: bool = False) -> int:
    """Run the desk on ``ctx`` until the student quits; the exit code (0).
    ``collector_paused``: the caller paused the cycle collector (``gc.disable``) for the
    start-up; it is enabled again once the desk is drawn."""
    # Textual sizes the screen with shutil.get_terminal_size(), which believes COLUMNS and LINES
    # when a parent exported them: stale as soon as the terminal is resized or, after an $EDITOR
    # hand-over, a 120-column desk redrawn at 80. The terminal itself knows its size.
    for name in ("COLUMNS", "LINES"):
        os.environ.pop(name, None)
    app = PaperdeskApp(ctx)
    app.collector_paused = collector_paused
    result = app.run()
    return int(result or 0) if app.return_code in (None, 0) else int(app.return_code or 1)
