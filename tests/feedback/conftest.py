"""Fixtures of the feedback tests: a class collected and marked, and a student's workspace."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.collect.builders import NOW, make_workspace, on_time, write_reviews

COMMENT = ("Clear summary. The bound $\\log p(x) \\ge \\mathbb{E}_q[\\log p(x|z)]$ is "
           "**stated well**, but:\n\n- the *experiments* are thin\n- compare with $\\beta$-VAE\n")


@pytest.fixture
def marked_class(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli: Any) -> Path:
    """The instructor's workspace: Ada (4 reviews) and Bob (3) collected; Ada's r00 and r01
    marked by TA Tess, r00 with a Markdown comment with math."""
    ws = make_workspace(tmp_path / "instructor")
    subs = tmp_path / "submissions"
    write_reviews(subs / "ada" / "reviews", on_time(4), "Ada Lovelace", "ada@uni.edu")
    write_reviews(subs / "bob" / "reviews", on_time(3, start=5), "Bob Byte", "bob@uni.edu")
    monkeypatch.setenv("PAPERDESK_WORKSPACE", str(ws))
    monkeypatch.setenv("PAPERDESK_NOW", NOW)
    monkeypatch.setenv("PAPERDESK_GRADER", "TA Tess")
    monkeypatch.chdir(ws)
    assert cli("collect", str(subs)).code == 0
    assert cli("grade", "ada@", "r00", "--points", "1", "--comment", COMMENT).code == 0
    assert cli("grade", "ada@", "r01", "--points", "2").code == 0
    return ws


@pytest.fixture
def student(tmp_path: Path) -> Path:
    """Ada's own workspace of the same course."""
    return make_workspace(tmp_path / "ada-ws")


def as_student(monkeypatch: pytest.MonkeyPatch, ws: Path, name: str = "Ada Lovelace",
               email: str = "ada@uni.edu") -> None:
    monkeypatch.setenv("PAPERDESK_WORKSPACE", str(ws))
    monkeypatch.setenv("PAPERDESK_STUDENT", name)
    monkeypatch.setenv("PAPERDESK_EMAIL", email)
    monkeypatch.chdir(ws)
