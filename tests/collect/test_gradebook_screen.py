"""The gradebook screen, driven by Pilot: browse students, open a review, close, quit."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Static, TextArea

from paperdesk.core.gradebook import Gradebook
from paperdesk.services.collect import collect
from paperdesk.services.context import Context
from paperdesk.tui.gradebook_app import GradebookApp
from paperdesk.tui.screens.gradebook import GradebookScreen, ReviewSource
from tests.collect.builders import LONG, Spec, on_time, write_reviews


def _book(ctx: Context, submissions: Path) -> Gradebook:
    write_reviews(submissions / "hana" / "reviews", on_time(3), "Hana Hill", "hana@uni.edu")
    write_reviews(submissions / "ivan" / "reviews",
                  [*on_time(2), Spec("r05", "2021-04-10T10:00:00-05:00", body=LONG)],
                  "Ivan Ivers", "ivan@uni.edu")
    return collect([submissions], ctx)


def _text(app: GradebookApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def test_browse_students_and_open_a_review(ctx: Context, submissions: Path) -> None:
    book = _book(ctx, submissions)
    app = GradebookApp(book)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, GradebookScreen)
        students = screen.query_one("#students", DataTable)
        reviews = screen.query_one("#reviews", DataTable)
        assert students.row_count == 2
        assert "Hana Hill" in _text(app, "#student-facts")
        assert reviews.row_count == 3

        await pilot.press("down")  # Ivan: one review over the page limit
        await pilot.pause()
        assert "Ivan Ivers" in _text(app, "#student-facts")
        assert "4/40 points" in _text(app, "#student-facts")
        assert "over the page limit" in _text(app, "#problems")
        outcomes = [str(reviews.get_row_at(i)[4]) for i in range(reviews.row_count)]
        assert outcomes == ["counted (Batch 1)", "counted (Batch 1)", "over length"]

        await pilot.press("tab", "down", "down", "enter")  # to the reviews; open the third
        await pilot.pause()
        assert isinstance(app.screen, ReviewSource)
        source = app.screen.query_one(TextArea)
        assert source.read_only and "reading: r05" in source.text
        assert "over length" in str(app.screen.query_one("#source-facts", Static).render())

        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, GradebookScreen)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_enter_on_a_student_goes_to_their_reviews(ctx: Context, submissions: Path) -> None:
    app = GradebookApp(_book(ctx, submissions))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        assert app.screen.focused is app.screen.query_one("#reviews", DataTable)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReviewSource)
        assert "Hana Hill" in str(app.screen.query_one("#source-facts", Static).render())


async def test_at_80_columns_everything_that_matters_is_on_screen(ctx: Context,
                                                                  submissions: Path) -> None:
    app = GradebookApp(_book(ctx, submissions))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert screen.has_class("-narrow")
        students = screen.query_one("#students", DataTable)
        reviews = screen.query_one("#reviews", DataTable)
        problems = screen.query_one("#problems-box")
        # Students above, reviews below, each as wide as the screen: the outcome and the
        # points are not scrolled off to the right.
        assert students.region.width >= 76 and reviews.region.y > students.region.bottom - 1
        assert reviews.virtual_size.width <= reviews.region.width
        assert students.virtual_size.width <= students.region.width
        assert problems.region.bottom <= 23 and problems.region.height >= 1

        await pilot.press("down")  # Ivan; tab, tab: his problems, which scroll
        await pilot.press("tab", "tab")
        assert screen.focused is problems

        await pilot.press("tab", "tab", "down", "down", "enter")  # his over-length review
        await pilot.pause()
        assert isinstance(app.screen, ReviewSource)
        mine = str(app.screen.query_one("#source-problems", Static).render())
        assert "over the page limit" in mine and "typesets to 2 pages" in mine
