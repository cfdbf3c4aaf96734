"""Escape codes in a student's name or file name never reach the instructor's terminal: the
table, the warnings, the CSV, the Markdown report and the TUI show them as ``\\x1b``; JSON keeps
the true text (its escapes are inert)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import DataTable, Static, TextArea

from paperdesk.core.safetext import printable
from paperdesk.services.collect import collect
from paperdesk.services.context import Context
from paperdesk.tui.gradebook_app import GradebookApp
from tests.collect.builders import SHORT, Spec, on_time, review_text, write_reviews
from tests.conftest import CliResult

Cli = Callable[..., CliResult]
EVIL = "\x1b[2J\x1b[31mEVIL\x1b]0;title\x07"
EVIL_FILE = "r01\x1b]0;pwned\x07.md"
CONTROL = ("\x1b", "\x07", "\x9b")


def _submissions(submissions: Path) -> Path:
    write_reviews(submissions / "hana" / "reviews", on_time(2), "Hana Honest", "hana@uni.edu")
    eve = submissions / "eve" / "reviews"
    eve.mkdir(parents=True)
    # YAML's double-quoted \e and \a are ESC and BEL: the name holds real escape codes.
    (eve / "r00.md").write_text(
        '---\nreading: r00\nstudent: "\\e[2J\\e[31mEVIL\\e]0;title\\a"\nemail: "e\\x9b2J@x"\n'
        f"status: final\nsubmitted: 2021-04-02T10:00:00-05:00\n---\n{SHORT}\x1b[2J\n",
        encoding="utf-8")
    (eve / EVIL_FILE).write_text(review_text(Spec("r01", None), EVIL, ""), encoding="utf-8")
    (submissions / "\x1b[2Jempty").mkdir()  # a folder with nothing: a warning names it
    return submissions


def _no_control(text: str) -> None:
    assert not any(c in text for c in CONTROL), repr(text)


@pytest.mark.parametrize("args", [(), ("--csv", "-"), ("--markdown", "-")])
def test_no_escape_code_reaches_the_terminal(instructor: Path, submissions: Path, cli: Cli,
                                             args: tuple[str, ...]) -> None:
    result = cli("collect", str(_submissions(submissions)), *args)
    assert result.code == 1, result.err  # the empty folder could not be read
    _no_control(result.out)
    _no_control(result.err)
    assert "\\x1b" in result.out and "mEVIL\\x1b" in result.out  # shown, not run
    assert "\\x1b[2Jempty" in result.err
    if args == ("--markdown", "-"):  # the report names every file
        assert "r01\\x1b\\]0;pwned\\x07.md" in result.out


def test_json_keeps_the_true_text_escaped(instructor: Path, submissions: Path, cli: Cli) -> None:
    result = cli("collect", str(_submissions(submissions)), "--json")
    assert "\x1b" not in result.out and "\x07" not in result.out
    names = {s["student"] for s in json.loads(result.out)["students"]}
    assert EVIL in names


async def test_the_gradebook_screen_shows_them_as_escapes(ctx: Context,
                                                          submissions: Path) -> None:
    book = collect([_submissions(submissions)], ctx)
    app = GradebookApp(book)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        students = app.screen.query_one("#students", DataTable)
        names = [str(students.get_row_at(i)[0]) for i in range(students.row_count)]
        assert printable(EVIL) in names
        for i, name in enumerate(names):
            _no_control(name)
            if name == printable(EVIL):
                students.move_cursor(row=i)
        await pilot.pause()
        for selector in ("#student-facts", "#problems"):
            _no_control(str(app.screen.query_one(selector, Static).render()))
        reviews = app.screen.query_one("#reviews", DataTable)
        for i in range(reviews.row_count):
            _no_control(str(reviews.get_row_at(i)[0]))
        reviews.focus()
        reviews.move_cursor(row=0)
        await pilot.press("enter")
        await pilot.pause()
        _no_control(app.screen.query_one(TextArea).text)
        _no_control(str(app.screen.query_one("#source-facts", Static).render()))
