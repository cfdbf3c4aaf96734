"""Fixtures of the collect tests: the instructor's workspace, its context, a submissions folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from paperdesk.services.context import Context
from tests.collect.builders import NOW, make_workspace


@pytest.fixture
def instructor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The instructor's workspace (readings r00..r24, two batches of 10), cwd and clock set."""
    ws = make_workspace(tmp_path / "instructor")
    monkeypatch.setenv("PAPERDESK_WORKSPACE", str(ws))
    monkeypatch.setenv("PAPERDESK_NOW", NOW)
    monkeypatch.chdir(ws)
    return ws


@pytest.fixture
def ctx(instructor: Path) -> Context:
    return Context.discover(str(instructor), {"PAPERDESK_NOW": NOW})


@pytest.fixture
def submissions(tmp_path: Path) -> Path:
    folder = tmp_path / "submissions"
    folder.mkdir()
    return folder
