"""The light stores (sqlite3, no SQLAlchemy: store_light's catalog tables, gradebook_light's
gradebook tables) and the SQLModel schema agree: the same version, the same tables, columns and
types (and the gradebook's defaults and keys), on SQLite and (where a server is given)
PostgreSQL; and what one writes the other reads."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect
from sqlalchemy.dialects import sqlite

from paperdesk.adapters import gradebook_db, gradebook_rows, store, store_light
from paperdesk.adapters.store import Store
from paperdesk.adapters.store_light import LightStore, open_light
from paperdesk.core.paper import Paper
from paperdesk.core.status import Owner

ADA = Owner("dgm-spring-2021", "ada@example.edu")


# Every table a light store reads or writes, with its columns' SQLite types.
COLUMNS = {**store_light.COLUMNS, **gradebook_rows.COLUMNS}


def test_the_light_store_speaks_the_schema_version() -> None:
    assert store_light.SCHEMA_VERSION == store.SCHEMA_VERSION


def test_the_gradebook_tables_are_whole_with_sqlmodels_defaults_and_keys() -> None:
    """gradebook_light names every column of the gb_* tables (its inserts name them all), with
    SQLModel's defaults (collect's rows are made from them) and primary keys."""
    tables = store.SQLModel.metadata.tables
    assert set(gradebook_rows.TABLES) == {t for t in tables if t.startswith("gb_")}
    models = {"gb_roster": gradebook_db.GbRoster, "gb_work": gradebook_db.GbWork,
              "gb_review": gradebook_db.GbReview, "gb_measure": gradebook_db.GbMeasure,
              "gb_exception": gradebook_db.GbException}
    for table, model in models.items():
        assert list(gradebook_rows.COLUMNS[table]) == list(tables[table].c.keys()), table
        assert gradebook_rows.KEYS[table] == tuple(
            c.name for c in tables[table].primary_key.columns), table
        wanted = {name: (None if f.is_required() else f.default)
                  for name, f in model.model_fields.items() if name != "id"}
        assert gradebook_rows.defaults(table) == wanted, table
    rows = {f.name for f in dataclasses.fields(gradebook_rows.ExceptionRow)}
    assert rows == set(tables["gb_exception"].c.keys())


def test_its_columns_are_in_the_sqlmodel_metadata() -> None:
    tables = store.SQLModel.metadata.tables
    for table, columns in COLUMNS.items():
        assert table in tables, table
        for name, sql_type in columns.items():
            assert name in tables[table].c, f"{table}.{name}"
            compiled = tables[table].c[name].type.compile(dialect=sqlite.dialect())
            assert compiled == sql_type, f"{table}.{name}: {compiled} != {sql_type}"


def _columns_in(url: str) -> dict[str, dict[str, str]]:
    engine = create_engine(url)
    try:
        found = inspect(engine)
        return {t: {c["name"]: str(c["type"]) for c in found.get_columns(t)}
                for t in found.get_table_names()}
    finally:
        engine.dispose()


def _agree(url: str) -> None:
    Store(url).close()  # the full store makes and migrates the schema
    found = _columns_in(url)
    for table, columns in COLUMNS.items():
        assert table in found, table
        for name, sql_type in columns.items():
            assert name in found[table], f"{table}.{name}"
            # VARCHAR on both; PostgreSQL may say VARCHAR or CHARACTER VARYING
            assert found[table][name].split("(")[0] in (sql_type, "CHARACTER VARYING"), \
                f"{table}.{name}: {found[table][name]}"


def test_a_database_the_full_store_made_has_them_on_sqlite(tmp_path: Path) -> None:
    _agree(f"sqlite:///{tmp_path / 'paperdesk.db'}")


def test_a_database_the_full_store_made_has_them_on_postgresql(
        request: pytest.FixtureRequest) -> None:
    try:
        url = request.getfixturevalue("pg_url")  # tests/conftest.py's, where a server runs
    except pytest.FixtureLookupError:
        pytest.skip("no PostgreSQL here (no pg_url fixture)")
    _agree(url)


def test_what_one_writes_the_other_reads(tmp_path: Path) -> None:
    db = tmp_path / "paperdesk.db"
    url = f"sqlite:///{db}"
    assert open_light(url, db, {}) is not None  # none yet: reads as empty
    assert open_light(url, db, {}).papers() == {}  # type: ignore[union-attr]
    assert not db.exists()
    full = Store(url)
    full.set_reading_status(ADA, "a", "reading")
    paper = Paper(source="arxiv", id="1706.03762", title="Attention", version=5,
                  authors=("A. Vaswani",), categories=("cs.CL",), extra={"pages": "1-11"})
    full.save_papers([paper])
    light = open_light(url, db, {})
    assert isinstance(light, LightStore) and light.writable
    assert light.reading_statuses(ADA) == {"a": "reading"}
    light.set_reading_status(ADA, "a", "read")
    light.set_reading_status(ADA, "b", "reading")
    assert full.reading_statuses(ADA) == {"a": "read", "b": "reading"}
    assert full.reading_statuses(Owner("dgm-spring-2021", "bob@example.edu")) == {}
    ref = ("arxiv", "1706.03762")
    assert light.papers([ref]) == full.papers([ref]) == {ref: paper}
    assert light.papers([("crossref", "1706.03762")]) == {}
    with pytest.raises(ValueError):
        light.set_reading_status(ADA, "a", "skimmed")
    full.close()


def test_states_waiting_for_their_owner_are_the_full_stores_to_give(tmp_path: Path) -> None:
    """Schema-2 states (no course, no student) go to the first owner: the full store does it."""
    db = tmp_path / "paperdesk.db"
    url = f"sqlite:///{db}"
    Store(url).close()
    import sqlite3

    with sqlite3.connect(db) as conn:
        conn.execute("INSERT INTO reading_state VALUES ('', '', 'a', 'read', '')")
    light = open_light(url, db, {})
    assert light is not None and not light.writable
    assert light.reading_statuses(ADA) == {"a": "read"}  # read as the owner's, as the store does


def test_a_write_sqlite_refuses_is_left_to_the_full_store(tmp_path: Path) -> None:
    db = tmp_path / "paperdesk.db"
    url = f"sqlite:///{db}"
    Store(url).close()
    import sqlite3

    with sqlite3.connect(db) as conn:
        conn.execute("DROP TABLE reading_state")
    light = open_light(url, db, {})
    assert light is not None
    assert light.set_reading_status(ADA, "a", "read") is False  # nothing written: say so


def test_another_schema_version_goes_to_the_full_store(tmp_path: Path) -> None:
    db = tmp_path / "paperdesk.db"
    url = f"sqlite:///{db}"
    Store(url).close()
    import sqlite3

    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
    assert open_light(url, db, {}) is None  # to be migrated first
    assert open_light(url, db, {"PAPERDESK_DB": url}) is None  # named: the full store's


def test_the_tables_it_writes_are_whole_and_keyed_as_in_sqlmodel() -> None:
    """An insert names every column (a new one would be left to a default it may not have),
    and an upsert's conflict target is the table's primary key."""
    tables = store.SQLModel.metadata.tables
    for table, key in store_light.WRITES.items():
        assert set(COLUMNS[table]) == set(tables[table].c.keys()), table
        assert key == tuple(c.name for c in tables[table].primary_key.columns), table
    paper = Paper(source="arxiv", id="1706.03762", title="Attention")
    assert list(store_light.row_of_paper(paper)) == list(COLUMNS["paper_record"])


def test_papers_the_light_store_saves_the_full_store_reads(tmp_path: Path) -> None:
    db = tmp_path / "paperdesk.db"
    url = f"sqlite:///{db}"
    light = LightStore(db)
    assert not light.can_save_papers and light.save_papers([]) is False  # no file: not here
    full = Store(url)
    old = Paper(source="arxiv", id="1706.03762", title="Old", version=1)
    full.save_papers([old])
    new = Paper(source="arxiv", id="1706.03762", title="Attention", version=5,
                authors=("A. Vaswani", "Ł. Kaiser"), categories=("cs.CL", "cs.LG"),
                extra={"pages": "1-11"}, fetched_at="2021-04-14T12:00:00-05:00")
    work = Paper(source="crossref", id="10.1000/x", title="A work", doi="10.1000/x")
    assert light.can_save_papers and light.save_papers([new, work]) is True
    assert full.papers() == {("arxiv", new.id): new, ("crossref", work.id): work}
    assert light.papers() == full.papers()
    light.close()
    full.close()


def test_a_batch_sqlite_refuses_is_stored_not_at_all(tmp_path: Path) -> None:
    """One transaction: a failing row leaves the rows before it unwritten, and says False."""
    db = tmp_path / "paperdesk.db"
    Store(f"sqlite:///{db}").close()
    import sqlite3

    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TRIGGER no_b BEFORE INSERT ON paper_record WHEN NEW.paper_id = 'b' "
                     "BEGIN SELECT RAISE(ABORT, 'refused'); END")
    light = LightStore(db)
    a, b = (Paper(source="arxiv", id=i, title=i) for i in "ab")
    assert light.save_papers([a, b]) is False
    assert light.papers() == {}
