"""The stored gradebook: incremental collect, ``paperdesk gradebook``, the roster, Canvas."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path
from typing import Any

import pytest

from paperdesk.services.collect import collect
from paperdesk.services.context import Context
from tests.collect.builders import NOW, SHORT, Spec, on_time, write_reviews


@pytest.fixture
def typesets(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Each review typeset in this process (collect with jobs=1), by reading key: alone, or
    in a batch's document."""
    from paperdesk.adapters import typeset

    calls: list[str] = []
    real, real_batch = typeset.typeset_review, typeset.page_counts

    def counting(review: Any, *args: Any, **kwargs: Any) -> Any:
        assert review.body.strip(), "typeset without its body"
        calls.append(review.reading)
        return real(review, *args, **kwargs)

    def counting_batch(items: Any, *args: Any, **kwargs: Any) -> Any:
        for review, _, _ in items:
            assert review.body.strip(), "typeset without its body"
            calls.append(review.reading)
        return real_batch(items, *args, **kwargs)

    monkeypatch.setattr(typeset, "typeset_review", counting)
    monkeypatch.setattr(typeset, "page_counts", counting_batch)
    return calls


def _class(submissions: Path) -> None:
    write_reviews(submissions / "ada" / "reviews", on_time(4), "Ada Lovelace", "ada@uni.edu")
    write_reviews(submissions / "bob" / "reviews", on_time(3, start=5), "Bob Byte",
                  "bob@uni.edu")


def fresh(instructor: Path) -> Context:
    return Context.discover(str(instructor), {"PAPERDESK_NOW": NOW})


def test_second_collect_typesets_nothing_and_a_changed_file_exactly_once(
        instructor: Path, submissions: Path, typesets: list[str]) -> None:
    _class(submissions)
    first = collect([submissions], fresh(instructor), jobs=1)
    assert sorted(typesets) == ["r00", "r01", "r02", "r03", "r05", "r06", "r07"]
    typesets.clear()
    second = collect([submissions], fresh(instructor), jobs=1)
    assert typesets == []  # every file known by its SHA-256
    assert second.to_json()["students"] == first.to_json()["students"]
    changed = submissions / "bob" / "reviews" / "r06.md"
    changed.write_text(changed.read_text(encoding="utf-8").replace("convincing", "thin"),
                       encoding="utf-8")
    collect([submissions], fresh(instructor), jobs=1)
    assert typesets == ["r06"]


def test_the_stored_pages_are_those_typeset(instructor: Path, submissions: Path,
                                            typesets: list[str]) -> None:
    write_reviews(submissions / "ada" / "reviews",
                  [Spec("r00", "2021-04-01T10:00:00-05:00", SHORT * 40)], "Ada", "ada@uni.edu")
    book = collect([submissions], fresh(instructor), jobs=1)
    again = collect([submissions], fresh(instructor), jobs=1)
    assert book.students[0].reviews[0].entry.pages == again.students[0].reviews[0].entry.pages
    assert again.students[0].reviews[0].outcome == "over length"
    assert typesets == ["r00"]


def test_gradebook_shows_what_was_stored_without_the_folders(
        cli: Any, instructor: Path, submissions: Path, typesets: list[str]) -> None:
    _class(submissions)
    assert cli("collect", str(submissions), "--jobs", "1").code == 0
    shutil.rmtree(submissions)
    typesets.clear()
    result = cli("gradebook", "--json")
    assert result.code == 0, result.err
    data = __import__("json").loads(result.out)
    points = {s["student"]: s["points"] for s in data["students"]}
    assert points == {"Ada Lovelace": 8, "Bob Byte": 6}
    assert typesets == []
    ada = next(s for s in data["students"] if s["student"] == "Ada Lovelace")
    assert all(len(r["sha256"]) == 64 for r in ada["reviews"])
    table = cli("gradebook")
    assert "Ada Lovelace" in table.out and "8/40" in table.out
    assert cli("gradebook", "--csv", "-").out.startswith("student,email,batch_1")


def test_the_tables_hold_what_collect_found(instructor: Path, submissions: Path) -> None:
    from paperdesk.services.gradebook import db

    _class(submissions)
    ctx = fresh(instructor)
    collect([submissions], ctx, jobs=1)
    stored = {w.work.student: w for w in db(ctx).works()}
    assert set(stored) == {"ada@uni.edu", "bob@uni.edu"}
    row = next(r for r in stored["ada@uni.edu"].reviews if r.reading == "r00")
    assert (row.course, row.outcome, row.batch, row.points, row.pages) == (
        "deep-generative-models-spring-2021", "counted", "Batch 1", 2, 1)
    assert row.submitted.startswith("2021-04-01T10:00") and len(row.sha256) == 64


def test_an_empty_gradebook_says_how_to_fill_it(cli: Any, instructor: Path) -> None:
    result = cli("gradebook")
    assert result.code == 2 and "paperdesk collect" in result.err


def test_one_database_holds_two_terms(instructor: Path, submissions: Path) -> None:
    from paperdesk.services.gradebook import build

    _class(submissions)
    collect([submissions], fresh(instructor), jobs=1)
    toml = instructor / "course.toml"
    spring = toml.read_text(encoding="utf-8")
    toml.write_text(spring.replace('term = "Spring 2021"', 'term = "Fall 2021"'),
                    encoding="utf-8")
    assert build(fresh(instructor)).students == ()  # the course's id names name and term
    toml.write_text(spring, encoding="utf-8")
    assert len(build(fresh(instructor)).students) == 2


# -- the roster -------------------------------------------------------------------------------

CANVAS = """\
Student,ID,SIS User ID,SIS Login ID,Section,Reading reviews (12345)
    Points Possible,,,,,40
"Lovelace, Ada",101,S001,ada@uni.edu,Sec A,
"Byte, Bob",102,S002,bbyte,Sec A,
"Curie, Marie",103,S003,mcurie,Sec B,
"Noether, Emmy",104,S004,enoether,Sec B,
"""


def _roster_class(submissions: Path) -> None:
    # By email (Ada), by SIS login (Bob's email is bbyte@...), by name (Emmy, no email),
    # an unmatched submission (Zed), and Marie hands in nothing.
    write_reviews(submissions / "ada" / "reviews", on_time(2), "Ada Lovelace", "ada@uni.edu")
    write_reviews(submissions / "bob" / "reviews", on_time(3), "Robert B.", "bbyte@uni.edu")
    write_reviews(submissions / "emmy" / "reviews", on_time(1), "Emmy Noether", "")
    write_reviews(submissions / "zed" / "reviews", on_time(4), "Zed Stranger", "zed@else.org")


def test_canvas_roster_matched_by_email_sis_login_and_name(
        cli: Any, instructor: Path, submissions: Path, tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(CANVAS, encoding="utf-8")
    imported = cli("roster", "import", str(roster))
    assert imported.code == 0 and "4 students" in imported.out, imported.err
    listed = cli("roster")
    assert "Lovelace, Ada" in listed.out and "Points Possible" not in listed.out
    _roster_class(submissions)
    cli("collect", str(submissions), "--jobs", "1")
    data = __import__("json").loads(cli("gradebook", "--json").out)
    by_key = {s["key"]: s for s in data["students"]}
    assert by_key["ada@uni.edu"]["matched_by"] == "email"
    assert by_key["bbyte"]["matched_by"] == "SIS login"
    assert by_key["enoether"]["matched_by"] == "name"
    assert (by_key["bbyte"]["points"], by_key["enoether"]["points"]) == (6, 2)
    marie = by_key["mcurie"]
    assert marie["points"] == 0 and marie["student"] == "Marie Curie"
    assert [p["kind"] for p in marie["problems"]] == ["nothing handed in"]
    zed = by_key["zed@else.org"]
    assert zed["roster"] is None and zed["flagged"] is False
    assert any(p["kind"] == "not on the roster" for p in zed["problems"])
    table = cli("gradebook")
    zed_line = next(line for line in table.out.splitlines() if line.startswith("Zed"))
    assert " !" in zed_line  # marked, and red on a terminal


def test_canvas_export_header_rows_and_points(cli: Any, instructor: Path, submissions: Path,
                                              tmp_path: Path) -> None:
    (tmp_path / "roster.csv").write_text(CANVAS, encoding="utf-8")
    cli("roster", "import", str(tmp_path / "roster.csv"))
    _roster_class(submissions)
    cli("collect", str(submissions), "--jobs", "1")
    out = tmp_path / "canvas.csv"
    result = cli("gradebook", "--canvas", str(out))
    assert result.code == 0
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert rows[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section",
                       "Reading reviews"]
    assert rows[1:] == [
        ["Byte, Bob", "102", "S002", "bbyte", "Sec A", "6"],
        ["Curie, Marie", "103", "S003", "mcurie", "Sec B", "0"],
        ["Lovelace, Ada", "101", "S001", "ada@uni.edu", "Sec A", "4"],
        ["Noether, Emmy", "104", "S004", "enoether", "Sec B", "2"],
    ]
    assert "Zed Stranger" in result.err and "not on the roster" in result.err


def test_canvas_column_carries_the_assignment_id(cli: Any, instructor: Path,
                                                 submissions: Path, tmp_path: Path) -> None:
    with (instructor / "course.toml").open("a", encoding="utf-8") as fh:
        fh.write('\n[lms]\nassignment = "Reviews"\nassignment_id = 12345\n')
    (tmp_path / "roster.csv").write_text(CANVAS, encoding="utf-8")
    cli("roster", "import", str(tmp_path / "roster.csv"))
    _roster_class(submissions)
    cli("collect", str(submissions), "--jobs", "1")
    out = cli("gradebook", "--canvas", "-").out
    assert out.splitlines()[0].endswith(",Reviews (12345)")


def test_plain_roster_and_two_folders_claiming_one_student(
        cli: Any, instructor: Path, submissions: Path, tmp_path: Path) -> None:
    (tmp_path / "r.csv").write_text("name,email,section\nAda Lovelace,ada@uni.edu,1\n"
                                    "Bob Byte,bob@uni.edu,2\n", encoding="utf-8")
    assert cli("roster", "import", str(tmp_path / "r.csv")).code == 0
    write_reviews(submissions / "ada" / "reviews", on_time(2), "Ada Lovelace", "ada@uni.edu")
    # Another folder, another email, the same name: claims Ada too.
    write_reviews(submissions / "ada2" / "reviews", on_time(3, start=5), "Ada Lovelace",
                  "ada@gmail.com")
    cli("collect", str(submissions), "--jobs", "1")
    data = __import__("json").loads(cli("gradebook", "--json").out)
    ada_rows = [s for s in data["students"] if "Ada" in s["student"]]
    assert len(ada_rows) == 3  # the roster's Ada (0 points until resolved), both folders
    roster_ada = next(s for s in ada_rows if s["roster"] is not None)
    assert roster_ada["points"] == 0
    assert all(any(p["kind"] == "claimed twice" for p in s["problems"]) for s in ada_rows)
    bob = next(s for s in data["students"] if s["student"] == "Bob Byte")
    assert bob["points"] == 0


def test_a_bad_roster_is_one_line(cli: Any, instructor: Path, tmp_path: Path) -> None:
    (tmp_path / "r.csv").write_text("just one cell\n", encoding="utf-8")
    result = cli("roster", "import", str(tmp_path / "r.csv"))
    assert result.code == 2 and "name,email" in result.err and "Traceback" not in result.err


def test_a_changed_reading_title_typesets_its_reviews_again(
        instructor: Path, submissions: Path, typesets: list[str]) -> None:
    """The title is printed on the review's page: the stored count no longer holds, and the
    review (its front matter read from the store) is parsed whole again to be typeset."""
    _class(submissions)
    collect([submissions], fresh(instructor), jobs=1)
    typesets.clear()
    bib = instructor / "readings.bib"
    bib.write_text(bib.read_text(encoding="utf-8").replace(
        "Reading r00 on generative models", "Reading r00, now with a much longer title"),
        encoding="utf-8")
    book = collect([submissions], fresh(instructor), jobs=1)
    assert typesets == ["r00"]
    ada = next(s for s in book.students if s.name == "Ada Lovelace")
    assert ada.points == 8 and all(r.entry.pages == 1 for r in ada.reviews)
