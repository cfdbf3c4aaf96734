"""Local storage: SQLModel on SQLite (or any SQLAlchemy URL from ``PAPERDESK_DB``).

The database holds caches (paper metadata, by source) and small state (reading status); nothing in
it that cannot be fetched or rebuilt. So a corrupt file (SQLite says CORRUPT or NOTADB) is moved
aside with a warning and rebuilt. Nothing else moves it: a full disk, an I/O error, a read-only
folder, a busy or a foreign database are each one line (:class:`StoreError`) and the file stays as
it was. In a read-only folder the store opens read-only: reads work, a write is that one line.
Reads that must be instant (``paperdesk list``) go through :mod:`store_light` instead.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import event, inspect, text
from sqlalchemy.dialects.sqlite import dialect as sqlite_dialect
from sqlalchemy.engine import Connection, Engine, ExceptionContext
from sqlalchemy.exc import ArgumentError, DatabaseError, NoSuchModuleError, OperationalError
from sqlalchemy.schema import CreateTable
from sqlmodel import Field, Session, SQLModel, create_engine, select

from paperdesk.adapters import store_light
from paperdesk.adapters.sqlite_errors import (
    TRANSLATED,
    existing,
    shown_url,
    sqlite_code,
    sqlite_problem,
    writable,
)
from paperdesk.adapters.store_light import connect_read_only
from paperdesk.core.errors import PaperdeskError, StoreError
from paperdesk.core.paper import Paper
from paperdesk.core.status import Owner, ReadingStatus

log = logging.getLogger(__name__)

SCHEMA_VERSION = 6
# Tables of schema 1, which had no meta table: their presence alone says "version 1".
V1_TABLES = {"arxiv_record", "reading_state"}  # arxiv_record: paper_record since 4
# Reading states of schema 2 (keyed by citekey alone) carried over by the 2->3 step: they belong
# to whichever course and student opens the database first (see Store._claim).
UNCLAIMED = ""


class Meta(SQLModel, table=True):
    __tablename__ = "meta"
    key: str = Field(primary_key=True)
    value: str


class PaperRecord(SQLModel, table=True):
    """A paper's metadata as one source described it, keyed by (source, the source's id)."""

    __tablename__ = "paper_record"
    source: str = Field(primary_key=True)
    paper_id: str = Field(primary_key=True)
    title: str
    authors_json: str = "[]"
    abstract: str = ""
    year: str = ""
    venue: str = ""
    entry_type: str = ""
    doi: str = ""
    url: str = ""
    pdf_url: str = ""
    published: str = ""
    updated: str = ""
    version: int = 1
    categories_json: str = "[]"
    primary_category: str = ""
    comment: str = ""
    journal_ref: str = ""
    extra_json: str = "{}"
    fetched_at: str = ""

    @classmethod
    def of(cls, paper: Paper) -> PaperRecord:
        return cls(**store_light.row_of_paper(paper))  # the one Paper -> row mapping

    def paper(self) -> Paper:
        return store_light.paper_of_row(self.model_dump())  # the one row -> Paper mapping


class ReadingState(SQLModel, table=True):
    """How far a student is with a reading of a course: unread, reading, read."""

    __tablename__ = "reading_state"
    course: str = Field(primary_key=True)
    student: str = Field(primary_key=True)
    key: str = Field(primary_key=True)
    status: str = ReadingStatus.UNREAD.value
    updated_at: str = ""


def _columns(conn: Connection, table: str) -> set[str]:
    # SQLAlchemy's inspector, not SQLite's PRAGMA: the same steps run on PostgreSQL.
    return {col["name"] for col in inspect(conn).get_columns(table)}


def _in_transaction(conn: Connection) -> bool:
    return bool(getattr(conn.connection.driver_connection, "in_transaction", True))


def _migrate_1_to_2(conn: Connection) -> None:
    if "updated_at" not in _columns(conn, "reading_state"):
        conn.execute(text("ALTER TABLE reading_state ADD COLUMN updated_at VARCHAR DEFAULT ''"))


def _migrate_2_to_3(conn: Connection) -> None:
    """Reading states keyed by (course, student, key) instead of key: the old rows are kept,
    unclaimed, until the first course and student that open the database take them."""
    if "course" in _columns(conn, "reading_state"):
        return  # made by create_all in the new shape (the table was missing)
    # Read, drop, recreate, write back: a rename would keep the old primary key's name, which
    # PostgreSQL then refuses for the new table's. The table is small (one row a reading).
    rows = conn.execute(text("SELECT key, status, updated_at FROM reading_state")).all()
    conn.execute(text("DROP TABLE reading_state"))
    ReadingState.__table__.create(conn)  # type: ignore[attr-defined]
    if rows:
        conn.execute(ReadingState.__table__.insert(), [  # type: ignore[attr-defined]
            {"course": UNCLAIMED, "student": UNCLAIMED, "key": key, "status": status,
             "updated_at": updated or ""} for key, status, updated in rows])


def _migrate_3_to_4(conn: Connection) -> None:
    """arXiv-only ``arxiv_record`` -> ``paper_record`` keyed by (source, id): every cached
    record is copied (plain SQL that SQLite and PostgreSQL both run), then the old table goes."""
    if "arxiv_record" not in inspect(conn).get_table_names():
        return
    conn.execute(text(
        "INSERT INTO paper_record (source, paper_id, title, authors_json, abstract, year, venue,"
        " entry_type, doi, url, pdf_url, published, updated, version, categories_json,"
        " primary_category, comment, journal_ref, extra_json, fetched_at)"
        " SELECT 'arxiv', arxiv_id, title, authors_json, abstract, SUBSTR(published, 1, 4),"
        " journal_ref, CASE WHEN journal_ref <> '' THEN 'article' ELSE 'misc' END, doi,"
        " 'https://arxiv.org/abs/' || arxiv_id, pdf_url, published, updated, version,"
        " categories_json, primary_category, comment, journal_ref, '{}', fetched_at"
        " FROM arxiv_record"
        " WHERE arxiv_id NOT IN (SELECT paper_id FROM paper_record WHERE source = 'arxiv')"))
    conn.execute(text("DROP TABLE arxiv_record"))


def _migrate_4_to_5(conn: Connection) -> None:
    """The instructor's gradebook tables (gb_*): new tables only, which ``create_all`` (run
    before the steps) has made; nothing in the older tables changes."""
    from paperdesk.adapters.gradebook_rows import TABLES

    missing = set(TABLES) - set(inspect(conn).get_table_names())
    if missing:
        raise PaperdeskError(f"the gradebook tables were not created: {', '.join(sorted(missing))}")


def _migrate_5_to_6(conn: Connection) -> None:
    """Overrides remember their rubric scores (gb_exception.rubric_json)."""
    if "rubric_json" not in _columns(conn, "gb_exception"):
        conn.execute(text("ALTER TABLE gb_exception ADD COLUMN rubric_json VARCHAR DEFAULT '{}'"))


# version reached -> step that gets there from the version before
MIGRATIONS: dict[int, Callable[[Connection], None]] = {
    2: _migrate_1_to_2, 3: _migrate_2_to_3, 4: _migrate_3_to_4, 5: _migrate_4_to_5,
    6: _migrate_5_to_6,
}


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=5000")
    cur.close()


class Store:
    """Opens (and if needed rebuilds) the database; small typed queries over it."""

    def __init__(self, url: str, warn: Callable[[str], None] | None = None) -> None:
        self.url = url
        self.warn = warn or (lambda msg: log.warning("%s", msg))
        path = self._sqlite_path()
        # A folder we cannot write to (a read-only mount, a colleague's workspace): read what is
        # there, and say so in one line when something has to be saved.
        self.read_only = path is not None and not writable(path.parent)
        self.engine = self._open_read_only() if self.read_only else self._open()

    # -- opening, migrating, recovering -------------------------------------------------------
    def _sqlite_path(self) -> Path | None:
        prefix = "sqlite:///"
        if self.url.startswith(prefix) and ":memory:" not in self.url:
            return Path(self.url[len(prefix) :])
        return None

    def _where(self) -> str:
        return str(self._sqlite_path() or shown_url(self.url))

    def problem(self, exc: BaseException) -> StoreError:
        """One line for a failure of the database; ``corrupt`` only for real corruption."""
        return sqlite_problem(exc, self.url, self._sqlite_path())

    def _translate(self, context: ExceptionContext) -> None:
        """Every statement's SQLite failure that the user must hear about becomes one line."""
        if sqlite_code(context.original_exception) in TRANSLATED:
            raise self.problem(context.original_exception) from context.original_exception

    def _make_engine(self) -> Engine:
        path = self._sqlite_path()
        if path is not None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise PaperdeskError(f"cannot create the database's folder: {exc.strerror}",
                                     path=str(path.parent)) from exc
            engine = create_engine(self.url, connect_args={"timeout": 5})
            event.listen(engine, "connect", _sqlite_pragmas)
            event.listen(engine, "handle_error", self._translate)
            return engine
        # Only PAPERDESK_DB can name another database: a mistake there is the user's to fix.
        try:
            return create_engine(self.url)
        except ArgumentError as exc:
            raise PaperdeskError(f"PAPERDESK_DB={shown_url(self.url)!r} is not a database URL "
                                 "(like sqlite:///path/to/paperdesk.db or "
                                 "postgresql+psycopg://user@host/db)") from exc
        except (NoSuchModuleError, ImportError) as exc:
            raise PaperdeskError(f"PAPERDESK_DB={shown_url(self.url)!r}: no database driver "
                                 f"for it is installed ({exc})") from exc

    def _open(self) -> Engine:
        engine = self._make_engine()
        try:
            try:
                self._migrate(engine)
            except (DatabaseError, OperationalError, sqlite3.DatabaseError) as exc:
                raise self.problem(exc) from exc
            return engine
        except StoreError as exc:
            engine.dispose()
            path = self._sqlite_path()
            if not exc.corrupt or path is None or not path.is_file():
                raise  # a folder in its place is not ours to move; a full disk loses nothing
            aside = path.with_name(f"{path.name}.corrupt-{datetime.now(UTC):%Y%m%dT%H%M%S}")
            try:
                path.rename(aside)
                for suffix in ("-wal", "-shm"):
                    path.with_name(path.name + suffix).unlink(missing_ok=True)
            except OSError as move_exc:
                raise StoreError(f"{exc.message}, and it cannot be moved aside: "
                                 f"{move_exc.strerror}", path=str(path)) from exc
            self.warn(f"{exc}; moved aside to {aside.name} and rebuilt")
            engine = self._make_engine()
            self._migrate(engine)
            return engine

    def _open_read_only(self) -> Engine:
        """The file as it is, never written: no WAL switch, no migration. Without a file, an
        empty in-memory schema that refuses writes the same way."""
        path = self._sqlite_path()
        assert path is not None

        def connect() -> sqlite3.Connection:
            if path.is_file():
                conn = connect_read_only(path, timeout=5)
            else:
                conn = sqlite3.connect(":memory:", check_same_thread=False)
                for table in SQLModel.metadata.sorted_tables:
                    conn.execute(str(CreateTable(table).compile(dialect=sqlite_dialect())))
            conn.execute("PRAGMA query_only=1")
            return conn

        engine = create_engine("sqlite://", creator=connect)
        event.listen(engine, "handle_error", self._translate)
        try:
            with engine.connect() as conn:
                self._check_ours(conn, set(inspect(conn).get_table_names()))
        except (DatabaseError, OperationalError, sqlite3.DatabaseError) as exc:
            engine.dispose()
            raise self.problem(exc) from exc
        return engine

    def _check_ours(self, conn: Connection, existing: set[str]) -> None:
        """Tables named like ours but shaped otherwise: someone else's database. Refuse it in
        one line, before anything is read from or written to it."""
        for name, table in SQLModel.metadata.tables.items():
            if name not in existing:
                continue
            have = {col["name"] for col in inspect(conn).get_columns(name)}
            wanted = [col.name for col in table.primary_key.columns]
            if name == "reading_state" and "course" not in have:
                wanted = ["key"]  # schema 1 and 2 (by citekey alone): the migration's to change
            if name == "meta":
                wanted.append("value")
            missing = [col for col in wanted if col not in have]
            if missing:
                raise StoreError(f"not a paperdesk database (its table {name} has no column "
                                 f"{missing[0]}): left as it is; move it away or set "
                                 "PAPERDESK_DB to another database", path=self._where())

    def check_writable(self) -> None:
        """Raise the one-line read-only error before work whose result could not be saved."""
        if self.read_only:
            path = self._sqlite_path()
            raise StoreError("the folder is read-only: nothing can be saved in it",
                             path=str(existing(path.parent) if path else self._where()))

    def _migrate(self, engine: Engine) -> None:
        with engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                # Two paperdesk processes opening a new shared database at once would both
                # create the tables: the second waits for the first instead.
                conn.execute(text("SELECT pg_advisory_xact_lock(7242533)"))
            existing = set(inspect(conn).get_table_names())
            self._check_ours(conn, existing)
            version = SCHEMA_VERSION
            if "meta" in existing:
                row = conn.execute(
                    text("SELECT value FROM meta WHERE key='schema_version'")).first()
                version = int(row[0]) if row else 1
            elif existing & V1_TABLES:
                version = 1  # the first schema had no meta table
            if version > SCHEMA_VERSION:
                raise PaperdeskError(
                    f"the database {shown_url(self.url)} has schema version {version}, newer "
                    f"than this paperdesk ({SCHEMA_VERSION}): upgrade paperdesk, or set "
                    "PAPERDESK_DB to another database"
                )
            # The gradebook's tables are defined beside their queries; create them here too.
            from paperdesk.adapters import gradebook_db  # noqa: F401

            if existing >= set(SQLModel.metadata.tables) and version == SCHEMA_VERSION:
                return  # up to date: opening writes nothing (a full disk can still be read)
            if conn.dialect.name == "sqlite" and not _in_transaction(conn):
                # Python's sqlite3 opens no transaction for DDL: each CREATE, ALTER and DROP
                # committed (and waited for the disk) on its own, ~30 for a new database, and a
                # step that failed half-way left half a migration. One transaction: the whole
                # change lands at once, or none of it.
                conn.exec_driver_sql("BEGIN IMMEDIATE")
            SQLModel.metadata.create_all(conn)
            for target in range(version + 1, SCHEMA_VERSION + 1):
                MIGRATIONS[target](conn)
            conn.execute(text("DELETE FROM meta WHERE key='schema_version'"))
            conn.execute(text("INSERT INTO meta(key, value) VALUES ('schema_version', :v)"),
                         {"v": str(SCHEMA_VERSION)})

    def schema_version(self) -> int:
        with self.engine.connect() as conn:
            row = conn.execute(text("SELECT value FROM meta WHERE key='schema_version'")).first()
            return int(row[0]) if row else 0

    @contextmanager
    def session(self) -> Iterator[Session]:
        with Session(self.engine) as session:
            yield session

    def close(self) -> None:
        self.engine.dispose()

    # -- paper metadata, by (source, id) --------------------------------------------------------
    def papers(self, refs: Iterable[tuple[str, str]] | None = None,
               ) -> dict[tuple[str, str], Paper]:
        """Cached records: all of them, or those of ``refs`` that are there."""
        with self.session() as s:
            if refs is None:
                rows = list(s.exec(select(PaperRecord)))
            else:
                by_source: dict[str, list[str]] = {}
                for source, ident in refs:
                    by_source.setdefault(source, []).append(ident)
                rows = []
                for source, ids in by_source.items():
                    query = select(PaperRecord).where(
                        PaperRecord.source == source,
                        PaperRecord.paper_id.in_(ids))  # type: ignore[attr-defined]
                    rows.extend(s.exec(query))
            return {(r.source, r.paper_id): r.paper() for r in rows}

    def save_papers(self, papers: Iterable[Paper]) -> None:
        """Upsert in one transaction: either all of a batch is stored, or none of it."""
        with self.session() as s:
            for paper in papers:
                s.merge(PaperRecord.of(paper))
            s.commit()

    # -- reading status -----------------------------------------------------------------------
    def _claim(self, session: Session, owner: Owner) -> dict[str, ReadingState]:
        """Give the states carried over from schema 2 (keyed by citekey only) to ``owner``, the
        first to ask; a read-only store only reads them as the owner's. The owner's rows."""
        def rows(course: str, student: str) -> dict[str, ReadingState]:
            query = select(ReadingState).where(ReadingState.course == course,
                                               ReadingState.student == student)
            return {r.key: r for r in session.exec(query)}

        own = rows(owner.course, owner.student)
        unclaimed = rows(UNCLAIMED, UNCLAIMED)
        if not unclaimed or owner == Owner(UNCLAIMED, UNCLAIMED):
            return own
        moved = {key: ReadingState(course=owner.course, student=owner.student, key=key,
                                   status=row.status, updated_at=row.updated_at)
                 for key, row in unclaimed.items() if key not in own}  # the owner's state wins
        if not self.read_only:
            for row in unclaimed.values():
                session.delete(row)
            session.flush()
            session.add_all(moved.values())
            session.commit()
        return {**moved, **own}

    def reading_statuses(self, owner: Owner) -> dict[str, str]:
        path = self._sqlite_path()
        if self.read_only and path is not None:  # never migrated: read whichever shape it has
            return store_light.reading_statuses(path, owner)
        with self.session() as s:
            return {key: row.status for key, row in self._claim(s, owner).items()}

    def set_reading_status(self, owner: Owner, key: str, status: str) -> None:
        status = ReadingStatus.parse(status).value
        with self.session() as s:
            self._claim(s, owner)
            s.merge(ReadingState(course=owner.course, student=owner.student, key=key,
                                 status=status,
                                 updated_at=datetime.now(UTC).isoformat(timespec="seconds")))
            s.commit()
