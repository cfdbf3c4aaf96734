"""What the instructor reads: the terminal table at 80 columns, warnings for merged folders,
problems worded once and with what to look at, mistakes in output paths caught before any work."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from paperdesk.cli.commands.collect import fit_table
from paperdesk.core.gradebook_report import short_file, to_markdown
from paperdesk.services.collect import collect
from paperdesk.services.context import Context
from tests.collect.builders import Spec, on_time, review_text, write_reviews, zip_folder
from tests.conftest import CliResult

Cli = Callable[..., CliResult]
BOB = ("Bob Brown", "bob@uni.edu")


def test_two_folders_of_one_student_are_merged_with_a_warning(instructor: Path,
                                                               submissions: Path,
                                                               cli: Cli) -> None:
    write_reviews(submissions / "bob" / "reviews", on_time(3), *BOB)
    write_reviews(submissions / "bob-laptop" / "reviews",
                  [*on_time(2, start=3, day=10), Spec("r00", "2021-04-20T10:00:00-05:00")], *BOB)
    result = cli("collect", str(submissions), "--json")
    assert result.code == 0, result.err
    [bob] = json.loads(result.out)["students"]
    assert bob["points"] == 10 and bob["duplicates"] == 1  # 3 + 2 count; r00 twice earns once
    assert [Path(o).name for o in bob["origins"]] == ["bob", "bob-laptop"]
    merged = [p for p in bob["problems"] if p["kind"] == "merged"]
    assert len(merged) == 1 and "the same student as" in merged[0]["message"]
    # The instructor sees it on the terminal too, not only in the report.
    assert "warning: Bob Brown: merged:" in result.err and "bob-laptop" in result.err


def test_the_table_fits_the_terminal() -> None:
    header = ["Student", "Email", "Batch 1", "Batch 2", "Late", "Over", "Problems", "Points"]
    rows = [header, ["Maximiliana Fernández-Oyelaran", "maximiliana.fernandez@university.edu",
                     "10/10", "8/10", "1", "0", "3", "36/40"],
            ["Bo Li", "bo@uni.edu", "9/10", "10/10", "0", "1", "2", "38/40"]]
    wide = fit_table(rows, 120)
    assert "maximiliana.fernandez@university.edu" in wide[2]
    for width in (80, 60):
        lines = fit_table(rows, width)
        assert max(len(line) for line in lines) <= width
        assert lines[1] == "-" * len(lines[0])
        assert "Email" not in lines[0]  # dropped whole rather than clipped to nonsense
        assert lines[2].startswith("Maximiliana") and lines[2].endswith("36/40")
        assert lines[3].split() == ["Bo", "Li", "9/10", "10/10", "0", "1", "2", "38/40"]


def test_output_mistakes_stop_before_any_work(instructor: Path, submissions: Path,
                                              cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_work(*args: object, **kwargs: object) -> None:
        raise AssertionError("collected before checking the outputs")

    monkeypatch.setattr("paperdesk.services.collect.collect", no_work)
    result = cli("collect", str(submissions), "--csv", str(submissions / "no" / "grades.csv"))
    assert result.code == 2 and "cannot write --csv: no folder" in result.err
    result = cli("collect", str(submissions), "--markdown", str(submissions))
    assert result.code == 2 and "is a folder; --markdown wants a file name" in result.err
    result = cli("collect", str(submissions), "--markdown", "-", "--json")
    assert result.code == 2 and "only one of markdown, json" in result.err


def test_problems_are_worded_once_and_say_what_to_look_at(ctx: Context,
                                                          submissions: Path) -> None:
    reviews = write_reviews(submissions / "cy" / "reviews",
                            [*on_time(1), Spec("r05", "2021-05-27T09:00:00-05:00")],
                            "Cy Cole", "cy@uni.edu")
    (reviews / "r01.md").write_bytes(b"\x00\x01binary" * 10)
    (reviews / "r02.md").write_text("---\nreading: r02\nstudent: Cy Cole\nstatus: final\n"
                                    "submitted: yesterday\n---\nText.\n", encoding="utf-8")
    with zipfile.ZipFile(submissions / "zed.zip", "w") as zf:
        zf.writestr("../evil.md", review_text(Spec("r00", "2021-04-01T10:00:00-05:00"),
                                              "Zed", "z@uni.edu"))

    book = collect([submissions], ctx)
    cy, zed = book.students
    lines = [f"{p.kind}: {p}" for p in cy.problems]
    # A binary file: one problem, not a second "could not be read" for the same file.
    assert sum("r01.md" in line for line in lines) == 1
    # Front matter errors point at the line.
    assert any(line.startswith("bad front matter: ") and "r02.md:5: submitted:" in line
               for line in lines)
    # A late review says when it was submitted and when the batch was due, in course time.
    late = next(p.message for p in cy.problems if p.kind == "late")
    assert late == ("r05 was submitted 2021-05-27 09:00 CDT, after Batch 2 was due "
                    "(2021-05-26 16:00 CDT); earns nothing")
    # A refused zip entry says "refused" once, as its kind.
    [refused] = [p for p in zed.problems if p.kind == "refused"]
    assert refused.message == "its path climbs out of the archive with '..'"
    # Grouped by file: all of r01's problems, then r02's, and so on.
    files = [p.file for p in cy.problems if p.file]
    assert files == sorted(files)


def test_markdown_report_of_a_student_with_nothing_to_grade(ctx: Context,
                                                            submissions: Path) -> None:
    (submissions / "empty").mkdir()
    write_reviews(submissions / "ann" / "reviews", on_time(1), "Ann Ames", "ann@uni.edu")
    text = to_markdown(collect([submissions], ctx))
    assert "\n\n\n" not in text
    section = text.split("## empty")[1]
    assert "No review files." in section and "**nothing to grade** `" in section
    assert "| Reading | Submitted |" not in section


def test_hand_in_of_another_course_or_student_is_reported(ctx: Context,
                                                         tmp_path: Path) -> None:
    folder = write_reviews(tmp_path / "h" / "Hal-batch-1", on_time(2), "Hal Hunt", "hal@uni.edu")
    (folder / "manifest.json").write_text(json.dumps({
        "format": "paperdesk-handin", "course": "Another Course", "student": "Someone Else",
        "files": {}}), encoding="utf-8")
    zip_folder(tmp_path / "h", tmp_path / "Hal-batch-1.zip")
    [hal] = collect([tmp_path / "Hal-batch-1.zip"], ctx).students
    messages = [p.message for p in hal.problems if p.kind == "manifest"]
    assert "was made for the course 'Another Course', not 'Deep Generative Models'" in messages
    assert "names the student 'Someone Else', but reviews in it name 'Hal Hunt'" in messages


def test_short_file_names_below_the_students_folder() -> None:
    assert short_file("subs/bob/reviews/a.md", ("subs/bob",)) == "reviews/a.md"
    assert short_file("subs/bob.zip:reviews/a.md", ("subs/bob.zip",)) == "reviews/a.md"
    assert short_file("subs/bob-2/reviews/a.md", ("subs/bob", "subs/bob-2")) == \
        "bob-2/reviews/a.md"
    assert short_file("/abs/a.md", ("/abs", "rel")) == "/abs/a.md"
    assert short_file("", ("x",)) == ""
