"""Grading what the instructor collected: per student, what counts, what does not, and why.

Pure: the collect service reads, parses and typesets; this module decides. Points come from
:func:`paperdesk.core.deadlines.standing`, the same rules ``paperdesk status`` shows a student,
applied to the reviews that may earn: a review of an unknown reading, over the page limit, or a
second review of a reading already reviewed (later in submission order) earns nothing and is
kept away from the rules.
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from paperdesk.core.course import ReviewRules
from paperdesk.core.deadlines import Standing, StudentExceptions, standing
from paperdesk.core.errors import failure_text
from paperdesk.core.keyfiles import names_key
from paperdesk.core.latex import fold
from paperdesk.core.readable import over_length, oversize_message
from paperdesk.core.review import Review
from paperdesk.core.roster import RosterStudent
from paperdesk.core.status import Outcome

# Problem kinds, as shown to the instructor.
UNKNOWN_READING = "unknown reading"
DUPLICATE_READING = "duplicate reading"
MISSING_FRONT_MATTER = "missing front matter"
BAD_FRONT_MATTER = "bad front matter"
OVER_LENGTH = "over the page limit"
DRAFT = "draft never submitted"
UNREADABLE = "unreadable file"
NOT_TYPESET = "could not be typeset"
PDF_MISSING = "PDF missing"
PDF_MISMATCH = "PDF disagrees with source"
PDF_UNREADABLE = "PDF unreadable"
MERGED = "merged"
INVALID_UTF8 = "invalid UTF-8"
REFUSED = "refused"
NOTHING_TO_GRADE = "nothing to grade"
MANIFEST = "manifest"
NOT_ON_ROSTER = "not on the roster"
CLAIMED_TWICE = "claimed twice"
NOTHING_HANDED_IN = "nothing handed in"
HANDIN_TIME = "hand-in time"

LATE_REVIEW = "late"
# Problems shown in red: who the work belongs to, or whether it is what was handed in, is in doubt.
SERIOUS = frozenset({MERGED, NOT_ON_ROSTER, CLAIMED_TWICE, MANIFEST, HANDIN_TIME})

# What became of a review: the Outcome enum, under the short names this module's callers use.
COUNTED = Outcome.COUNTED
LATE = Outcome.LATE
OVER = Outcome.OVER_LENGTH
DUPLICATE = Outcome.DUPLICATE
UNKNOWN = Outcome.UNKNOWN_READING
DRAFTED = Outcome.DRAFT
UNREAD = Outcome.UNREADABLE
NOT_COUNTED = Outcome.NOT_COUNTED
TAMPERED = Outcome.TAMPERED


@dataclass(frozen=True)
class Override:
    """``paperdesk grade``: the points of one review set by a grader, at a time."""

    reading: str
    points: int
    comment: str = ""
    grader: str = ""
    at: str = ""  # ISO time it was given
    rubric: tuple[tuple[str, int], ...] = ()  # (item, score) when marked by rubric


@dataclass(frozen=True)
class Problem:
    kind: str
    file: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.message}" if self.file else self.message

    def to_json(self) -> dict[str, str]:
        return {"kind": self.kind, "file": self.file, "message": self.message}


@dataclass(frozen=True)
class CollectedReview:
    """One review file as collected: parsed (or why not), typeset page count, handed-in PDF."""

    file: str
    text: str | None
    review: Review | None
    error: str = ""  # why ``review`` is None
    error_kind: str = ""  # MISSING_FRONT_MATTER, BAD_FRONT_MATTER or UNREADABLE
    error_line: int = 0  # the line ``error`` is about, 0 when none
    pages: int | None = None  # of the source typeset with the course template
    typeset_error: str = ""
    pdf_file: str = ""  # the handed-in PDF beside the source, "" when none
    pdf_pages: int | None = None
    pdf_error: str = ""
    oversize: int = 0  # bytes of a body too big to typeset at all: over the limit by any count
    sha256: str = ""  # of the source file: the key of the typesetting cache
    tampered: bool = False  # from a hand-in whose manifest does not match its files


@dataclass(frozen=True)
class StudentWork:
    """Everything found for one student, before grading."""

    name: str
    email: str
    labels: tuple[str, ...]  # folder or zip names it came from
    origins: tuple[str, ...]
    reviews: tuple[CollectedReview, ...]
    problems: tuple[Problem, ...] = ()  # found while reading the files
    collected: str = ""  # when it was collected (ISO), for the stored gradebook


@dataclass(frozen=True)
class GradedReview:
    entry: CollectedReview
    reading: str  # the citekey its front matter names, "" when unreadable
    outcome: str  # an Outcome (a plain str when read back from the gradebook's tables)
    batch: str = ""  # the batch that counted it
    points: int = 0
    penalty: int = 0  # points taken for lateness under [reviews.late]
    excused: bool = False
    override: Override | None = None

    @property
    def label(self) -> str:
        """The reading's key, and the file's name when it is not the key's (core.keyfiles)."""
        # "ada/reviews/x.md", "ada.zip:x.md": the folders and the zip are not the file's name
        name = re.split(r"\.zip:", self.entry.file.replace("\\", "/"), flags=re.I)[-1]
        name = name.rsplit("/", 1)[-1]
        if not self.reading:
            return name
        return self.reading if names_key(name, self.reading) else f"{self.reading} ({name})"

    @property
    def submitted(self) -> datetime | None:
        return self.entry.review.submitted if self.entry.review else None

    @property
    def status(self) -> str:
        return self.entry.review.status if self.entry.review else ""

    def to_json(self) -> dict[str, Any]:
        e = self.entry
        return {
            "file": e.file, "reading": self.reading, "status": self.status,
            "submitted": self.submitted.isoformat() if self.submitted else None,
            "outcome": self.outcome, "batch": self.batch or None, "points": self.points,
            "pages": e.pages, "pdf": e.pdf_file or None, "pdf_pages": e.pdf_pages,
            "pdf_matches": pdf_matches(e), "sha256": e.sha256 or None,
            "late_penalty": self.penalty, "excused": self.excused, "tampered": e.tampered,
            "override": None if self.override is None else {
                "points": self.override.points, "comment": self.override.comment,
                "grader": self.override.grader, "at": self.override.at,
                "rubric": dict(self.override.rubric)},
        }


@dataclass(frozen=True)
class StudentGrade:
    name: str
    email: str
    labels: tuple[str, ...]
    origins: tuple[str, ...]
    reviews: tuple[GradedReview, ...]
    standing: Standing
    problems: tuple[Problem, ...]
    key: str = ""  # the gradebook's key: the roster student's, else email or name
    roster: RosterStudent | None = None  # the roster student the work was matched to
    matched_by: str = ""  # email, SIS login, name; "" when not matched (or no roster)
    flagged: bool = False  # marked for the instructor's review (tampered hand-in)
    notes: tuple[str, ...] = ()  # extensions, excusals and grade overrides that apply

    @property
    def points(self) -> int:
        return min(sum(r.points for r in self.reviews), self.standing.max_points)

    @property
    def serious(self) -> bool:
        """Some problem is about who this is or whether the files are what was handed in."""
        return any(p.kind in SERIOUS for p in self.problems)

    @property
    def tampered(self) -> bool:
        return any(r.entry.tampered for r in self.reviews)

    @property
    def max_points(self) -> int:
        return self.standing.max_points

    @property
    def batch_counts(self) -> tuple[int, ...]:
        return tuple(len(b.counted) for b in self.standing.batches)

    def count(self, outcome: str) -> int:
        return sum(r.outcome == outcome for r in self.reviews)

    def to_json(self) -> dict[str, Any]:
        return {
            "student": self.name, "email": self.email, "key": self.key,
            "roster": None if self.roster is None else self.roster.to_json(),
            "matched_by": self.matched_by or None, "flagged": self.flagged,
            "tampered": self.tampered, "notes": list(self.notes), "labels": list(self.labels),
            "origins": list(self.origins), "points": self.points, "max_points": self.max_points,
            "batches": [{"name": b.name, "counted": list(b.counted), "size": b.size}
                        for b in self.standing.batches],
            "late": self.count(LATE), "over_length": self.count(OVER),
            "duplicates": self.count(DUPLICATE), "unknown": self.count(UNKNOWN),
            "drafts": self.count(DRAFTED), "unreadable": self.count(UNREAD),
            "reviews": [r.to_json() for r in self.reviews],
            "problems": [p.to_json() for p in self.problems],
        }


@dataclass(frozen=True)
class Gradebook:
    course: str
    now: datetime
    rules: ReviewRules
    students: tuple[StudentGrade, ...]
    problems: tuple[Problem, ...] = field(default=())  # not tied to any student

    @property
    def batch_names(self) -> tuple[str, ...]:
        return tuple(b.name for b in self.rules.batches)

    @property
    def review_count(self) -> int:
        return sum(len(s.reviews) for s in self.students)

    def to_json(self) -> dict[str, Any]:
        return {
            "course": self.course, "now": self.now.isoformat(),
            "page_limit": self.rules.page_limit, "max_points": self.rules.max_points,
            "batches": [{"name": b.name, "due": b.due.isoformat(), "size": b.size}
                        for b in self.rules.batches],
            "students": [s.to_json() for s in self.students],
            "problems": [p.to_json() for p in self.problems],
        }


def pdf_matches(entry: CollectedReview) -> bool | None:
    """Whether the handed-in PDF has the source's page count; None when either is unknown."""
    if not entry.pdf_file or entry.pdf_pages is None or entry.pages is None:
        return None
    return entry.pdf_pages == entry.pages


def _claim_order(entry: CollectedReview) -> tuple[int, float, str]:
    """Which review of a reading claims it: finals by submission time, then drafts, by file."""
    r = entry.review
    if r is not None and r.is_final and r.submitted is not None:
        return (0, r.submitted.timestamp(), entry.file)
    return (1, 0.0, entry.file)


def _sort_key(entry: CollectedReview) -> tuple[bool, float, str]:
    """Display order: by submission time, then the unsubmitted, by file name."""
    r = entry.review
    if r is None or r.submitted is None:
        return (True, 0.0, entry.file)
    return (False, r.submitted.timestamp(), entry.file)


def grade_student(work: StudentWork, known: Container[str], rules: ReviewRules,
                  now: datetime, exceptions: StudentExceptions | None = None,
                  overrides: Mapping[str, Override] | None = None,
                  tampered: str = "flag") -> StudentGrade:
    """Decide each review's outcome and the student's points; see the module docstring.

    ``exceptions`` are the student's extensions and excusals, ``overrides`` the graders' points
    by reading; ``tampered`` (count, flag, zero) says whether reviews of a hand-in whose manifest
    disagrees still earn.
    """
    overrides = overrides or {}
    problems: list[Problem] = list(work.problems)
    outcome: dict[int, str] = {}
    by_reading: dict[str, list[int]] = {}
    entries = work.reviews
    reported = {p.file for p in problems}
    for i, e in enumerate(entries):
        if e.review is None:
            outcome[i] = UNREAD
            if e.text is None and any(f == e.file or f.startswith(e.file + ":")
                                      for f in reported):
                continue  # why it could not be read is already listed, once is enough
            where = f"{e.file}:{e.error_line}" if e.error_line else e.file
            problems.append(Problem(e.error_kind or UNREADABLE, where, e.error or "unreadable"))
        elif e.tampered and tampered == "zero":
            outcome[i] = TAMPERED
            problems.append(Problem(MANIFEST, e.file, "is from a hand-in whose manifest does not "
                                    "match its files; earns nothing (tampered = \"zero\")"))
        elif e.review.reading not in known:
            outcome[i] = UNKNOWN
            problems.append(Problem(UNKNOWN_READING, e.file, f"reading {e.review.reading!r} "
                                    "is not in the course's readings.bib; earns nothing"))
        else:
            by_reading.setdefault(e.review.reading, []).append(i)

    eligible: list[Review] = []
    for key, indices in by_reading.items():
        first, *later = sorted(indices, key=lambda j: _claim_order(entries[j]))
        for j in later:
            outcome[j] = DUPLICATE
        if later:
            files = ", ".join(entries[j].file for j in later)
            earn = "earns" if len(later) == 1 else "earn"
            problems.append(Problem(DUPLICATE_READING, entries[first].file,
                                    f"{key} is reviewed again in {files}, which {earn} nothing: "
                                    "one review a reading, the earliest submitted"))
        e = entries[first]
        assert e.review is not None
        if e.review.is_final and over_length(e.pages, e.oversize, rules.page_limit):
            outcome[first] = OVER  # the rule submit and status apply (core.readable)
            why = (oversize_message(e.oversize) if e.oversize else
                   f"typesets to {e.pages} pages; the limit is {rules.page_limit}")
            problems.append(Problem(OVER_LENGTH, e.file, f"{why}; earns nothing"))
        else:
            eligible.append(e.review)
    result = standing(eligible, rules, now, student=work.name, exceptions=exceptions)

    batch_of = {k: b.name for b in result.batches for k in b.counted}
    late = set(result.late)
    graded: list[GradedReview] = []
    for i, e in enumerate(entries):
        key = e.review.reading if e.review else ""
        got = outcome.get(i)
        batch = ""
        if got is None:
            assert e.review is not None
            if key in batch_of:
                got, batch = COUNTED, batch_of[key]
            elif key in late:
                got = LATE
                problems.append(Problem(LATE_REVIEW, e.file, _late_message(e.review, rules)))
            elif not e.review.is_final:
                got = DRAFTED
                problems.append(Problem(DRAFT, e.file, f"{key} is still a draft; earns nothing"))
            else:
                got = NOT_COUNTED
        # marked mode: a counted review waits for its grader (the override) to earn anything
        points = result.review_points(key) if got == COUNTED and not rules.marked else 0
        override = overrides.get(key) if got not in (DUPLICATE, UNREAD) else None
        if override is not None:
            points = override.points
        graded.append(GradedReview(e, key, got, batch, points,
                                   result.penalties.get(key, 0) if got == COUNTED else 0,
                                   got == COUNTED and key in result.excused, override))
        problems.extend(_pdf_problems(e, got))
    graded.sort(key=lambda g: _sort_key(g.entry))
    missing_pdf = [g.reading for g in graded
                   if g.entry.review is not None and g.entry.review.is_final
                   and g.outcome not in (DUPLICATE, UNKNOWN) and not g.entry.pdf_file]
    if missing_pdf:
        problems.append(Problem(PDF_MISSING, "", f"no PDF handed in for {len(missing_pdf)} final "
                                f"review{'s' if len(missing_pdf) != 1 else ''}: "
                                + ", ".join(missing_pdf)))
    # Grouped by file (a review's .md, then its .pdf), what concerns the whole student last.
    problems.sort(key=lambda p: (p.file == "", p.file))
    return StudentGrade(work.name, work.email, work.labels, work.origins, tuple(graded),
                        result, tuple(problems), key=work_key(work.name, work.email),
                        flagged=tampered != "count" and any(e.tampered for e in entries))


def work_key(name: str, email: str) -> str:
    """The stored gradebook's key of a student found by collect: the email, else the name."""
    return email.strip().casefold() if email.strip() else "name:" + fold(name)


def at(when: datetime, zone: datetime | None = None) -> str:
    """``2021-05-27 09:00 CDT``: a time for the instructor, in the zone of ``zone`` if given."""
    if zone is not None and zone.tzinfo is not None:
        when = when.astimezone(zone.tzinfo)
    return f"{when:%Y-%m-%d %H:%M} {when.tzname() or ''}".rstrip()


def _late_message(review: Review, rules: ReviewRules) -> str:
    last = rules.batches[-1] if rules.batches else None
    if review.submitted is None:  # only finals are late; kept total for safety
        return f"{review.reading} is late; earns nothing"
    when = at(review.submitted, last.due if last else None)
    if last is not None and review.submitted > last.due:
        return (f"{review.reading} was submitted {when}, after {last.name} was due "
                f"({at(last.due)}); earns nothing")
    return (f"{review.reading} was submitted {when}, when every batch was already full; "
            "earns nothing")


def _pdf_problems(e: CollectedReview, outcome: str) -> Iterable[Problem]:
    if e.typeset_error:
        yield Problem(NOT_TYPESET, e.file, e.typeset_error)
    if e.pdf_error:
        yield Problem(PDF_UNREADABLE, e.pdf_file, e.pdf_error)
    if pdf_matches(e) is False:
        yield Problem(PDF_MISMATCH, e.pdf_file,
                      f"has {e.pdf_pages} page{'s' if e.pdf_pages != 1 else ''}, but its source "
                      f"typesets to {e.pages} (edited after it was exported?); the source "
                      "is what is graded")


def _grade_guarded(work: StudentWork, known: Container[str], rules: ReviewRules,
                   now: datetime) -> StudentGrade:
    """:func:`grade_student`; should one student's files still break it, that student gets
    nothing and the reason, and the class is graded."""
    try:
        return grade_student(work, known, rules, now)
    except Exception as exc:
        problem = Problem(UNREADABLE, work.origins[0] if work.origins else "",
                          f"could not be graded: {failure_text(exc)}")
        return StudentGrade(work.name, work.email, work.labels, work.origins, (),
                            standing([], rules, now, student=work.name),
                            (*work.problems, problem))


def grade(works: Sequence[StudentWork], known: Container[str], rules: ReviewRules,
          now: datetime, course: str = "", problems: Sequence[Problem] = ()) -> Gradebook:
    """The gradebook: students sorted by name (case- and accent-blind order kept simple)."""
    students = [_grade_guarded(w, known, rules, now) for w in works]
    students.sort(key=lambda s: (s.name.casefold(), s.email.casefold()))
    return Gradebook(course, now, rules, tuple(students), tuple(problems))
