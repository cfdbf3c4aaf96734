"""course.toml: read into a Course; every mistake is one line naming the file and the field."""

from __future__ import annotations

from pathlib import Path

import pytest

from paperdesk.adapters.coursefile import load_course
from paperdesk.core.errors import CourseError
from tests.conftest import REPO

GOOD = (REPO / "course.toml").read_text(encoding="utf-8")


def write(tmp_path: Path, text: str | bytes) -> Path:
    path = tmp_path / "course.toml"
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def test_the_week_a_moment_falls_in() -> None:
    from datetime import datetime

    course = load_course(REPO / "course.toml")
    week = course.week_of(datetime.fromisoformat("2021-04-14T12:00:00-05:00"))
    assert week is not None and week.number == 3 and week.topic == "Transformers"
    assert course.week_of(datetime.fromisoformat("2021-01-01T00:00:00+00:00")) is None
    assert course.rules.max_points == 40 and course.rules.total_reviews == 20


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[course\nname = 1", r"course\.toml:1: "),
        (GOOD.replace('timezone = "America/Chicago"', 'timezone = "Mars/Olympus"'),
         "timezone 'Mars/Olympus' is not a known time zone"),
        (GOOD.replace("reviews", "reviewz"), r"missing the \[reviews\] table"),
        (GOOD.replace("size = 10", 'size = "ten"', 1), r"#1 size: expected a whole number"),
        (GOOD.replace("due = 2021-04-21T16:00:00", 'due = "soon"'), "is not an ISO 8601"),
        (GOOD.replace("week = 2\n", 'week = "two"\n'), "week must be a whole number"),
        (GOOD.replace("date = 2021-03-31", "date = 5"), "date must be a date"),
        ("calendar = [1, 2]\n" + GOOD.split("[[calendar]]")[0],
         r"calendar must be written as \[\[calendar\]\] blocks"),
        (GOOD.replace('name = "Deep Generative Models"', ""), r"\[course\] has no 'name'"),
    ],
    ids=["toml", "timezone", "no-reviews", "size", "due", "week", "date", "calendar", "name"],
)
def test_mistakes_are_one_line(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(CourseError, match=message) as info:
        load_course(path)
    assert "\n" not in str(info.value)
    assert str(info.value).startswith(str(path))


def test_unreadable_course_files(tmp_path: Path) -> None:
    with pytest.raises(CourseError, match=r"not found \(paperdesk init writes one"):
        load_course(tmp_path / "absent.toml")
    with pytest.raises(CourseError, match=r"course\.toml:3: is not valid UTF-8"):
        load_course(write(tmp_path, b"[course]\nname = 'x'\nterm = '\xff'\n"))


def test_the_course_id(tmp_path: Path) -> None:
    """What per-course state is filed under: [course] id, else name and term as a slug."""
    assert load_course(REPO / "course.toml").id == "deep-generative-models-spring-2021"
    named = GOOD.replace("[course]\n", '[course]\nid = "dgm-s21"\n', 1)
    assert load_course(write(tmp_path, named)).id == "dgm-s21"
    accents = GOOD.replace('name = "Deep Generative Models"', 'name = "Modèles génératifs"')
    assert load_course(write(tmp_path, accents)).id == "modeles-generatifs-spring-2021"
    with pytest.raises(CourseError, match=r"\[course\] id: expected a non-empty string"):
        load_course(write(tmp_path, GOOD.replace("[course]\n", "[course]\nid = 3\n", 1)))
