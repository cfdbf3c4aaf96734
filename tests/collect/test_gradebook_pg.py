"""The gradebook on a real PostgreSQL server (the ``pg_fresh_url`` fixture: skipped, with the
reason, where no server can be started) and the same checks on SQLite: two processes collecting
and grading at once leave a consistent gradebook; a database that cannot be reached is one line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from paperdesk.services.collect import collect
from paperdesk.services.context import Context
from tests.collect.builders import NOW, on_time, write_reviews

STUDENTS = 6


def _class(submissions: Path) -> None:
    for i in range(STUDENTS):
        write_reviews(submissions / f"s{i}" / "reviews", on_time(3 + i % 3),
                      f"Student {i}", f"s{i}@uni.edu")


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'shared.db'}"
    return str(request.getfixturevalue("pg_fresh_url"))


def _env(instructor: Path, url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAPERDESK_")}
    env.update(PAPERDESK_WORKSPACE=str(instructor), PAPERDESK_NOW=NOW, PAPERDESK_DB=url,
               PAPERDESK_GRADER="TA Tess")
    return env


def _race(env: dict[str, str], *commands: list[str]) -> None:
    """The commands at once, each in a process of its own (``tests/collect/racing.py``: forked
    from one interpreter that imported paperdesk once); each must succeed."""
    done = subprocess.run([sys.executable, str(Path(__file__).with_name("racing.py"))], env=env,
                          input=json.dumps(commands), capture_output=True, text=True,
                          timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    results = json.loads(done.stdout.strip().splitlines()[-1])
    assert len(results) == len(commands)
    for (code, err), args in zip(results, commands, strict=True):
        assert code == 0, (args, err)


def test_collect_and_gradebook_on_the_database(instructor: Path, submissions: Path,
                                               db_url: str) -> None:
    _class(submissions)
    ctx = Context.discover(str(instructor), {"PAPERDESK_NOW": NOW, "PAPERDESK_DB": db_url})
    first = collect([submissions], ctx, jobs=1)
    assert [s.points for s in first.students] == [6, 8, 10, 6, 8, 10]
    from paperdesk.services.gradebook import build, set_points

    set_points(ctx, "s0@uni.edu", "r00", 1, "thin")
    other = Context.discover(str(instructor), {"PAPERDESK_NOW": NOW, "PAPERDESK_DB": db_url})
    assert build(other).students[0].points == 5  # another grader's next read sees it


def test_two_processes_collecting_and_grading_at_once(instructor: Path, submissions: Path,
                                                      db_url: str, cli: Any,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    _class(submissions)
    env = _env(instructor, db_url)
    # The first collect makes the tables (in this process: the race is what needs processes of
    # their own); then two collects, a grade and an extension race, each a process.
    ctx = Context.discover(str(instructor), {"PAPERDESK_NOW": NOW, "PAPERDESK_DB": db_url})
    collect([submissions], ctx, jobs=1)
    ctx.store.close()
    _race(env, ["collect", str(submissions), "--jobs", "1", "--json"],
          ["collect", str(submissions / "s1"), "--jobs", "1", "--json"],
          ["grade", "s2@uni.edu", "r01", "--points", "0", "--comment", "copied"],
          ["extend", "s3@uni.edu", "--batch", "1", "--until", "2021-04-30T16:00"])
    monkeypatch.setenv("PAPERDESK_DB", db_url)
    shown = cli("gradebook", "--json")  # what the racing processes left, read afresh
    assert shown.code == 0, shown.err
    students = json.loads(shown.out)["students"]
    assert [s["email"] for s in students] == [f"s{i}@uni.edu" for i in range(STUDENTS)]
    assert [len(s["reviews"]) for s in students] == [3 + i % 3 for i in range(STUDENTS)]
    assert [s["points"] for s in students] == [6, 8, 10 - 2, 6, 8, 10]
    assert any(n.startswith("extension: Batch 1") for n in students[3]["notes"])
    from paperdesk.adapters.store import Store
    from paperdesk.services.gradebook import db

    ctx = Context.discover(str(instructor), {"PAPERDESK_NOW": NOW, "PAPERDESK_DB": db_url})
    stored = db(ctx).works()
    assert len(stored) == STUDENTS  # no student twice, no review twice
    assert sum(len(w.reviews) for w in stored) == sum(3 + i % 3 for i in range(STUDENTS))
    Store(db_url).close()


def test_a_database_that_cannot_be_reached_is_one_line(cli: object, instructor: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("psycopg")
    monkeypatch.setenv("PAPERDESK_DB", "postgresql+psycopg://ta:secret@127.0.0.1:9/grades"
                       "?connect_timeout=2")
    result = cli("gradebook")  # type: ignore[operator]
    assert result.code == 2
    assert len(result.err.strip().splitlines()) == 1 and "Traceback" not in result.err
    assert "secret" not in result.err and "127.0.0.1" in result.err


def test_a_connection_lost_on_the_way_is_one_line(instructor: Path, submissions: Path,
                                                  pg_fresh_url: str) -> None:
    """The server drops the gradebook's connection between two reads (a restart, a network cut):
    the next read is one PaperdeskError naming the database, not a driver traceback."""
    from sqlalchemy import create_engine, text

    from paperdesk.core.errors import PaperdeskError
    from paperdesk.services.gradebook import build

    _class(submissions)
    ctx = Context.discover(str(instructor), {"PAPERDESK_NOW": NOW, "PAPERDESK_DB": pg_fresh_url})
    collect([submissions], ctx, jobs=1)  # the store's pool now holds an open connection
    killer = create_engine(pg_fresh_url)
    with killer.begin() as conn:
        conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                          "WHERE datname = current_database() AND pid <> pg_backend_pid()"))
    killer.dispose()
    with pytest.raises(PaperdeskError) as caught:
        build(ctx)
    assert str(caught.value).startswith("lost the database postgresql+psycopg://")
    assert "\n" not in str(caught.value)
    assert len(build(ctx).students) == STUDENTS  # the pool reconnects on the next read
