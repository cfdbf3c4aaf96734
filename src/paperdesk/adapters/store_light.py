"""Instant reads and one-row writes of the store with the standard library's sqlite3.

The SQLModel store (:mod:`store`) is the schema: it creates and migrates the database, on SQLite
and PostgreSQL. This module reads the workspace's own SQLite file on paths that must start fast
(``paperdesk list``, the first paint of the TUI; any problem there means "nothing known yet": the
full store repairs it later), and :class:`LightStore` writes one row (``mark``) and reads one
record (``show``) and stores fetched paper records (``fetch``) once the full store has brought
the file to :data:`SCHEMA_VERSION`, touching only the columns named in :data:`COLUMNS`. A test
checks both against SQLModel's metadata, on SQLite and PostgreSQL. So those commands never import
SQLAlchemy.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from collections.abc import Iterable, Mapping
from pathlib import Path

from paperdesk.core.status import Owner, ReadingStatus

TYPE_CHECKING = False  # typing's flag without importing typing (mypy reads it the same)
if TYPE_CHECKING:
    from typing import Any

    from paperdesk.core.paper import Paper

SCHEMA_VERSION = 6  # the version of adapters.store this module speaks (a test compares them)

_V = "VARCHAR"
# table -> the columns used here and their SQLite type (as SQLModel's metadata compiles them)
COLUMNS: dict[str, dict[str, str]] = {
    "meta": {"key": _V, "value": _V},
    "reading_state": {"course": _V, "student": _V, "key": _V, "status": _V, "updated_at": _V},
    "paper_record": {
        "source": _V, "paper_id": _V, "title": _V, "authors_json": _V, "abstract": _V,
        "year": _V, "venue": _V, "entry_type": _V, "doi": _V, "url": _V, "pdf_url": _V,
        "published": _V, "updated": _V, "version": "INTEGER", "categories_json": _V,
        "primary_category": _V, "comment": _V, "journal_ref": _V, "extra_json": _V,
        "fetched_at": _V,
    },
}
# table -> its primary key, for the tables written here: every column of those is in COLUMNS
# (an insert names them all) and the upsert's conflict target is the key (a test checks both)
WRITES: dict[str, tuple[str, ...]] = {
    "reading_state": ("course", "student", "key"),
    "paper_record": ("source", "paper_id"),
}


def paper_of_row(row: Mapping[str, Any]) -> Paper:
    """A ``paper_record`` row as a :class:`Paper` (the full store's PaperRecord uses it too)."""
    from paperdesk.core.paper import Paper

    return Paper(
        source=row["source"], id=row["paper_id"], title=row["title"],
        authors=tuple(json.loads(row["authors_json"] or "[]")), abstract=row["abstract"],
        year=row["year"], venue=row["venue"], entry_type=row["entry_type"], doi=row["doi"],
        url=row["url"], pdf_url=row["pdf_url"], published=row["published"],
        updated=row["updated"], version=row["version"],
        categories=tuple(json.loads(row["categories_json"] or "[]")),
        primary_category=row["primary_category"], comment=row["comment"],
        journal_ref=row["journal_ref"], extra=dict(json.loads(row["extra_json"] or "{}")),
        fetched_at=row["fetched_at"],
    )


def row_of_paper(paper: Paper) -> dict[str, Any]:
    """A :class:`Paper` as a ``paper_record`` row (the full store's PaperRecord uses it too)."""
    return {
        "source": paper.source, "paper_id": paper.id, "title": paper.title,
        "authors_json": json.dumps(list(paper.authors), ensure_ascii=False),
        "abstract": paper.abstract, "year": paper.year, "venue": paper.venue,
        "entry_type": paper.entry_type, "doi": paper.doi, "url": paper.url,
        "pdf_url": paper.pdf_url, "published": paper.published, "updated": paper.updated,
        "version": paper.version, "categories_json": json.dumps(list(paper.categories)),
        "primary_category": paper.primary_category, "comment": paper.comment,
        "journal_ref": paper.journal_ref,
        "extra_json": json.dumps(paper.extra, ensure_ascii=False, sort_keys=True),
        "fetched_at": paper.fetched_at,
    }


def connect_read_only(db_path: Path, timeout: float = 1) -> sqlite3.Connection:
    """The file opened for reading only. In a read-only folder SQLite cannot make the -shm that
    reading a WAL database needs (unless it is there already): then the file is read as
    immutable, which is exact once no -wal is left beside it."""
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=timeout,
                           check_same_thread=False)
    if os.access(db_path.parent, os.W_OK):
        return conn
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError:
        conn.close()
    return sqlite3.connect(f"file:{db_path}?mode=ro&immutable=1", uri=True, timeout=timeout,
                           check_same_thread=False)


def _query(db_path: Path, sql: str, *fallbacks: str,
           params: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    """Rows of the first query that runs (the others: the same question to older schemas)."""
    if not db_path.is_file():
        return []
    try:
        conn = connect_read_only(db_path)
    except sqlite3.Error:
        return []
    try:
        for query in (sql, *fallbacks):
            try:
                return list(conn.execute(query, params if query is sql else ()))
            except sqlite3.Error:
                continue
        return []
    finally:
        conn.close()


def reading_statuses(db_path: Path, owner: Owner) -> dict[str, str]:
    """The owner's states, and those carried over from schema 2 that no one has claimed yet
    (the full store gives them to the first owner that opens it: the same answer)."""
    rows = _query(
        db_path,
        "SELECT key, status FROM reading_state WHERE course = ? AND student = ? "
        "UNION ALL SELECT key, status FROM reading_state WHERE course = '' AND student = '' "
        "AND key NOT IN (SELECT key FROM reading_state WHERE course = ? AND student = ?)",
        "SELECT key, status FROM reading_state",  # schema 1 and 2: one student, one course
        params=(owner.course, owner.student, owner.course, owner.student))
    return {str(k): str(v) for k, v in rows}


def _papers(db_path: Path, columns: str) -> list[tuple[object, ...]]:
    """Rows of ``paper_record`` (source, id, columns...); a database not migrated yet (schema 3
    and before: ``arxiv_record``) is read as arXiv records, so an upgrade never hides the marks."""
    return _query(db_path, f"SELECT source, paper_id{columns} FROM paper_record",
                  f"SELECT 'arxiv', arxiv_id{columns} FROM arxiv_record")


def cached_refs(db_path: Path) -> set[tuple[str, str]]:
    """(source, id) of every cached record."""
    return {(str(row[0]), str(row[1])) for row in _papers(db_path, "")}


def abstracts(db_path: Path) -> dict[tuple[str, str], str]:
    return {(str(s), str(i)): str(a) for s, i, a in _papers(db_path, ", abstract")}


def usable(db_url: str, db_path: Path, environ: Mapping[str, str]) -> bool:
    """The light path reads only the workspace's own SQLite file."""
    return not environ.get("PAPERDESK_DB") and db_url.endswith(str(db_path))


class LightStore:
    """The workspace's SQLite database at :data:`SCHEMA_VERSION`, through sqlite3.

    Open it with :func:`open_light`, which says None whenever the full store must act instead
    (another schema version to migrate, another database than the workspace's file). With no
    database yet it reads as empty; it writes only where the full store has nothing left to do
    (the file made, its folder writable, no schema-2 states waiting for their owner)."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path
        # save_papers keeps one connection for a run of batches (see close)
        self._writer: sqlite3.Connection | None = None
        import _thread  # threading.Lock itself, without threading's module (show reads one row)

        self._writer_lock = _thread.allocate_lock()

    @property
    def writable(self) -> bool:
        if not self.db_path.is_file() or not os.access(self.db_path.parent, os.W_OK):
            return False
        waiting = _query(self.db_path, "SELECT count(*) FROM reading_state "
                         "WHERE course = '' AND student = ''")
        return bool(waiting) and waiting[0][0] == 0

    def reading_statuses(self, owner: Owner) -> dict[str, str]:
        return reading_statuses(self.db_path, owner)

    def set_reading_status(self, owner: Owner, key: str, status: str) -> bool:
        """Write one state; False (nothing written) when SQLite refuses: then the full store,
        which says why in one line (a full disk, a busy database), is the one to try."""
        value = ReadingStatus.parse(status).value
        from datetime import UTC, datetime

        now = datetime.now(UTC).isoformat(timespec="seconds")
        try:
            conn = sqlite3.connect(self.db_path, timeout=5)
            try:
                with conn:
                    conn.execute(
                        "INSERT INTO reading_state (course, student, key, status, updated_at) "
                        "VALUES (?, ?, ?, ?, ?) ON CONFLICT (course, student, key) DO UPDATE "
                        "SET status = excluded.status, updated_at = excluded.updated_at",
                        (owner.course, owner.student, key, value, now))
            finally:
                conn.close()
        except sqlite3.Error:
            return False
        return True

    @property
    def can_save_papers(self) -> bool:
        """Records belong to no owner: the file made and its folder writable is enough."""
        return self.db_path.is_file() and os.access(self.db_path.parent, os.W_OK)

    def save_papers(self, papers: Iterable[Paper]) -> bool:
        """Upsert in one transaction (all of them, or none), as the full store's save_papers.
        False, with nothing written, where the full store must act (no file yet, a read-only
        folder) or SQLite refuses (busy, a full disk): the full store says why in one line."""
        rows = [row_of_paper(p) for p in papers]
        if not self.can_save_papers:
            return False
        if not rows:
            return True
        names = list(COLUMNS["paper_record"])
        keys = WRITES["paper_record"]
        sql = (f"INSERT INTO paper_record ({', '.join(names)}) "
               f"VALUES ({', '.join(':' + n for n in names)}) "
               f"ON CONFLICT ({', '.join(keys)}) DO UPDATE SET "
               + ", ".join(f"{n} = excluded.{n}" for n in names if n not in keys))
        with self._writer_lock:
            try:
                if self._writer is None:
                    self._writer = sqlite3.connect(self.db_path, timeout=5,
                                                   check_same_thread=False)
                    # A cache in WAL mode: a commit need not wait for the disk; a power cut
                    # may lose the last batch, never the database's consistency.
                    self._writer.execute("PRAGMA synchronous=NORMAL")
                with self._writer:
                    self._writer.executemany(sql, rows)
            except sqlite3.Error:
                self._close_writer()
                return False
        return True

    def close(self) -> None:
        """Let go of the connection kept by :meth:`save_papers`: the last connection to close
        checkpoints the WAL (and waits for the disk), so that happens once a fetch, not once a
        batch."""
        with self._writer_lock:
            self._close_writer()

    def _close_writer(self) -> None:
        if self._writer is not None:
            writer, self._writer = self._writer, None
            with contextlib.suppress(sqlite3.Error):
                writer.close()

    def papers(self, refs: Iterable[tuple[str, str]] | None = None,
               ) -> dict[tuple[str, str], Paper]:
        """Cached records: all of them, or those of ``refs`` that are there."""
        if not self.db_path.is_file():
            return {}
        columns = ", ".join(COLUMNS["paper_record"])
        try:
            conn = connect_read_only(self.db_path, timeout=5)
        except sqlite3.Error:
            return {}
        conn.row_factory = sqlite3.Row
        try:
            if refs is None:
                rows = list(conn.execute(f"SELECT {columns} FROM paper_record"))
            else:
                rows = []
                for source, ident in dict.fromkeys(refs):
                    rows += conn.execute(f"SELECT {columns} FROM paper_record WHERE source = ? "
                                         "AND paper_id = ?", (source, ident)).fetchall()
        except sqlite3.Error:
            return {}  # a cache: unreadable means not known yet
        finally:
            conn.close()
        return {(str(r["source"]), str(r["paper_id"])): paper_of_row(r) for r in rows}


def open_light(db_url: str, db_path: Path, environ: Mapping[str, str]) -> LightStore | None:
    """A light store on the workspace's own SQLite file, absent or at :data:`SCHEMA_VERSION`."""
    if not usable(db_url, db_path, environ):
        return None
    if not db_path.exists():
        return LightStore(db_path)
    rows = _query(db_path, "SELECT value FROM meta WHERE key = 'schema_version'")
    if not rows or str(rows[0][0]) != str(SCHEMA_VERSION):
        return None
    return LightStore(db_path)
