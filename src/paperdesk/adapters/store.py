"""Local storage: SQLModel on SQLite (or any SQLAlchemy URL from ``PAPERDESK_DB``).

The database holds caches (arXiv metadata) and small state (reading status); nothing in it that
cannot be fetched or rebuilt. So a corrupt file is moved aside with a warning and rebuilt.
Reads that must be instant (``paperdesk list``) go through :mod:`store_light` instead.
"""

from __future__ import annotations

import json
import logging
import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import event, inspect, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import ArgumentError, DatabaseError, NoSuchModuleError, OperationalError
from sqlmodel import Field, Session, SQLModel, create_engine, select

from paperdesk.core.errors import PaperdeskError

log = logging.getLogger(__name__)

SCHEMA_VERSION = 2
# Tables of schema 1, which had no meta table: their presence alone says "version 1".
V1_TABLES = {"arxiv_record", "reading_state"}
READING_STATUSES = ("unread", "reading", "read")


class Meta(SQLModel, table=True):
    __tablename__ = "meta"
    key: str = Field(primary_key=True)
    value: str


class ArxivRecord(SQLModel, table=True):
    """arXiv metadata of one paper, keyed by its unversioned id."""

    __tablename__ = "arxiv_record"
    arxiv_id: str = Field(primary_key=True)
    title: str
    authors_json: str = "[]"
    abstract: str = ""
    categories_json: str = "[]"
    primary_category: str = ""
    published: str = ""
    updated: str = ""
    version: int = 1
    comment: str = ""
    journal_ref: str = ""
    doi: str = ""
    pdf_url: str = ""
    fetched_at: str = ""

    @property
    def authors(self) -> list[str]:
        return list(json.loads(self.authors_json))

    @property
    def categories(self) -> list[str]:
        return list(json.loads(self.categories_json))

    def to_json(self) -> dict[str, Any]:
        data = self.model_dump()
        data["authors"] = self.authors
        data["categories"] = self.categories
        del data["authors_json"], data["categories_json"]
        return data


class ReadingState(SQLModel, table=True):
    """How far the student is with a reading: unread, reading, read."""

    __tablename__ = "reading_state"
    key: str = Field(primary_key=True)
    status: str = "unread"
    updated_at: str = ""


def _migrate_1_to_2(conn: Connection) -> None:
    cols = {row[1] for row in conn.execute(text("PRAGMA table_info(reading_state)"))}
    if "updated_at" not in cols:
        conn.execute(text("ALTER TABLE reading_state ADD COLUMN updated_at VARCHAR DEFAULT ''"))


# version reached -> step that gets there from the version before
MIGRATIONS: dict[int, Callable[[Connection], None]] = {2: _migrate_1_to_2}


def shown_url(url: str) -> str:
    """A database URL fit for a message: its password, if any, masked."""
    return re.sub(r"(://[^/:@]*:)[^/@]*@", r"\1***@", url)


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
        self.engine = self._open()

    # -- opening, migrating, recovering -------------------------------------------------------
    def _sqlite_path(self) -> Path | None:
        prefix = "sqlite:///"
        if self.url.startswith(prefix) and ":memory:" not in self.url:
            return Path(self.url[len(prefix) :])
        return None

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
            self._migrate(engine)
            return engine
        except (DatabaseError, OperationalError, sqlite3.DatabaseError) as exc:
            path = self._sqlite_path()
            engine.dispose()
            if "locked" in str(exc) or "busy" in str(exc):
                # Another paperdesk holds it: healthy, just busy. Never move that aside.
                raise PaperdeskError("the database is busy (another paperdesk is writing to it); "
                                     "try again", path=str(path or shown_url(self.url))) from exc
            if path is None or not path.is_file():  # a folder in its place is not ours to move
                reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
                raise PaperdeskError(f"cannot open the database {shown_url(self.url)}: "
                                     f"{reason}") from exc
            aside = path.with_name(f"{path.name}.corrupt-{datetime.now(UTC):%Y%m%dT%H%M%S}")
            try:
                path.rename(aside)
                for suffix in ("-wal", "-shm"):
                    path.with_name(path.name + suffix).unlink(missing_ok=True)
            except OSError as move_exc:
                raise PaperdeskError(f"unreadable database ({exc}), and it cannot be moved "
                                     f"aside: {move_exc.strerror}", path=str(path)) from exc
            self.warn(f"{path}: unreadable database ({exc.orig if hasattr(exc, 'orig') else exc});"
                      f" moved aside to {aside.name} and rebuilt")
            engine = self._make_engine()
            self._migrate(engine)
            return engine

    def _migrate(self, engine: Engine) -> None:
        with engine.begin() as conn:
            existing = set(inspect(conn).get_table_names())
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

    # -- arXiv metadata -----------------------------------------------------------------------
    def records(self, ids: Iterable[str] | None = None) -> dict[str, ArxivRecord]:
        with self.session() as s:
            query = select(ArxivRecord)
            if ids is not None:
                wanted = list(ids)
                query = query.where(ArxivRecord.arxiv_id.in_(wanted))  # type: ignore[attr-defined]
            return {r.arxiv_id: r for r in s.exec(query)}

    def save_records(self, records: Iterable[ArxivRecord]) -> None:
        """Upsert in one transaction: either all of a batch is stored, or none of it."""
        with self.session() as s:
            for record in records:
                s.merge(record)
            s.commit()

    # -- reading status -----------------------------------------------------------------------
    def reading_statuses(self) -> dict[str, str]:
        with self.session() as s:
            return {r.key: r.status for r in s.exec(select(ReadingState))}

    def set_reading_status(self, key: str, status: str) -> None:
        if status not in READING_STATUSES:
            raise ValueError(f"status must be one of {', '.join(READING_STATUSES)}")
        with self.session() as s:
            s.merge(ReadingState(key=key, status=status,
                                 updated_at=datetime.now(UTC).isoformat(timespec="seconds")))
            s.commit()
