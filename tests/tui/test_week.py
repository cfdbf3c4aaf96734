"""This week: the current week highlighted, what to read next, the burn-up chart."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.widgets import DataTable, Label, OptionList

from paperdesk.services.context import Context
from paperdesk.services.reviews import create_review, save_review, submit
from paperdesk.tui.app import PaperdeskApp
from paperdesk.tui.data.loading import first_paint_model
from paperdesk.tui.screens.desk import DeskScreen
from paperdesk.tui.screens.week import WeekScreen
from paperdesk.tui.widgets.burnup import WeekColumn
from paperdesk.tui.widgets.reading_list import ReadingList
from tests.tui.conftest import screen_text, settle
from tests.tui.harness import harness


def finish(key: str) -> None:
    ctx = Context.discover()
    loaded = create_review(ctx, key)
    save_review(ctx, loaded, loaded.text + "\nA real review of it, in a few words.\n")
    submit(ctx, key)


async def test_the_week_of_now_is_highlighted_with_its_plan(course_ws: Path) -> None:
    finish("vaswani2017attention")
    ctx = Context.discover()
    week = WeekScreen(ctx, first_paint_model(ctx))
    async with harness(week, size=(160, 48)) as pilot:  # w on the desk: the tests below
        await settle(pilot)
        screen = pilot.app.screen
        assert screen is week
        assert screen.query_one("#calendar", DataTable).cursor_row == 2  # week 3, Apr 14
        text = screen_text(pilot)
        assert "This week: Transformers" in text
        assert "Next: Batch 1, Wed Apr 21 (7 days left), 9 more final reviews" in text
        options = screen.query_one("#read-next", OptionList)
        ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
        assert "sutskever2014sequence" in ids  # a Transformers reading not reviewed yet
        assert "vaswani2017attention" not in ids  # reviewed already
        assert "goodfellow2014generative" not in ids  # GANs come later
        columns = list(screen.query(WeekColumn))
        assert [c.point.done for c in columns[:4]] == [0, 0, 1, None]
        assert columns[2].has_class("-current")
        verdict = str(screen.query_one("#burnup-verdict", Label).render())
        assert verdict.startswith("Behind: 1 final, the pace needs 10")


async def test_picking_a_reading_goes_to_it_on_the_desk(
        make_app: Callable[[], PaperdeskApp]) -> None:
    app = make_app()
    async with app.run_test(size=(120, 34)) as pilot:
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        options = app.screen.query_one("#read-next", OptionList)
        options.focus()
        options.highlighted = 1
        picked = options.get_option_at_index(1).id
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DeskScreen)
        assert app.screen.query_one(ReadingList).highlighted.key == picked  # type: ignore[union-attr]


async def test_browsing_weeks_shows_what_is_due(course_ws: Path) -> None:
    ctx = Context.discover()
    week = WeekScreen(ctx, first_paint_model(ctx))
    async with harness(week) as pilot:  # the week screen alone: no desk behind it
        await settle(pilot)
        assert pilot.app.screen is week
        await pilot.press("down")
        await pilot.pause()
        assert "Due in class: 10 readings" in screen_text(pilot)
        await pilot.press("t")
        await pilot.pause()
        assert "This week: Transformers" in screen_text(pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert pilot.app.screen is not week


async def test_w_opens_the_week_and_escape_goes_back(make_app: Callable[[], PaperdeskApp]) -> None:
    app = make_app()
    async with app.run_test(size=(120, 34)) as pilot:
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        assert isinstance(app.screen, WeekScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, DeskScreen)
