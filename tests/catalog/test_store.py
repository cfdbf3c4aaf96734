"""The SQLModel store on real SQLite files: pragmas, schema version, migration, recovery."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from paperdesk.adapters import store_light
from paperdesk.adapters.store import SCHEMA_VERSION, Store
from paperdesk.core.errors import PaperdeskError
from paperdesk.core.paper import Paper
from paperdesk.core.status import Owner
from paperdesk.services.context import Context
from tests.catalog.conftest import Cli


def url(path: Path) -> str:
    return f"sqlite:///{path}"


ADA = Owner("deep-generative-models-spring-2021", "ada@example.edu")


def test_pragmas_wal_foreign_keys_busy_timeout(tmp_path: Path) -> None:
    store = Store(url(tmp_path / "p.db"))
    with store.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() >= 1000
    assert store.schema_version() == SCHEMA_VERSION
    store.close()


def test_records_and_statuses_round_trip(tmp_path: Path) -> None:
    store = Store(url(tmp_path / "p.db"))
    store.save_papers([Paper("arxiv", "1706.03762", "Attention", ("Ashish Vaswani",)),
                       Paper("crossref", "10.1145/3442188.3445922", "Parrots",
                             extra={"pages": "610--623"})])
    store.set_reading_status(ADA, "vaswani2017attention", "reading")
    assert store.papers()[("arxiv", "1706.03762")].authors == ("Ashish Vaswani",)
    assert store.papers([("crossref", "10.1145/3442188.3445922")])[
        ("crossref", "10.1145/3442188.3445922")].extra == {"pages": "610--623"}
    assert store.papers([("arxiv", "nothing"), ("crossref", "1706.03762")]) == {}
    assert store.reading_statuses(ADA) == {"vaswani2017attention": "reading"}
    with pytest.raises(ValueError, match="unknown reading status 'skimmed'"):
        store.set_reading_status(ADA, "x", "skimmed")
    store.close()
    # The light path reads the same tables without SQLAlchemy.
    db = tmp_path / "p.db"
    assert store_light.reading_statuses(db, ADA) == {"vaswani2017attention": "reading"}
    assert store_light.cached_refs(db) == {("arxiv", "1706.03762"),
                                           ("crossref", "10.1145/3442188.3445922")}
    assert store_light.reading_statuses(tmp_path / "absent.db", ADA) == {}


def make_v1(path: Path) -> None:
    """Schema 1: no meta table, reading_state without updated_at."""
    conn = sqlite3.connect(path)
    conn.executescript(
        """
        CREATE TABLE reading_state (key VARCHAR PRIMARY KEY, status VARCHAR NOT NULL);
        INSERT INTO reading_state VALUES ('vaswani2017attention', 'read');
        """
    )
    conn.commit()
    conn.close()


def test_migration_from_version_1(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    make_v1(db)
    store = Store(url(db))
    assert store.schema_version() == SCHEMA_VERSION
    assert store.reading_statuses(ADA) == {"vaswani2017attention": "read"}
    store.set_reading_status(ADA, "cho2014learning", "reading")  # the new columns are there
    with store.engine.connect() as conn:
        cols = {row[1] for row in conn.execute(text("PRAGMA table_info(reading_state)"))}
    assert {"updated_at", "course", "student"} <= cols
    store.close()
    assert Store(url(db)).schema_version() == SCHEMA_VERSION  # reopening is a no-op


V2 = [  # schema 2 as paperdesk 0.x left it: statuses keyed by citekey alone
    "CREATE TABLE meta (key VARCHAR NOT NULL PRIMARY KEY, value VARCHAR NOT NULL)",
    "INSERT INTO meta VALUES ('schema_version', '2')",
    "CREATE TABLE arxiv_record (arxiv_id VARCHAR NOT NULL PRIMARY KEY, title VARCHAR NOT NULL,"
    " authors_json VARCHAR NOT NULL, abstract VARCHAR NOT NULL, categories_json VARCHAR NOT NULL,"
    " primary_category VARCHAR NOT NULL, published VARCHAR NOT NULL, updated VARCHAR NOT NULL,"
    " version INTEGER NOT NULL, comment VARCHAR NOT NULL, journal_ref VARCHAR NOT NULL,"
    " doi VARCHAR NOT NULL, pdf_url VARCHAR NOT NULL, fetched_at VARCHAR NOT NULL)",
    "CREATE TABLE reading_state (key VARCHAR NOT NULL PRIMARY KEY, status VARCHAR NOT NULL,"
    " updated_at VARCHAR NOT NULL)",
    "INSERT INTO reading_state VALUES ('vaswani2017attention', 'read', '2021-04-01T10:00:00')",
    "INSERT INTO reading_state VALUES ('kingma2014autoencoding', 'reading', '')",
]


def make_v2(db_url: str) -> None:
    from sqlalchemy import create_engine

    engine = create_engine(db_url)
    with engine.begin() as conn:
        for statement in V2:
            conn.execute(text(statement))
    engine.dispose()


def check_v2_migration(db_url: str) -> None:
    """Schema 2 -> now: the statuses are kept and go to the first course and student that open
    the database; another student (or course) on the same database starts with none."""
    make_v2(db_url)
    store = Store(db_url)
    assert store.schema_version() == SCHEMA_VERSION
    old = {"vaswani2017attention": "read", "kingma2014autoencoding": "reading"}
    assert store.reading_statuses(ADA) == old
    grace = Owner(ADA.course, "grace@example.edu")
    other_course = Owner("another-course-fall-2021", ADA.student)
    assert store.reading_statuses(grace) == {}
    assert store.reading_statuses(other_course) == {}
    store.set_reading_status(grace, "vaswani2017attention", "reading")
    store.set_reading_status(other_course, "vaswani2017attention", "unread")
    assert store.reading_statuses(ADA) == old  # nobody overwrote Ada's
    assert store.reading_statuses(grace) == {"vaswani2017attention": "reading"}
    store.close()
    reopened = Store(db_url)  # reopening is a no-op
    assert reopened.schema_version() == SCHEMA_VERSION
    assert reopened.reading_statuses(ADA) == old
    reopened.close()


def test_migration_from_version_2_on_sqlite(tmp_path: Path) -> None:
    check_v2_migration(url(tmp_path / "v2.db"))


def test_migration_from_version_2_on_postgresql(pg_fresh_url: str) -> None:
    check_v2_migration(pg_fresh_url)


def test_migration_from_version_1_on_postgresql(pg_fresh_url: str) -> None:
    """The 1 -> 2 step used SQLite's PRAGMA; it runs on PostgreSQL now."""
    from sqlalchemy import create_engine

    engine = create_engine(pg_fresh_url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE reading_state (key VARCHAR PRIMARY KEY, "
                          "status VARCHAR NOT NULL)"))
        conn.execute(text("INSERT INTO reading_state VALUES ('vaswani2017attention', 'read')"))
    engine.dispose()
    store = Store(pg_fresh_url)
    assert store.schema_version() == SCHEMA_VERSION
    assert store.reading_statuses(ADA) == {"vaswani2017attention": "read"}
    store.close()


def test_the_light_path_reads_an_unmigrated_database(tmp_path: Path) -> None:
    """``paperdesk list`` reads with sqlite3 and never migrates: schema 2 still shows, and so do
    the carried-over states the full store has not handed to anyone yet."""
    db = tmp_path / "v2.db"
    make_v2(url(db))
    expected = {"vaswani2017attention": "read", "kingma2014autoencoding": "reading"}
    assert store_light.reading_statuses(db, ADA) == expected
    Store(url(db)).close()  # migrated, not claimed yet
    assert store_light.reading_statuses(db, ADA) == expected
    store = Store(url(db))
    store.set_reading_status(ADA, "vaswani2017attention", "unread")  # claims, then sets
    store.close()
    assert store_light.reading_statuses(db, ADA) == {**expected, "vaswani2017attention": "unread"}
    assert store_light.reading_statuses(db, Owner(ADA.course, "grace@example.edu")) == {}


def test_two_students_on_one_database_keep_their_own_statuses(
    course_ws: Path, cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PAPERDESK_DB", url(tmp_path / "shared.db"))
    assert cli("mark", "vaswani2017attention", "read").code == 0
    monkeypatch.setenv("PAPERDESK_STUDENT", "Grace Hopper")
    monkeypatch.setenv("PAPERDESK_EMAIL", "grace@example.edu")
    assert cli("mark", "vaswani2017attention", "reading").code == 0
    [grace] = [r for r in json.loads(cli("list", "--json").out)
               if r["key"] == "vaswani2017attention"]
    assert grace["status"] == "reading"
    monkeypatch.setenv("PAPERDESK_STUDENT", "Ada Lovelace")
    monkeypatch.setenv("PAPERDESK_EMAIL", "ada@example.edu")
    [ada] = [r for r in json.loads(cli("list", "--json").out)
             if r["key"] == "vaswani2017attention"]
    assert ada["status"] == "read"


def test_two_courses_in_one_workspace_database_keep_their_own(course_ws: Path, cli: Cli) -> None:
    """The statuses follow the course's id: another course (here: course.toml given an id, as
    the next term's copy would have) starts with none, and the first course's come back."""
    assert cli("mark", "vaswani2017attention", "read").code == 0
    toml = course_ws / "course.toml"
    original = toml.read_text(encoding="utf-8")
    toml.write_text(original.replace("[course]\n", '[course]\nid = "dgm-2022"\n', 1),
                    encoding="utf-8")
    statuses = {r["key"]: r["status"] for r in json.loads(cli("list", "--json").out)}
    assert statuses["vaswani2017attention"] == "unread"
    toml.write_text(original, encoding="utf-8")
    statuses = {r["key"]: r["status"] for r in json.loads(cli("list", "--json").out)}
    assert statuses["vaswani2017attention"] == "read"


def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "new.db"
    Store(url(db)).close()
    conn = sqlite3.connect(db)
    conn.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    conn.commit()
    conn.close()
    with pytest.raises(PaperdeskError, match="schema version 99, newer than this paperdesk"):
        Store(url(db))


def test_corrupt_database_is_moved_aside_and_rebuilt(tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    db.write_bytes(b"this is not a database" * 500)
    warnings: list[str] = []
    store = Store(url(db), warn=warnings.append)
    assert store.reading_statuses(ADA) == {}
    store.set_reading_status(ADA, "a", "read")
    [warning] = warnings
    assert "unreadable database" in warning and "moved aside" in warning
    aside = [p for p in tmp_path.iterdir() if p.name.startswith("p.db.corrupt-")]
    assert len(aside) == 1
    assert aside[0].read_bytes().startswith(b"this is not a database")
    store.close()


def test_corrupt_workspace_database_through_the_cli(course_ws: Path, cli: Cli) -> None:
    state = course_ws / ".paperdesk"
    state.mkdir()
    (state / "paperdesk.db").write_bytes(b"garbage" * 1000)
    ctx = Context.discover()
    assert ctx.store.reading_statuses(ADA) == {}
    assert any(p.name.startswith("paperdesk.db.corrupt-") for p in state.iterdir())
    assert cli("list").code == 0


def test_paperdesk_db_is_honoured(course_ws: Path, tmp_path: Path,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    other = tmp_path / "elsewhere.db"
    monkeypatch.setenv("PAPERDESK_DB", url(other))
    ctx = Context.discover()
    assert ctx.store.url == url(other)
    ctx.store.set_reading_status(ADA, "vaswani2017attention", "read")
    assert other.is_file()
    assert not (course_ws / ".paperdesk" / "paperdesk.db").exists()
    ws = ctx.workspace
    assert not store_light.usable(ws.db_url(ctx.environ), ws.db_path, ctx.environ)
    from paperdesk.services.statuses import combined

    assert combined(ctx)["vaswani2017attention"] == "read"  # read through the full store


def test_default_database_is_in_the_workspace(course_ws: Path) -> None:
    ctx = Context.discover()
    assert ctx.store.url == f"sqlite:///{course_ws / '.paperdesk' / 'paperdesk.db'}"
    assert (course_ws / ".paperdesk" / ".gitignore").read_text(encoding="utf-8") == "*\n"


def test_corrupt_database_warning_is_one_cli_line(course_ws: Path, cli: Cli) -> None:
    state = course_ws / ".paperdesk"
    state.mkdir()
    (state / "paperdesk.db").write_bytes(b"garbage" * 1000)
    result = cli("mark", "vaswani2017attention", "read")
    assert result.code == 0, result.err
    [line] = result.err.splitlines()
    assert line.startswith(f"paperdesk: warning: {state / 'paperdesk.db'}: unreadable database")
    assert "moved aside to paperdesk.db.corrupt-" in line


@pytest.mark.parametrize("value, words", [
    ("notaurl", "PAPERDESK_DB='notaurl' is not a database URL"),
    ("nosuchdialect://x/y", "PAPERDESK_DB='nosuchdialect://x/y' is not a database URL"),
    # the password never shows; pg8000 is not installed, so its driver is missing
    ("postgresql+pg8000://ada:secret@127.0.0.1:1/db",
     "PAPERDESK_DB='postgresql+pg8000://ada:***@127.0.0.1:1/db': no database driver"),
])
def test_a_bad_paperdesk_db_is_one_line(course_ws: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch,
                                        value: str, words: str) -> None:
    monkeypatch.setenv("PAPERDESK_DB", value)
    result = cli("mark", "vaswani2017attention", "read")
    assert result.code == 2
    assert result.err.startswith(f"paperdesk: {words}") and len(result.err.splitlines()) == 1
    assert "secret" not in result.err and "internal error" not in result.err


def test_a_folder_where_the_database_should_be_is_never_moved(
    course_ws: Path, cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "x.db"
    folder.mkdir()
    (folder / "mine.txt").write_text("keep me", encoding="utf-8")
    monkeypatch.setenv("PAPERDESK_DB", url(folder))
    result = cli("mark", "vaswani2017attention", "read")
    assert result.code == 2
    assert result.err == (f"paperdesk: cannot open the database {url(folder)}: "
                          "unable to open database file\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["course", "x.db"]
    assert (folder / "mine.txt").read_text(encoding="utf-8") == "keep me"


def test_the_store_on_postgresql(pg_fresh_url: str) -> None:
    """The same tables on a real PostgreSQL server (tests/pg.py starts one, or skips saying why)."""
    store = Store(pg_fresh_url)
    assert store.schema_version() == SCHEMA_VERSION
    store.save_papers([Paper("arxiv", "1706.03762", "Attention"),
                       Paper("crossref", "10.1145/3442188.3445922", "Parrots")])
    assert set(store.papers()) == {("arxiv", "1706.03762"),
                                   ("crossref", "10.1145/3442188.3445922")}
    store.close()
    assert Store(pg_fresh_url).schema_version() == SCHEMA_VERSION  # reopening is a no-op


def make_arxiv_v2(path: Path, rows: int) -> None:
    """Schema 2 with ``rows`` cached arXiv records (arxiv_record, the arXiv-only cache)."""
    conn = sqlite3.connect(path)
    conn.executescript(
        """
        CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL);
        INSERT INTO meta VALUES ('schema_version', '2');
        CREATE TABLE reading_state (key VARCHAR PRIMARY KEY, status VARCHAR NOT NULL,
                                    updated_at VARCHAR DEFAULT '');
        CREATE TABLE arxiv_record (
            arxiv_id VARCHAR PRIMARY KEY, title VARCHAR NOT NULL, authors_json VARCHAR NOT NULL,
            abstract VARCHAR NOT NULL, categories_json VARCHAR NOT NULL,
            primary_category VARCHAR NOT NULL, published VARCHAR NOT NULL,
            updated VARCHAR NOT NULL, version INTEGER NOT NULL, comment VARCHAR NOT NULL,
            journal_ref VARCHAR NOT NULL, doi VARCHAR NOT NULL, pdf_url VARCHAR NOT NULL,
            fetched_at VARCHAR NOT NULL);
        """
    )
    for i in range(rows):
        ident = f"2101.{i:05d}" if i else "hep-th/9901001"
        conn.execute(
            "INSERT INTO arxiv_record VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (ident, f"Paper {i} é", f'["Author {i}", "Ünal Ö"]', f"Abstract {i}",
             '["cs.LG", "stat.ML"]', "cs.LG", "2021-01-01T00:00:00+00:00",
             "2021-02-01T00:00:00+00:00", 1 + i % 3, "9 pages" if i % 2 else "",
             "J. Phys. 1 (2021)" if i % 5 == 0 else "", "10.1/x" if i % 7 == 0 else "",
             f"https://arxiv.org/pdf/{ident}", "2021-04-01T00:00:00-05:00"))
    conn.execute("INSERT INTO reading_state VALUES ('vaswani2017attention', 'read', '')")
    conn.commit()
    conn.close()


def test_migration_from_arxiv_only_keeps_every_cached_record(tmp_path: Path) -> None:
    db = tmp_path / "v2.db"
    make_arxiv_v2(db, 40)
    with sqlite3.connect(db) as conn:
        before = {row[0]: row for row in conn.execute("SELECT * FROM arxiv_record")}
    # Before any migration the light path already reads the old table (an upgraded desk's marks).
    assert store_light.cached_refs(db) == {("arxiv", i) for i in before}

    store = Store(url(db))
    assert store.schema_version() == SCHEMA_VERSION
    papers = store.papers()
    assert set(papers) == {("arxiv", i) for i in before}
    for ident, row in before.items():
        p = papers[("arxiv", ident)]
        assert (p.id, p.title, list(p.authors), p.abstract, list(p.categories),
                p.primary_category, p.published, p.updated, p.version, p.comment,
                p.journal_ref, p.doi, p.pdf_url, p.fetched_at) == (
            row[0], row[1], ["Author " + row[1].split()[1], "Ünal Ö"], row[3],
            ["cs.LG", "stat.ML"], *row[5:])
        assert p.year == "2021" and p.url == f"https://arxiv.org/abs/{ident}"
        assert p.entry_type == ("article" if row[10] else "misc")
    assert store.reading_statuses(ADA) == {"vaswani2017attention": "read"}
    with store.engine.connect() as conn:
        assert "arxiv_record" not in inspect(conn).get_table_names()
    store.close()
    assert store_light.abstracts(db)[("arxiv", "2101.00003")] == "Abstract 3"
    reopened = Store(url(db))  # reopening is a no-op
    assert len(reopened.papers()) == 40
    reopened.close()


def test_migration_from_arxiv_only_on_postgresql(pg_fresh_url: str) -> None:
    """The same step on PostgreSQL: the arXiv-only schema 2, then a paperdesk of schema 3."""
    from sqlalchemy import create_engine

    engine = create_engine(pg_fresh_url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)"))
        conn.execute(text("INSERT INTO meta VALUES ('schema_version', '2')"))
        conn.execute(text("CREATE TABLE reading_state (key VARCHAR PRIMARY KEY, "
                          "status VARCHAR NOT NULL, updated_at VARCHAR DEFAULT '')"))
        conn.execute(text(
            "CREATE TABLE arxiv_record (arxiv_id VARCHAR PRIMARY KEY, title VARCHAR NOT NULL,"
            " authors_json VARCHAR NOT NULL, abstract VARCHAR NOT NULL,"
            " categories_json VARCHAR NOT NULL, primary_category VARCHAR NOT NULL,"
            " published VARCHAR NOT NULL, updated VARCHAR NOT NULL, version INTEGER NOT NULL,"
            " comment VARCHAR NOT NULL, journal_ref VARCHAR NOT NULL, doi VARCHAR NOT NULL,"
            " pdf_url VARCHAR NOT NULL, fetched_at VARCHAR NOT NULL)"))
        for i in range(5):
            conn.execute(text(
                "INSERT INTO arxiv_record VALUES (:id, :t, '[\"A\"]', 'abs', '[\"cs.LG\"]',"
                " 'cs.LG', '2019-05-01T00:00:00+00:00', '2019-06-01T00:00:00+00:00', 2, '',"
                " :j, '', '', '')"), {"id": f"1905.0000{i}", "t": f"Paper {i}",
                                      "j": "JMLR" if i == 0 else ""})
    engine.dispose()

    store = Store(pg_fresh_url)
    papers = store.papers()
    assert store.schema_version() == SCHEMA_VERSION
    assert set(papers) == {("arxiv", f"1905.0000{i}") for i in range(5)}
    first = papers[("arxiv", "1905.00000")]
    assert (first.title, first.authors, first.version, first.year, first.entry_type) == (
        "Paper 0", ("A",), 2, "2019", "article")
    with store.engine.connect() as conn:
        assert "arxiv_record" not in inspect(conn).get_table_names()
    store.close()
