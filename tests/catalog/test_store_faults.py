"""The store under real faults: a full disk, a read-only workspace, a foreign database.

Only real corruption moves a database aside; each of these is one line and loses nothing.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from paperdesk.adapters.store import Store
from paperdesk.core.errors import StoreError
from paperdesk.core.status import Owner
from tests.catalog.conftest import Cli
from tests.conftest import REPO
from tests.mounts import fill_disk, read_only_view, small_tmpfs

ADA = Owner("deep-generative-models-spring-2021", "ada@example.edu")


def copy_course(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "readings.bib", root / "readings.bib")
    shutil.copy(REPO / "course.toml", root / "course.toml")
    (root / "reviews").mkdir()
    return root


def statuses(db: Path) -> dict[str, str]:
    conn = sqlite3.connect(db)
    try:
        return dict(conn.execute("SELECT key, status FROM reading_state"))
    finally:
        conn.close()


def test_a_full_disk_is_one_line_and_loses_nothing(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    with small_tmpfs(tmp_path / "disk", "1m") as disk:
        ws = copy_course(disk / "course")
        monkeypatch.setenv("PAPERDESK_WORKSPACE", str(ws))
        assert cli("mark", "vaswani2017attention", "read").code == 0
        filler = fill_disk(disk)
        for args in (("mark", "cho2014learning", "reading"), ("mark", "cho2014learning", "read")):
            result = cli(*args)
            assert result.code == 2
            [line] = result.err.splitlines()
            assert "the disk is full" in line and "nothing was lost" in line, line
        state = ws / ".paperdesk"
        assert not [p.name for p in state.iterdir() if ".corrupt-" in p.name]
        filler.unlink()  # space is back: the status written before is still there
        assert cli("mark", "cho2014learning", "reading").code == 0
        assert statuses(state / "paperdesk.db") == {"vaswani2017attention": "read",
                                                    "cho2014learning": "reading"}
        assert "read" in cli("show", "vaswani2017attention").out.splitlines()[-1]


def test_a_full_disk_in_the_store_is_not_corruption(tmp_path: Path) -> None:
    with small_tmpfs(tmp_path / "disk", "1m") as disk:
        db = disk / "p.db"
        store = Store(f"sqlite:///{db}")
        store.set_reading_status(ADA, "a", "read")
        store.close()
        filler = fill_disk(disk)
        warnings: list[str] = []
        try:
            store = Store(f"sqlite:///{db}", warn=warnings.append)
            with pytest.raises(StoreError, match="the disk is full") as caught:
                store.set_reading_status(ADA, "b", "read")
            store.close()
        except StoreError as exc:  # or already on opening: either way one line, not corrupt
            caught = pytest.ExceptionInfo.from_exc_info((type(exc), exc, exc.__traceback__))
        assert not caught.value.corrupt and not warnings
        filler.unlink()
        assert sorted(p.name for p in disk.iterdir() if ".corrupt" in p.name) == []
        assert statuses(db) == {"a": "read"}


def test_a_read_only_workspace(tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    source = copy_course(tmp_path / "course")
    monkeypatch.setenv("PAPERDESK_WORKSPACE", str(source))
    assert cli("mark", "vaswani2017attention", "read").code == 0
    with read_only_view(source, tmp_path / "ro") as ro:
        monkeypatch.setenv("PAPERDESK_WORKSPACE", str(ro))
        shown = cli("show", "vaswani2017attention")
        assert shown.code == 0, shown.err
        assert shown.out.splitlines()[-1] == "Status: read" and shown.err == ""
        assert cli("show", "vaswani2017attention", "--json").code == 0
        for args in (("mark", "vaswani2017attention", "reading"),
                     ("fetch", "vaswani2017attention"), ("fetch", "--pdfs")):
            result = cli(*args)
            assert result.code == 2, args
            assert result.err == (f"paperdesk: {ro / '.paperdesk'}: the folder is read-only: "
                                  "nothing can be saved in it\n"), args
        # Without any state folder yet: show still works, the others name the workspace.
        shutil.rmtree(source / ".paperdesk")
        shown = cli("show", "vaswani2017attention")
        assert shown.code == 0 and shown.out.splitlines()[-1] == "Status: unread"
        result = cli("mark", "vaswani2017attention", "reading")
        assert result.err == (f"paperdesk: {ro}: the folder is read-only: "
                              "nothing can be saved in it\n")
        assert cli("list").code == 0
    assert not (source / ".paperdesk").exists()


def dump(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def make_foreign(db: Path) -> None:
    conn = sqlite3.connect(db)
    conn.executescript("""
        CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT);
        INSERT INTO customers VALUES (1, 'Grace');
        CREATE TABLE reading_state (id INTEGER, foo TEXT);
        INSERT INTO reading_state VALUES (7, 'theirs');
    """)
    conn.commit()
    conn.close()


def test_a_foreign_database_is_one_line_and_left_alone(
    course_ws: Path, cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "theirs.db"
    make_foreign(db)
    before = dump(db)
    monkeypatch.setenv("PAPERDESK_DB", f"sqlite:///{db}")
    for args in (("mark", "vaswani2017attention", "read"), ("show", "vaswani2017attention")):
        result = cli(*args)
        assert result.code == 2
        assert result.err == (f"paperdesk: {db}: not a paperdesk database (its table "
                              "reading_state has no column key): left as it is; move it away "
                              "or set PAPERDESK_DB to another database\n")
    assert dump(db) == before  # no table of ours added, nothing of theirs changed
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("theirs")) == [
        "theirs.db"]


def test_a_foreign_meta_table_is_not_moved_aside(course_ws: Path, cli: Cli) -> None:
    state = course_ws / ".paperdesk"
    state.mkdir()
    conn = sqlite3.connect(state / "paperdesk.db")
    conn.execute("CREATE TABLE meta (id INTEGER PRIMARY KEY, name TEXT)")
    conn.commit()
    conn.close()
    result = cli("mark", "vaswani2017attention", "read")
    assert result.code == 2 and len(result.err.splitlines()) == 1
    assert "its table meta has no column key" in result.err
    assert not [p.name for p in state.iterdir() if ".corrupt" in p.name]
    conn = sqlite3.connect(state / "paperdesk.db")
    assert conn.execute("SELECT name FROM sqlite_master").fetchall() == [("meta",)]
    conn.close()
