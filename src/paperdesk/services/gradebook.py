"""The stored gradebook: what ``collect`` found, the roster, and the instructor's exceptions.

``collect`` records each student's work here (:func:`record`); :func:`build` grades what is
stored, at any time, without reading a student file again: matched to the roster, with the
extensions and excusals of ``course.toml`` and of ``paperdesk extend`` / ``excuse``, and the
graders' overrides, through the same core rules ``paperdesk status`` uses.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from types import SimpleNamespace

from paperdesk.adapters.gradebook_rows import (
    EXCUSAL,
    EXTENSION,
    OVERRIDE,
    ExceptionRow,
    GradebookStore,
    StoredWork,
    dumps,
    review_row,
    work_row,
)
from paperdesk.core.course import Course, Extension
from paperdesk.core.deadlines import exceptions_for
from paperdesk.core.errors import PaperdeskError
from paperdesk.core.gradebook import (
    CLAIMED_TWICE,
    NOT_ON_ROSTER,
    NOTHING_HANDED_IN,
    CollectedReview,
    Gradebook,
    Override,
    Problem,
    StudentGrade,
    StudentWork,
    at,
    grade_student,
    work_key,
)
from paperdesk.core.reading import Reading
from paperdesk.core.review import DRAFT, Review
from paperdesk.core.roster import Matcher, RosterError, RosterStudent, parse_roster, resolve
from paperdesk.services.context import Context

_TEMPLATE = Path(__file__).resolve().parent.parent / "templates" / "review.typ"


def db(ctx: Context) -> GradebookStore:
    """The course's gradebook tables: through sqlite3 in a SQLite file at this schema version
    (no SQLAlchemy to import), else through the SQLModel store (which makes and migrates the
    file, and serves PostgreSQL)."""
    light = ctx.light_gradebook
    if light is not None:
        return light
    from paperdesk.adapters.gradebook_db import GradebookDb

    return GradebookDb(ctx.store, ctx.course.id)


def fingerprint(course: Course, reading: Reading) -> str:
    """What a review's page count depends on besides its own file: the template, the course's
    header and the reading's title and authors. A change to any of them typesets again."""
    parts = [_template_digest(), course.name, course.term,
             str(course.timezone), reading.key, reading.title, repr(reading.authors),
             reading.venue]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:32]


@lru_cache(maxsize=1)
def _template_digest() -> str:
    """The template's SHA-256, read once a process (collect asks for every review)."""
    try:
        return hashlib.sha256(_TEMPLATE.read_bytes()).hexdigest()
    except OSError:
        return hashlib.sha256(b"").hexdigest()


# -- recording what collect found ------------------------------------------------------------

def record(ctx: Context, works: Sequence[StudentWork]) -> None:
    """Store each student's work, replacing what an earlier collect stored for the same
    student (same email, else same name); students not in ``works`` are kept."""
    course = ctx.course.id
    now = ctx.now().isoformat(timespec="seconds")
    stored: dict[str, StoredWork] = {}
    for w in works:
        key = work_key(w.name, w.email)
        row = work_row(course=course, student=key, name=w.name, email=w.email,
                     labels_json=dumps(list(w.labels)), origins_json=dumps(list(w.origins)),
                     problems_json=dumps([p.to_json() for p in w.problems]), collected_at=now)
        reviews = [_review_row(course, key, r) for r in w.reviews]
        if key in stored:  # two folders the collect kept apart that share a key: keep both
            stored[key].reviews.extend(reviews)
            continue
        stored[key] = StoredWork(row, reviews)
    db(ctx).replace_works(list(stored.values()))


def _review_row(course: str, student: str, e: CollectedReview) -> SimpleNamespace:
    r = e.review
    return review_row(
        course=course, student=student, file=e.file, sha256=e.sha256, text=e.text,
        reading=r.reading if r else "", status=r.status if r else "",
        submitted=r.submitted.isoformat() if r and r.submitted else "",
        review_student=r.student if r else "", review_email=r.email if r else "",
        title=r.title if r else "", error=e.error, error_kind=e.error_kind,
        error_line=e.error_line, pages=e.pages, typeset_error=e.typeset_error,
        pdf_file=e.pdf_file, pdf_pages=e.pdf_pages, pdf_error=e.pdf_error, oversize=e.oversize,
        tampered=e.tampered)


def _collected(row: SimpleNamespace) -> CollectedReview:
    review = None
    if row.reading and not row.error:
        review = Review(reading=row.reading, body="", student=row.review_student,
                        email=row.review_email, status=row.status or DRAFT,
                        submitted=datetime.fromisoformat(row.submitted) if row.submitted
                        else None, title=row.title)
    return CollectedReview(
        file=row.file, text=row.text, review=review, error=row.error,
        error_kind=row.error_kind, error_line=row.error_line, pages=row.pages,
        typeset_error=row.typeset_error, pdf_file=row.pdf_file, pdf_pages=row.pdf_pages,
        pdf_error=row.pdf_error, oversize=row.oversize, sha256=row.sha256,
        tampered=row.tampered)


def _work(stored: StoredWork) -> StudentWork:
    w = stored.work
    problems = tuple(Problem(p["kind"], p["file"], p["message"])
                     for p in json.loads(w.problems_json))
    return StudentWork(w.name, w.email, tuple(json.loads(w.labels_json)),
                       tuple(json.loads(w.origins_json)),
                       tuple(_collected(r) for r in stored.reviews), problems, w.collected_at)


# -- grading what is stored ------------------------------------------------------------------

@dataclass(frozen=True)
class _Claim:
    work: StudentWork
    student: RosterStudent | None
    how: str


def build(ctx: Context, save: bool = False) -> Gradebook:
    """The gradebook of everything stored for the course, graded now (``PAPERDESK_NOW``).

    ``save`` writes each review's outcome, batch, points and problems back to the store.
    """
    store = db(ctx)
    course = ctx.course
    stored_works = store.works()
    works = [_work(s) for s in stored_works]
    roster = store.roster()
    rows = _by_student(store.exceptions())
    matcher = Matcher(roster)
    claims = [_Claim(w, *matcher.match(w.name, w.email)) if roster else _Claim(w, None, "")
              for w in works]
    by_student: dict[str, list[_Claim]] = {}
    for c in claims:
        if c.student is not None:
            by_student.setdefault(c.student.key, []).append(c)
    now = ctx.now()
    grades: list[StudentGrade] = []
    stored: list[tuple[str, StudentGrade]] = []
    for c in claims:
        student, how = c.student, c.how
        extra: list[Problem] = []
        if roster and student is None:
            extra.append(Problem(NOT_ON_ROSTER, c.work.origins[0] if c.work.origins else "",
                                 f"{c.work.name}" + (f" <{c.work.email}>" if c.work.email else "")
                                 + " matches no one on the roster (by email, SIS login or "
                                 "name); not graded for anyone"))
        elif student is not None and len(by_student[student.key]) > 1:
            others = [o for o in by_student[student.key] if o is not c]
            extra.append(Problem(CLAIMED_TWICE, c.work.origins[0] if c.work.origins else "",
                                 f"claims to be {student.display_name}, as "
                                 + ", ".join(", ".join(o.work.origins) or o.work.name
                                             for o in others)
                                 + " does too: not merged, neither is graded for them"))
            student, how = None, ""
        work = replace(c.work, problems=(*c.work.problems, *extra))
        grades.append(_grade(ctx, work, student, how, rows, now))
        stored.append((work_key(c.work.name, c.work.email), grades[-1]))
    for s in roster:
        claimed = by_student.get(s.key, [])
        if len(claimed) == 1:
            continue
        if claimed:
            message = (f"{len(claimed)} submissions claim this student ("
                       + "; ".join(", ".join(c.work.origins) or c.work.name for c in claimed)
                       + "): resolve it, then collect again")
            problem = Problem(CLAIMED_TWICE, "", message)
        else:
            problem = Problem(NOTHING_HANDED_IN, "", "0 points")
        empty = StudentWork(s.display_name, s.email, (), (), (), (problem,))
        grades.append(_grade(ctx, empty, s, "", rows, now))
    grades.sort(key=lambda g: (g.name.casefold(), g.email.casefold()))
    book = Gradebook(course.name, now, course.rules, tuple(grades))
    if save:
        _save(store, stored, stored_works)
    return book


def _who(work: StudentWork, student: RosterStudent | None) -> list[str]:
    names = [work_key(work.name, work.email), work.email, work.name]
    if student is not None:
        names += [student.key, student.email, student.sis_login, student.name,
                  student.display_name]
    return [n for n in names if n]


def _grade(ctx: Context, work: StudentWork, student: RosterStudent | None, how: str,
           rows: Mapping[str, list[tuple[int, ExceptionRow]]], now: datetime) -> StudentGrade:
    course = ctx.course
    who = _who(work, student)
    keys = {n.casefold() for n in who}
    mine = [r for _, r in sorted({i: r for k in keys for i, r in rows.get(k, ())}.items())]
    extensions = [*course.extensions, *(_extension(r) for r in mine if r.kind != OVERRIDE)]
    overrides = {r.reading: Override(r.reading, r.points or 0, r.reason, r.grader, r.at,
                                     _rubric(r.rubric_json))
                 for r in mine if r.kind == OVERRIDE}
    exc = exceptions_for(extensions, who)
    g = grade_student(work, ctx.catalog.by_key, course.rules, now, exc, overrides,
                      course.tampered)
    key = student.key if student is not None else work_key(work.name, work.email)
    notes = _notes(course, [e for e in extensions if e.student.casefold() in keys], overrides)
    name = student.display_name if student is not None and not work.reviews else g.name
    return replace(g, name=name, key=key, roster=student, matched_by=how, notes=tuple(notes))


def _by_student(rows: Sequence[ExceptionRow]) -> dict[str, list[tuple[int, ExceptionRow]]]:
    """The exceptions by the student they name (without case), with their place in ``rows``:
    each student's are found at once, not by walking all of them for each of 200 students."""
    out: dict[str, list[tuple[int, ExceptionRow]]] = {}
    for i, r in enumerate(rows):
        out.setdefault(r.student.casefold(), []).append((i, r))
    return out


def _rubric(raw: str) -> tuple[tuple[str, int], ...]:
    try:
        data = json.loads(raw or "{}")
    except ValueError:
        return ()
    return tuple((str(k), int(v)) for k, v in data.items()) if isinstance(data, dict) else ()


def _extension(row: ExceptionRow) -> Extension:
    until = datetime.fromisoformat(row.until) if row.until else None
    return Extension(row.student, batch=row.batch, until=until, reading=row.reading,
                     reason=row.reason)


def _notes(course: Course, extensions: Iterable[Extension],
           overrides: dict[str, Override]) -> list[str]:
    batches = course.rules.batches
    out = []
    for e in extensions:
        why = f" ({e.reason})" if e.reason else ""
        if e.reading:
            out.append(f"excused: {e.reading} counts as on time{why}")
        elif e.until is not None and 1 <= e.batch <= len(batches):
            out.append(f"extension: {batches[e.batch - 1].name} due "
                       f"{at(e.until, batches[0].due)}{why}")
    for o in overrides.values():
        by = ", ".join(x for x in (o.grader, o.at) if x)
        out.append(f"grade: {o.reading} set to {o.points} point{'s' if o.points != 1 else ''}"
                   + (f" ({o.comment})" if o.comment else "") + (f" by {by}" if by else ""))
    return out


def _save(store: GradebookStore, graded: Sequence[tuple[str, StudentGrade]],
          before: Sequence[StoredWork]) -> None:
    """Write each review's grading where it differs from what is stored (``before``, read by
    this build): regrading an unchanged class writes nothing."""
    was: dict[tuple[str, str], set[tuple[object, ...]]] = {}
    for w in before:
        for row in w.reviews:
            was.setdefault((row.student, row.file), set()).add(
                (str(row.outcome), str(row.batch), row.points, row.problems_json))
    results = []
    for stored_key, s in graded:
        for r in s.reviews:
            problems = dumps([p.to_json() for p in s.problems if p.file == r.entry.file])
            now = (str(r.outcome), str(r.batch), r.points, problems)  # str: an Outcome's value
            if was.get((stored_key, r.entry.file)) == {now}:
                continue
            results.append({"student": stored_key, "file": r.entry.file, "outcome": now[0],
                            "batch": now[1], "points": r.points, "problems_json": problems})
    store.save_results(results)


# -- the roster ------------------------------------------------------------------------------

def import_roster(ctx: Context, path: Path) -> list[RosterStudent]:
    """Read a Canvas export or a name,email CSV and make it the course's roster."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise RosterError(f"cannot be read: {exc.strerror}", path=str(path)) from exc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")  # Excel's export on Windows
    students = parse_roster(text, str(path))
    db(ctx).replace_roster(students)
    return students


def roster(ctx: Context) -> list[RosterStudent]:
    return db(ctx).roster()


def resolve_student(ctx: Context, query: str) -> str:
    """The key of the student ``query`` names (email, SIS login, name, or a prefix of one):
    a roster student; without a roster, a student collect stored."""
    store = db(ctx)
    students = store.roster()
    if students:
        pool = [(s.key, [s.display_name, s.email, s.sis_login, s.name, s.key])
                for s in students]
    else:
        pool = [(w.work.student, [w.work.name, w.work.email, w.work.student])
                for w in store.works()]
        if not pool:
            raise RosterError("no roster and nothing collected yet: paperdesk roster import "
                              "FILE, or paperdesk collect PATH..., first")
    return resolve(pool, query)


# -- extensions, excusals, overrides ---------------------------------------------------------

def grader(ctx: Context) -> str:
    """Who is grading: PAPERDESK_GRADER, else the configured identity."""
    from paperdesk.services.identity import known_identity

    named = ctx.environ.get("PAPERDESK_GRADER", "").strip()
    if named:
        return named
    who = known_identity(ctx)
    if who is None:
        return ""
    return f"{who.name} <{who.email}>" if who.email else who.name


def _stamp(ctx: Context) -> str:
    return datetime.now(ctx.now().tzinfo).isoformat(timespec="seconds")


def extend(ctx: Context, query: str, batch: int, until: str, reason: str = "") -> Extension:
    """Give one student a later due time for batch ``batch`` (1-based)."""
    batches = ctx.course.rules.batches
    if not 1 <= batch <= len(batches):
        raise PaperdeskError(f"--batch: the course has batches 1 to {len(batches)}")
    try:
        when = datetime.fromisoformat(until)
    except ValueError as exc:
        raise PaperdeskError(f"--until {until!r} is not a date and time like "
                             "2021-04-23T16:00 (the course's time zone when none is given)"
                             ) from exc
    if when.tzinfo is None:
        when = when.replace(tzinfo=ctx.course.timezone)
    key = resolve_student(ctx, query)
    db(ctx).add_exception(ExceptionRow(course="", student=key, kind=EXTENSION, batch=batch,
                                      until=when.isoformat(), reason=reason,
                                      grader=grader(ctx), at=_stamp(ctx)))
    build(ctx, save=True)
    return Extension(key, batch=batch, until=when, reason=reason)


def excuse(ctx: Context, query: str, reading: str, reason: str) -> str:
    """Count one student's review of ``reading`` as on time; the student's key."""
    if reading not in ctx.catalog.by_key:
        raise PaperdeskError(f"{reading!r} is not a reading of the course")
    key = resolve_student(ctx, query)
    db(ctx).add_exception(ExceptionRow(course="", student=key, kind=EXCUSAL, reading=reading,
                                      reason=reason, grader=grader(ctx), at=_stamp(ctx)))
    build(ctx, save=True)
    return key


def set_points(ctx: Context, query: str, reading: str, points: int | None,
               comment: str = "", rubric: Mapping[str, int] | None = None) -> str:
    """Override the points of one student's review of ``reading``; the student's key.

    With ``rubric`` (item -> score; the course must have ``[[reviews.rubric]]``) the points are
    the scores' sum and the scores are kept with the mark."""
    from paperdesk.core.rubric import rubric_points

    if reading not in ctx.catalog.by_key:
        raise PaperdeskError(f"{reading!r} is not a reading of the course")
    scores: dict[str, int] = {}
    if rubric:
        items = ctx.course.rubric
        if not items:
            raise PaperdeskError("the course has no [[reviews.rubric]]: give --points")
        total = rubric_points(items, rubric)
        if points is not None and points != total:
            raise PaperdeskError(f"--points {points} disagrees with the rubric's sum ({total})")
        points = total
        by_name = {it.name.casefold(): it.name for it in items}
        scores = {by_name[k.casefold()]: v for k, v in rubric.items()}
    if points is None:
        raise PaperdeskError("give --points N" + (" or --rubric NAME=SCORE for each item"
                                                  if ctx.course.rubric else ""))
    if points < 0:
        raise PaperdeskError("--points must be 0 or more")
    limit = ctx.course.rules.points_per_review
    if points > limit:
        raise PaperdeskError(f"--points {points} is over the {limit} a review is worth")
    key = resolve_student(ctx, query)
    db(ctx).add_exception(ExceptionRow(course="", student=key, kind=OVERRIDE, reading=reading,
                                      points=points, reason=comment, grader=grader(ctx),
                                      at=_stamp(ctx), rubric_json=dumps(scores)))
    build(ctx, save=True)
    return key


# -- a collected review, as it would print ---------------------------------------------------

def review_pdf(ctx: Context, text: str, file: str) -> Path:
    """Typeset a collected review's source (``text``) with the course template into
    ``.paperdesk/gradebook/<sha256>.pdf`` (kept: the same file gives the same PDF)."""
    from paperdesk.adapters.typeset import typeset_review
    from paperdesk.core.errors import ReviewError
    from paperdesk.core.review_format import parse_review
    from paperdesk.services.identity import Identity

    digest = hashlib.sha256(text.encode()).hexdigest()
    target = ctx.workspace.ensure_state_dir() / "gradebook" / f"{digest[:32]}.pdf"
    if target.is_file():
        return target
    try:
        review = parse_review(text, file)
    except ReviewError as exc:
        raise PaperdeskError(f"cannot be typeset: {exc.message}", path=file) from exc
    reading = ctx.catalog.get(review.reading)
    if reading is None:
        raise PaperdeskError(f"reviews {review.reading!r}, which is not a reading of the course",
                             path=file)
    pdf = typeset_review(review, reading, ctx.course, ctx.catalog,
                         Identity(review.student, review.email)).pdf
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".part")
    partial.write_bytes(pdf)
    partial.replace(target)
    return target


def open_review_pdf(ctx: Context, text: str, file: str) -> Path:
    """:func:`review_pdf`, opened in the PDF viewer (``PAPERDESK_OPENER``)."""
    from paperdesk.adapters.opener import open_target

    path = review_pdf(ctx, text, file)
    open_target(str(path), ctx.environ, wait=2)
    return path
