"""The footer, the help screen and the command palette all come from the same bindings."""

from __future__ import annotations

from collections.abc import Callable

from textual.binding import Binding
from textual.command import CommandList, CommandPalette

from paperdesk.tui.app import PaperdeskApp
from paperdesk.tui.bindings import key_help
from paperdesk.tui.screens.desk import DeskScreen
from paperdesk.tui.screens.help import HelpScreen
from paperdesk.tui.widgets.footer import ResponsiveFooter
from tests.tui.conftest import screen_text, settle, wait_until

ISSUE_KEYS = {"f", "p", "o", "r", "s", "m", "e", "a", "/", "?", "q"}


def desk_bindings() -> list[Binding]:
    return [b for b in DeskScreen.BINDINGS if isinstance(b, Binding)]


def test_every_key_of_the_issue_is_a_described_binding() -> None:
    keys = {b.key_display or b.key for b in desk_bindings()}
    assert keys >= ISSUE_KEYS
    for binding in desk_bindings():
        assert binding.description and binding.tooltip and binding.id, binding


async def test_help_lists_every_desk_binding(make_app: Callable[[], PaperdeskApp]) -> None:
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        shown = {str(label.render()) for label in app.screen.query(".help-tooltip")}
        for binding in desk_bindings():
            # only offered while a filter is on, or while typing in it
            if binding.action not in ("clear_filter", "to_list", "help_f1"):
                assert binding.tooltip in shown, binding.tooltip
        assert "Mark the reading; f fetches the marked ones" in shown  # the list's own keys
        await pilot.press("escape")
        assert isinstance(app.screen, DeskScreen)


async def test_the_palette_runs_a_binding_by_name(make_app: Callable[[], PaperdeskApp]) -> None:
    app = make_app()
    async with app.run_test(size=(120, 34)) as pilot:
        await settle(pilot)
        rows = key_help(app.screen)
        assert {r.description for r in rows} >= {
            b.description for b in desk_bindings()
            if b.action not in ("clear_filter", "to_list", "help_f1")}  # only while filtering
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"this week")

        def offered() -> bool:  # the palette searches in the background (in batches)
            found = app.screen.query(CommandList)
            top = found.first().highlighted if found else None
            return top is not None and "week" in str(
                found.first().get_option_at_index(top).prompt).lower()

        await wait_until(offered, "the palette to offer 'this week'")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.id == "week"


async def test_the_footer_fits_80_columns(make_app: Callable[[], PaperdeskApp]) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        footer = screen_text(pilot).splitlines()[-1]
        for shown in ("f Fetch", "r Review", "s Submit", "? Help", "q Quit"):
            assert shown in footer


async def test_the_footer_keys_answer_the_pointer(make_app: Callable[[], PaperdeskApp]) -> None:
    """One widget draws the footer: the key under the pointer is lit, tells what it does, and
    a click on it is its key pressed (Textual's FooterKey widgets did all three)."""
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        footer = app.screen.query_one(ResponsiveFooter)
        line = screen_text(pilot).splitlines()[-1]
        help_at = line.index("? Help")
        await pilot.hover(ResponsiveFooter, offset=(help_at + 1, 0))
        await settle(pilot)
        assert footer.tooltip == "Every key of this screen, with what it does"
        def background(x: int) -> object:
            return next(iter(footer.render_line(0).crop(x, x + 1))).style.bgcolor

        assert background(help_at) == background(help_at + 5) != background(1)  # "f Fetch"
        await pilot.click(ResponsiveFooter, offset=(help_at + 1, 0))
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
