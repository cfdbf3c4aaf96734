"""Adding a paper from the desk: a typed dialog, the loopback arXiv, the new reading shown."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.widgets import Input, Label

from paperdesk.services.context import Context
from paperdesk.tui.app import PaperdeskApp
from paperdesk.tui.dialogs.add_paper import AddPaperDialog
from paperdesk.tui.screens.desk import DeskScreen
from paperdesk.tui.widgets.reading_list import ReadingList
from tests.arxiv.server import FakeArxiv
from tests.tui.conftest import settle
from tests.tui.harness import harness


async def test_a_adds_a_paper_and_shows_it(fake_arxiv: FakeArxiv, course_ws: Path,
                                           make_app: Callable[[], PaperdeskApp]) -> None:
    app = make_app()
    async with app.run_test(size=(120, 34)) as pilot:
        await settle(pilot)
        app.screen.query_one(ReadingList).move_to("goodfellow2014generative")
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, AddPaperDialog)
        await pilot.press(*"arXiv:2006.11239", "enter")
        await settle(pilot)
        assert isinstance(app.screen, DeskScreen)
        new = app.screen.query_one(ReadingList).highlighted
        assert new is not None and new.arxiv is not None and new.arxiv.base == "2006.11239"
        # the student's own list, under "My readings", never the course's readings.bib
        assert new.topic == "My readings" and new.personal
        assert new.key in app.screen.model.with_metadata
        assert len(app.screen.model.readings) == 50
        assert "2006.11239" not in (course_ws / "readings.bib").read_text(encoding="utf-8")
        mine = (course_ws / "my-readings.bib").read_text(encoding="utf-8")
        assert "2006.11239" in mine
        assert "topic         = {Creating GANs}" in mine  # the topic of the cursor's reading
        detail = str(app.screen.query_one("#detail-body").render())
        assert "does not count toward the course" in detail
        assert any("My readings" in str(n.message) for n in app._notifications)


async def test_a_bad_id_is_explained_in_the_dialog(course_ws: Path) -> None:
    """The dialog alone (harness; a opens it on the desk in the tests around this one), with no
    topic: the desk's when no reading is highlighted (a filter that matched nothing). Its topic
    box was given Widget.BLANK (False) for "none", which Textual 8's Select refused."""
    dialog = AddPaperDialog(Context.discover().catalog.topics(), None)
    async with harness(dialog, size=(120, 34)) as pilot:
        await pilot.press(*"1706.037", "enter")
        await pilot.pause()
        assert pilot.app.screen is dialog  # still open
        assert "5 digits" in str(dialog.query_one("#arxiv-problem", Label).render()) or \
            "4 or 5 digits" in str(dialog.query_one("#arxiv-problem", Label).render())
        assert dialog.query_one("#arxiv", Input).has_focus
        await pilot.press("escape")
        await pilot.pause()
        assert pilot.app.screen is not dialog and len(pilot.app.screen_stack) == 1


async def test_a_paper_already_listed_is_an_error(fake_arxiv: FakeArxiv,
                                                  make_app: Callable[[], PaperdeskApp]) -> None:
    app = make_app()
    async with app.run_test(size=(120, 34)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"1706.03762", "enter")
        await settle(pilot)
        errors = [n.message for n in app._notifications if n.severity == "error"]
        assert errors and "vaswani2017attention" in errors[0]
        assert len(app.screen.model.readings) == 49
