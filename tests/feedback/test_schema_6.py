"""Schema 6: gb_exception gains rubric_json, on SQLite and PostgreSQL (no PRAGMA)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import create_engine, inspect, text

from paperdesk.adapters.store import SCHEMA_VERSION, Store


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
