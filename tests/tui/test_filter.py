"""Filtering the desk as you type: case- and accent-insensitive, over title, authors, key, topic
and abstract; Esc clears it."""

from __future__ import annotations

from collections.abc import Callable

from paperdesk.tui.app import PaperdeskApp
from paperdesk.tui.widgets.reading_list import ReadingList
from tests.tui.conftest import screen_text, settle, wait_until


def shown_keys(app: PaperdeskApp) -> list[str]:
    return [r.key for r in app.screen.query_one(ReadingList).shown_readings]


async def test_accents_and_case_do_not_matter(make_app: Callable[[], PaperdeskApp]) -> None:
    app = make_app()  # one desk for the four spellings: each is typed into a cleared filter
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        everything = shown_keys(app)
        for typed in ["schoelkopf", "Scholkopf", "SCHÖLKOPF", "schölkopf"]:
            await pilot.press("slash", *typed)
            await pilot.pause()
            assert shown_keys(app) == ["tolstikhin2018wasserstein"], typed
            assert "Wasserstein Auto-Encoders" in screen_text(pilot), typed
            await pilot.press("escape")
            await pilot.pause()
            assert shown_keys(app) == everything, typed


async def test_every_word_must_match_somewhere(make_app: Callable[[], PaperdeskApp]) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        everything = shown_keys(app)
        assert len(everything) == 49
        await pilot.press("slash", *"goodfellow gan")  # an author and a word of a title
        await pilot.pause()
        keys = shown_keys(app)
        assert keys and set(keys) < set(everything)
        assert "goodfellow2014generative" in keys
        await pilot.press("escape")
        await pilot.pause()
        assert shown_keys(app) == everything
        assert app.focused is app.screen.query_one(ReadingList)


async def test_topic_and_key_are_searched(make_app: Callable[[], PaperdeskApp]) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"advanced gans")
        await pilot.pause()
        topics = {r.topic for r in app.screen.query_one(ReadingList).shown_readings}
        assert topics == {"Advanced GANs"}
        await pilot.press("escape", "slash", *"vaswani2017")
        await pilot.pause()
        assert shown_keys(app) == ["vaswani2017attention"]


async def test_no_match_says_so(make_app: Callable[[], PaperdeskApp]) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"zzzqqq")
        await pilot.pause()
        assert shown_keys(app) == []
        assert "No reading matches 'zzzqqq'" in screen_text(pilot)


async def test_keys_typed_right_after_slash_reach_the_filter(
        make_app: Callable[[], PaperdeskApp]) -> None:
    from textual import events
    from textual.widgets import Input

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        for key, char in [("slash", "/"), ("s", "s"), ("a", "a"), ("slash", "/"), ("f", "f")]:
            app._driver.send_message(events.Key(key, char))  # all at once, as a fast typist
        field = app.screen.query_one("#filter", Input)
        await wait_until(lambda: len(field.value) == 4, "the five keys to be handled")
        await pilot.pause()
        assert field.value == "sa/f"  # no submit, add, fetch
        assert app.screen.id == "desk"


async def test_the_mouse_picks_and_opens_a_reading(make_app: Callable[[], PaperdeskApp]) -> None:
    from paperdesk.tui.screens.editor import EditorScreen

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        readings = app.screen.query_one(ReadingList)
        # line 0 is the column header, 1 the first topic, 2 its reading, 3 the next topic...
        await pilot.click(ReadingList, offset=(10, 5))
        await pilot.pause()
        assert readings.highlighted is not None
        assert readings.highlighted.key == readings.rows[4].key  # type: ignore[union-attr]
        await pilot.click(ReadingList, offset=(10, 3))  # a topic heading: the cursor stays
        await pilot.pause()
        assert readings.highlighted.key == readings.rows[4].key  # type: ignore[union-attr]
        await pilot.click(ReadingList, offset=(10, 5), times=2)
        await settle(pilot)
        assert isinstance(app.screen, EditorScreen)


async def test_a_filtered_desk_on_80_columns_still_shows_help_and_quit(
        make_app: Callable[[], PaperdeskApp]) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"luong", "enter")
        await settle(pilot)
        footer = screen_text(pilot).splitlines()[-1]
        assert "esc Show all" in footer and "? Help" in footer and "q Quit" in footer
        await pilot.press("escape")
        await settle(pilot)
        assert "/ Filter" in screen_text(pilot).splitlines()[-1]


async def test_vae_shows_only_what_says_vae(make_app: Callable[[], PaperdeskApp]) -> None:
    """'ae' typed is 'ae': it used to widen to 'a' (as if ä), and 34 of 49 readings showed."""
    from paperdesk.core.search import search

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        everything = app.screen.query_one(ReadingList).shown_readings
        await pilot.press("slash", *"vae")
        await pilot.pause()
        keys = shown_keys(app)
        assert len(keys) == 18
        assert all("vae" in f"{r.title} {r.key} {r.topic}".lower()
                   for r in app.screen.query_one(ReadingList).shown_readings)
        assert "vaswani2017attention" not in keys
        assert keys == [r.key for r in search(everything, "vae")]  # what list --search shows


async def test_at_120_columns_the_filter_says_how_to_leave_it_and_keeps_help(
        make_app: Callable[[], PaperdeskApp]) -> None:
    from textual.widgets import Input

    from paperdesk.tui.screens.help import HelpScreen

    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"transformer")
        await settle(pilot)
        footer = screen_text(pilot).splitlines()[-1]
        # typing: every letter is text, so the footer names the keys that still do something
        assert "↓/tab List" in footer and "esc Show all" in footer and "f1 Help" in footer
        await pilot.press("down")  # to the list, the filter kept
        await settle(pilot)
        assert app.focused is app.screen.query_one(ReadingList)
        assert app.screen.query_one("#filter", Input).value == "transformer"
        footer = screen_text(pilot).splitlines()[-1]
        assert "esc Show all" in footer and "? Help" in footer and "q Quit" in footer
        assert "↓/tab List" not in footer
        first = app.screen.query_one(ReadingList).highlighted
        await pilot.press("down")  # in the list, down is the list's again
        await pilot.pause()
        assert app.screen.query_one(ReadingList).highlighted != first
        await pilot.press("slash", "f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)


async def test_showing_and_hiding_the_filter_restyles_the_box_not_the_desk(
        make_app: Callable[[], PaperdeskApp], monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """/ and Esc show and hide one box: the desk's other widgets are not styled again (a class
    on the screen restyled every widget of the desk at each of them)."""
    from textual.dom import DOMNode
    from textual.widgets import Input

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        box = app.screen.query_one("#filter", Input)
        assert not box.display
        restyled: list[DOMNode] = []
        real = app.update_styles

        def update_styles(node: DOMNode, animate: bool = True) -> None:
            restyled.append(node)
            real(node, animate=animate)

        monkeypatch.setattr(app, "update_styles", update_styles)
        await pilot.press("slash")
        await pilot.pause()
        assert box.display and app.focused is box
        await pilot.press("escape")
        await pilot.pause()
        assert not box.display and app.focused is app.screen.query_one(ReadingList)
        assert box in restyled  # shown, then hidden, by its own class
        assert app.screen not in restyled
