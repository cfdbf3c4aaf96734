"""The gradebook tables of a SQLite file through the standard library's sqlite3.

The same interface as :class:`paperdesk.adapters.gradebook_db.GradebookDb`
(:class:`~paperdesk.adapters.gradebook_rows.GradebookStore`), for the workspace's own database
(or a ``PAPERDESK_DB=sqlite:///...`` file) once the SQLModel store has made it and brought it to
this schema version: a ``collect`` over unchanged folders, ``gradebook``, ``grade`` and the rest
then import no SQLAlchemy, SQLModel or pydantic (about half a second), and read 4,000 rows as
plain tuples. :func:`open_light_gradebook` says None whenever the SQLModel store must act instead
(no file yet, another schema version, a read-only folder, PostgreSQL). The columns are those of
:data:`gradebook_rows.SCHEMA`, which a test checks against SQLModel's metadata.

Writers take SQLite's write lock at the start of their transaction (``BEGIN IMMEDIATE``), so two
``collect`` runs at once do not interleave; a failure is one line (:mod:`sqlite_errors`).
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from paperdesk.adapters.gradebook_rows import (
    COLUMNS,
    FACTS,
    OVERRIDE,
    TABLES,
    ExceptionRow,
    KnownSource,
    StoredWork,
    chunks,
    facts,
)
from paperdesk.adapters.sqlite_errors import sqlite_problem
from paperdesk.adapters.store_light import SCHEMA_VERSION
from paperdesk.core.roster import RosterStudent

_PREFIX = "sqlite:///"
_CHUNK = 500  # parameters a statement: well under SQLite's limit
_SCAN_ABOVE = 500  # SHA-256s looked up by reading the course's rows once, not by IN lists


def _names(table: str, *, with_id: bool = True) -> list[str]:
    return [c for c in COLUMNS[table] if with_id or c != "id"]


def _insert(table: str, extra: str = "") -> str:
    names = _names(table, with_id=False)
    return (f"INSERT INTO {table} ({', '.join(names)}) "
            f"VALUES ({', '.join(':' + n for n in names)}){extra}")


def _marks(n: int) -> str:
    return ", ".join("?" * n)


def sqlite_file(url: str) -> Path | None:
    """The file of a ``sqlite:///`` URL (None for any other database, or one in memory)."""
    if not url.startswith(_PREFIX) or "?" in url or ":memory:" in url:
        return None
    rest = url[len(_PREFIX):]
    return Path(rest) if rest else None


def open_light_gradebook(url: str, course: str) -> LightGradebook | None:
    """The gradebook of ``course`` in the SQLite file at ``url``, when it is there, writable and
    at :data:`SCHEMA_VERSION` with the gradebook's tables; None: the SQLModel store's work (it
    makes, migrates, repairs, or reads a read-only file, and says why in one line)."""
    path = sqlite_file(url)
    if path is None or not path.is_file() or not os.access(path.parent, os.W_OK):
        return None
    try:
        conn = _connect(path)
    except sqlite3.Error:
        return None
    try:
        version = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchall()
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    except sqlite3.Error:
        conn.close()
        return None
    if [tuple(r) for r in version] != [(str(SCHEMA_VERSION),)] or not set(TABLES) <= tables:
        conn.close()
        return None
    return LightGradebook(path, course, url, conn)


def _connect(path: Path) -> sqlite3.Connection:
    # autocommit: the transactions are begun here (BEGIN IMMEDIATE for writers); timeout: wait
    # for another writer as the SQLModel store does (busy_timeout 5000)
    return sqlite3.connect(path, timeout=5, isolation_level=None, check_same_thread=False)


class LightGradebook:
    """The gradebook tables of one course in a SQLite file, through sqlite3."""

    def __init__(self, path: Path, course: str, url: str = "",
                 conn: sqlite3.Connection | None = None) -> None:
        self.path = path
        self.course = course
        self.url = url or f"{_PREFIX}{path}"
        self._conn = conn
        self._lock = threading.RLock()  # one connection, kept: the TUI asks from its workers

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    @contextmanager
    def _transaction(self, write: bool = False) -> Iterator[sqlite3.Connection]:
        """One transaction (a writer holds SQLite's write lock from its start); any failure
        of SQLite is one line, and nothing of the transaction is kept."""
        with self._lock:
            try:
                if self._conn is None:
                    self._conn = _connect(self.path)
                conn = self._conn
                conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            except sqlite3.Error as exc:
                raise sqlite_problem(exc, self.url, self.path) from exc
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException as exc:
                if conn.in_transaction:
                    with suppress(sqlite3.Error):
                        conn.execute("ROLLBACK")
                if isinstance(exc, sqlite3.Error):
                    raise sqlite_problem(exc, self.url, self.path) from exc
                raise

    # -- the typesetting cache -----------------------------------------------------------------
    def measures(self, keys: Iterable[tuple[str, str]]
                 ) -> dict[tuple[str, str], SimpleNamespace]:
        """Known page counts by (sha256, fingerprint)."""
        wanted = set(keys)
        if not wanted:
            return {}
        shas = sorted({sha for sha, _ in wanted})
        out: dict[tuple[str, str], SimpleNamespace] = {}
        with self._transaction() as conn:
            for chunk in chunks(shas, _CHUNK):
                rows = conn.execute(
                    "SELECT sha256, fingerprint, pages, error FROM gb_measure "
                    f"WHERE course = ? AND sha256 IN ({_marks(len(chunk))})",
                    (self.course, *chunk))
                for sha, fp, pages, error in rows:
                    if (sha, fp) in wanted:
                        out[(sha, fp)] = SimpleNamespace(course=self.course, sha256=sha,
                                                         fingerprint=fp, pages=pages,
                                                         error=error)
        return out

    def save_measures(self, rows: Sequence[tuple[str, str, int | None, str]]) -> None:
        """(sha256, fingerprint, pages, error) of newly typeset files. A row another collect
        stored meanwhile is left as it is (the same file gives the same count)."""
        fresh = list({(sha, fp): {"course": self.course, "sha256": sha, "fingerprint": fp,
                                  "pages": pages, "error": error}
                      for sha, fp, pages, error in rows}.values())
        if not fresh:
            return
        with self._transaction(write=True) as conn:
            conn.executemany(_insert("gb_measure", " ON CONFLICT DO NOTHING"), fresh)

    # -- what collect found --------------------------------------------------------------------
    def replace_works(self, works: Sequence[StoredWork]) -> None:
        """Store each student's work, replacing what an earlier collect stored for them; a
        student whose review rows are stored already, fact for fact, keeps them (and their
        last grading). See :meth:`GradebookDb.replace_works`."""
        keys = [w.work.student for w in works]
        with self._transaction(write=True) as conn:  # the write lock from here to the end
            for chunk in chunks(keys, _CHUNK):
                conn.execute(f"DELETE FROM gb_work WHERE course = ? AND student IN "
                             f"({_marks(len(chunk))})", (self.course, *chunk))
            conn.executemany(_insert("gb_work"), [vars(w.work) for w in works])
            stored = self._review_facts(conn, keys)
            changed = [w for w in works
                       if stored.get(w.work.student, []) != [facts(vars(r)) for r in w.reviews]]
            for chunk in chunks([w.work.student for w in changed], _CHUNK):
                conn.execute(f"DELETE FROM gb_review WHERE course = ? AND student IN "
                             f"({_marks(len(chunk))})", (self.course, *chunk))
            conn.executemany(_insert("gb_review"), [vars(r) for w in changed for r in w.reviews])

    def _review_facts(self, conn: sqlite3.Connection, keys: Sequence[str]
                      ) -> dict[str, list[tuple[Any, ...]]]:
        out: dict[str, list[tuple[Any, ...]]] = {}
        student = FACTS.index("student")
        for chunk in chunks(keys, _CHUNK):
            rows = conn.execute(
                f"SELECT {', '.join(FACTS)} FROM gb_review WHERE course = ? AND student IN "
                f"({_marks(len(chunk))}) ORDER BY id", (self.course, *chunk))
            for row in rows:
                out.setdefault(row[student], []).append(_stored_facts(row))
        return out

    def works(self) -> list[StoredWork]:
        work_cols = _names("gb_work")
        review_cols = _names("gb_review")
        with self._transaction() as conn:  # one snapshot of both tables
            works = [SimpleNamespace(**dict(zip(work_cols, row, strict=True)))
                     for row in conn.execute(
                         f"SELECT {', '.join(work_cols)} FROM gb_work WHERE course = ? "
                         "ORDER BY student", (self.course,))]
            by_student: dict[str, list[SimpleNamespace]] = {w.student: [] for w in works}
            tampered = review_cols.index("tampered")
            for row in conn.execute(f"SELECT {', '.join(review_cols)} FROM gb_review "
                                    "WHERE course = ? ORDER BY id", (self.course,)):
                values = list(row)
                values[tampered] = bool(values[tampered])
                r = SimpleNamespace(**dict(zip(review_cols, values, strict=True)))
                by_student.setdefault(r.student, []).append(r)
        return [StoredWork(w, by_student[w.student]) for w in works]

    def front_matter(self, shas: Sequence[str]) -> dict[str, KnownSource]:
        """The parsed front matter (body "") and the text of files stored before, by SHA-256;
        files that did not parse are left out (they are parsed again, for their error)."""
        wanted = set(shas)
        if not wanted:
            return {}
        cols = ("sha256, reading, status, submitted, review_student, review_email, title, text "
                "FROM gb_review WHERE course = ? AND error = '' AND reading != ''")
        out: dict[str, KnownSource] = {}
        with self._transaction() as conn:
            if len(wanted) > _SCAN_ABOVE:  # a class: one pass over the course's rows
                batches: Iterable[Iterable[Any]] = [conn.execute(f"SELECT {cols}",
                                                                 (self.course,))]
            else:
                batches = (conn.execute(f"SELECT {cols} AND sha256 IN ({_marks(len(c))})",
                                        (self.course, *c))
                           for c in chunks(sorted(wanted), _CHUNK))
            for rows in batches:
                for sha, reading, status, submitted, student, email, title, text in rows:
                    if sha in wanted and sha not in out:
                        out[sha] = KnownSource.from_row(reading, status, submitted, student, email,
                                                               title, text)
        return out

    def save_results(self, results: Sequence[dict[str, Any]]) -> None:
        """The latest grading of stored reviews: dicts of student, file, outcome, batch, points,
        problems_json."""
        if not results:
            return
        with self._transaction(write=True) as conn:
            conn.executemany(
                "UPDATE gb_review SET outcome = ?, batch = ?, points = ?, problems_json = ? "
                "WHERE course = ? AND student = ? AND file = ?",
                [(r["outcome"], r["batch"], r["points"], r["problems_json"], self.course,
                  r["student"], r["file"]) for r in results])

    # -- the roster ----------------------------------------------------------------------------
    def replace_roster(self, students: Sequence[RosterStudent]) -> None:
        with self._transaction(write=True) as conn:
            conn.execute("DELETE FROM gb_roster WHERE course = ?", (self.course,))
            conn.executemany(_insert("gb_roster"), [
                {"course": self.course, "key": s.key, "name": s.name, "email": s.email,
                 "sis_user_id": s.sis_user_id, "sis_login": s.sis_login,
                 "canvas_id": s.canvas_id, "section": s.section, "position": i}
                for i, s in enumerate(students)])

    def roster(self) -> list[RosterStudent]:
        with self._transaction() as conn:
            rows = conn.execute("SELECT key, name, email, sis_user_id, sis_login, canvas_id, "
                                "section FROM gb_roster WHERE course = ? ORDER BY position",
                                (self.course,)).fetchall()
        return [RosterStudent(*row) for row in rows]

    # -- extensions, excusals, overrides -------------------------------------------------------
    def add_exception(self, row: ExceptionRow) -> None:
        row.course = self.course
        data = {name: getattr(row, name) for name in _names("gb_exception", with_id=False)}
        with self._transaction(write=True) as conn:
            if row.kind == OVERRIDE:  # one override a review: the newest replaces the older
                conn.execute("DELETE FROM gb_exception WHERE course = ? AND student = ? "
                             "AND kind = ? AND reading = ?",
                             (self.course, row.student, OVERRIDE, row.reading))
            conn.execute(_insert("gb_exception"), data)

    def exceptions(self) -> list[ExceptionRow]:
        cols = _names("gb_exception")
        with self._transaction() as conn:
            rows = conn.execute(f"SELECT {', '.join(cols)} FROM gb_exception WHERE course = ? "
                                "ORDER BY id", (self.course,)).fetchall()
        return [ExceptionRow(**dict(zip(cols, row, strict=True))) for row in rows]


_TAMPERED = FACTS.index("tampered")


def _stored_facts(row: Sequence[Any]) -> tuple[Any, ...]:
    """A stored row of :data:`FACTS` as collect makes it (SQLite gives ``tampered`` as 0/1)."""
    values = list(row)
    values[_TAMPERED] = bool(values[_TAMPERED])
    return tuple(values)

