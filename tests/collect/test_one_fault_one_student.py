"""One hand-in never stops the class: whatever one student's files make a parser do (a manifest
nested thousands deep, any unexpected failure), it is that student's problem and the others are
graded. A course.toml no parser can follow is one line naming it, exit 2."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from paperdesk.adapters import studentfiles
from tests.collect.builders import on_time, write_reviews, zip_folder
from tests.conftest import CliResult

Cli = Callable[..., CliResult]
DEEP = 2_000


def _honest(submissions: Path) -> None:
    write_reviews(submissions / "hana" / "reviews", on_time(3), "Hana Honest", "hana@uni.edu")


def _students(result: CliResult) -> dict[str, dict[str, object]]:
    return {s["student"]: s for s in json.loads(result.out)["students"]}


def test_a_manifest_nested_2000_deep_beside_an_honest_student(
        instructor: Path, submissions: Path, tmp_path: Path, cli: Cli) -> None:
    _honest(submissions)
    handin = write_reviews(tmp_path / "nora" / "Nora-Nested-batch-1", on_time(2), "Nora Nested",
                           "nora@uni.edu")
    (handin / "manifest.json").write_text("[" * DEEP + "]" * DEEP, encoding="utf-8")
    zip_folder(handin.parent, submissions / "Nora-Nested-batch-1.zip")

    result = cli("collect", str(submissions), "--json")

    assert result.code == 0, result.err
    students = _students(result)
    assert students["Hana Honest"]["points"] == 6
    nora = students["Nora Nested"]
    assert nora["points"] == 4  # her reviews are graded; the manifest is her problem
    problems = nora["problems"]
    assert isinstance(problems, list)
    assert any(p["kind"] == "manifest" and "nested too deeply" in p["message"]
               for p in problems), problems


def test_any_failure_inside_one_folder_is_that_students_problem(
        instructor: Path, submissions: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    _honest(submissions)
    write_reviews(submissions / "mallory" / "reviews", on_time(2), "Mallory", "m@uni.edu")
    real = studentfiles.read_source

    def breaks_on_mallory(path: Path, shown: str) -> tuple[object, object]:
        if "mallory" in shown:
            raise RecursionError("maximum recursion depth exceeded")
        return real(path, shown)  # type: ignore[return-value]

    monkeypatch.setattr(studentfiles, "read_source", breaks_on_mallory)
    result = cli("collect", str(submissions), "--csv", "-")

    assert result.code == 1, result.err  # 1: a student folder had nothing readable
    rows = {line.split(",")[0]: line.split(",") for line in result.out.splitlines()[1:]}
    assert rows["Hana Honest"][11] == "6"
    assert rows["mallory"][11] == "0"
    assert "mallory" in result.err and "nested too deeply" in result.err
    json_result = cli("collect", str(submissions), "--json")
    mallory = _students(json_result)["mallory"]
    assert any("could not be read: nested too deeply for a parser" in p["message"]
               for p in mallory["problems"])  # type: ignore[union-attr]


def test_a_course_toml_of_5000_nested_arrays_is_one_line(instructor: Path, submissions: Path,
                                                          cli: Cli) -> None:
    _honest(submissions)
    (instructor / "course.toml").write_text("x = " + "[" * 5000 + "]" * 5000 + "\n",
                                            encoding="utf-8")
    result = cli("collect", str(submissions))
    assert result.code == 2
    assert result.err.count("\n") == 1, result.err
    assert "course.toml" in result.err and "nested too deeply" in result.err
    assert "internal error" not in result.err
