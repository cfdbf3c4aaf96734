"""Instant reads of the store with the standard library's sqlite3 (no SQLAlchemy import).

Same tables as :mod:`store`; used on paths that must start fast (``paperdesk list``, the first
paint of the TUI). Any problem means "nothing known yet": the full store repairs it later.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Mapping
from pathlib import Path

from paperdesk.core.status import Owner


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
