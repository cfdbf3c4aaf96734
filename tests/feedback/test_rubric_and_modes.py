"""[grading] mode (automatic vs marked), [[reviews.rubric]] sums, gradebook --todo, progress."""

from __future__ import annotations

import json
import tomllib
import zipfile
from pathlib import Path
from typing import Any

import pytest

from paperdesk.core.course import Course, course_from_mapping
from paperdesk.core.errors import CourseError, PaperdeskError
from paperdesk.core.rubric import RubricItem, rubric_points
from tests.collect.builders import COURSE_TOML, NOW, make_workspace, on_time, write_reviews

RUBRIC = """
[[reviews.rubric]]
name = "Summary"
points = 1
description = "states the question and the answer"

[[reviews.rubric]]
name = "Critique"
points = 1
description = "argues one weakness"
"""


def _course(root: Path, extra: str, monkeypatch: pytest.MonkeyPatch, cli: Any) -> Path:
    ws = make_workspace(root)
    (ws / "course.toml").write_text(COURSE_TOML + extra, encoding="utf-8")
    subs = root.parent / f"{root.name}-subs"
    write_reviews(subs / "ada" / "reviews", on_time(3), "Ada Lovelace", "ada@uni.edu")
    monkeypatch.setenv("PAPERDESK_WORKSPACE", str(ws))
    monkeypatch.setenv("PAPERDESK_NOW", NOW)
    monkeypatch.setenv("PAPERDESK_GRADER", "TA Tess")
    monkeypatch.chdir(ws)
    assert cli("collect", str(subs)).code == 0
    return ws


def _points(cli: Any) -> dict[str, int]:
    data = json.loads(cli("gradebook", "--json").out)
    return {r["reading"]: r["points"] for r in data["students"][0]["reviews"]}


def parse_course(text: str) -> Course:
    return course_from_mapping(tomllib.loads(text))


def test_rubric_sums_and_rejects_what_does_not_fit() -> None:
    items = (RubricItem("Summary", 1), RubricItem("Critique", 2))
    assert rubric_points(items, {"summary": 1, "Critique": 2}) == 3
    assert rubric_points(items, {"Summary": 0, "Critique": 1}) == 1
    with pytest.raises(PaperdeskError, match="from 0 to 2"):
        rubric_points(items, {"Summary": 1, "Critique": 3})
    with pytest.raises(PaperdeskError, match="Critique not given"):
        rubric_points(items, {"Summary": 1})
    with pytest.raises(PaperdeskError, match="no item 'Style'"):
        rubric_points(items, {"Style": 1})


def test_course_toml_rubric_and_mode_are_checked() -> None:
    course = parse_course(COURSE_TOML + RUBRIC + '\n[grading]\nmode = "marked"\n')
    assert course.rules.marked and [i.name for i in course.rubric] == ["Summary", "Critique"]
    assert course.rubric[0].description == "states the question and the answer"
    plain = parse_course(COURSE_TOML)
    assert not plain.rules.marked and plain.rubric == ()
    with pytest.raises(CourseError, match="mode"):
        parse_course(COURSE_TOML + '\n[grading]\nmode = "sometimes"\n')
    with pytest.raises(CourseError, match="add up to 4 points"):
        parse_course(COURSE_TOML + RUBRIC + RUBRIC.replace("Summary", "S2").replace(
            "Critique", "C2"))


def test_automatic_mode_counts_at_once(cli: Any, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    _course(tmp_path / "auto", "", monkeypatch, cli)
    assert _points(cli) == {"r00": 2, "r01": 2, "r02": 2}
    assert cli("grade", "ada@", "r01", "--points", "1").code == 0
    assert _points(cli) == {"r00": 2, "r01": 1, "r02": 2}


def test_marked_mode_earns_only_once_marked(cli: Any, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    _course(tmp_path / "marked", '\n[grading]\nmode = "marked"\n', monkeypatch, cli)
    assert _points(cli) == {"r00": 0, "r01": 0, "r02": 0}
    todo = cli("gradebook", "--todo").out
    assert "Ada Lovelace\tr00\tBatch 1" in todo and "3 to mark; 0 of 3" in todo
    assert cli("grade", "ada@", "r00", "--points", "2").code == 0
    assert cli("grade", "ada@", "r01", "--points", "1", "--comment", "thin").code == 0
    assert _points(cli) == {"r00": 2, "r01": 1, "r02": 0}
    todo = cli("gradebook", "--todo").out
    assert "r00" not in todo and "\tr02\t" in todo and "1 to mark; 2 of 3" in todo
    report = cli("gradebook").out
    assert "Marked: 2 of 3 counted reviews (1 to mark)" in report and "  TA Tess: 2" in report
    over = cli("grade", "ada@", "r02", "--points", "3")
    assert over.code == 2 and "over the 2 a review is worth" in over.err


def test_rubric_marks_sum_and_reach_the_feedback(cli: Any, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    _course(tmp_path / "rubric", RUBRIC, monkeypatch, cli)
    result = cli("grade", "ada@", "r00", "--rubric", "Summary=1", "--rubric", "critique=0",
                 "--comment", "No critique.")
    assert result.code == 0 and "set to 1 point by TA Tess" in result.out
    assert _points(cli)["r00"] == 1
    data = json.loads(cli("gradebook", "--json").out)
    row = next(r for r in data["students"][0]["reviews"] if r["reading"] == "r00")
    assert row["override"]["rubric"] == {"Summary": 1, "Critique": 0}
    missing = cli("grade", "ada@", "r01", "--rubric", "Summary=1")
    assert missing.code == 2 and "Critique not given" in missing.err
    assert cli("feedback", "export", str(tmp_path / "out")).code == 0
    with zipfile.ZipFile(tmp_path / "out" / "Ada-Lovelace-feedback.zip") as zf:
        manifest = json.loads(zf.read("manifest.json"))
    assert manifest["reviews"][0]["rubric"] == [
        {"name": "Summary", "score": 1, "points": 1,
         "description": "states the question and the answer"},
        {"name": "Critique", "score": 0, "points": 1, "description": "argues one weakness"}]


def test_without_a_rubric_points_are_given_directly(cli: Any, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    _course(tmp_path / "plain", "", monkeypatch, cli)
    refused = cli("grade", "ada@", "r00", "--rubric", "Summary=1")
    assert refused.code == 2 and "no [[reviews.rubric]]" in refused.err
    assert cli("grade", "ada@", "r00", "--points", "0").code == 0
    assert _points(cli)["r00"] == 0
