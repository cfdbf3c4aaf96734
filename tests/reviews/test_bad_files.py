"""Bad review files are named with their line and never crash a command; held files are safe."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from paperdesk.core.errors import ReviewConflictError, ReviewError
from paperdesk.services import reviews
from paperdesk.services.context import Context
from tests.reviews.conftest import review_text, write

# name -> (file content, the line named, words of the message); {key} is a real reading.
BAD_FILES = {
    "no front matter": ("Just my thoughts.\n", 1, "no front matter"),
    "broken YAML": ("---\nreading: {key}\nstatus: draft\nstudent: [Ada\n---\nBody\n", 5,
                    "broken YAML"),
    "unknown reading": (review_text("nosuchreading2099"), 2,
                        "reading 'nosuchreading2099' is not in readings.bib"),
    "submitted not a time": (review_text("{key}", status="final", submitted="soon"), 5,
                             "'soon' is not a time"),
    "unknown status": (review_text("{key}", status="submitted"), 4, "unknown status"),
    "invalid UTF-8": (b"---\nreading: {key}\nstatus: draft\n---\nna\xefve caf\xe9\n", 5,
                      "not valid UTF-8"),
}


def _content(template: str | bytes, key: str) -> str | bytes:
    if isinstance(template, bytes):
        return template.replace(b"{key}", key.encode())
    return template.replace("{key}", key)


@pytest.mark.parametrize(("content", "line", "words"), BAD_FILES.values(), ids=BAD_FILES.keys())
def test_status_names_a_bad_file_and_counts_the_rest(
        course_ws: Path, cli, keys: list[str], content: str | bytes, line: int,
        words: str) -> None:
    write(course_ws, f"{keys[0]}.md", _content(content, keys[0]))
    write(course_ws, f"{keys[1]}.md", review_text(keys[1], status="final",
                                                  submitted="2021-04-10T09:00:00-05:00"))
    result = cli("status")
    assert result.code == 0
    assert f"paperdesk: warning: reviews/{keys[0]}.md:{line}: " in result.err
    assert words in result.err and "Traceback" not in result.err
    assert "1 of 10 counted" in result.out
    data = json.loads(cli("status", "--json").out)
    assert data["batches"][0]["counted"] == [keys[1]]
    assert len(data["problems"]) == 1 and data["problems"][0].startswith(f"reviews/{keys[0]}.md")
    # The list still shows, with the good review's status.
    listed = json.loads(cli("list", "--json").out)
    assert {r["key"]: r["status"] for r in listed}[keys[1]] == "final"


@pytest.mark.parametrize(("content", "line", "words"), BAD_FILES.values(), ids=BAD_FILES.keys())
def test_submit_of_a_bad_file_is_one_clear_line(
        course_ws: Path, cli, keys: list[str], content: str | bytes, line: int,
        words: str) -> None:
    path = write(course_ws, f"{keys[0]}.md", _content(content, keys[0]))
    before = path.read_bytes()
    for command in ("submit", "unsubmit"):
        result = cli(command, keys[0])
        assert result.code == 2
        assert result.err.startswith(f"paperdesk: reviews/{keys[0]}.md:{line}: "), result.err
        assert words in result.err
        assert result.err.count("\n") == 1
    assert path.read_bytes() == before


def test_review_opens_a_broken_file_so_it_can_be_fixed(
        course_ws: Path, cli, keys: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    write(course_ws, f"{keys[0]}.md", "Just my thoughts.\n")
    monkeypatch.setenv("EDITOR", "true")
    result = cli("review", keys[0])
    assert result.code == 1
    assert f"reviews/{keys[0]}.md:1: no front matter" in result.err


@pytest.mark.parametrize("command", ["review", "submit", "unsubmit", "mark"])
def test_a_key_like_dot_dot_slash_is_refused(course_ws: Path, cli, command: str) -> None:
    args = [command, "../x"] + (["read"] if command == "mark" else [])
    result = cli(*args)
    assert result.code == 2
    assert "../x" in result.err and "Traceback" not in result.err
    assert not (course_ws / "x.md").exists() and list((course_ws / "reviews").iterdir()) == []


def test_a_key_like_dot_dot_slash_names_a_file_inside_reviews(course_ws: Path) -> None:
    ctx = Context.discover(str(course_ws))
    for key in ("../x", "/tmp/x", "a/b", "..\\x"):
        path = reviews.review_path(ctx, key)
        assert path.parent == ctx.workspace.reviews_dir and "%" in path.name, path


def test_a_review_edited_on_disk_while_held_is_not_overwritten(
        course_ws: Path, keys: list[str]) -> None:
    ctx = Context.discover(str(course_ws))
    held = reviews.create_review(ctx, keys[0])
    held = reviews.save_review(ctx, held, held.text + "Typed in the desk.\n")
    # Meanwhile, another editor saves the same file.
    held.path.write_text(held.text + "Typed elsewhere.\n", encoding="utf-8")
    with pytest.raises(ReviewConflictError) as info:
        reviews.save_review(ctx, held, held.text + "More typed in the desk.\n")
    assert str(info.value).startswith(f"reviews/{keys[0]}.md: changed on disk")
    assert held.path.read_text().endswith("Typed elsewhere.\n")
    # Reloading takes the change in; saving after that works.
    fresh = reviews.load_review(ctx, keys[0])
    saved = reviews.save_review(ctx, fresh, fresh.text + "Both kept.\n")
    assert saved.path.read_text().endswith("Typed elsewhere.\nBoth kept.\n")


def test_submit_does_not_overwrite_a_change_made_meanwhile(
        course_ws: Path, keys: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """A file changed between submit's read and its write is left as the other writer left it."""
    monkeypatch.setitem(__import__("sys").modules, "paperdesk.services.export", None)
    ctx = Context.discover(str(course_ws))
    path = write(course_ws, f"{keys[0]}.md", review_text(keys[0]))
    real_is_blank = reviews.is_blank

    def edit_then_check(body: str) -> bool:
        path.write_text(review_text(keys[0], "Rewritten elsewhere.\n"), encoding="utf-8")
        return real_is_blank(body)

    monkeypatch.setattr(reviews, "is_blank", edit_then_check)
    with pytest.raises(ReviewConflictError):
        reviews.submit(ctx, keys[0])
    assert path.read_text().endswith("Rewritten elsewhere.\n")
    assert "status: draft" in path.read_text()


def test_a_load_that_does_not_parse_keeps_the_text_when_asked(
        course_ws: Path, keys: list[str]) -> None:
    ctx = Context.discover(str(course_ws))
    write(course_ws, f"{keys[0]}.md", "no front matter\n")
    loaded = reviews.load_review(ctx, keys[0], strict=False)
    assert loaded.review is None and loaded.problem is not None
    assert loaded.text == "no front matter\n"
    fixed = reviews.save_review(ctx, loaded, review_text(keys[0]))
    assert fixed.review is not None and fixed.problem is None
    with pytest.raises(ReviewError):
        reviews.load_review(ctx, "nosuchreading")
