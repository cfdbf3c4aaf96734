"""Writing a review in the editor: open, type, save (by key and by itself), leave and quit
without losing text, and the page count from the real typeset PDF.

What the desk does around the editor (r and enter open it, the first review asks who the student
is, keys typed while it opens, leaving and quitting back through the desk) is tested on the desk;
the editor's own work (saving, the page count, its side panel) on the editor alone, in the
harness (tests/tui/harness.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Button, Label, TextArea

from paperdesk.tui.app import PaperdeskApp
from paperdesk.tui.dialogs.choice import ChoiceDialog
from paperdesk.tui.screens.desk import DeskScreen
from paperdesk.tui.screens.editor import EditorScreen, word_count
from paperdesk.tui.widgets.reading_list import ReadingList
from tests.tui.conftest import settle
from tests.tui.harness import editor_on, harness

KEY = "vaswani2017attention"


async def open_editor(pilot, key: str = KEY) -> EditorScreen:  # type: ignore[no-untyped-def]
    await settle(pilot)
    assert pilot.app.screen.query_one(ReadingList).move_to(key)
    await pilot.press("r")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, EditorScreen), screen
    return screen


@asynccontextmanager
async def editing(key: str = KEY, size: tuple[int, int] = (100, 30),
                  autosave_delay: float | None = None,
                  ) -> AsyncIterator[tuple[Pilot[None], EditorScreen]]:
    """The editor on ``key`` alone (no desk behind it), shown and settled."""
    editor = editor_on(key, autosave_delay)
    async with harness(editor, size=size) as pilot:
        await settle(pilot)
        assert pilot.app.screen is editor
        yield pilot, editor


async def type_text(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    area = pilot.app.screen.query_one(TextArea)
    area.insert(text)  # as typing does, at the cursor
    await pilot.pause()


async def test_a_new_review_starts_from_the_template(course_ws: Path) -> None:
    """The editor alone, as r opens it (r itself: test_typing_right_after_r_...)."""
    async with editing() as (_pilot, editor):
        text = editor.query_one(TextArea).text
        assert f"reading: {KEY}" in text and "student: Ada Lovelace" in text
        assert "<!-- What question does the reading ask" in text
        assert "Attention Is All You Need" in str(editor.query_one("#editor-reading").render())
        assert str(editor.query_one("#words", Label).render()) == "0 words"
        # looking is not writing: no file until the student writes something
        assert not (course_ws / "reviews" / f"{KEY}.md").exists()
        assert str(editor.query_one("#saved", Label).render()) == "nothing written yet"


async def test_enter_then_escape_leaves_no_file(make_app: Callable[[], PaperdeskApp],
                                               course_ws: Path) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.screen.query_one(ReadingList).move_to(KEY)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, EditorScreen)
        await pilot.press("escape")  # nothing written: nothing to ask about
        await settle(pilot)
        assert isinstance(app.screen, DeskScreen)
        assert list((course_ws / "reviews").iterdir()) == []
        assert app.screen.model.status(KEY) == "unread"


async def test_typing_then_deleting_it_leaves_no_file(course_ws: Path) -> None:
    """Only the template's prompts is not text: no save, no question when leaving."""
    async with editing() as (pilot, editor):
        await pilot.press(*"Hm", "backspace", "backspace")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not editor.dirty
        assert list((course_ws / "reviews").iterdir()) == []
        await pilot.press("escape")
        await settle(pilot)
        assert len(pilot.app.screen_stack) == 1  # left at once: no question asked
        assert list((course_ws / "reviews").iterdir()) == []


async def test_ctrl_s_saves_and_the_count_follows(course_ws: Path) -> None:
    async with editing() as (pilot, editor):
        await type_text(pilot, "Attention replaces recurrence entirely. ")
        assert editor.dirty
        assert str(editor.query_one("#words", Label).render()) == "4 words"
        assert str(editor.query_one("#saved", Label).render()) == "unsaved"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not editor.dirty
        saved = (course_ws / "reviews" / f"{KEY}.md").read_text(encoding="utf-8")
        assert "Attention replaces recurrence entirely." in saved
        assert str(editor.query_one("#saved", Label).render()) == "saved"
        assert str(editor.query_one("#pages", Label).render()) == "fits on one page"


async def test_autosave_after_a_pause(course_ws: Path) -> None:
    async with editing(autosave_delay=0.05) as (pilot, editor):  # injected: the second, shortened
        await type_text(pilot, "Saved without asking. ")
        for _ in range(200):  # waits for the timer, however late a loaded machine fires it
            await pilot.pause(0.05)
            await settle(pilot)
            if not editor.dirty:
                break
        assert not editor.dirty
        saved = (course_ws / "reviews" / f"{KEY}.md").read_text(encoding="utf-8")
        assert "Saved without asking." in saved
        assert not list((course_ws / "reviews").glob(".*"))  # no temporary file left behind


async def test_leaving_with_unsaved_text_asks_and_saves(make_app: Callable[[], PaperdeskApp],
                                                       course_ws: Path) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_editor(pilot)
        await type_text(pilot, "Do not lose me. ")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.click("#save")
        await settle(pilot)
        assert isinstance(app.screen, DeskScreen)
        saved = (course_ws / "reviews" / f"{KEY}.md").read_text(encoding="utf-8")
        assert "Do not lose me." in saved
        assert app.screen.model.status(KEY) == "draft"


async def test_quitting_with_unsaved_text_asks_first(make_app: Callable[[], PaperdeskApp],
                                                    course_ws: Path) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_editor(pilot)
        await type_text(pilot, "Half a thought")
        await pilot.press("ctrl+q")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ChoiceDialog)
        question = str(dialog.query_one(".dialog-help").render())
        assert "has changes that are not saved yet" in question
        await pilot.press("escape")  # keep editing
        await pilot.pause()
        assert isinstance(app.screen, EditorScreen)
        assert app.is_running
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.click("#save")
        await settle(pilot)
    assert app.return_code == 0
    saved = (course_ws / "reviews" / f"{KEY}.md").read_text(encoding="utf-8")
    assert "Half a thought" in saved


async def test_quitting_and_discarding_keeps_the_file_as_it_was(
        make_app: Callable[[], PaperdeskApp], course_ws: Path) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_editor(pilot)
        await type_text(pilot, "Throw me away")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        assert [b.id for b in app.screen.query(Button)] == ["save", "discard", "cancel"]
        await pilot.click("#discard")
        await pilot.pause()
    assert app.return_code == 0
    assert not (course_ws / "reviews" / f"{KEY}.md").exists()  # a new review: still no file


async def test_a_change_on_disk_is_never_overwritten(course_ws: Path) -> None:
    from tests.tui.test_submit import write_review

    write_review(KEY, "Mine, from before.")
    async with editing() as (pilot, _editor):
        app = pilot.app
        path = course_ws / "reviews" / f"{KEY}.md"
        theirs = path.read_text(encoding="utf-8") + "\nWritten in another editor.\n"
        path.write_text(theirs, encoding="utf-8")
        await type_text(pilot, "Mine. ")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceDialog)  # "changed on disk": keep both or overwrite
        assert path.read_text(encoding="utf-8") == theirs
        await pilot.click("#both")
        await settle(pilot)
        assert isinstance(app.screen, EditorScreen)
        assert app.screen.query_one(TextArea).text == theirs
        assert path.read_text(encoding="utf-8") == theirs
        [mine] = path.parent.glob(f"{KEY}.md.mine-*")
        assert "Mine. " in mine.read_text(encoding="utf-8")


async def test_the_page_count_warns_past_the_limit(course_ws: Path) -> None:
    async with editing() as (pilot, editor):
        await type_text(pilot, "A sentence that takes room on the page. " * 400)
        await settle(pilot)  # until the count of this text is shown
        pages = editor.query_one("#pages", Label)
        assert "over the 1-page limit" in str(pages.render())
        assert pages.has_class("-over")


async def test_no_editor_configured_is_a_notification(course_ws: Path) -> None:
    async with editing() as (pilot, _editor):
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert any("$EDITOR" in n.message for n in pilot.app._notifications)


def test_word_count_ignores_front_matter_and_notes() -> None:
    text = "---\nreading: x\nstudent: A B\nstatus: draft\n---\n<!-- a note -->\nOne two-part " \
           "idea, isn't it?\n"
    assert word_count(text) == 5  # "two-part" and "isn't" are one word each


async def test_the_first_review_asks_who_the_student_is(
        make_app: Callable[[], PaperdeskApp], course_ws: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from paperdesk.adapters.userconfig import config_path
    from paperdesk.tui.dialogs.identity import IdentityDialog

    monkeypatch.delenv("PAPERDESK_STUDENT")
    monkeypatch.delenv("PAPERDESK_EMAIL")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.screen.query_one(ReadingList).move_to(KEY)
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, IdentityDialog)
        where = str(app.screen.query_one("#identity-where", Label).render())
        assert f"kept in {config_path()}" in where and "paperdesk whoami" in where
        await pilot.press(*"Grace Hopper", "tab", *"grace@example.edu", "enter")
        await settle(pilot)
        assert isinstance(app.screen, EditorScreen)
        text = app.screen.query_one(TextArea).text
    assert "student: Grace Hopper" in text and "email: grace@example.edu" in text


async def test_typing_right_after_r_goes_into_the_review(
        make_app: Callable[[], PaperdeskApp], course_ws: Path) -> None:
    from textual import events

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.screen.query_one(ReadingList).move_to(KEY)
        for char in "rSaid as":  # "s" and "a" are desk keys: they must not submit or add
            app._driver.send_message(events.Key(char if char != " " else "space", char))
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, EditorScreen)
        text = editor.query_one(TextArea).text
        assert "Said as" in text
        assert f"reading: {KEY}" in text and "student: Ada Lovelace" in text  # the template's
        assert "<!-- What question does the reading ask" in text
        assert editor.dirty


async def test_a_new_review_starts_under_the_first_prompt(course_ws: Path) -> None:
    async with editing(size=(80, 24)) as (pilot, editor):
        area = editor.query_one(TextArea)
        row, _ = area.cursor_location
        lines = area.text.split("\n")
        assert lines[row - 1].startswith("<!-- What question") and lines[row] == ""
        await pilot.press(*"Typed", "ctrl+s")
        await settle(pilot)
        # On a line of its own: a paragraph, drawn as writing, not as the note above it.
        assert "does it answer it? -->\nTyped\n" in area.text
        assert not [span for span in area._highlights[row] if span[2] == "comment"]
    async with editing(size=(80, 24)) as (pilot, editor):  # again: where the writing ends
        assert editor.query_one(TextArea).cursor_location == (row, len("Typed"))


def test_the_cursor_goes_where_the_writing_is() -> None:
    from paperdesk.tui.screens.editor import start_position

    head = "---\nreading: x\nstudent: A\nstatus: draft\n---\n"
    assert start_position(head + "<!-- a\n b -->\n\n<!-- Q -->\n\n\n<!-- R -->\n\n") == (9, 0)
    assert start_position(head + "<!-- only -->\n\n") == (6, 0)
    assert start_position(head + "First <!-- aside -->\nlast words\n\n<!-- Q -->\n") == (6, 10)
    assert start_position("") == (0, 0)


async def test_a_reading_not_on_arxiv_sends_nobody_to_fetch(course_ws: Path) -> None:
    async with editing("goodfellow2016deep") as (_pilot, editor):  # a book with a web page
        side = str(editor.query_one("#editor-reading").render())
        assert "fetches" not in side and "deeplearningbook.org" in side
        assert editor.title == "reviews/goodfellow2016deep.md"  # the file, then the title


async def test_the_year_is_said_once_beside_the_review(course_ws: Path) -> None:
    async with editing("luong2015effective", size=(120, 30)) as (_pilot, editor):  # EMNLP 2015
        side = str(editor.query_one("#editor-reading").render())
        assert "EMNLP 2015" in side and "2015 · 2015" not in side
