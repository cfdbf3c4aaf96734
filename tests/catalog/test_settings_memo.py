"""The settings memo: the course's id, the student and ``[library] bib`` are worked out from the
TOML files once, then read back until either file (or the environment they depend on) changes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from paperdesk.adapters import memo
from paperdesk.adapters.workspace import Workspace
from paperdesk.services import settings as settings_module
from paperdesk.services.settings import settings


@pytest.fixture
def no_racy_window(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files written by a test are younger than the 2 s a memo waits for: trust them at once."""
    monkeypatch.setattr(memo, "_RACY_NS", 0)


def environ() -> dict[str, str]:
    return dict(os.environ)


def config_file() -> Path:
    return Path(os.environ["XDG_CONFIG_HOME"]) / "paperdesk" / "config.toml"


def test_the_memo_answers_until_a_file_changes(course_ws: Path, no_racy_window: None,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    ws = Workspace(course_ws)
    ws.ensure_state_dir()
    first = settings(ws, environ())
    assert first["course"] == "deep-generative-models-spring-2021"
    assert first["student"] == "ada@example.edu" and first["library"] == ""
    assert (ws.state_dir / "cache" / "settings.json").is_file()

    def refuse(*args: object) -> None:
        raise AssertionError("worked out again although nothing changed")

    with monkeypatch.context() as m:
        m.setattr(settings_module, "_work_out", refuse)
        assert settings(ws, environ()) == first

    toml = ws.course_file.read_text(encoding="utf-8")
    ws.course_file.write_text(toml.replace("[course]\n", '[course]\nid = "dgm-2021"\n', 1),
                              encoding="utf-8")
    assert settings(ws, environ())["course"] == "dgm-2021"

    config_file().parent.mkdir(parents=True)
    config_file().write_text('[library]\nbib = "zotero.bib"\n', encoding="utf-8")
    assert settings(ws, environ())["library"] == str(config_file().parent / "zotero.bib")

    monkeypatch.setenv("PAPERDESK_EMAIL", "Ada@Other.edu")
    assert settings(ws, environ())["student"] == "ada@other.edu"


def test_a_broken_course_file_reads_as_no_course(course_ws: Path, no_racy_window: None) -> None:
    ws = Workspace(course_ws)
    ws.ensure_state_dir()
    ws.course_file.write_text("[course\n", encoding="utf-8")
    assert settings(ws, environ())["course"] == ""
    ws.course_file.unlink()
    assert settings(ws, environ())["course"] == ""


def test_nothing_is_kept_about_a_file_changed_just_now(course_ws: Path) -> None:
    """Its stat could stay the same through a second change in the same instant."""
    ws = Workspace(course_ws)
    ws.ensure_state_dir()
    settings(ws, environ())
    assert not (ws.state_dir / "cache" / "settings.json").exists()


def test_a_damaged_memo_is_worked_out_again(course_ws: Path, no_racy_window: None) -> None:
    ws = Workspace(course_ws)
    ws.ensure_state_dir()
    (ws.state_dir / "cache").mkdir()
    for junk in ("{", "[]", '{"key": 1}', '{"key": [], "files": 3, "value": {}}'):
        (ws.state_dir / "cache" / "settings.json").write_text(junk, encoding="utf-8")
        assert settings(ws, environ())["course"] == "deep-generative-models-spring-2021"
