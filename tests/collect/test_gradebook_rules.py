"""The grading decisions of ``core.gradebook``, pure: no files, no typesetting."""

from __future__ import annotations

import csv
import io
from datetime import datetime

import pytest

from paperdesk.core.course import Batch, ReviewRules
from paperdesk.core.gradebook import (
    COUNTED,
    DRAFTED,
    DUPLICATE,
    LATE,
    OVER,
    UNKNOWN,
    UNREAD,
    CollectedReview,
    StudentWork,
    grade,
    grade_student,
)
from paperdesk.core.gradebook_report import to_csv, to_markdown
from paperdesk.core.review import Review

RULES = ReviewRules(
    batches=(Batch("Batch 1", datetime.fromisoformat("2021-04-21T16:00:00-05:00"), 2),
             Batch("Batch 2", datetime.fromisoformat("2021-05-26T16:00:00-05:00"), 2)),
    points_per_review=2, page_limit=1)
NOW = datetime.fromisoformat("2021-06-01T12:00:00-05:00")
KNOWN = {"a", "b", "c", "d", "e"}


def entry(reading: str, when: str | None, pages: int | None = 1, file: str = "",
          pdf_pages: int | None = None) -> CollectedReview:
    submitted = datetime.fromisoformat(when) if when else None
    review = Review(reading=reading, body="text", student="S", status="final" if when else "draft",
                    submitted=submitted)
    return CollectedReview(file=file or f"{reading}.md", text="---", review=review,
                           pages=pages if when else None,
                           pdf_file=(file or f"{reading}.md")[:-3] + ".pdf"
                           if pdf_pages is not None else "",
                           pdf_pages=pdf_pages)


def outcomes(*entries: CollectedReview) -> tuple[dict[str, str], int]:
    work = StudentWork("S", "s@u.edu", ("s",), ("s",), entries)
    graded = grade_student(work, KNOWN, RULES, NOW)
    return {r.entry.file: r.outcome for r in graded.reviews}, graded.points


@pytest.mark.parametrize(("entries", "expected", "points"), [
    pytest.param([entry("a", "2021-04-01T10:00-05:00"), entry("b", "2021-04-02T10:00-05:00"),
                  entry("c", "2021-04-03T10:00-05:00")],
                 {"a.md": COUNTED, "b.md": COUNTED, "c.md": COUNTED}, 6,
                 id="an early extra rolls into batch 2"),
    pytest.param([entry("a", "2021-04-01T10:00-05:00", pages=2),
                  entry("b", "2021-04-02T10:00-05:00"), entry("c", "2021-04-03T10:00-05:00")],
                 {"a.md": OVER, "b.md": COUNTED, "c.md": COUNTED}, 4,
                 id="over length earns nothing and takes no slot"),
    pytest.param([entry("a", "2021-04-05T10:00-05:00", file="copy.md"),
                  entry("a", "2021-04-01T10:00-05:00")],
                 {"a.md": COUNTED, "copy.md": DUPLICATE}, 2,
                 id="the later review of a reading is the duplicate"),
    pytest.param([entry("a", "2021-04-01T10:00-05:00", pages=2),
                  entry("a", "2021-04-05T10:00-05:00", file="again.md")],
                 {"a.md": OVER, "again.md": DUPLICATE}, 0,
                 id="a second review earns nothing even when the first was too long"),
    pytest.param([entry("a", None, file="draft.md"), entry("a", "2021-04-05T10:00-05:00")],
                 {"a.md": COUNTED, "draft.md": DUPLICATE}, 2,
                 id="a leftover draft of a submitted reading"),
    pytest.param([entry("z", "2021-04-01T10:00-05:00"), entry("b", None)],
                 {"z.md": UNKNOWN, "b.md": DRAFTED}, 0, id="unknown reading and a draft"),
    pytest.param([entry("a", "2021-05-26T16:00-05:00"), entry("b", "2021-05-26T16:01-05:00")],
                 {"a.md": COUNTED, "b.md": LATE}, 2, id="on the minute and one minute late"),
    pytest.param([entry("a", "2021-05-26T20:59:00+00:00")], {"a.md": COUNTED}, 2,
                 id="a UTC time before the Chicago due time"),
])
def test_outcomes(entries: list[CollectedReview], expected: dict[str, str], points: int) -> None:
    assert outcomes(*entries) == (expected, points)


def test_unreadable_entries_are_problems_not_crashes() -> None:
    broken = CollectedReview(file="x.md", text=None, review=None, error="binary",
                             error_kind="unreadable file")
    work = StudentWork("S", "", ("s",), ("s",), (broken,))
    graded = grade_student(work, KNOWN, RULES, NOW)
    assert graded.reviews[0].outcome == UNREAD and graded.points == 0
    assert [p.kind for p in graded.problems] == ["unreadable file"]


def test_csv_keeps_student_text_from_running_as_a_formula() -> None:
    work = StudentWork("=HYPERLINK(\"http://x\")", "+1@u.edu", ("s",), ("-s",),
                       (entry("a", "2021-04-01T10:00-05:00"),))
    book = grade([work], KNOWN, RULES, NOW, course="C")
    row = next(csv.DictReader(io.StringIO(to_csv(book))))
    assert row["student"].startswith("'=") and row["email"] == "'+1@u.edu"
    assert row["points"] == "2" and row["batch_1"] == "1"
    markdown = to_markdown(book)
    assert "## =HYPERLINK" in markdown and '\\"' not in markdown.split("\n")[0]


def test_markdown_escapes_table_cells() -> None:
    work = StudentWork("Pipe | Name", "", ("s",), ("s",), (entry("a", "2021-04-01T10:00-05:00"),))
    markdown = to_markdown(grade([work], KNOWN, RULES, NOW))
    assert "Pipe \\| Name" in markdown
