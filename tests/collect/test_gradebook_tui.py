"""The stored gradebook in the TUI: a progress bar while collecting, students in doubt marked,
a review rendered (s: its source), its PDF a key away (p)."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable, Markdown, ProgressBar, Static, TextArea

from paperdesk.services.context import Context
from paperdesk.tui.gradebook_app import CollectingScreen, GradebookApp
from paperdesk.tui.screens.gradebook import GradebookScreen, ReviewSource
from tests.collect.builders import NOW, on_time, write_reviews

# Looks every POLL s, for up to WAIT s (a deadline only a failure reaches).
POLL, WAIT = 0.02, 60.0


async def _wait_for(pilot: object, app: GradebookApp, kind: type) -> None:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:  # collecting typesets in a worker: wait for the screen
        if isinstance(app.screen, kind) and app.screen.is_mounted:
            for _ in range(3):  # and for its on_mount to fill it
                await pilot.pause()  # type: ignore[attr-defined]
            return
        await pilot.pause(POLL)  # type: ignore[attr-defined]
    raise AssertionError(f"no {kind.__name__} after {WAIT:.0f} s")


async def test_collect_with_a_progress_bar_then_browse(instructor: Path, submissions: Path,
                                                       tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    write_reviews(submissions / "ada" / "reviews", on_time(3), "Ada Lovelace", "ada@uni.edu")
    write_reviews(submissions / "zed" / "reviews", on_time(2), "Zed Stranger", "zed@else.org")
    (tmp_path / "roster.csv").write_text("name,email\nAda Lovelace,ada@uni.edu\n",
                                         encoding="utf-8")
    env = {"PAPERDESK_NOW": NOW, "PAPERDESK_OPENER": "true"}
    ctx = Context.discover(str(instructor), env)
    from paperdesk.services.gradebook import import_roster

    import_roster(ctx, tmp_path / "roster.csv")
    # The collect reports one review of two typeset, then waits until the bar has been seen.
    from paperdesk.services import collect as collect_service

    seen = threading.Event()
    real = collect_service.collect

    def held(paths: Any, ctx: Context, **kwargs: Any) -> Any:
        kwargs["progress"](1, 2, "r00.md")
        seen.wait(60)
        return real(paths, ctx, **kwargs)

    monkeypatch.setattr(collect_service, "collect", held)
    app = GradebookApp(None, ctx, [str(submissions)], jobs=1)
    async with app.run_test(size=(120, 36)) as pilot:
        await _wait_for(pilot, app, CollectingScreen)
        bar = app.screen.query_one(ProgressBar)
        deadline = time.monotonic() + WAIT
        while bar.progress != 1 and time.monotonic() < deadline:
            await pilot.pause(POLL)
        assert (bar.progress, bar.total) == (1, 2)
        assert "Typesetting 1 of 2" in str(app.screen.query_one("#collecting-step").render())
        seen.set()
        await _wait_for(pilot, app, GradebookScreen)
        students = app.screen.query_one("#students", DataTable)
        names = [str(students.get_row_at(i)[0]) for i in range(students.row_count)]
        assert names == ["Ada Lovelace", "! Zed Stranger"]  # not on the roster: marked
        await pilot.press("down")
        await pilot.pause()
        facts = str(app.screen.query_one("#student-facts", Static).render())
        assert "look at this student first" in facts

        await pilot.press("up", "tab", "enter")  # Ada's first review
        await pilot.pause()
        assert isinstance(app.screen, ReviewSource)
        rendered = app.screen.query_one("#source-rendered")
        assert rendered.display and not app.screen.query_one(TextArea).display
        assert app.screen.query_one(Markdown) is not None
        await pilot.press("s")
        await pilot.pause()
        assert app.screen.query_one(TextArea).display and not rendered.display
        await pilot.press("p")
        deadline = time.monotonic() + WAIT
        while not (pdfs := list((instructor / ".paperdesk" / "gradebook").glob("*.pdf"))) \
                and time.monotonic() < deadline:
            await pilot.pause(POLL)
        assert pdfs and pdfs[0].read_bytes().startswith(b"%PDF-")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("q")


def test_gradebook_tui_flag_opens_the_stored_gradebook(cli: object, instructor: Path,
                                                       submissions: Path,
                                                       monkeypatch: object) -> None:
    import paperdesk.tui.gradebook_app as gradebook_app

    write_reviews(submissions / "ada" / "reviews", on_time(2), "Ada Lovelace", "ada@uni.edu")
    cli("collect", str(submissions), "--jobs", "1")  # type: ignore[operator]
    shown = []
    monkeypatch.setattr(gradebook_app, "run_gradebook",  # type: ignore[attr-defined]
                        lambda book, ctx=None: shown.append(book) or 0)
    result = cli("gradebook", "--tui")  # type: ignore[operator]
    assert result.code == 0 and [s.name for s in shown[0].students] == ["Ada Lovelace"]
