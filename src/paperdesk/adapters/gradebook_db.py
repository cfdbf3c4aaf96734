"""The instructor's stored gradebook: SQLModel tables and the queries over them.

Every table carries the course (its name in ``course.toml``), so one database (a shared
PostgreSQL one, ``PAPERDESK_DB``) holds several courses and terms. What is stored:

- ``gb_roster``: the class list (``paperdesk roster import``);
- ``gb_work`` and ``gb_review``: what ``collect`` found per student and per review file (the
  facts: SHA-256, parsed front matter, pages; and the last grading: outcome, batch, points);
- ``gb_measure``: typeset page counts by the source's SHA-256 (and a fingerprint of what else
  the typesetting depends on): a file seen before is never typeset again;
- ``gb_exception``: extensions, excusals and grade overrides, with who gave them and when.

Writers of one course take a lock for the length of their transaction (PostgreSQL: an advisory
lock; SQLite: the database's own write lock), so two ``collect`` runs at once do not interleave.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Index, bindparam, delete, insert, text, update
from sqlalchemy import select as sa_select
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlmodel import Field, SQLModel, select

from paperdesk.adapters.gradebook_rows import (
    FACTS,
    OVERRIDE,
    ExceptionRow,
    KnownSource,
    StoredWork,
    chunks,
    facts,
)
from paperdesk.adapters.sqlite_errors import shown_url
from paperdesk.adapters.store import Store
from paperdesk.core.errors import PaperdeskError
from paperdesk.core.roster import RosterStudent


class GbRoster(SQLModel, table=True):
    __tablename__ = "gb_roster"
    course: str = Field(primary_key=True)
    key: str = Field(primary_key=True)
    name: str
    email: str = ""
    sis_user_id: str = ""
    sis_login: str = ""
    canvas_id: str = ""
    section: str = ""
    position: int = 0


class GbWork(SQLModel, table=True):
    __tablename__ = "gb_work"
    course: str = Field(primary_key=True)
    student: str = Field(primary_key=True)  # core.gradebook.work_key: email, else the name
    name: str
    email: str = ""
    labels_json: str = "[]"
    origins_json: str = "[]"
    problems_json: str = "[]"  # found while reading the files (kind, file, message)
    collected_at: str = ""


class GbReview(SQLModel, table=True):
    __tablename__ = "gb_review"
    __table_args__ = (Index("ix_gb_review_course_student", "course", "student"),)
    id: int | None = Field(default=None, primary_key=True)
    course: str
    student: str
    file: str
    sha256: str = ""
    text: str | None = None
    reading: str = ""
    status: str = ""
    submitted: str = ""
    review_student: str = ""
    review_email: str = ""
    title: str = ""
    error: str = ""
    error_kind: str = ""
    error_line: int = 0
    pages: int | None = None
    typeset_error: str = ""
    pdf_file: str = ""
    pdf_pages: int | None = None
    pdf_error: str = ""
    oversize: int = 0
    tampered: bool = False
    # The last grading (collect, grade, extend, excuse): what it earned and why.
    batch: str = ""
    outcome: str = ""
    points: int = 0
    problems_json: str = "[]"


class GbMeasure(SQLModel, table=True):
    __tablename__ = "gb_measure"
    course: str = Field(primary_key=True)
    sha256: str = Field(primary_key=True)
    fingerprint: str = Field(primary_key=True)  # what else the page count depends on
    pages: int | None = None
    error: str = ""


class GbException(SQLModel, table=True):
    __tablename__ = "gb_exception"
    __table_args__ = (Index("ix_gb_exception_course_student", "course", "student"),)
    id: int | None = Field(default=None, primary_key=True)
    course: str
    student: str
    kind: str  # extension | excusal | override
    batch: int = 0
    until: str = ""
    reading: str = ""
    points: int | None = None
    reason: str = ""  # the reason of an extension or excusal, the comment of an override
    rubric_json: str = "{}"  # an override by rubric: {item: score}
    grader: str = ""
    at: str = ""


class GradebookDb:
    """The gradebook tables of one course in the store's database (SQLAlchemy: PostgreSQL,
    any ``PAPERDESK_DB``, and a SQLite file the light store cannot take: see
    :func:`paperdesk.adapters.gradebook_light.open_light_gradebook`)."""

    def __init__(self, store: Store, course: str) -> None:
        self.store = store
        self.course = course

    # -- transactions --------------------------------------------------------------------------
    @contextmanager
    def _write(self) -> Iterator[Connection]:
        """One transaction, holding the course's write lock; a lost connection is one line."""
        with self._errors(), self.store.engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                lock = zlib.crc32(f"paperdesk gradebook {self.course}".encode())
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": lock})
            yield conn

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with self._errors(), self.store.engine.connect() as conn:
            yield conn

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except (OperationalError, DBAPIError) as exc:
            if not getattr(exc, "connection_invalidated", False) and not isinstance(
                    exc, OperationalError):
                raise
            reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
            raise PaperdeskError(f"lost the database {shown_url(self.store.url)}: {reason}"
                                 ) from exc

    # -- the typesetting cache -----------------------------------------------------------------
    def measures(self, keys: Iterable[tuple[str, str]]
                 ) -> dict[tuple[str, str], SimpleNamespace]:
        """Known page counts by (sha256, fingerprint)."""
        wanted = set(keys)
        if not wanted:
            return {}
        shas = sorted({sha for sha, _ in wanted})
        out: dict[tuple[str, str], SimpleNamespace] = {}
        with self._read() as conn:
            for chunk in chunks(shas, 500):
                rows = conn.execute(select(GbMeasure).where(
                    GbMeasure.course == self.course,
                    GbMeasure.sha256.in_(chunk)))  # type: ignore[attr-defined]
                for row in rows:
                    if (row.sha256, row.fingerprint) in wanted:
                        out[(row.sha256, row.fingerprint)] = SimpleNamespace(**row._mapping)
        return out

    def save_measures(self, rows: Sequence[tuple[str, str, int | None, str]]) -> None:
        """(sha256, fingerprint, pages, error) of newly typeset files. A row another collect
        stored meanwhile is left as it is (the same file gives the same count)."""
        fresh: list[dict[str, Any]] = list({
            (sha, fp): {"course": self.course, "sha256": sha, "fingerprint": fp,
                        "pages": pages, "error": error}
            for sha, fp, pages, error in rows}.values())
        if not fresh:
            return
        with self._write() as conn:
            if conn.dialect.name == "postgresql":
                from sqlalchemy.dialects.postgresql import insert as pg_insert

                conn.execute(pg_insert(GbMeasure).on_conflict_do_nothing(), fresh)
            elif conn.dialect.name == "sqlite":
                from sqlalchemy.dialects.sqlite import insert as sqlite_insert

                conn.execute(sqlite_insert(GbMeasure).on_conflict_do_nothing(), fresh)
            else:
                known = self.measures((str(r["sha256"]), str(r["fingerprint"])) for r in fresh)
                fresh = [r for r in fresh if (r["sha256"], r["fingerprint"]) not in known]
                if fresh:
                    conn.execute(insert(GbMeasure), fresh)

    # -- what collect found --------------------------------------------------------------------
    def replace_works(self, works: Sequence[StoredWork]) -> None:
        """Store each student's work, replacing what an earlier collect stored for them.

        A student whose review rows are stored already, fact for fact, keeps them (and their
        last grading): a collect over unchanged folders rewrites 200 small gb_work rows instead
        of deleting and inserting 4,000 reviews with their text.
        """
        keys = [w.work.student for w in works]
        with self._write() as conn:
            # gb_work first: the first write takes SQLite's write lock, so what is read next
            # cannot change before this transaction ends (PostgreSQL: the advisory lock).
            for chunk in chunks(keys, 500):
                conn.execute(delete(GbWork).where(
                    GbWork.course == self.course,  # type: ignore[arg-type]
                    GbWork.student.in_(chunk)))  # type: ignore[attr-defined]
            if works:
                conn.execute(insert(GbWork), [vars(w.work) for w in works])
            stored = self._review_facts(conn, keys)
            changed = [w for w in works
                       if stored.get(w.work.student, []) != [facts(vars(r)) for r in w.reviews]]
            for chunk in chunks([w.work.student for w in changed], 500):
                conn.execute(delete(GbReview).where(
                    GbReview.course == self.course,  # type: ignore[arg-type]
                    GbReview.student.in_(chunk)))  # type: ignore[attr-defined]
            reviews = [vars(r) for w in changed for r in w.reviews]
            for chunk_rows in chunks(reviews, 1000):
                conn.execute(insert(GbReview), chunk_rows)

    def _review_facts(self, conn: Connection, keys: Sequence[str]
                      ) -> dict[str, list[tuple[Any, ...]]]:
        """The stored review rows of these students, as :func:`_facts`, in their order."""
        table: Any = GbReview.__table__  # type: ignore[attr-defined]
        cols = [table.c[name] for name in FACTS]
        out: dict[str, list[tuple[Any, ...]]] = {}
        for chunk in chunks(keys, 500):
            rows = conn.execute(sa_select(*cols).where(
                table.c.course == self.course, table.c.student.in_(chunk)).order_by(table.c.id))
            for row in rows:
                out.setdefault(row[1], []).append(tuple(row))
        return out

    def works(self) -> list[StoredWork]:
        with self._read() as conn:
            works = [SimpleNamespace(**row._mapping) for row in conn.execute(
                select(GbWork).where(GbWork.course == self.course).order_by(
                    GbWork.student))]  # type: ignore[arg-type]
            by_student: dict[str, list[SimpleNamespace]] = {w.student: [] for w in works}
            for row in conn.execute(select(GbReview).where(
                    GbReview.course == self.course).order_by(GbReview.id)):  # type: ignore[arg-type]
                r = SimpleNamespace(**row._mapping)
                by_student.setdefault(r.student, []).append(r)
        return [StoredWork(w, by_student[w.student]) for w in works]

    def front_matter(self, shas: Sequence[str]) -> dict[str, KnownSource]:
        """The parsed front matter (body "") and the text of files stored before, by SHA-256;
        files that did not parse are left out (they are parsed again, for their error)."""
        cols = (GbReview.sha256, GbReview.reading, GbReview.status, GbReview.submitted,
                GbReview.review_student, GbReview.review_email, GbReview.title, GbReview.text)
        out: dict[str, KnownSource] = {}
        with self._read() as conn:
            for chunk in chunks(sorted(set(shas)), 500):
                q = sa_select(*cols).where(  # type: ignore[call-overload]
                    GbReview.course == self.course, GbReview.error == "",  # type: ignore[arg-type]
                    GbReview.reading != "", GbReview.sha256.in_(chunk))  # type: ignore[attr-defined]
                for sha, reading, status, submitted, student, email, title, text_ in (
                        conn.execute(q)):
                    out[sha] = KnownSource.from_row(reading, status, submitted, student, email,
                                                           title, text_)
        return out

    def save_results(self, results: Sequence[dict[str, Any]]) -> None:
        """The latest grading of stored reviews: dicts of student, file, outcome, batch, points,
        problems_json."""
        if not results:
            return
        stmt = update(GbReview).where(
            GbReview.course == bindparam("b_course"),  # type: ignore[arg-type]
            GbReview.student == bindparam("b_student"),  # type: ignore[arg-type]
            GbReview.file == bindparam("b_file")).values(  # type: ignore[arg-type]
                outcome=bindparam("b_outcome"), batch=bindparam("b_batch"),
                points=bindparam("b_points"), problems_json=bindparam("b_problems"))
        params = [{"b_course": self.course, "b_student": r["student"], "b_file": r["file"],
                   "b_outcome": r["outcome"], "b_batch": r["batch"], "b_points": r["points"],
                   "b_problems": r["problems_json"]} for r in results]
        with self._write() as conn:
            conn.execute(stmt, params)

    # -- the roster ----------------------------------------------------------------------------
    def replace_roster(self, students: Sequence[RosterStudent]) -> None:
        with self._write() as conn:
            conn.execute(delete(GbRoster).where(GbRoster.course == self.course))  # type: ignore[arg-type]
            if students:
                conn.execute(insert(GbRoster), [
                    {"course": self.course, "key": s.key, "name": s.name, "email": s.email,
                     "sis_user_id": s.sis_user_id, "sis_login": s.sis_login,
                     "canvas_id": s.canvas_id, "section": s.section, "position": i}
                    for i, s in enumerate(students)])

    def roster(self) -> list[RosterStudent]:
        with self._read() as conn:
            rows = conn.execute(select(GbRoster).where(GbRoster.course == self.course)
                                .order_by(GbRoster.position))  # type: ignore[arg-type]
            return [RosterStudent(r.key, r.name, r.email, r.sis_user_id, r.sis_login,
                                  r.canvas_id, r.section) for r in rows]

    # -- extensions, excusals, overrides -------------------------------------------------------
    def add_exception(self, row: ExceptionRow) -> None:
        row.course = self.course
        with self._write() as conn:
            if row.kind == OVERRIDE:  # one override a review: the newest replaces the older
                conn.execute(delete(GbException).where(
                    GbException.course == self.course,  # type: ignore[arg-type]
                    GbException.student == row.student,  # type: ignore[arg-type]
                    GbException.kind == OVERRIDE,  # type: ignore[arg-type]
                    GbException.reading == row.reading))  # type: ignore[arg-type]
            data = vars(row).copy()
            data.pop("id", None)
            conn.execute(insert(GbException), [data])

    def exceptions(self) -> list[ExceptionRow]:
        with self._read() as conn:
            rows = conn.execute(select(GbException).where(GbException.course == self.course)
                                .order_by(GbException.id))  # type: ignore[arg-type]
            return [ExceptionRow(**row._mapping) for row in rows]
