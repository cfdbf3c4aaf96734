"""The gradebook through sqlite3 (gradebook_light) and through SQLModel (gradebook_db) on the same
SQLite file: the same answers, what one writes the other reads, and the light one taken only
where it can act. A second collect over unchanged folders on the workspace's SQLite file then
imports no SQLAlchemy, SQLModel or pydantic (and no YAML: it parses no front matter)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from paperdesk.adapters import gradebook_light
from paperdesk.adapters.gradebook_db import GradebookDb
from paperdesk.adapters.gradebook_light import LightGradebook, open_light_gradebook
from paperdesk.adapters.gradebook_rows import OVERRIDE, ExceptionRow
from paperdesk.adapters.store import Store
from paperdesk.core.errors import StoreError
from paperdesk.core.roster import RosterStudent
from paperdesk.services.collect import collect
from paperdesk.services.context import Context
from paperdesk.services.gradebook import build, db, set_points
from tests.collect.builders import NOW, Spec, on_time, write_reviews

COURSE = "deep-generative-models-spring-2021"  # the id of builders.COURSE_TOML
HEAVY = ("sqlalchemy", "sqlmodel", "pydantic", "yaml", "typst")


def _class(submissions: Path) -> None:
    write_reviews(submissions / "ada" / "reviews", on_time(4), "Ada Lovelace", "ada@uni.edu")
    write_reviews(submissions / "bob" / "reviews",
                  [*on_time(2, start=5), Spec("r09", "2021-05-29T10:00:00-05:00")],
                  "Bob Byte", "bob@uni.edu")


def _ctx(instructor: Path) -> Context:
    return Context.discover(str(instructor), {"PAPERDESK_NOW": NOW})


def _both(instructor: Path) -> tuple[LightGradebook, GradebookDb]:
    url = f"sqlite:///{instructor / '.paperdesk' / 'paperdesk.db'}"
    light = open_light_gradebook(url, COURSE)
    assert light is not None
    return light, GradebookDb(Store(url), COURSE)


def test_the_two_stores_give_the_same_answers(instructor: Path, submissions: Path) -> None:
    _class(submissions)
    first = collect([submissions], _ctx(instructor), jobs=1)  # the full store makes the file
    ctx = _ctx(instructor)
    assert isinstance(db(ctx), LightGradebook)
    set_points(ctx, "bob@uni.edu", "r05", 1, "thin")  # written by the light store
    light, full = _both(instructor)

    def plain(store: LightGradebook | GradebookDb) -> list[object]:
        return [(vars(w.work), [vars(r) for r in w.reviews]) for w in store.works()]

    assert plain(light) == plain(full)
    assert [type(r.tampered) for w in light.works() for r in w.reviews] == [bool] * 7
    assert light.exceptions() == full.exceptions()
    assert [(e.kind, e.reading, e.points, e.reason) for e in light.exceptions()] == [
        (OVERRIDE, "r05", 1, "thin")]
    shas = [r.sha256 for w in light.works() for r in w.reviews]
    assert light.front_matter(shas) == full.front_matter(shas)
    assert len(light.front_matter(shas)) == 7
    keys = [(r.sha256, "x") for w in light.works() for r in w.reviews]
    assert light.measures(keys) == full.measures(keys) == {}
    assert build(_ctx(instructor)).to_json() != first.to_json()  # the override counts


def test_what_one_writes_the_other_reads(instructor: Path, submissions: Path) -> None:
    _class(submissions)
    collect([submissions], _ctx(instructor), jobs=1)
    light, full = _both(instructor)
    students = [RosterStudent("ada@uni.edu", "Lovelace, Ada", "ada@uni.edu", "1", "ada", "11",
                              "A"), RosterStudent("bob@uni.edu", "Bob Byte", "bob@uni.edu")]
    light.replace_roster(students)
    assert full.roster() == light.roster() == students
    full.add_exception(ExceptionRow("", "ada@uni.edu", OVERRIDE, reading="r01", points=1))
    light.add_exception(ExceptionRow("", "ada@uni.edu", OVERRIDE, reading="r01", points=0,
                                     grader="TA Tess"))  # the newest override replaces it
    assert [(e.points, e.grader) for e in full.exceptions()] == [(0, "TA Tess")]
    light.save_measures([("a" * 64, "fp", 1, "")])
    full.save_measures([("a" * 64, "fp", 3, ""), ("b" * 64, "fp", None, "boom")])
    assert {k: (m.pages, m.error) for k, m in light.measures(
        [("a" * 64, "fp"), ("b" * 64, "fp")]).items()} == {
        ("a" * 64, "fp"): (1, ""), ("b" * 64, "fp"): (None, "boom")}  # the first stays
    works = light.works()
    works[0].reviews[0].tampered = True
    light.replace_works(works[:1])
    assert full.works()[0].reviews[0].tampered is True
    assert [len(w.reviews) for w in full.works()] == [4, 3]


def test_the_light_store_is_taken_only_where_it_can_act(instructor: Path, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "db" / "grades.db"
    url = f"sqlite:///{path}"
    assert open_light_gradebook(url, COURSE) is None  # no file: the full store makes it
    Store(url).close()
    assert isinstance(open_light_gradebook(url, COURSE), LightGradebook)
    assert open_light_gradebook(url + "?timeout=9", COURSE) is None  # options: SQLAlchemy's
    assert open_light_gradebook("postgresql+psycopg://ta@host/grades", COURSE) is None
    assert open_light_gradebook("sqlite://", COURSE) is None
    monkeypatch.setattr(gradebook_light.os, "access", lambda *_: False)  # a read-only folder
    assert open_light_gradebook(url, COURSE) is None
    monkeypatch.undo()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE meta SET value = '5' WHERE key = 'schema_version'")
    assert open_light_gradebook(url, COURSE) is None  # to be migrated by the full store first
    path.write_bytes(b"not a database" * 100)
    assert open_light_gradebook(url, COURSE) is None  # the full store moves it aside


def test_a_busy_database_is_one_line(instructor: Path, submissions: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    _class(submissions)
    collect([submissions], _ctx(instructor), jobs=1)
    path = instructor / ".paperdesk" / "paperdesk.db"
    real = gradebook_light._connect
    monkeypatch.setattr(gradebook_light, "_connect", lambda p: sqlite3.connect(
        p, timeout=0.1, isolation_level=None, check_same_thread=False))
    light = open_light_gradebook(f"sqlite:///{path}", COURSE)
    assert light is not None
    holder = real(path)
    holder.execute("BEGIN IMMEDIATE")  # another paperdesk is writing
    try:
        with pytest.raises(StoreError) as caught:
            light.add_exception(ExceptionRow("", "ada@uni.edu", OVERRIDE, reading="r01",
                                             points=1))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert "busy" in str(caught.value) and "\n" not in str(caught.value)
    assert light.exceptions() == []  # nothing half-written; the store works on
    light.add_exception(ExceptionRow("", "ada@uni.edu", OVERRIDE, reading="r01", points=1))
    assert len(light.exceptions()) == 1


def _loads(instructor: Path, *args: str) -> tuple[int, list[str], str]:
    """``paperdesk ARGS`` in a new interpreter: its exit code, the heavy packages it loaded,
    and its output."""
    script = (
        "import contextlib, io, json, sys\n"
        "from paperdesk.cli.main import main\n"
        # the files were written a moment ago: remember them all the same (RECENT_NS 0), as
        # those of a class handed in days before
        + ("from paperdesk.adapters import studentfiles\nstudentfiles.RECENT_NS = 0\n"
           if args[0] == "collect" else "") +
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out):\n"
        f"    code = main({list(args)!r})\n"
        f"heavy = sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r}))\n"
        "print(json.dumps([code, heavy, out.getvalue()]))\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAPERDESK_")}
    env.update(PAPERDESK_WORKSPACE=str(instructor), PAPERDESK_NOW=NOW)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=120, env=env, check=True)
    code, heavy, out = json.loads(done.stdout.strip().splitlines()[-1])
    return code, heavy, out


def test_a_second_collect_imports_no_sqlalchemy(instructor: Path, submissions: Path) -> None:
    _class(submissions)
    code, heavy, first = _loads(instructor, "collect", str(submissions), "--jobs", "1",
                                "--json")
    assert code == 0 and "sqlalchemy" in heavy and "typst" in heavy  # it made the database
    code, heavy, second = _loads(instructor, "collect", str(submissions), "--jobs", "1",
                                 "--json")
    assert code == 0 and heavy == []
    assert json.loads(second)["students"] == json.loads(first)["students"]
    code, heavy, _ = _loads(instructor, "grade", "bob@uni.edu", "r05", "--points", "1")
    assert code == 0 and heavy == []
    code, heavy, shown = _loads(instructor, "gradebook", "--json")
    assert code == 0 and heavy == []
    assert [s["points"] for s in json.loads(shown)["students"]] == [8, 3]
