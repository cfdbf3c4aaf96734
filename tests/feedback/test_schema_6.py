"""Schema 6: gb_exception gains rubric_json, on SQLite and PostgreSQL (no PRAGMA)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import Connection, create_engine, inspect, text

from paperdesk.adapters.store import MIGRATIONS, SCHEMA_VERSION, Store


def _check(db_url: str) -> None:
    Store(db_url).close()  # today's schema, then made a schema-5 database
    engine = create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO gb_exception (course, student, kind, batch, until, "
                          "reading, points, reason, grader, at, rubric_json) VALUES ('c', "
                          "'ada', 'override', 0, '', 'r00', 1, 'thin', 'Tess', '', '{}')"))
        conn.execute(text("ALTER TABLE gb_exception DROP COLUMN rubric_json"))
        conn.execute(text("UPDATE meta SET value = '5' WHERE key = 'schema_version'"))
    engine.dispose()
    store = Store(db_url)
    assert store.schema_version() == SCHEMA_VERSION == 6
    with store.engine.connect() as conn:
        cols = {c["name"] for c in inspect(conn).get_columns("gb_exception")}
        kept = conn.execute(text("SELECT reason, rubric_json FROM gb_exception")).all()
    assert "rubric_json" in cols and [tuple(r) for r in kept] == [("thin", "{}")]
    store.close()


def test_schema_5_to_6_on_sqlite(tmp_path: Path) -> None:
    _check(f"sqlite:///{tmp_path / 'v5.db'}")


def test_schema_5_to_6_on_postgresql(pg_fresh_url: str) -> None:
    _check(pg_fresh_url)


def test_a_migration_that_fails_on_sqlite_changes_nothing(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """The schema change is one transaction: the tables create_all made and the columns a step
    added before a later step failed are all rolled back (SQLite commits DDL on its own, each
    statement apart, unless a transaction is opened for it)."""
    path = tmp_path / "v5.db"
    Store(f"sqlite:///{path}").close()
    with sqlite3.connect(path) as conn:
        conn.execute("ALTER TABLE gb_exception DROP COLUMN rubric_json")
        conn.execute("DROP TABLE paper_record")
        conn.execute("UPDATE meta SET value = '5' WHERE key = 'schema_version'")
    conn.close()

    def then_fail(conn: Connection) -> None:
        real_step(conn)  # adds gb_exception.rubric_json
        raise RuntimeError("the disk went away")

    real_step = MIGRATIONS[6]
    monkeypatch.setitem(MIGRATIONS, 6, then_fail)
    with pytest.raises(RuntimeError, match="the disk went away"):
        Store(f"sqlite:///{path}")
    with sqlite3.connect(path) as conn:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        columns = {row[1] for row in conn.execute("PRAGMA table_info(gb_exception)")}
        version = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    conn.close()
    assert "paper_record" not in tables and "rubric_json" not in columns and version == ("5",)
    monkeypatch.undo()
    store = Store(f"sqlite:///{path}")  # the next open migrates it whole
    assert store.schema_version() == SCHEMA_VERSION
    store.close()
