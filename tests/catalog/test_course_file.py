"""course.toml: read into a Course; every mistake is one line naming the file and the field."""

from __future__ import annotations

import json
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


# -- the course memo (.paperdesk/cache/course.json): status, submit and unsubmit skip tomllib --

TYPES = """
[course]
name = "Types"
timezone = "UTC"
offset = 2021-04-21T16:00:00-05:00
zulu = 2021-04-21T16:00:00.123456Z
local = 2021-04-21T16:00:00
day = 2021-04-21
clock = 07:32:00.5
big = 123456789012345678901234567890
ratio = 0.1
huge = inf
nested = [[1, 2], ["a", 2021-01-01], [{x = 1979-05-27}]]
"\\u0000quoted" = "a key that looks like the memo's tag"
"""


def test_every_toml_value_comes_back_from_the_memo_as_tomllib_gave_it() -> None:
    import tomllib

    from paperdesk.adapters.coursefile import _decode, _encode

    data = tomllib.loads(TYPES.replace('"\\u0000quoted"', "plain"))
    again = _decode(json.loads(json.dumps(_encode(data))))
    assert again == data
    assert repr(again) == repr(data)  # the same types, offsets and precision too


def test_a_key_like_the_tag_is_not_kept(tmp_path: Path) -> None:
    import tomllib

    from paperdesk.adapters.coursefile import _encode, _Unkept

    with pytest.raises(_Unkept):
        _encode(tomllib.loads(TYPES))


@pytest.fixture
def trusted_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files written by a test are younger than the 2 s a memo waits for: trust them at once."""
    from paperdesk.adapters import memo

    monkeypatch.setattr(memo, "_RACY_NS", 0)


def test_the_memo_answers_until_the_file_changes(tmp_path: Path, trusted_at_once: None,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from paperdesk.adapters import coursefile

    state = tmp_path / ".paperdesk"
    state.mkdir()
    path = write(tmp_path, GOOD)
    first = load_course(path, state)
    assert (state / "cache" / "course.json").is_file()
    assert first == load_course(path)  # the same course as without a memo

    def refuse(path: Path) -> None:
        raise AssertionError("parsed again although nothing changed")

    with monkeypatch.context() as m:
        m.setattr(coursefile, "_parsed", refuse)
        kept = load_course(path, state)
    assert kept == first and kept.timezone == first.timezone
    assert kept.rules.batches == first.rules.batches and kept.calendar == first.calendar

    write(tmp_path, GOOD.replace("page_limit = 1", "page_limit = 2"))
    assert load_course(path, state).rules.page_limit == 2
    write(tmp_path, GOOD.replace("size = 10", 'size = "ten"', 1))
    with pytest.raises(CourseError, match=r"course\.toml: .*#1 size"):
        load_course(path, state)  # a broken file is read (and refused) each time


def test_no_memo_without_a_state_folder(tmp_path: Path) -> None:
    load_course(write(tmp_path, GOOD), tmp_path / ".paperdesk")
    assert not (tmp_path / ".paperdesk").exists()  # reading a course never makes the folder


def test_a_broken_memo_is_worked_out_again(tmp_path: Path, trusted_at_once: None) -> None:
    state = tmp_path / ".paperdesk"
    state.mkdir()
    path = write(tmp_path, GOOD)
    first = load_course(path, state)
    memo_file = state / "cache" / "course.json"
    kept = json.loads(memo_file.read_text(encoding="utf-8"))
    kept["value"]["reviews"]["batches"][0]["due"] = {"\0": "datetime", "v": "not a time"}
    memo_file.write_text(json.dumps(kept), encoding="utf-8")
    assert load_course(path, state) == first
