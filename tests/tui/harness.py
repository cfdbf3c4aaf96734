"""A small harness: one screen or widget in an app of its own, with the desk's styles.

For tests whose point is that screen or widget: no desk is built, no catalog worker or extras
worker runs beside it, so the test waits for nothing else and races nothing else (and costs a
third of a desk: the desk's first paint is most of a TUI test's CPU).

    async with harness(WeekScreen(ctx, model), size=(120, 34)) as pilot: ...
    async with harness(editor_on("vaswani2017attention")) as pilot: ...
    async with harness(MarkingScreen(ctx, book), desk_styles=False) as pilot: ...

What the desk adds around a screen (the key that opens it, what it shows on the way back) is
tested through the desk, once per screen: tests/tui/test_review.py, test_week.py, test_keys.py.
The instructor's screens (gradebook, marking) live in ``GradebookApp``, which has no styles of
its own: ``desk_styles=False`` gives them an app as bare as that one (what ``m`` on the gradebook
opens, and ``escape`` goes back to, is tested through it: tests/feedback/test_marking_screen.py).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widget import Widget

from paperdesk.services.context import Context
from paperdesk.tui.app import PaperdeskApp
from paperdesk.tui.gradebook_app import GradebookApp
from paperdesk.tui.screens.editor import EditorScreen


class Harness(App[None]):
    CSS_PATH = PaperdeskApp.CSS_PATH
    HORIZONTAL_BREAKPOINTS = PaperdeskApp.HORIZONTAL_BREAKPOINTS
    VERTICAL_BREAKPOINTS = PaperdeskApp.VERTICAL_BREAKPOINTS

    def __init__(self, subject: Screen[object] | Widget) -> None:
        super().__init__()
        self.subject = subject

    def compose(self) -> ComposeResult:
        if not isinstance(self.subject, Screen):
            yield self.subject

    def on_mount(self) -> None:
        if isinstance(self.subject, Screen):
            self.push_screen(self.subject)


class BareHarness(Harness):
    """The harness without the desk's styles and breakpoints, as ``GradebookApp`` is."""

    TITLE = GradebookApp.TITLE
    CSS_PATH = None
    HORIZONTAL_BREAKPOINTS = App.HORIZONTAL_BREAKPOINTS
    VERTICAL_BREAKPOINTS = App.VERTICAL_BREAKPOINTS


@asynccontextmanager
async def harness(subject: Screen[object] | Widget, size: tuple[int, int] = (120, 34),
                  desk_styles: bool = True) -> AsyncIterator[Pilot[None]]:
    app = Harness(subject) if desk_styles else BareHarness(subject)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        yield pilot


def editor_on(key: str, autosave_delay: float | None = None) -> EditorScreen:
    """The editor on ``key``'s review (made from the template if there is none), as the desk's
    r opens it on a workspace with no cached abstracts; the autosave is off unless asked for
    (as in ``make_app``)."""
    from paperdesk.services.reviews import create_review

    ctx = Context.discover()
    reading = ctx.catalog.get(key)
    assert reading is not None, key
    return EditorScreen(ctx, reading, create_review(ctx, key), "", autosave_delay=autosave_delay)
