"""The gradebook as text: summary rows, CSV for the grading spreadsheet, a Markdown report.

Names, emails, file names and messages come from students' files: every text made here goes
through :func:`paperdesk.core.safetext.printable`, so no escape code reaches a terminal.
"""

from __future__ import annotations

import csv
import io
import os.path
import re
from collections.abc import Sequence
from datetime import datetime

from paperdesk.core.gradebook import (
    CLAIMED_TWICE,
    DRAFTED,
    DUPLICATE,
    HANDIN_TIME,
    LATE,
    MANIFEST,
    MERGED,
    NOT_ON_ROSTER,
    OVER,
    TAMPERED,
    UNKNOWN,
    UNREAD,
    Gradebook,
    GradedReview,
    Problem,
    StudentGrade,
    at,
    pdf_matches,
)
from paperdesk.core.safetext import printable


def batch_column(name: str, index: int) -> str:
    """A CSV column name for a batch: ``Batch 1`` -> ``batch_1``."""
    slug = re.sub(r"[^0-9a-z]+", "_", name.casefold()).strip("_")
    return slug or f"batch_{index + 1}"


def csv_header(book: Gradebook) -> list[str]:
    batches = [batch_column(n, i) for i, n in enumerate(book.batch_names)]
    return ["student", "email", *batches, "late", "over_length", "duplicates", "unknown",
            "drafts", "unreadable", "problems", "points", "max_points", "source",
            "flag", "roster_match"]


def flag(s: StudentGrade) -> str:
    """Why the instructor should look at this student first: ``tampered`` (a hand-in whose
    manifest disagrees with its files), ``identity`` (not on the roster, claimed twice, merged),
    ``hand-in`` (other manifest or hand-in time problems); "" when none."""
    kinds = {p.kind for p in s.problems}
    marks = []
    if s.tampered and (s.flagged or any(r.outcome == TAMPERED for r in s.reviews)):
        marks.append("tampered")
    if kinds & {NOT_ON_ROSTER, CLAIMED_TWICE, MERGED}:
        marks.append("identity")
    if kinds & {HANDIN_TIME} or (MANIFEST in kinds and "tampered" not in marks):
        marks.append("hand-in")
    return " ".join(marks)


def csv_row(book: Gradebook, s: StudentGrade) -> list[str | int]:
    return [s.name, s.email, *s.batch_counts, s.count(LATE), s.count(OVER), s.count(DUPLICATE),
            s.count(UNKNOWN), s.count(DRAFTED), s.count(UNREAD), len(s.problems), s.points,
            s.max_points, "; ".join(s.origins), flag(s), s.matched_by]


CANVAS_HEADER = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")


def canvas_column(assignment: str, canvas_id: str = "") -> str:
    """``Reading reviews (12345)``: Canvas matches a column to its assignment by the id."""
    return f"{assignment} ({canvas_id})" if canvas_id else assignment


def to_canvas(book: Gradebook, assignment: str) -> tuple[str, list[str]]:
    """Canvas's gradebook import: one row per roster student, points in the assignment's
    column; and what could not go in (submissions matching no roster student)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*CANVAS_HEADER, assignment])
    left_out = []
    for s in sorted(book.students, key=lambda s: (s.roster.name.casefold(), s.roster.key)
                    if s.roster else ("", "")):
        r = s.roster
        if r is None:
            if s.origins:
                left_out.append(f"{s.name}" + (f" <{s.email}>" if s.email else "")
                                + f" ({'; '.join(s.origins)}): not on the roster, "
                                f"{s.points} points not exported")
            continue
        writer.writerow([_no_formula(printable(c)) for c in (
            r.name, r.canvas_id, r.sis_user_id, r.sis_login, r.section)] + [s.points])
    return out.getvalue(), left_out


def to_csv(book: Gradebook) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(csv_header(book))
    for s in book.students:
        writer.writerow([_no_formula(_printable_cell(c)) for c in csv_row(book, s)])
    return out.getvalue()


def _printable_cell(cell: str | int) -> str | int:
    return printable(cell) if isinstance(cell, str) else cell


def _no_formula(cell: str | int) -> str | int:
    """Student-given text must not run as a spreadsheet formula (CSV injection)."""
    if isinstance(cell, str) and cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + cell
    return cell


def _md(text: str) -> str:
    """Text safe inside a Markdown table cell or heading."""
    text = " ".join(text.split())
    return re.sub(r"([\\`*_{}\[\]<>|#])", r"\\\1", text)


def when(book: Gradebook, value: datetime | None) -> str:
    """A submission time in the course's time zone (that of its due times), "—" for none."""
    if value is None:
        return "—"
    return at(value, book.rules.batches[0].due if book.rules.batches else None)


def problem_line(p: Problem) -> str:
    """``kind: file: message``, without saying the kind twice when the message starts with it."""
    return printable(str(p) if p.message.startswith(p.kind) else f"{p.kind}: {p}")


def short_file(file: str, origins: Sequence[str]) -> str:
    """``file`` without the folder or zip the student's work came from (their common part when
    there are several), for screens where the full path is too long."""
    if not file or not origins:
        return file
    try:
        prefix = origins[0] if len(origins) == 1 else os.path.commonpath(list(origins))
    except ValueError:  # absolute and relative paths mixed: nothing in common
        return file
    for sep in ("/", ":"):
        if prefix and file.startswith(prefix + sep):
            return file[len(prefix) + 1:]
    return file


def short_when(book: Gradebook, value: datetime | None) -> str:
    """``04-20 21:14`` in the course's time zone; the year only when it is not the course's."""
    if value is None:
        return "—"
    due = book.rules.batches[0].due if book.rules.batches else None
    if due is not None and due.tzinfo is not None:
        value = value.astimezone(due.tzinfo)
    same_year = due is None or value.year == due.year
    return f"{value:%m-%d %H:%M}" if same_year else f"{value:%Y-%m-%d %H:%M}"


def short_batch(name: str) -> str:
    """``Batch 1`` -> ``B1`` for narrow tables; other names are kept."""
    return re.sub(r"^batch\s*", "B", name, flags=re.IGNORECASE)


def summary_rows(book: Gradebook) -> list[list[str]]:
    """One row per student: name, email, each batch's count, late, over, problems, points."""
    rows = []
    for s in book.students:
        batches = [f"{n}/{b.size}" for n, b in zip(s.batch_counts, s.standing.batches,
                                                   strict=True)]
        mark = "!" if flag(s) or s.serious else ""
        rows.append([printable(s.name), printable(s.email) or "—", *batches,
                     str(s.count(LATE)), str(s.count(OVER)), f"{mark}{len(s.problems)}",
                     f"{s.points}/{s.max_points}"])
    return rows


def summary_header(book: Gradebook) -> list[str]:
    return ["Student", "Email", *book.batch_names, "Late", "Over", "Problems", "Points"]


def to_markdown(book: Gradebook) -> str:
    lines = [f"# Gradebook{': ' + _md(book.course) if book.course else ''}", ""]
    rules = book.rules
    lines += [f"Collected {book.now.isoformat(timespec='minutes')}: {len(book.students)} "
              f"students, {book.review_count} review files. Page limit {rules.page_limit}; "
              f"{rules.points_per_review} points per counted review, {rules.max_points} at most.",
              ""]
    header = summary_header(book)
    lines += ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_md(c) for c in row) + " |" for row in summary_rows(book)]
    if book.problems:
        lines += ["", "Not read:", ""] + [f"- {_md(problem_line(p))}" for p in book.problems]
    for s in book.students:
        lines += ["", f"## {_md(s.name)}" + (f" ({_md(s.email)})" if s.email else "")
                  + f": {s.points}/{s.max_points} points", ""]
        if s.origins:
            lines += [f"From {', '.join(_code(o) for o in s.origins)}.", ""]
        if s.roster is not None:
            lines += [f"Roster: {_md(s.roster.name)}"
                      + (f", matched by {s.matched_by}" if s.matched_by else "") + ".", ""]
        if flag(s):
            lines += [f"**Flagged: {flag(s)}.**", ""]
        if s.notes:
            lines += [f"- {_md(n)}" for n in s.notes] + [""]
        counts = ", ".join(f"{b.name}: {len(b.counted)}/{b.size}" for b in s.standing.batches)
        lines += [f"{counts}; late {s.count(LATE)}, over length {s.count(OVER)}, "
                  f"duplicates {s.count(DUPLICATE)}, drafts {s.count(DRAFTED)}.", ""]
        if s.reviews:
            lines += ["| Reading | Submitted | Pages | PDF | Outcome | Points |",
                      "|---|---|---|---|---|---|"]
            for r in s.reviews:
                pages = "—" if r.entry.pages is None else str(r.entry.pages)
                lines.append("| " + " | ".join([
                    _md(r.label), when(book, r.submitted), pages,
                    _pdf_cell(r.entry.pdf_file, pdf_matches(r.entry)),
                    _md(outcome_text(r)), str(r.points),
                ]) + " |")
        else:
            lines.append("No review files.")
        if s.problems:
            lines += ["", f"Problems ({len(s.problems)}):", ""]
            lines += [f"- **{_md(p.kind)}**" + (f" {_code(p.file)}" if p.file else "")
                      + f": {_md(p.message)}" for p in s.problems]
    return printable("\n".join(lines) + "\n", keep="\n")


def outcome_text(r: GradedReview) -> str:
    """``counted (Batch 1), 1 day late -1, excused, grade set``."""
    parts = [r.outcome + (f" ({r.batch})" if r.batch else "")]
    if r.penalty:
        parts.append(f"late -{r.penalty}")
    if r.excused:
        parts.append("excused")
    if r.entry.tampered:
        parts.append("hand-in tampered")
    if r.override is not None:
        parts.append("points set by " + (r.override.grader or "a grader"))
    return ", ".join(parts)


def _code(text: str) -> str:
    """A path as inline code (backticks cannot be escaped there, so they are dropped)."""
    return "`" + " ".join(text.replace("`", "").split()) + "`"


def _pdf_cell(pdf_file: str, matches: bool | None) -> str:
    if not pdf_file:
        return "none"
    return {True: "yes", False: "differs", None: "yes (unchecked)"}[matches]
