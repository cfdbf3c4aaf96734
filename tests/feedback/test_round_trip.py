"""The instructor marks and exports feedback; the student imports it and sees it."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from tests.feedback.conftest import COMMENT, as_student


def _export(cli: Any, out: Path, *extra: str) -> dict[str, Path]:
    result = cli("feedback", "export", str(out), *extra)
    assert result.code == 0, result.err
    return {p.name: p for p in out.iterdir()}


def test_export_writes_one_zip_per_student_with_marked_reviews(
        cli: Any, marked_class: Path, tmp_path: Path) -> None:
    files = _export(cli, tmp_path / "out")
    assert sorted(files) == ["Ada-Lovelace-feedback.zip"]  # Bob has nothing marked
    with zipfile.ZipFile(files["Ada-Lovelace-feedback.zip"]) as zf:
        assert sorted(zf.namelist()) == ["feedback.pdf", "manifest.json"]
        manifest = json.loads(zf.read("manifest.json"))
    assert manifest["student"] == "Ada Lovelace" and manifest["email"] == "ada@uni.edu"
    assert manifest["course_id"] and manifest["points"] == 7 and manifest["max_points"] == 40
    rows = {r["reading"]: r for r in manifest["reviews"]}
    assert sorted(rows) == ["r00", "r01"]
    assert rows["r00"]["points"] == 1 and rows["r00"]["comment"] == COMMENT
    assert rows["r00"]["marked_by"] == "TA Tess" and rows["r00"]["marked_at"]
    assert rows["r00"]["outcome"] == "counted" and rows["r00"]["rubric"] == []
    every = _export(cli, tmp_path / "all", "--all")
    assert sorted(every) == ["Ada-Lovelace-feedback.zip", "Bob-Byte-feedback.zip"]
    with zipfile.ZipFile(every["Bob-Byte-feedback.zip"]) as zf:
        bob = json.loads(zf.read("manifest.json"))
    assert [r["marked"] for r in bob["reviews"]] == [False, False, False]


def test_export_is_deterministic(cli: Any, marked_class: Path, tmp_path: Path) -> None:
    first = _export(cli, tmp_path / "a")["Ada-Lovelace-feedback.zip"].read_bytes()
    second = _export(cli, tmp_path / "b")["Ada-Lovelace-feedback.zip"].read_bytes()
    assert first == second


def test_round_trip_status_and_show(cli: Any, marked_class: Path, student: Path,
                                    tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    zip_path = _export(cli, tmp_path / "out")["Ada-Lovelace-feedback.zip"]
    as_student(monkeypatch, student)
    (student / "reviews" / "keep.md").write_text("mine", encoding="utf-8")
    result = cli("feedback", "import", str(zip_path))
    assert result.code == 0, result.err
    assert "2 of 2 reviews marked" in result.out
    assert sorted(p.name for p in (student / "feedback").iterdir()) == [
        "feedback.pdf", "manifest.json"]
    assert sorted(p.name for p in (student / "reviews").iterdir()) == ["keep.md"]
    status = json.loads(cli("status", "--json").out)
    assert status["feedback"]["r00"] == {"points": 1, "comment": COMMENT,
                                         "marked_by": "TA Tess",
                                         "marked_at": status["feedback"]["r00"]["marked_at"]}
    assert status["feedback"]["r00"]["marked_at"].startswith("20")
    assert status["feedback"]["r01"]["points"] == 2
    text = cli("status").out
    assert "Feedback of" in text and "2 reviews marked, 3 points" in text
    assert "r00: 1 of 2 by TA Tess: Clear summary." in text
    shown = cli("show", "r00").out
    assert "Feedback: 1 of 2 points (counted), marked by TA Tess" in shown
    assert "Clear summary." in shown
    data = json.loads(cli("show", "r00", "--json").out)
    assert data["feedback"]["comment"] == COMMENT
    assert json.loads(cli("show", "r05", "--json").out)["feedback"] is None


def test_a_zip_for_another_student_is_refused(cli: Any, marked_class: Path, student: Path,
                                              tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    zip_path = _export(cli, tmp_path / "out")["Ada-Lovelace-feedback.zip"]
    as_student(monkeypatch, student, "Bob Byte", "bob@uni.edu")
    result = cli("feedback", "import", str(zip_path))
    assert result.code == 2
    assert "is feedback for Ada Lovelace <ada@uni.edu>, not for you (Bob Byte" in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert not (student / "feedback").exists()


def test_a_zip_for_another_course_is_refused(cli: Any, marked_class: Path, student: Path,
                                             tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    zip_path = _export(cli, tmp_path / "out")["Ada-Lovelace-feedback.zip"]
    toml = student / "course.toml"
    toml.write_text(toml.read_text().replace("Spring 2021", "Fall 2021"), encoding="utf-8")
    as_student(monkeypatch, student)
    result = cli("feedback", "import", str(zip_path))
    assert result.code == 2 and "is feedback for the course" in result.err
    assert not (student / "feedback").exists()


def test_newer_replaces_older_and_older_is_refused(cli: Any, marked_class: Path, student: Path,
                                                   tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    old = _export(cli, tmp_path / "old")["Ada-Lovelace-feedback.zip"]
    cli("grade", "ada@", "r02", "--points", "0", "--comment", "Copied.")
    monkeypatch.setenv("PAPERDESK_NOW", "2021-06-02T12:00:00-05:00")
    new = _export(cli, tmp_path / "new")["Ada-Lovelace-feedback.zip"]
    as_student(monkeypatch, student)
    assert cli("feedback", "import", str(old)).code == 0
    assert sorted(json.loads(cli("status", "--json").out)["feedback"]) == ["r00", "r01"]
    assert cli("feedback", "import", str(new)).code == 0
    fb = json.loads(cli("status", "--json").out)["feedback"]
    assert sorted(fb) == ["r00", "r01", "r02"] and fb["r02"]["comment"] == "Copied."
    before = (student / "feedback" / "manifest.json").read_bytes()
    again = cli("feedback", "import", str(old))
    assert again.code == 2 and "is older" in again.err
    assert (student / "feedback" / "manifest.json").read_bytes() == before
