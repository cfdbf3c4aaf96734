"""The marking screen: mark with points and a comment, next unmarked, reopen and see the mark."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import TextArea

from paperdesk.services.context import Context
from paperdesk.services.gradebook import build
from paperdesk.tui.gradebook_app import GradebookApp
from paperdesk.tui.screens.gradebook import GradebookScreen
from paperdesk.tui.screens.marking import MarkingScreen, math_as_source
from tests.tui.conftest import screen_text, settle
from tests.tui.harness import harness


def _app() -> GradebookApp:
    ctx = Context.discover()
    return GradebookApp(build(ctx), ctx)


def _as_m_opens_it() -> MarkingScreen:
    """The marking screen on the gradebook as stored, at its first student's first review:
    what m opens on the gradebook as it first shows (that key, and escape back to the
    gradebook, are tested through ``GradebookApp`` above and below)."""
    ctx = Context.discover()
    book = build(ctx)
    first = book.students[0]
    return MarkingScreen(ctx, book, first.key, first.reviews[0].reading)


def test_math_is_shown_as_its_source() -> None:
    assert math_as_source("a $x^2$ and $$\\int f$$ b") == "a `$x^2$` and `$$\\int f$$` b"


async def test_mark_comment_next_unmarked_and_reopen(cli: Any, marked_class: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAPERDESK_GRADER", "TA Uma")
    app = _app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, GradebookScreen)
        await pilot.press("m")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MarkingScreen)
        text = screen_text(pilot)
        assert "Ada Lovelace" in text and "r00" in text
        assert "Marked 1 of 2 by TA Tess" in text  # another TA's mark shows who
        await pilot.press("u")  # r00, r01 are marked: the next unmarked is r02
        await pilot.pause()
        assert screen.current is not None and screen.current[1].reading == "r02"
        assert "Not marked yet" in screen_text(pilot)
        await pilot.press("1")
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.focused, TextArea)
        await pilot.press(*"Good *summary*; 2 is for $x$.")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Marked 1 of 2 by TA Uma" in screen_text(pilot)
        await pilot.press("3")  # over points_per_review: refused
        await pilot.pause()
        assert screen.current is not None and screen.current[1].points == 1
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, GradebookScreen)
    data = json.loads(cli("gradebook", "--json").out)
    ada = next(s for s in data["students"] if s.get("email") == "ada@uni.edu")
    r02 = next(r for r in ada["reviews"] if r["reading"] == "r02")
    assert r02["points"] == 1 and r02["override"]["comment"] == "Good *summary*; 2 is for $x$."
    assert r02["override"]["grader"] == "TA Uma" and r02["override"]["at"]
    ctx = Context.discover()  # reopened, on the gradebook as stored: the mark is there
    async with harness(MarkingScreen(ctx, build(ctx), "ada@uni.edu", "r02"), size=(120, 40),
                       desk_styles=False) as pilot:
        await settle(pilot)
        text = screen_text(pilot)
        assert "Marked 1 of 2 by TA Uma" in text and "Good *summary*" in text


async def test_next_and_previous_move_through_the_reviews(marked_class: Path) -> None:
    screen = _as_m_opens_it()
    async with harness(screen, size=(80, 24), desk_styles=False) as pilot:
        await settle(pilot)
        assert pilot.app.screen is screen
        first = screen.index
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert screen.index == first + 1
        await pilot.press("left_square_bracket", "left_square_bracket")
        await pilot.pause()
        assert screen.index == (first - 1) % len(screen.items)


async def test_marking_by_rubric_sums_the_item_scores(cli: Any, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.feedback.test_rubric_and_modes import RUBRIC, _course

    _course(tmp_path / "rubric", RUBRIC, monkeypatch, cli)
    screen = _as_m_opens_it()
    async with harness(screen, size=(120, 40), desk_styles=False) as pilot:
        await settle(pilot)
        assert pilot.app.screen is screen
        assert "▸ Summary [-/1] states the question and the answer" in screen_text(pilot)
        await pilot.press("2")  # over the item's points: refused
        await pilot.press("1")
        await pilot.pause()
        assert "▸ Critique [-/1]" in screen_text(pilot)
        await pilot.press("0")
        await pilot.pause()
        text = screen_text(pilot)
        assert "Marked 1 of 2 by TA Tess" in text and "Summary [1/1]" in text
    data = json.loads(cli("gradebook", "--json").out)
    r00 = data["students"][0]["reviews"][0]
    assert r00["points"] == 1 and r00["override"]["rubric"] == {"Summary": 1, "Critique": 0}


async def test_the_gradebook_shows_how_far_the_marking_is(marked_class: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from paperdesk.core.marking import progress

    monkeypatch.setenv("PAPERDESK_GRADER", "TA Uma")
    app = _app()
    before = progress(build(Context.discover()))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, GradebookScreen)
        text = screen_text(pilot)
        assert f"Marked {before.marked} of {before.total} counted reviews (TA Tess" in text
        assert f"{before.marked}/{before.total} marked" in app.screen.sub_title
        await pilot.press("m")
        await pilot.pause()
        await pilot.press("u", "1")  # the next unmarked review gets 1 point
        await pilot.pause()
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, GradebookScreen)
        text = screen_text(pilot)
        assert f"Marked {before.marked + 1} of {before.total} counted reviews" in text
        assert "TA Uma" in text
        assert f"{before.marked + 1}/{before.total} marked" in app.screen.sub_title
        assert "Ada Lovelace  4   0   0     0     6/40" in text  # the points column follows


async def test_c_and_escape_restyle_the_comment_box_not_the_screen(
        marked_class: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """c shows one box, escape hides it: the screen's other widgets are not styled again (a
    class on the screen restyled all of them at each)."""
    from textual.dom import DOMNode

    screen = _as_m_opens_it()
    async with harness(screen, size=(80, 24), desk_styles=False) as pilot:
        await settle(pilot)
        box = screen.query_one("#marking-comment", TextArea)
        assert not box.display
        restyled: list[DOMNode] = []
        real = pilot.app.update_styles

        def update_styles(node: DOMNode, animate: bool = True) -> None:
            restyled.append(node)
            real(node, animate=animate)

        monkeypatch.setattr(pilot.app, "update_styles", update_styles)
        await pilot.press("c")
        await pilot.pause()
        assert box.display and pilot.app.focused is box
        await pilot.press("1")  # text now, not a mark
        await pilot.pause()
        assert box.text.startswith("1Clear summary")  # r00's comment, typed into
        await pilot.press("escape")
        await pilot.pause()
        assert not box.display and pilot.app.screen is screen
        assert box in restyled and screen not in restyled
