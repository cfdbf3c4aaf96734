"""Three students built here: one complete and on time, one with late, over-length and duplicate
reviews, one zipped. The CSV rows and points are exactly what the rules of course.toml say."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from paperdesk.services.context import Context
from tests.collect.builders import (
    LONG,
    Spec,
    export_pdfs,
    make_workspace,
    on_time,
    write_reviews,
    zip_folder,
)
from tests.conftest import CliResult

Cli = Callable[..., CliResult]


@pytest.fixture
def three(instructor: Path, submissions: Path, tmp_path: Path) -> Path:
    # Alice: a clone of the workspace, 10 reviews in April, 10 in May, each exported to PDF.
    alice = make_workspace(submissions / "alice")
    write_reviews(alice / "reviews", on_time(10) + on_time(10, start=10, month=5),
                  "Alice Adams", "alice@uni.edu")
    export_pdfs(alice, alice / "reviews")

    # Bob: his reviews/ folder, copied; it holds everything that earns nothing.
    bob = [
        *on_time(8),                                                 # batch 1: 8 count
        Spec("r08", "2021-04-09T10:00:00-05:00", body=LONG),         # two pages: over length
        Spec("r00", "2021-04-20T10:00:00-05:00", file="r00-copy.md"),  # a second review of r00
        *on_time(3, start=10, month=5),                              # batch 2: 3 count
        Spec("r13", "2021-05-26T16:01:00-05:00"),                    # one minute late
        Spec("r14", None),                                           # a draft
        Spec("nosuchpaper2020", "2021-04-10T10:00:00-05:00"),        # not in readings.bib
    ]
    write_reviews(submissions / "bob" / "reviews", bob, "Bob Brown", "bob@uni.edu")
    (submissions / "bob" / "reviews" / "notes.md").write_text("Things to do\n", encoding="utf-8")

    # Carol: a zip of her reviews/ folder; 12 reviews before batch 1 is due: 2 roll into batch 2.
    carol = write_reviews(tmp_path / "carol" / "reviews", on_time(12), "Carol Chen",
                          "carol@uni.edu")
    zip_folder(carol.parent, submissions / "carol.zip")
    return submissions


EXPECTED = [
    # student, email, batch_1, batch_2, late, over_length, duplicates, unknown, drafts,
    # unreadable, problems, points, max_points
    ["Alice Adams", "alice@uni.edu", "10", "10", "0", "0", "0", "0", "0", "0", "0", "40", "40"],
    ["Bob Brown", "bob@uni.edu", "8", "3", "1", "1", "1", "1", "1", "1", "7", "22", "40"],
    ["Carol Chen", "carol@uni.edu", "10", "2", "0", "0", "0", "0", "0", "0", "1", "24", "40"],
]


def test_csv_rows_and_points(three: Path, tmp_path: Path, cli: Cli) -> None:
    out = tmp_path / "grades.csv"
    result = cli("collect", str(three), "--csv", str(out))
    assert result.code == 0, result.err
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert rows[0] == ["student", "email", "batch_1", "batch_2", "late", "over_length",
                       "duplicates", "unknown", "drafts", "unreadable", "problems", "points",
                       "max_points", "source", "flag", "roster_match"]
    assert [r[:13] for r in rows[1:]] == EXPECTED
    assert rows[1][13].endswith("alice") and rows[3][13].endswith("carol.zip")
    # The terminal table: one row per student, points out of 40.
    lines = result.out.splitlines()
    assert any(line.startswith("Bob Brown") and line.rstrip().endswith("22/40") for line in lines)
    assert sum("/40" in line for line in lines) == 3


def test_json_says_why_each_review_earns_nothing(three: Path, cli: Cli) -> None:
    result = cli("collect", str(three), "--json")
    assert result.code == 0, result.err
    book = json.loads(result.out)
    assert book["max_points"] == 40 and book["page_limit"] == 1
    bob = next(s for s in book["students"] if s["student"] == "Bob Brown")
    outcome = {Path(r["file"]).name: (r["outcome"], r["points"], r["pages"])
               for r in bob["reviews"]}
    assert outcome["r08.md"] == ("over length", 0, 2)
    assert outcome["r00-copy.md"][:2] == ("duplicate", 0)
    assert outcome["r00.md"] == ("counted", 2, 1)
    assert outcome["r13.md"][:2] == ("late", 0)
    assert outcome["r14.md"] == ("draft", 0, None)  # a draft is not typeset
    assert outcome["nosuchpaper2020.md"][:2] == ("unknown reading", 0)
    assert outcome["notes.md"][:2] == ("unreadable", 0)
    kinds = sorted(p["kind"] for p in bob["problems"])
    assert kinds == sorted(["over the page limit", "duplicate reading", "late",
                            "draft never submitted", "unknown reading", "missing front matter",
                            "PDF missing"])
    carol = next(s for s in book["students"] if s["student"] == "Carol Chen")
    assert [len(b["counted"]) for b in carol["batches"]] == [10, 2]
    assert carol["batches"][1]["counted"] == ["r10", "r11"]  # the early extras, in order
    alice = next(s for s in book["students"] if s["student"] == "Alice Adams")
    assert all(r["pdf_matches"] is True for r in alice["reviews"])


def test_markdown_report_has_a_section_per_student(three: Path, tmp_path: Path, cli: Cli) -> None:
    report = tmp_path / "report.md"
    result = cli("collect", str(three), "--markdown", str(report))
    assert result.code == 0, result.err
    text = report.read_text(encoding="utf-8")
    sections = [line for line in text.splitlines() if line.startswith("## ")]
    assert sections == ["## Alice Adams (alice@uni.edu): 40/40 points",
                        "## Bob Brown (bob@uni.edu): 22/40 points",
                        "## Carol Chen (carol@uni.edu): 24/40 points"]
    assert "over the page limit" in text and "typesets to 2 pages" in text


def test_points_match_what_status_shows_the_student(three: Path, ctx: Context) -> None:
    """The same review files graded by collect and by the student's own standing agree."""
    from paperdesk.core.deadlines import standing
    from paperdesk.core.review_format import parse_review
    from paperdesk.services.collect import collect

    book = collect([three / "alice"], ctx)
    reviews = [parse_review(p.read_text(encoding="utf-8"), p.name)
               for p in sorted((three / "alice" / "reviews").glob("*.md"))]
    own = standing(reviews, ctx.course.rules, ctx.now())
    assert book.students[0].points == own.points == 40
    assert book.students[0].batch_counts == tuple(len(b.counted) for b in own.batches)


def test_one_path_per_student_and_the_same_student_twice(three: Path, ctx: Context) -> None:
    from paperdesk.services.collect import collect

    book = collect([three / "bob" / "reviews", three / "carol.zip", three / "bob"], ctx)
    assert [s.name for s in book.students] == ["Bob Brown", "Carol Chen"]
    bob = book.students[0]
    assert bob.points == 22  # the same files twice count once
    assert any(p.kind == "merged" for p in bob.problems)


def test_command_line_mistakes_are_one_line(instructor: Path, submissions: Path,
                                            cli: Cli) -> None:
    result = cli("collect", str(submissions / "nobody"))
    assert result.code == 2 and result.err.startswith("paperdesk: no such file or folder")
    write_reviews(submissions / "ann" / "reviews", on_time(1), "Ann", "ann@uni.edu")
    result = cli("collect", str(submissions), "--json", "--csv", "-")
    assert result.code == 2 and "only one of csv, json can go to stdout" in result.err
    result = cli("collect", str(submissions), "--csv", "-")
    assert result.code == 0 and result.out.startswith("student,email,batch_1")
    empty = submissions.parent / "empty"
    empty.mkdir()
    result = cli("collect", str(empty))
    assert result.code == 1 and "no reviews" in result.err
