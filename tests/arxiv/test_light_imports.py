"""What the fetch commands import: registering them nothing heavy; ``paperdesk fetch`` on the
workspace's SQLite file (against the loopback arXiv and Crossref) no SQLAlchemy or SQLModel,
except where the full store must act (no database yet, an older schema to migrate)."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.arxiv.conftest import stored_ids
from tests.arxiv.server import FakeArxiv

HEAVY = ("textual", "sqlmodel", "sqlalchemy", "requests", "typst", "arxiv", "yaml")
NETWORK = {"requests", "arxiv"}  # a fetch that asks a source needs these, and only that


def test_registering_the_commands_imports_nothing_heavy() -> None:
    code = (
        "import sys\n"
        "from paperdesk.cli.main import build_parser\n"
        "build_parser().parse_args(['fetch', '--pdfs'])\n"
        "heavy = {'requests', 'arxiv', 'sqlalchemy', 'sqlmodel', 'lxml'} & set(sys.modules)\n"
        "print(sorted(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def fetch_loads(*args: str) -> set[str]:
    """Run ``paperdesk fetch ARGS`` in a new interpreter (the workspace and the loopback
    endpoints come from the environment); the heavy top-level packages it left loaded."""
    script = (
        "import contextlib, io, json, sys\n"
        "from paperdesk.cli.main import main\n"
        "quiet = io.StringIO()\n"
        "with contextlib.redirect_stdout(quiet), contextlib.redirect_stderr(quiet):\n"
        f"    code = main(['fetch', *{list(args)!r}])\n"
        f"heavy = sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r})\n"
        "print(quiet.getvalue() if code else '', file=sys.stderr)\n"
        "print(json.dumps([code, heavy]))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=120, check=True)
    code, loaded = json.loads(done.stdout.strip().splitlines()[-1])
    assert code == 0, done.stderr
    return {m.split(".")[0] for m in loaded}


def made_by_the_full_store(ws: Path) -> Path:
    """The workspace's database as the full store makes it (as ``mark`` or the desk would)."""
    from paperdesk.adapters.store import Store

    db = ws / ".paperdesk" / "paperdesk.db"
    Store(f"sqlite:///{db}").close()
    return db


def test_fetch_on_sqlite_imports_no_sqlalchemy(course_ws: Path, fake_arxiv: FakeArxiv) -> None:
    made_by_the_full_store(course_ws)
    assert fetch_loads() == NETWORK  # stored through sqlite3
    assert len(stored_ids(course_ws)) == 29
    assert len(fake_arxiv.api_queries) == 1  # the 29 ids in one request
    assert fetch_loads() == set()  # all cached: no source asked, no client imported
    assert len(fake_arxiv.api_queries) == 1
    assert fetch_loads("--refresh") == NETWORK
    assert len(fake_arxiv.api_queries) == 2
    from paperdesk.adapters.store import Store

    store = Store(f"sqlite:///{course_ws / '.paperdesk' / 'paperdesk.db'}")
    papers = store.papers()
    store.close()
    assert {s for s, _ in papers} == {"arxiv", "crossref"} and len(papers) == 32


def test_the_first_fetch_lets_the_full_store_make_the_database(
        course_ws: Path, fake_arxiv: FakeArxiv) -> None:
    """No database yet: SQLModel is the schema, so it makes the file (no copy of it here)."""
    assert "sqlmodel" in fetch_loads()
    assert len(stored_ids(course_ws)) == 29
    assert "sqlmodel" not in fetch_loads("--refresh")  # from then on, sqlite3


def test_an_older_database_is_migrated_by_the_full_store(
        course_ws: Path, fake_arxiv: FakeArxiv) -> None:
    from paperdesk.adapters.store import SCHEMA_VERSION

    db = made_by_the_full_store(course_ws)
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'",
                     (str(SCHEMA_VERSION - 1),))
    assert "sqlmodel" in fetch_loads()
    with sqlite3.connect(db) as conn:
        version = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    assert version == (str(SCHEMA_VERSION),)
    assert len(stored_ids(course_ws)) == 29


def test_a_write_sqlite3_refuses_is_the_full_stores_to_report(
        tmp_path: Path, fake_arxiv: FakeArxiv, monkeypatch: pytest.MonkeyPatch, cli) -> None:
    """A full disk: sqlite3 writes nothing and hands over; the full store says why, one line.
    (A read-only folder is refused before any request: tests/catalog/test_store_faults.py.)"""
    import shutil

    from tests.arxiv.conftest import make_ws
    from tests.mounts import fill_disk, small_tmpfs

    with small_tmpfs(tmp_path / "disk", "2m") as disk:
        ws = make_ws(disk / "ws", (Path(__file__).parents[2] / "readings.bib").read_text(),
                     monkeypatch)
        made_by_the_full_store(ws)
        filler = fill_disk(disk)
        result = cli("fetch")
        assert result.code == 2, result.err
        [line] = result.err.splitlines()
        assert "the disk is full" in line, line
        filler.unlink()
        assert stored_ids(ws) == set()  # nothing half-stored
        assert cli("fetch").code == 0
        assert len(stored_ids(ws)) == 29
        shutil.rmtree(ws)


def test_postgresql_goes_through_sqlmodel(course_ws: Path, fake_arxiv: FakeArxiv,
                                          monkeypatch: pytest.MonkeyPatch,
                                          pg_fresh_url: str, cli) -> None:
    """The first fetch makes the database and fills it, run in this process (a fresh
    interpreter would cost 1.5 s of CPU importing SQLModel and psycopg): sqlite3 cannot reach
    PostgreSQL, so the rows found there are the full store's. The check of imports is the next
    fetch's, in a fresh interpreter, on a database that exists: still through SQLModel."""
    monkeypatch.setenv("PAPERDESK_DB", pg_fresh_url)
    result = cli("fetch")
    assert result.code == 0, result.err
    assert not (course_ws / ".paperdesk" / "paperdesk.db").exists()
    from paperdesk.adapters.store import Store

    store = Store(pg_fresh_url)
    papers = store.papers()
    store.close()
    assert len(papers) == 32
    assert "sqlmodel" in fetch_loads("--refresh")
    assert len(fake_arxiv.api_queries) == 2
