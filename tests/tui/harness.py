"""A small harness: one screen or widget in an app of its own, with the desk's styles.

For tests whose point is that screen or widget: no desk is built, no catalog worker or extras
worker runs beside it, so the test waits for nothing else and races nothing else.

    async with harness(WeekScreen(ctx, model), size=(120, 34)) as pilot: ...
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widget import Widget

from paperdesk.tui.app import PaperdeskApp


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


@asynccontextmanager
async def harness(subject: Screen[object] | Widget,
                  size: tuple[int, int] = (120, 34)) -> AsyncIterator[Pilot[None]]:
    app = Harness(subject)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        yield pilot
