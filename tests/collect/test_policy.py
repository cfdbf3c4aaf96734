"""Late policy, extensions, excusals and overrides: the same core rules for the student's
``status`` and the instructor's gradebook, which agree on every case; tampered hand-ins."""

from __future__ import annotations

import json
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from paperdesk.services.collect import collect
from paperdesk.services.context import Context
from tests.collect.builders import NOW, Spec, bib_text, make_workspace, on_time, write_reviews

COURSE = """\
[course]
name = "Policy Course"
term = "Spring 2021"
instructor = "Bryan Pardo"
timezone = "America/Chicago"

[reviews]
points_per_review = 2
page_limit = 1
{late}
[[reviews.batches]]
name = "Batch 1"
due = 2021-04-21T16:00:00
size = 2

[[reviews.batches]]
name = "Batch 2"
due = 2021-05-26T16:00:00
size = 2
{extensions}
"""
LATE = "\n[reviews.late]\nwindow_hours = 48\npenalty_per_day = 1\n"
ADA, EMAIL = "Ada Lovelace", "ada@uni.edu"


def t(day: str) -> str:
    return f"2021-{day}-05:00"


@dataclass
class Case:
    name: str
    reviews: list[tuple[str, str]]  # reading, submitted
    points: int
    counts: tuple[int, int]
    late: str = ""
    extensions: str = ""


CASES = [
    Case("on time", [("r00", t("04-01T10:00")), ("r01", t("04-02T10:00"))], 4, (2, 0)),
    Case("late earns nothing without a policy", [("r00", t("05-27T10:00"))], 0, (0, 0)),
    Case("late within the window, one started day", [("r00", t("05-27T10:00"))], 1, (0, 1),
         late=LATE),
    Case("two started days late", [("r00", t("05-28T10:00"))], 0, (0, 1), late=LATE),
    Case("beyond the window", [("r00", t("05-30T10:00"))], 0, (0, 0), late=LATE),
    Case("late for batch 1 goes to batch 2 on time", [("r00", t("04-22T10:00"))], 2, (0, 1),
         late=LATE),
    Case("late policy, batch full", [("r00", t("05-01T10:00")), ("r01", t("05-02T10:00")),
                                     ("r02", t("05-27T10:00"))], 4, (0, 2), late=LATE),
    Case("extension", [("r00", t("05-28T10:00"))], 2, (0, 1), extensions=f"""
[[extensions]]
student = "{EMAIL}"
batch = 2
until = 2021-05-30T16:00:00
reason = "ill"
"""),
    Case("someone else's extension", [("r00", t("05-28T10:00"))], 0, (0, 0), extensions="""
[[extensions]]
student = "bob@uni.edu"
batch = 2
until = 2021-05-30T16:00:00
"""),
    Case("extension by name, with a late policy", [("r00", t("05-31T10:00"))], 1, (0, 1),
         late=LATE, extensions=f"""
[[extensions]]
student = "{ADA}"
batch = 2
until = 2021-05-30T16:00:00
"""),
    Case("excusal", [("r00", t("05-29T10:00"))], 2, (0, 1), extensions=f"""
[[extensions]]
student = "{EMAIL}"
reading = "r00"
reason = "documented emergency"
"""),
    Case("excusal, batches full", [("r00", t("04-01T10:00")), ("r01", t("04-02T10:00")),
                                   ("r02", t("05-01T10:00")), ("r03", t("05-02T10:00")),
                                   ("r04", t("05-29T10:00"))], 8, (2, 2), extensions=f"""
[[extensions]]
student = "{EMAIL}"
reading = "r04"
"""),
]


def _workspace(root: Path, case: Case) -> Path:
    root.mkdir(parents=True)
    (root / "readings.bib").write_text(bib_text(), encoding="utf-8")
    (root / "course.toml").write_text(
        COURSE.format(late=case.late, extensions=case.extensions), encoding="utf-8")
    (root / "reviews").mkdir()
    return root


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_status_and_gradebook_agree(case: Case, tmp_path: Path) -> None:
    from paperdesk.services.reviews import current_standing

    student = _workspace(tmp_path / "ada", case)
    write_reviews(student / "reviews", [Spec(k, when) for k, when in case.reviews], ADA, EMAIL)
    env = {"PAPERDESK_NOW": NOW, "PAPERDESK_STUDENT": ADA, "PAPERDESK_EMAIL": EMAIL}
    status = current_standing(Context.discover(str(student), env))
    instructor = _workspace(tmp_path / "instructor", case)
    book = collect([student], Context.discover(str(instructor), {"PAPERDESK_NOW": NOW}), jobs=1)
    graded = book.students[0]
    assert (status.points, tuple(len(b.counted) for b in status.batches)) == \
        (case.points, case.counts)
    assert (graded.points, graded.batch_counts) == (case.points, case.counts)


# -- the instructor's commands ----------------------------------------------------------------

def test_extend_excuse_grade_survive_a_later_collect(cli: Any, instructor: Path,
                                                     submissions: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAPERDESK_GRADER", "TA Tess")
    late = [Spec("r10", "2021-05-28T10:00:00-05:00"), Spec("r11", "2021-05-29T10:00:00-05:00")]
    write_reviews(submissions / "ada" / "reviews", [*on_time(3), *late], ADA, EMAIL)
    write_reviews(submissions / "adam" / "reviews", on_time(1), "Adam Smith", "adam@uni.edu")
    assert cli("collect", str(submissions), "--jobs", "1").code == 0
    ambiguous = cli("grade", "ada", "r00", "--points", "1")
    assert ambiguous.code == 2
    assert "Ada Lovelace" in ambiguous.err and "Adam Smith" in ambiguous.err
    assert cli("grade", "ada@", "r00", "--points", "1", "--comment", "thin").code == 0
    assert cli("extend", "Ada Love", "--batch", "2", "--until", "2021-05-28T12:00",
               "--reason", "ill").code == 0
    assert cli("excuse", "ada@uni.edu", "r11", "--reason", "family").code == 0
    assert cli("grade", "nobody", "r00", "--points", "1").code == 2
    cli("collect", str(submissions), "--jobs", "1")  # again: the exceptions stay
    data = json.loads(cli("gradebook", "--json").out)
    ada = next(s for s in data["students"] if s["student"] == ADA)
    rows = {r["reading"]: r for r in ada["reviews"]}
    assert rows["r00"]["points"] == 1 and rows["r00"]["override"]["grader"] == "TA Tess"
    assert rows["r00"]["override"]["comment"] == "thin" and rows["r00"]["override"]["at"]
    assert rows["r10"]["outcome"] == "counted" and rows["r10"]["points"] == 2  # extended
    assert rows["r11"]["outcome"] == "counted" and rows["r11"]["excused"] is True
    assert ada["points"] == 1 + 2 + 2 + 2 + 2
    report = cli("gradebook", "--markdown", "-").out
    assert "extension: Batch 2 due 2021-05-28 12:00 CDT (ill)" in report
    assert "excused: r11 counts as on time (family)" in report
    assert "grade: r00 set to 1 point (thin) by TA Tess" in report


def test_grade_uses_the_configured_identity(cli: Any, instructor: Path,
                                            submissions: Path) -> None:
    write_reviews(submissions / "ada" / "reviews", on_time(1), ADA, EMAIL)
    cli("collect", str(submissions), "--jobs", "1")
    result = cli("grade", "Ada", "r00", "--points", "0")
    assert result.code == 0 and "by Ada Lovelace <ada@example.edu>" in result.out


def test_status_shows_an_extension(cli: Any, course_ws: Path) -> None:
    with (course_ws / "course.toml").open("a", encoding="utf-8") as fh:
        fh.write('\n[[extensions]]\nstudent = "ada@example.edu"\nbatch = 1\n'
                 'until = 2021-04-23T16:00:00\nreason = "ill"\n')
    data = json.loads(cli("status", "--json").out)
    assert data["batches"][0]["due"].startswith("2021-04-23T16:00")
    assert data["batches"][0]["extended"] is True
    assert "extended" in cli("status").out


# -- tampered hand-ins --------------------------------------------------------------------------

def _handin(tmp_path: Path) -> Path:
    from paperdesk.services import export

    ws = make_workspace(tmp_path / "frank")
    write_reviews(ws / "reviews", on_time(10), "Frank Foster", "frank@uni.edu")
    student = Context.discover(str(ws), {"PAPERDESK_NOW": "2021-04-20T12:00:00-05:00",
                                         "PAPERDESK_STUDENT": "Frank Foster",
                                         "PAPERDESK_EMAIL": "frank@uni.edu"})
    return export.handin(student, 1)


def _tamper(handed_in: Path, target: Path) -> Path:
    with zipfile.ZipFile(handed_in) as src, zipfile.ZipFile(target, "w") as out:
        for info in src.infolist():
            data = src.read(info)
            if info.filename.endswith("r04.md"):
                data = data.replace(b"convincing", b"persuasive")  # edited after the hand-in
            out.writestr(info, data)
    return target


@pytest.mark.parametrize(("mode", "points", "flagged"),
                         [("count", 20, False), ("flag", 20, True), ("zero", 0, True)])
def test_tampered_handin_under_each_setting(mode: str, points: int, flagged: bool,
                                            instructor: Path, tmp_path: Path, cli: Any) -> None:
    with (instructor / "course.toml").open("a", encoding="utf-8") as fh:
        fh.write(f'\n[collect]\ntampered = "{mode}"\n')
    zipped = _tamper(_handin(tmp_path), tmp_path / "frank-tampered.zip")
    ctx = Context.discover(str(instructor), {"PAPERDESK_NOW": NOW})
    frank = collect([zipped], ctx, jobs=1).students[0]
    assert frank.points == points and frank.flagged is flagged
    assert frank.tampered and all(r.entry.tampered for r in frank.reviews)
    csv_text = cli("gradebook", "--csv", "-").out
    header, row = csv_text.splitlines()[:2]
    flag = row.split(",")[header.split(",").index("flag")]
    assert ("tampered" in flag) is (mode != "count")
    assert "hand-in tampered" in cli("gradebook", "--markdown", "-").out


def test_an_untouched_handin_is_not_tampered(instructor: Path, tmp_path: Path) -> None:
    ctx = Context.discover(str(instructor), {"PAPERDESK_NOW": NOW})
    frank = collect([_handin(tmp_path)], ctx, jobs=1).students[0]
    assert frank.points == 20 and not frank.tampered and frank.problems == ()


def test_handin_times(instructor: Path, tmp_path: Path) -> None:
    """A hand-in made after the due time for reviews claiming to be on time, and a review that
    says it was submitted after the hand-in holding it."""
    handed_in = _handin(tmp_path)
    late = tmp_path / "late.zip"
    with zipfile.ZipFile(handed_in) as src, zipfile.ZipFile(late, "w") as out:
        for info in src.infolist():
            data = src.read(info)
            if info.filename.endswith("manifest.json"):
                manifest = json.loads(data)
                manifest["created"] = "2021-04-25T09:00:00-05:00"  # after Batch 1's due
                manifest["reviews"][0]["submitted"] = None
                data = json.dumps(manifest).encode()
            out.writestr(info, data)
    ctx = Context.discover(str(instructor), {"PAPERDESK_NOW": NOW})
    frank = collect([late], ctx, jobs=1).students[0]
    messages = [p.message for p in frank.problems if p.kind == "hand-in time"]
    assert any("after the due time" in m and "claim to be submitted on time" in m
               for m in messages)
    early = tmp_path / "early.zip"
    with zipfile.ZipFile(handed_in) as src, zipfile.ZipFile(early, "w") as out:
        for info in src.infolist():
            data = src.read(info)
            if info.filename.endswith("manifest.json"):
                manifest = json.loads(data)
                manifest["created"] = "2021-04-05T12:00:00-05:00"  # before r05..r09 say
                data = json.dumps(manifest).encode()
            out.writestr(info, data)
    frank = collect([early], ctx, jobs=1).students[0]
    after = [p.file for p in frank.problems if p.kind == "hand-in time"]
    assert len(after) == 5 and all("after the hand-in" in p.message for p in frank.problems
                                   if p.kind == "hand-in time")
