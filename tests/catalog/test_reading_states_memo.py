"""The reading states are kept in a memo with the stat of the database and its -wal: a warm
``list`` reads them without sqlite3 until a commit lands (a ``mark``), and then reads them again."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from paperdesk.adapters import memo, store_light
from paperdesk.services.context import Context
from paperdesk.services.statuses import light_reading_states, reading_states
from tests.catalog.conftest import Cli

KEY = "vaswani2017attention"


@pytest.fixture
def no_racy_window(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files written by a test are younger than the 2 s a memo waits for: trust them at once."""
    monkeypatch.setattr(memo, "_RACY_NS", 0)


def kept(ws: Path) -> Path:
    return ws / ".paperdesk" / "cache" / "reading-states.json"


def test_the_memo_answers_until_a_mark(course_ws: Path, cli: Cli, no_racy_window: None,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    assert cli("mark", KEY, "reading").code == 0
    assert reading_states(Context.discover()) == {KEY: "reading"}
    assert kept(course_ws).is_file()

    def refuse(*args: object) -> dict[str, str]:
        raise AssertionError("the database was read again although nothing was committed")

    with monkeypatch.context() as m:
        m.setattr(store_light, "reading_statuses", refuse)
        assert reading_states(Context.discover()) == {KEY: "reading"}
        assert light_reading_states(Context.discover()) == {KEY: "reading"}
    for status in ("read", "unread", "reading"):
        assert cli("mark", KEY, status).code == 0
        assert reading_states(Context.discover()) == {KEY: status}
        assert f"{status}" in cli("list").out.split(KEY, 1)[1].split("\n", 1)[0]


def test_nothing_is_kept_right_after_a_commit(course_ws: Path, cli: Cli) -> None:
    """A second commit in the same instant could leave the same stat."""
    assert cli("mark", KEY, "reading").code == 0
    assert reading_states(Context.discover()) == {KEY: "reading"}
    assert not kept(course_ws).exists()


def test_another_database_is_not_answered_from_the_memo(course_ws: Path, cli: Cli,
                                                       no_racy_window: None) -> None:
    assert cli("mark", KEY, "reading").code == 0
    assert reading_states(Context.discover()) == {KEY: "reading"}
    other = {**os.environ, "PAPERDESK_DB": f"sqlite:///{course_ws / 'other.db'}"}
    assert light_reading_states(Context.discover(environ=other)) == {}  # the full store's


def test_a_damaged_memo_is_read_again(course_ws: Path, cli: Cli, no_racy_window: None) -> None:
    assert cli("mark", KEY, "read").code == 0
    reading_states(Context.discover())
    data = json.loads(kept(course_ws).read_text("utf-8"))
    data["value"] = {KEY: 3}
    kept(course_ws).write_text(json.dumps(data), "utf-8")
    assert reading_states(Context.discover()) == {KEY: "read"}
    kept(course_ws).write_text("[", "utf-8")
    assert reading_states(Context.discover()) == {KEY: "read"}


def move_ctime(path: Path) -> None:
    """Change the file's mode until its ctime moved (the clock's grain may hide one change)."""
    before, mode = path.stat().st_ctime_ns, 0o600
    while path.stat().st_ctime_ns == before:
        os.chmod(path, mode)
        mode ^= 0o040
        time.sleep(0.001)


def test_a_written_file_is_judged_by_its_mtime_alone(tmp_path: Path,
                                                    no_racy_window: None) -> None:
    """SQLite run as root chowns its -wal at every open (a read too): the ctime moves, the
    content does not. Other files are still judged by their ctime as well."""
    wal, other = tmp_path / "db-wal", tmp_path / "other"
    wal.write_bytes(b"frames")
    other.write_bytes(b"text")
    memo.remember(tmp_path, "m", "k", 1, [str(wal)], written=[str(wal)])
    memo.remember(tmp_path, "n", "k", 2, [str(other)])
    for path in (wal, other):
        move_ctime(path)
    assert memo.recall(tmp_path, "m", "k") == 1
    assert memo.recall(tmp_path, "n", "k") is None
    with wal.open("ab") as f:
        f.write(b"more")
    assert memo.recall(tmp_path, "m", "k") is None
